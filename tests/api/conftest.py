"""API fixtures: a migrated database (SQLite, and PostgreSQL where a test asks for `any_db`), a
world stored through the real writer and fed to the view, and a TestClient on a runtime made of
the real pipeline parts."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from oddsdesk.api import create_app
from oddsdesk.config import Settings
from oddsdesk.domain import Book, MarketQuote, OutcomePrice
from oddsdesk.readmodel.view import OddsView
from oddsdesk.store.writer import BatchWriter
from tests.support.odds import event
from tests.support.runtime import API_KEY, ApiRuntime
from tests.support.stored import Database, Store, database_for

BP, SB, B9 = Book.BETPAWA, Book.SPORTYBET, Book.BET9JA
NOW = datetime.now(UTC).replace(microsecond=0)


def q(market: str, line: float | None = None, **prices: float) -> MarketQuote:
    return MarketQuote(market, line, tuple(OutcomePrice(k, v, True) for k, v in prices.items()))


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[Database]:
    yield from database_for("sqlite", tmp_path, None)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    url = request.getfixturevalue("postgres_url") if request.param == "postgres" else None
    yield from database_for(request.param, tmp_path, url)


@pytest.fixture
def db(sqlite_db: Database) -> Database:
    return sqlite_db


@pytest.fixture
def settings(db: Database) -> Settings:
    return Settings(database_url=db.url, api_key=API_KEY, _env_file=None)


@pytest.fixture
def writer(db: Database, tmp_path: Path) -> Iterator[BatchWriter]:
    with BatchWriter(db.engine, tmp_path / "spool") as writer:
        yield writer


@pytest.fixture
def view() -> OddsView:
    return OddsView()


@pytest.fixture
def store(writer: BatchWriter, view: OddsView) -> Store:
    return Store(writer, view=view)


@pytest.fixture
def stored(store: Store) -> dict[str, int]:
    """Two upcoming matches and a competitor-only one, scraped twice, in the database and view."""
    ids = store.events(
        [
            event(1, home="Arsenal", away="Chelsea", kickoff=NOW + timedelta(hours=2)),
            event(
                2,
                home="Lazio",
                away="Roma",
                tournament="Serie A",
                country="Italy",
                books=(BP, SB),
                kickoff=NOW + timedelta(hours=3),
            ),
            event(
                3,
                books=(SB, B9),
                tournament="NPFL",
                country="Nigeria",
                kickoff=NOW + timedelta(hours=4),
            ),
        ],
        at=NOW,
    )
    a, b, c = ids[1], ids[2], ids[3]
    first = NOW - timedelta(minutes=30)
    store.cycle(
        [
            (a, BP, q("1x2_ft", home=2.0, draw=3.5, away=4.0)),
            (a, BP, q("over_under_ft", 2.5, over=1.9, under=1.95)),
            (a, BP, q("btts_ft", yes=1.8, no=1.9)),
            (a, SB, q("1x2_ft", home=2.1, draw=3.4, away=3.9)),
            (a, SB, q("btts_ft", yes=1.85, no=1.95)),
            (a, B9, q("1x2_ft", home=1.95, draw=3.5, away=4.1)),
            (b, BP, q("1x2_ft", home=2.5, draw=3.1, away=3.0)),
            (b, SB, q("1x2_ft", home=2.5, draw=3.1, away=3.0)),
            (c, SB, q("1x2_ft", home=1.5, draw=4.0, away=6.0)),
            (c, B9, q("1x2_ft", home=1.5, draw=4.0, away=6.0)),
        ],
        at=first,
    )
    store.cycle(
        [
            (a, BP, q("1x2_ft", home=2.05, draw=3.5, away=4.0)),
            (a, BP, q("over_under_ft", 2.5, over=1.9, under=1.95)),
        ],
        at=first + timedelta(minutes=10),
    )
    return {"arsenal": a, "lazio": b, "npfl": c}


@pytest.fixture
def runtime(settings: Settings, db: Database, view: OddsView, writer: BatchWriter) -> ApiRuntime:
    return ApiRuntime(settings=settings, session_factory=db.sessions, view=view, writer=writer)


@pytest.fixture
async def client(runtime: ApiRuntime) -> AsyncIterator[httpx.AsyncClient]:
    """The app in process, its lifespan run on the test's event loop (as uvicorn would)."""
    app = create_app(runtime)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://oddsdesk") as client:
            yield client


@pytest.fixture
def control(client: httpx.AsyncClient) -> httpx.AsyncClient:
    client.headers["X-API-Key"] = API_KEY
    return client
