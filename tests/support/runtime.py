"""A runtime for API tests built from the real parts — progress bus, Scraper, ScrapeScheduler,
LiveSettings, storage writer, view — with a cycle the test drives: it publishes progress and
then waits until the test lets it finish."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from oddsdesk.config import Settings
from oddsdesk.domain import Book
from oddsdesk.pipeline.progress import EventDone, ProgressBus, RunStarted
from oddsdesk.pipeline.runner import Request, Scraper
from oddsdesk.pipeline.scheduler import ScrapeScheduler
from oddsdesk.pipeline.stats import RunStats
from oddsdesk.pipeline.tuning import LiveSettings
from oddsdesk.readmodel.view import OddsView
from oddsdesk.store.batch import RunRecord, WriteBatch, new_run_id
from oddsdesk.store.writer import BatchWriter

API_KEY = "test-key-0123456789"


class GatedCycle:
    """A cycle that reports an event, waits for `release()`, reports a second and ends."""

    def __init__(self, bus: ProgressBus) -> None:
        self.bus = bus
        self.gate = asyncio.Event()
        self.entered = asyncio.Event()
        self.requests: list[Request] = []

    def release(self) -> None:
        self.gate.set()

    async def __call__(self, request: Request, stats: RunStats) -> None:
        self.requests.append(request)
        self.bus.publish(
            RunStarted(run_id=request.run_id, trigger=request.trigger, books=["betpawa"])
        )
        self.bus.publish(
            EventDone(
                run_id=request.run_id,
                index=1,
                total=2,
                event_id=1,
                sr_id=request.sr_id,
                name="Home FC - Away FC",
                books={"betpawa": "ok"},
                changed=3,
            )
        )
        self.entered.set()
        await self.gate.wait()
        self.gate.clear()
        self.bus.publish(
            EventDone(
                run_id=request.run_id,
                index=2,
                total=2,
                event_id=2,
                sr_id=request.sr_id,
                name="Second FC - Other FC",
                books={"betpawa": "ok"},
                changed=1,
            )
        )
        stats.events_ok += 1
        stats.books[Book.BETPAWA].requested += 1
        stats.books[Book.BETPAWA].ok += 1


@dataclass
class StoreRunLog:
    """Runs recorded through the real writer, as the runtime records them."""

    writer: BatchWriter
    started: dict[int, tuple[str, datetime, str | None]] = field(default_factory=dict)

    async def open(self, *, trigger: str, books: list[Book], sr_id: str | None) -> int:
        run_id = new_run_id()
        now = datetime.now(UTC)
        self.started[run_id] = (trigger, now, sr_id)
        self._write(RunRecord(run_id, trigger, "running", now, books={"sr_id": sr_id}))
        return run_id

    async def close(
        self, run_id: int, *, status: str, summary: dict[str, Any], error: str | None
    ) -> None:
        trigger, started, sr_id = self.started.pop(run_id)
        record = RunRecord(
            run_id,
            trigger,
            status,
            started,
            finished_at=datetime.now(UTC),
            events_total=summary["targets"],
            events_ok=summary["events_ok"],
            events_failed=summary["events_failed"],
            books={**summary, "sr_id": sr_id},
            error=error,
        )
        self._write(record)

    def _write(self, record: RunRecord) -> None:
        self.writer.submit(WriteBatch(runs=(record,)))
        assert self.writer.flush(timeout=10)


@dataclass
class ApiRuntime:
    settings: Settings
    session_factory: sessionmaker[Session]
    view: OddsView
    writer: BatchWriter
    progress: ProgressBus = field(default_factory=ProgressBus)
    scraper: Scraper | None = None
    scheduler: ScrapeScheduler | None = None
    live_settings: LiveSettings | None = None
    cycle: GatedCycle | None = None
    saved: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.cycle = GatedCycle(self.progress)
        self.scraper = Scraper(
            cycle=self.cycle,
            runs=StoreRunLog(self.writer),
            progress=self.progress,
            books=lambda: list(self.live_settings.current.enabled_books),
            hang_after_s=600,
        )
        self.live_settings = LiveSettings(self.settings, load=self._load, save=self._save)

    async def _load(self) -> dict[str, Any]:
        return dict(self.saved)

    async def _save(self, values: dict[str, Any]) -> None:
        self.saved = dict(values)

    async def start(self) -> None:
        self.scheduler = ScrapeScheduler(
            scraper=self.scraper,
            interval_minutes=self.live_settings.current.scrape_interval_minutes,
            first_run_delay_s=3600,
        )
        self.scheduler.start(paused=True)

    async def stop(self) -> None:
        await self.scraper.stop()
        self.scheduler.shutdown()

    def book_metrics(self) -> dict[Book, Any]:
        from oddsdesk.books.http import BookMetrics

        metrics = BookMetrics(requests=12, retries=1)
        metrics.observe(0.2, 5000)
        metrics.errors["timeout"] += 2
        return {Book.BETPAWA: metrics}

    def writer_stats(self) -> Any:
        return self.writer.stats()
