"""One process's components, built from Settings and owned in one place.

`oddsdesk scrape`, `run` and `demo` (and the API app, through its lifespan) use a Runtime:
the database (migrated), the storage writer, the book adapters, the memory of known odds, the
progress bus, the Scraper that runs cycles, and, when asked, the scheduler. `start()` warms
everything from the database; `stop()` ends a running cycle, drains the writer and closes the
clients. Settings changed at run time are applied at the next cycle: the book clients are
rebuilt between cycles when their limits changed, never during one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import httpx
from sqlalchemy.orm import Session, sessionmaker

from oddsdesk.books.base import BookAdapter, build_adapters, close_adapters
from oddsdesk.books.http import BookMetrics
from oddsdesk.config import Settings
from oddsdesk.domain import Book
from oddsdesk.heap import HeapKeeper
from oddsdesk.logging import get_logger
from oddsdesk.markets.mapping import map_event
from oddsdesk.pipeline.cycle import CycleParts, run_cycle
from oddsdesk.pipeline.fetch import window_size
from oddsdesk.pipeline.memory import KnownOdds
from oddsdesk.pipeline.progress import ProgressBus
from oddsdesk.pipeline.records import StoredRunLog, close_abandoned
from oddsdesk.pipeline.runner import Request, Scraper
from oddsdesk.pipeline.scheduler import ScrapeScheduler
from oddsdesk.pipeline.stats import RunStats
from oddsdesk.pipeline.storage import StoreSink
from oddsdesk.pipeline.targets import match
from oddsdesk.pipeline.tuning import LiveSettings
from oddsdesk.pipeline.warm import warm_up
from oddsdesk.readmodel import feed
from oddsdesk.readmodel.markets import catalogue_lookup
from oddsdesk.readmodel.precompute import Precomputer
from oddsdesk.readmodel.view import OddsView
from oddsdesk.store.batch import WriteBatch
from oddsdesk.store.db import create_engine, session_factory
from oddsdesk.store.health import sample_storage
from oddsdesk.store.migrate import prepare_database
from oddsdesk.store.queries import load_app_settings, save_app_settings
from oddsdesk.store.retention import apply_retention
from oddsdesk.store.writer import BatchWriter, WriterStats

log = get_logger(__name__)

Transport = httpx.AsyncBaseTransport | Mapping[Book, httpx.AsyncBaseTransport] | None
PAUSED_KEY = "scheduler_paused"
CLIENT_FIELDS = (
    "enabled_books",
    *(f"{b.value}_{k}" for b in Book for k in ("concurrency", "spacing_ms", "base_url")),
    "betpawa_brand",
    "sportybet_country",
    "bet9ja_timezone",
    "bet9ja_cache_version",
    "connect_timeout_s",
    "read_timeout_s",
    "max_retries",
    "backoff_base_s",
    "backoff_max_s",
)


def hang_limit_s(settings: Settings) -> float:
    """How long a run may publish nothing before the watchdog stops it: twice the longest a
    single request can take with all its retries, and never under two minutes."""
    attempts = settings.max_retries + 1
    longest = attempts * (settings.connect_timeout_s + settings.read_timeout_s)
    longest += settings.max_retries * settings.backoff_max_s
    return max(120.0, 2 * longest)


def _utcnow() -> datetime:
    return datetime.now(UTC)


class Runtime:
    def __init__(
        self,
        settings: Settings,
        *,
        transport: Transport = None,
        clock: Callable[[], datetime] = _utcnow,
        schedule: bool = False,
        serve: bool = False,
        scrape_interval_minutes: float | None = None,
    ) -> None:
        self.base_settings = settings
        self._schedule = schedule
        self._serve = serve
        self.clock = clock
        self._transport = transport
        self._interval_override = scrape_interval_minutes
        self.engine = create_engine(settings.database_url)
        self.session_factory: sessionmaker[Session] = session_factory(self.engine)
        self.progress = ProgressBus()
        self.live_settings = LiveSettings(
            settings, load=self._load_settings, save=self._save_settings
        )
        self.writer = BatchWriter(self.engine, settings.spool_dir, clock=clock)
        self.memory = KnownOdds()
        self.view = OddsView(markets=catalogue_lookup(), clock=clock)
        self.heap = HeapKeeper()
        self._precomputer: Precomputer | None = None
        self.sink: StoreSink | None = None
        self.adapters: dict[Book, BookAdapter] = {}
        self._adapter_settings: dict[str, Any] | None = None
        self.scraper = Scraper(
            cycle=self._cycle,
            runs=StoredRunLog(self.writer, clock=clock),
            progress=self.progress,
            books=lambda: list(self.settings.enabled_books),
            hang_after_s=hang_limit_s(settings),
        )
        self.scheduler: ScrapeScheduler | None = None
        self._pending: set[asyncio.Task[None]] = set()
        self._started = False

    @property
    def settings(self) -> Settings:
        return self.live_settings.current

    # -- life cycle -------------------------------------------------------------------------

    async def start(self) -> None:
        """Migrate (SQLite) or check the schema, close runs a crash left open, warm up, and
        start the scheduler when this runtime has one."""
        if self._started:
            return
        await asyncio.to_thread(prepare_database, self.engine)
        closed = await close_abandoned(self.engine)
        if closed:
            log.warning("closed runs left running by a previous process", run_ids=closed)
        await self.live_settings.restore()
        self.live_settings.on_change(self._settings_changed)
        warm = await asyncio.to_thread(warm_up, self.engine, now=self.clock())
        self.memory = warm.memory
        await asyncio.to_thread(feed.warm, self.view, self.session_factory)
        self.heap.settle()
        if self._serve:  # comparisons ready before a page asks for them
            self._precomputer = Precomputer(self.view).start()
        self.sink = StoreSink(
            self.writer, progress=self.progress, known_ids=warm.event_ids, on_batch=self._to_view
        )
        self.writer.start()
        self._started = True
        log.info("runtime started", events=len(warm.event_ids), quotes=len(warm.memory.state))
        if self._schedule:
            await self._start_scheduler()

    async def _start_scheduler(self) -> None:
        paused = bool((await self._load_settings()).get(PAUSED_KEY, False))
        self.scheduler = ScrapeScheduler(
            scraper=self.scraper,
            interval_minutes=self._interval_override or self.settings.scrape_interval_minutes,
            retention=self._retention,
            storage_sample=self._storage_sample,
            on_pause=self._remember_pause,
        )
        self.scheduler.start(paused=paused)

    @property
    def running(self) -> bool:
        """Started and not stopped since."""
        return self._started

    async def stop(self) -> None:
        """Stop the clock, end a running cycle (recorded as failed), drain the writer."""
        if self.scheduler is not None:
            self.scheduler.shutdown()
        await self.scraper.stop()
        if self._precomputer is not None:
            self._precomputer.stop()
        if self._pending:
            await asyncio.gather(*self._pending, return_exceptions=True)
        if self.adapters:
            await close_adapters(self.adapters)
            self.adapters = {}
        if self._started:
            await asyncio.to_thread(self.writer.close)
        self.engine.dispose()
        self._started = False

    # -- control ----------------------------------------------------------------------------

    async def trigger(self, *, sr_id: str | None = None) -> int:
        """Start a manual run (or a single-event refresh); the run id, without waiting."""
        return await self.scraper.start("event" if sr_id else "manual", sr_id=sr_id)

    async def update_settings(self, changes: Mapping[str, Any]) -> Settings:
        return await self.live_settings.update(changes)

    def book_metrics(self) -> dict[Book, BookMetrics]:
        return {book: adapter.metrics for book, adapter in self.adapters.items()}

    def writer_stats(self) -> WriterStats:
        return self.writer.stats()

    # -- internals --------------------------------------------------------------------------

    async def _cycle(self, request: Request, stats: RunStats) -> None:
        assert self.sink is not None, "Runtime.start() first"
        settings = self.settings
        adapters = await self._adapters_for(settings)
        parts = CycleParts(
            adapters=adapters,
            storage=self.sink,
            memory=self.memory,
            progress=self.progress,
            match=match,
            map_event=map_event,
            clock=self.clock,
            window=window_size(settings.limits(book).concurrency for book in adapters),
        )
        with self.heap.busy():
            await run_cycle(parts, request, stats)
        if request.sr_id is None:
            self.view.prune(kicked_off_before=self.clock() - feed.KEEP_STARTED)
            stats.phases["heap"] = self.heap.settle()

    def _to_view(self, batch: WriteBatch, targets: Sequence[tuple[int, Any]]) -> None:
        """Keep the read model in step with each batch handed to the writer (which writes it
        or, while the database is away, keeps it on disk until it can)."""
        feed.feed_batch(self.view, batch, {target.key: event_id for event_id, target in targets})

    async def _adapters_for(self, settings: Settings) -> dict[Book, BookAdapter]:
        """The adapters for `settings`, rebuilt when a setting they were built with changed."""
        wanted = settings.model_dump(include=set(CLIENT_FIELDS))
        if self._adapter_settings != wanted:
            if self.adapters:
                await close_adapters(self.adapters)
            self.adapters = build_adapters(settings, transport=self._transport)
            self._adapter_settings = wanted
        return self.adapters

    def _remember_pause(self, paused: bool) -> None:
        """Persist pause/resume, so a restart keeps the scheduler as the trader left it."""
        task = asyncio.get_running_loop().create_task(self._save_settings({PAUSED_KEY: paused}))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    def _settings_changed(self, old: Settings, new: Settings) -> None:
        if self.scheduler is not None and self._interval_override is None:
            self.scheduler.set_interval(new.scrape_interval_minutes)
        self.scraper.hang_after_s = hang_limit_s(new)

    async def _load_settings(self) -> dict[str, Any]:
        def load() -> dict[str, Any]:
            with self.session_factory() as session:
                return load_app_settings(session)

        return await asyncio.to_thread(load)

    async def _save_settings(self, values: dict[str, Any]) -> None:
        def save() -> None:
            with self.session_factory() as session:
                save_app_settings(session, values=values, now=self.clock())
                session.commit()

        await asyncio.to_thread(save)

    async def _retention(self) -> None:
        days = self.settings.history_retention_days
        report = await asyncio.to_thread(apply_retention, self.engine, retention_days=days)
        log.info("retention applied", status=report.status, deleted=sum(report.counts.values()))

    async def _storage_sample(self) -> None:
        def sample() -> None:
            with self.session_factory() as session:
                sample_storage(session, now=self.clock())

        await asyncio.to_thread(sample)
