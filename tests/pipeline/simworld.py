"""Helpers for the end-to-end tests: a simulated world, a runtime scraping it, and the truth."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa
import uvicorn

from oddsdesk.config import load_settings
from oddsdesk.domain import Book
from oddsdesk.runtime import Runtime
from oddsdesk.simulator import truth
from oddsdesk.simulator.app import create_app
from oddsdesk.simulator.config import SimConfig
from oddsdesk.simulator.world import SimEvent, World
from oddsdesk.store import models as m
from oddsdesk.store.queries import event_odds

START = datetime(2030, 3, 2, 9, 0, tzinfo=UTC)

Key = tuple[str, str, float | None]  # (book, market, line)


def small_world(*, events: int = 24, seed: int = 5, drift: float = 0.0, **kw: Any) -> World:
    config = SimConfig(
        seed=seed, events=events, drift=drift, shallow=True, start=START, horizon_hours=48, **kw
    )
    return World(config)


@contextlib.asynccontextmanager
async def running(runtime: Runtime) -> AsyncIterator[Runtime]:
    """A started runtime, stopped however the block ends."""
    await runtime.start()
    try:
        yield runtime
    finally:
        await runtime.stop()


def runtime_for(
    world: World,
    database_url: str,
    tmp_path: Path,
    *,
    app: Any = None,
    network: bool = False,
    schedule: bool = False,
    **settings: Any,
) -> Runtime:
    """A runtime scraping `world` on the world's clock: in process (through `app` when given),
    or over the network at the base URLs in `settings` (`network=True`)."""
    values: dict[str, Any] = {
        "database_url": database_url,
        "spool_dir": tmp_path / "spool",
        "backoff_base_s": 0.01,
        "backoff_max_s": 0.05,
        **{f"{book.value}_base_url": "http://simulator.test" for book in Book},
    }
    values.update(settings)
    transport = None if network else httpx.ASGITransport(app=app or create_app(world))
    return Runtime(
        load_settings(**values), transport=transport, clock=lambda: world.now, schedule=schedule
    )


def listed(world: World) -> Iterator[tuple[Book, SimEvent]]:
    for book in Book:
        for event in world.listed(book):
            yield book, event


def true_quotes(world: World) -> dict[str, dict[Key, dict[str, float | None]]]:
    """Per SportRadar id (as each book states it; the match's own where a book states none):
    every (book, market, line) and its prices."""
    out: dict[str, dict[Key, dict[str, float | None]]] = {}
    for book, event in listed(world):
        quotes = out.setdefault(truth.sr_id(event, book) or event.sr_id, {})
        for quote in truth.quotes(world, event, book):
            quotes[(book.value, quote.market, quote.line)] = {
                o.outcome: o.price for o in quote.outcomes
            }
    return out


def stored_quotes(runtime: Runtime) -> dict[str, dict[Key, dict[str, float | None]]]:
    """The same, from the database: available current quotes of every event with an SR id."""
    out: dict[str, dict[Key, dict[str, float | None]]] = {}
    with runtime.session_factory() as session:
        events = session.execute(sa.select(m.EventRow.id, m.EventRow.sr_id)).all()
        for event_id, sr_id in events:
            quotes = out.setdefault(sr_id or f"#{event_id}", {})
            for quote in event_odds(session, event_id=event_id):
                if quote.available:
                    quotes[(quote.book, quote.market, quote.line)] = {
                        o.outcome: o.price for o in quote.outcomes
                    }
    return out


def linked_sr_ids(runtime: Runtime) -> dict[tuple[str, str], str | None]:
    """(book, book event id) → the SportRadar id of the event it is linked to."""
    links, events, books = m.EventLinkRow, m.EventRow, m.BookRow
    query = (
        sa.select(books.slug, links.book_event_id, events.sr_id)
        .join(events, events.id == links.event_id)
        .join(books, books.id == links.book_id)
    )
    with runtime.session_factory() as session:
        return {(book, bid): sr for book, bid, sr in session.execute(query)}


def history_rows(runtime: Runtime) -> int:
    with runtime.engine.connect() as conn:
        return conn.execute(sa.text("SELECT count(*) FROM market_odds_history")).scalar_one()


@contextlib.contextmanager
def served(app: Any) -> Iterator[str]:
    """`app` on a real loopback server in a thread (real sockets, real timeouts)."""
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


class InFlight:
    """ASGI middleware counting one book's requests in flight, and the peak since `reset`."""

    def __init__(self, app: Any, prefix: str) -> None:
        self.app, self.prefix = app, prefix
        self.now = self.peak = 0

    def reset(self) -> None:
        self.peak = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        counted = scope["type"] == "http" and scope["path"].startswith(self.prefix)
        if counted:
            self.now += 1
            self.peak = max(self.peak, self.now)
        try:
            await self.app(scope, receive, send)
        finally:
            if counted:
                self.now -= 1


def view_quotes(runtime: Runtime) -> dict[str, dict[Key, dict[str, float | None]]]:
    """The same, from the runtime's in-memory read model."""
    out: dict[str, dict[Key, dict[str, float | None]]] = {}
    for state in runtime.view.snapshot.events.values():
        out[state.info.sr_id or f"#{state.event_id}"] = {
            (book.value, market, line): {o.outcome: o.price for o in quote.outcomes}
            for (book, market, line), quote in state.quotes.items()
            if quote.available
        }
    return out
