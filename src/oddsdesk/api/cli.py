"""`oddsdesk serve`: the API alone over the configured database, following what `oddsdesk run`
(another process) writes there. Binds to 127.0.0.1 unless told otherwise; off loopback the
settings require an API key."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from datetime import timedelta

import typer
import uvicorn
from rich.console import Console
from sqlalchemy.engine import Engine

from oddsdesk.api.app import create_app
from oddsdesk.api.runtime import ReadOnlyRuntime
from oddsdesk.config import Settings, load_settings
from oddsdesk.errors import OddsdeskError
from oddsdesk.logging import configure_logging, get_logger
from oddsdesk.readmodel import feed
from oddsdesk.readmodel.precompute import Precomputer
from oddsdesk.readmodel.view import OddsView
from oddsdesk.store.db import create_engine, session_factory
from oddsdesk.store.migrate import prepare_database
from oddsdesk.web import dashboard_parts

console = Console(stderr=True)
log = get_logger(__name__)

OVERLAP = timedelta(minutes=2)
"""How far back each follow reaches: rows are stamped with the scrape time, committed a little
later, so a window that starts where the last one ended could miss a late commit."""


@dataclass
class ServeRuntime(ReadOnlyRuntime):
    """The read-only runtime plus a task that keeps the view in step with the database."""

    engine: Engine | None = None
    follow_every_s: float = 5.0
    _task: asyncio.Task[None] | None = field(default=None, repr=False)
    _precomputer: Precomputer | None = field(default=None, repr=False)

    async def start(self) -> None:
        count = await asyncio.to_thread(feed.warm, self.view, self.session_factory)
        log.info("view warmed", events=count)
        self._precomputer = Precomputer(self.view).start()
        self._task = asyncio.create_task(self._follow(), name="oddsdesk-follow")

    async def stop(self) -> None:
        if self._precomputer is not None:
            self._precomputer.stop()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self.engine is not None:
            self.engine.dispose()

    async def _follow(self) -> None:
        since = self.view.clock() - OVERLAP
        while True:
            await asyncio.sleep(self.follow_every_s)
            started = self.view.clock()
            try:
                changed = await asyncio.to_thread(
                    feed.follow, self.view, self.session_factory, since=since
                )
            except OddsdeskError as exc:
                log.warning("could not follow the database", error=str(exc))
                continue
            except Exception:  # the server stays up; the next round tries again
                log.exception("following the database failed")
                continue
            if changed:
                log.debug("view followed the database", events=len(changed))
            since = started - OVERLAP


def build_runtime(settings: Settings, *, follow_every_s: float = 5.0) -> ServeRuntime:
    engine = create_engine(settings.database_url)
    prepare_database(engine)
    return ServeRuntime(
        settings=settings,
        session_factory=session_factory(engine),
        view=OddsView(),
        engine=engine,
        follow_every_s=follow_every_s,
    )


def serve(
    host: str | None = typer.Option(
        None, help="Address to bind (default ODDSDESK_API_HOST, 127.0.0.1)."
    ),
    port: int | None = typer.Option(None, help="Port (default ODDSDESK_API_PORT, 8000)."),
    follow_every: float = typer.Option(
        5.0, min=0.5, max=3600, help="Seconds between reads of what the scraper wrote."
    ),
) -> None:
    """Serve the HTTP API (and dashboard) over the configured database, without scraping."""
    overrides: dict[str, object] = {}
    if host is not None:
        overrides["api_host"] = host
    if port is not None:
        overrides["api_port"] = port
    try:
        settings = load_settings(**overrides)
        configure_logging(fmt=settings.log_format, level=settings.log_level)
        runtime = build_runtime(settings, follow_every_s=follow_every)
    except OddsdeskError as exc:
        console.print(f"[red]error:[/red] {exc}", soft_wrap=True)
        raise typer.Exit(2) from exc
    app = create_app(runtime, **dashboard_parts(runtime))
    console.print(
        f"oddsdesk dashboard on http://{settings.api_host}:{settings.api_port}/ and API on "
        f"http://{settings.api_host}:{settings.api_port}/api/docs "
        f"(database: {'SQLite' if settings.is_sqlite else 'PostgreSQL'}; "
        f"control {'needs X-API-Key' if settings.api_key else 'disabled: no ODDSDESK_API_KEY'})"
    )
    uvicorn.run(
        app,
        host=settings.api_host,
        port=settings.api_port,
        log_level=settings.log_level,
        access_log=False,
    )
