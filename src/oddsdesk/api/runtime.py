"""What the API needs from the process it runs in (`oddsdesk.runtime.Runtime` in `run`/`demo`,
a read-only runtime in `serve`): the parts, and which of them may be absent.

Absent parts make their endpoints answer 503 with the reason, never 500: `oddsdesk serve` runs
no scraper, so it cannot start a scrape or change what the scraper reads.

A runtime may also have `async start()` and `async stop()`: the app's lifespan awaits them on the
server's event loop (where the scheduler and the scraper must live). Optional parts read by name:
`scraper`, `scheduler`, `live_settings`, `progress`; `async pause()`/`resume()` (used instead of
the scheduler's own when present, so a pause survives a restart); and, for `/metrics`,
`book_metrics()` (book → `books.http.BookMetrics`) and `writer_stats()`
(`store.writer.WriterStats`). `oddsdesk.runtime.Runtime` has them all.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.orm import Session

from oddsdesk.config import Settings
from oddsdesk.readmodel.view import OddsView


class ScraperLike(Protocol):
    """`oddsdesk.pipeline.runner.Scraper`: starts runs, refuses a second one."""

    @property
    def running(self) -> Any: ...

    async def start(self, trigger: str, *, sr_id: str | None = None) -> int: ...


class SchedulerLike(Protocol):
    """`oddsdesk.pipeline.scheduler.ScrapeScheduler`."""

    @property
    def paused(self) -> bool: ...
    @property
    def interval_minutes(self) -> int: ...

    def pause(self) -> None: ...
    def resume(self) -> None: ...
    def set_interval(self, minutes: int) -> None: ...
    def next_run_time(self) -> datetime | None: ...
    def status(self) -> dict[str, Any]: ...


class LiveSettingsLike(Protocol):
    """`oddsdesk.pipeline.tuning.LiveSettings`: validated, persisted, applied next cycle."""

    @property
    def current(self) -> Settings: ...

    async def update(self, changes: Mapping[str, Any]) -> Settings: ...


class ProgressLike(Protocol):
    """`oddsdesk.pipeline.progress.ProgressBus`."""

    def subscribe(self, *, maxsize: int = 1000) -> Any: ...


@dataclass
class ReadOnlyRuntime:
    """The runtime of `oddsdesk serve`: the database and the view, no scraper."""

    settings: Settings
    session_factory: Callable[[], Session]
    view: OddsView
    progress: ProgressLike | None = None
    scraper: ScraperLike | None = None
    scheduler: SchedulerLike | None = None
    live_settings: LiveSettingsLike | None = None
