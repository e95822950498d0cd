"""A small world stored the way the pipeline stores it (the real writer, a migrated SQLite file,
the view fed each committed batch), and the dashboard served over it by the real API app.

The expected values in the tests come from the quotes written here, never from the code under
test."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from oddsdesk.api import create_app
from oddsdesk.api.runtime import ReadOnlyRuntime
from oddsdesk.config import Settings
from oddsdesk.domain import Book, MarketQuote, OutcomePrice
from oddsdesk.readmodel.view import OddsView
from oddsdesk.store import models as m
from oddsdesk.store.batch import ErrorRecord, RunRecord, WriteBatch
from oddsdesk.store.writer import BatchWriter
from oddsdesk.web import dashboard_parts
from tests.support.odds import event
from tests.support.stored import Database, Store, database_for

BP, SB, B9 = Book.BETPAWA, Book.SPORTYBET, Book.BET9JA
NOW = datetime.now(UTC).replace(microsecond=0)
FIRST = NOW - timedelta(minutes=40)
SECOND = NOW - timedelta(minutes=10)


def q(market: str, line: float | None = None, **prices: float) -> MarketQuote:
    return MarketQuote(market, line, tuple(OutcomePrice(k, v, True) for k, v in prices.items()))


@dataclass
class World:
    """What the tests stored: event ids by name and the quotes of the latest cycle."""

    db: Database
    ids: dict[str, int]
    latest: dict[tuple[int, Book, str, float | None], MarketQuote] = field(default_factory=dict)
    runs: list[int] = field(default_factory=list)

    def price(self, name: str, book: Book, market: str, line: float | None = None) -> list[float]:
        quote = self.latest[(self.ids[name], book, market, line)]
        return [o.price for o in quote.outcomes]  # type: ignore[misc]


def cycle(store: Store, world: World, quotes: list[tuple[str, Book, MarketQuote]], at: datetime):
    rows = [(world.ids[name], book, quote) for name, book, quote in quotes]
    for event_id, book, quote in rows:
        world.latest[(event_id, book, quote.market, quote.line)] = quote
    store.cycle(rows, at=at)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    yield from database_for("sqlite", tmp_path_factory.mktemp("web"), None)


@pytest.fixture(scope="module")
def view() -> OddsView:
    return OddsView()


@pytest.fixture(scope="module")
def world(db: Database, view: OddsView, tmp_path_factory: pytest.TempPathFactory) -> World:
    """Four upcoming matches over three tournaments, scraped twice with some prices moving, a
    market withdrawn, one competitor-only match; two recorded runs (one with errors)."""
    spool = Path(tmp_path_factory.mktemp("spool"))
    with BatchWriter(db.engine, spool) as writer:
        store = Store(writer, view=view)
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
                    home="Enyimba",
                    away="Rivers United",
                    books=(SB, B9),
                    tournament="NPFL",
                    country="Nigeria",
                    kickoff=NOW + timedelta(hours=4),
                ),
                event(4, home="Everton", away="Fulham", kickoff=NOW + timedelta(hours=26)),
            ],
            at=FIRST,
        )
        world = World(db, {"arsenal": ids[1], "lazio": ids[2], "npfl": ids[3], "everton": ids[4]})
        cycle(
            store,
            world,
            [
                ("arsenal", BP, q("1x2_ft", home=2.0, draw=3.4, away=3.9)),
                ("arsenal", BP, q("over_under_ft", 2.5, over=1.9, under=1.9)),
                ("arsenal", BP, q("btts_ft", yes=1.8, no=1.95)),
                ("arsenal", BP, q("double_chance_ft", **{"1X": 1.3, "12": 1.3, "X2": 1.8})),
                ("arsenal", BP, q("asian_handicap_ft", -0.5, home=1.98, away=1.86)),
                ("arsenal", SB, q("1x2_ft", home=2.2, draw=3.3, away=3.8)),
                ("arsenal", SB, q("over_under_ft", 2.5, over=1.95, under=1.88)),
                ("arsenal", SB, q("btts_ft", yes=1.85, no=1.95)),
                ("arsenal", B9, q("1x2_ft", home=1.95, draw=3.5, away=4.1)),
                ("arsenal", B9, q("asian_handicap_ft", -0.5, home=2.0, away=1.85)),
                ("lazio", BP, q("1x2_ft", home=2.5, draw=3.1, away=3.0)),
                ("lazio", SB, q("1x2_ft", home=2.5, draw=3.1, away=3.0)),
                ("npfl", SB, q("1x2_ft", home=1.5, draw=4.0, away=6.0)),
                ("npfl", B9, q("1x2_ft", home=1.52, draw=3.9, away=6.2)),
                ("everton", BP, q("1x2_ft", home=2.6, draw=3.3, away=2.7)),
                ("everton", SB, q("1x2_ft", home=2.65, draw=3.3, away=2.75)),
                ("everton", B9, q("1x2_ft", home=2.55, draw=3.2, away=2.8)),
            ],
            FIRST,
        )
        # the second scrape: BetPawa moves its home price and drops BTTS; SportyBet moves too
        cycle(
            store,
            world,
            [
                ("arsenal", BP, q("1x2_ft", home=2.05, draw=3.4, away=3.9)),
                ("arsenal", BP, q("over_under_ft", 2.5, over=1.9, under=1.9)),
                ("arsenal", BP, q("double_chance_ft", **{"1X": 1.3, "12": 1.3, "X2": 1.8})),
                ("arsenal", BP, q("asian_handicap_ft", -0.5, home=1.98, away=1.86)),
                ("arsenal", SB, q("1x2_ft", home=2.25, draw=3.3, away=3.75)),
                ("arsenal", SB, q("over_under_ft", 2.5, over=1.95, under=1.88)),
                ("arsenal", SB, q("btts_ft", yes=1.85, no=1.95)),
            ],
            SECOND,
        )
        world.latest.pop((world.ids["arsenal"], BP, "btts_ft", None))
        first_run, second_run = 1_700_000_000_000, 1_700_000_600_000
        store.run(
            RunRecord(
                first_run,
                "scheduled",
                "succeeded",
                FIRST,
                finished_at=FIRST + timedelta(seconds=12),
                events_total=4,
                events_ok=4,
                books={
                    b.value: {"discovered": 3, "requested": 3, "ok": 3, "quotes": 9} for b in Book
                },
            )
        )
        store.run(
            RunRecord(
                second_run,
                "manual",
                "succeeded",
                SECOND,
                finished_at=SECOND + timedelta(seconds=9),
                events_total=4,
                events_ok=3,
                events_failed=1,
                books={
                    "betpawa": {"discovered": 3, "requested": 3, "ok": 3, "changed": 2},
                    "sportybet": {"discovered": 4, "requested": 4, "ok": 4, "changed": 3},
                    "bet9ja": {
                        "discovered": None,
                        "discovery_error": "HTTP 503 from the listing",
                        "requested": 0,
                        "ok": 0,
                        "failed": 0,
                    },
                },
            )
        )
        store.submit(
            WriteBatch(
                errors=(
                    ErrorRecord(
                        occurred_at=SECOND,
                        kind="http_5xx",
                        message="HTTP 503 from the listing",
                        run_id=second_run,
                        book=B9,
                    ),
                )
            )
        )
        world.runs = [first_run, second_run]
    with db.sessions() as session:
        session.add(
            m.StorageSampleRow(
                sampled_at=FIRST, total_bytes=3_000_000, tables={"events": {"rows": 4, "bytes": 1}}
            )
        )
        session.add(
            m.StorageSampleRow(
                sampled_at=SECOND, total_bytes=3_500_000, tables={"events": {"rows": 4, "bytes": 1}}
            )
        )
        session.commit()
    return world


@pytest.fixture(scope="module")
def runtime(db: Database, view: OddsView, world: World) -> ReadOnlyRuntime:
    settings = Settings(database_url=db.url, api_key="web-test-key", _env_file=None)
    return ReadOnlyRuntime(settings=settings, session_factory=db.sessions, view=view)


@pytest.fixture(scope="module")
def app(runtime: ReadOnlyRuntime) -> FastAPI:
    """The API app with the dashboard mounted, exactly as the commands build it."""
    return create_app(runtime, **dashboard_parts(runtime))


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://oddsdesk") as http:
        yield http
