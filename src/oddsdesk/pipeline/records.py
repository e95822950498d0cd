"""Run records: a run is written when it starts and again, whole, when it ends.

Both writes go through the storage writer, in order with the run's other batches, so a run id is
known at once (`new_run_id`, from the clock) and starting a run never waits on the database.
A run still marked running when a process starts was left by a crash: it is closed as failed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from oddsdesk.domain import Book
from oddsdesk.pipeline.storage import Writer
from oddsdesk.store import models as m
from oddsdesk.store.batch import RunRecord, WriteBatch, new_run_id
from oddsdesk.store.db import store_errors

ABANDONED = "interrupted: the process running it stopped before it finished"


def _now() -> datetime:
    return datetime.now(UTC)


class StoredRunLog:
    """The Scraper's `RunLog` over the store's `scrape_runs` table."""

    def __init__(self, writer: Writer, *, clock: Callable[[], datetime] = _now) -> None:
        self._writer = writer
        self._clock = clock
        self._open: dict[int, RunRecord] = {}

    async def open(self, *, trigger: str, books: list[Book], sr_id: str | None) -> int:
        record = RunRecord(
            id=new_run_id(),
            trigger=f"event:{sr_id}" if trigger == "event" and sr_id else trigger,
            status="running",
            started_at=self._clock(),
            books={book.value: {} for book in books},
        )
        self._open[record.id] = record
        self._writer.submit(WriteBatch(runs=(record,)))
        return record.id

    async def close(
        self, run_id: int, *, status: str, summary: dict[str, Any], error: str | None
    ) -> None:
        started = self._open.pop(run_id)
        record = RunRecord(
            id=run_id,
            trigger=started.trigger,
            status=status,
            started_at=started.started_at,
            finished_at=self._clock(),
            events_total=summary.get("targets", 0),
            events_ok=summary.get("events_ok", 0) + summary.get("events_partial", 0),
            events_failed=summary.get("events_failed", 0),
            books=summary.get("books", {}),
            error=error,
        )
        self._writer.submit(WriteBatch(runs=(record,)))


def close_abandoned_runs(engine: Engine, *, now: datetime | None = None) -> list[int]:
    """Close every run still marked running as failed (call once at process start-up)."""
    table = m.ScrapeRunRow.__table__
    now = now or _now()
    with store_errors("close abandoned runs"), engine.begin() as conn:
        ids = list(conn.scalars(sa.select(table.c.id).where(table.c.status == "running")))
        if ids:
            conn.execute(
                sa.update(table)
                .where(table.c.id.in_(ids))
                .values(status="failed", finished_at=now, error=ABANDONED)
            )
    return ids


async def close_abandoned(engine: Engine) -> list[int]:
    return await asyncio.to_thread(close_abandoned_runs, engine)
