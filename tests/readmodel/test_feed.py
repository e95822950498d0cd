"""The view fed batch by batch and the view warmed from the database agree, on both databases."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import orjson
import pytest

from oddsdesk.domain import Book, MarketQuote, OutcomePrice
from oddsdesk.readmodel.events import EventQuery, event_detail_json, list_events, list_events_json
from oddsdesk.readmodel.feed import follow, warm
from oddsdesk.readmodel.schemas import Mode
from oddsdesk.readmodel.view import OddsView
from oddsdesk.store.writer import BatchWriter
from tests.support.odds import T0, event
from tests.support.stored import Database, Store, database_for

BP, SB, B9 = Book.BETPAWA, Book.SPORTYBET, Book.BET9JA
NOW = T0 - timedelta(hours=1)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    url = request.getfixturevalue("postgres_url") if request.param == "postgres" else None
    yield from database_for(request.param, tmp_path, url)


def q(market: str, line: float | None = None, **prices: float) -> MarketQuote:
    return MarketQuote(market, line, tuple(OutcomePrice(k, v, True) for k, v in prices.items()))


def test_fed_view_and_warmed_view_agree(db: Database, tmp_path: Path) -> None:
    fed = OddsView(clock=lambda: NOW)
    with BatchWriter(db.engine, tmp_path / "spool") as writer:
        store = Store(writer, view=fed)
        ids = store.events(
            [
                event(1, home="Arsenal", away="Chelsea"),
                event(2, books=(SB, B9), tournament="NPFL", country="Nigeria"),
            ],
            at=NOW,
        )
        a, b = ids[1], ids[2]
        first = T0 - timedelta(hours=2)
        store.cycle(
            [
                (a, BP, q("1x2_ft", home=2.0, draw=3.5, away=4.0)),
                (a, BP, q("btts_ft", yes=1.8, no=1.9)),
                (a, BP, q("over_under_ft", 2.5, over=1.9, under=1.95)),
                (a, SB, q("1x2_ft", home=2.1, draw=3.4, away=3.9)),
                (a, SB, q("btts_ft", yes=1.85, no=1.95)),
                (a, B9, q("1x2_ft", home=1.95, draw=3.5, away=4.1)),
                (b, SB, q("1x2_ft", home=2.5, draw=3.0, away=3.0)),
            ],
            at=first,
        )
        second = first + timedelta(minutes=5)
        # BetPawa withdraws BTTS and moves home; Bet9ja answers with the same prices
        store.cycle(
            [
                (a, BP, q("1x2_ft", home=2.05, draw=3.5, away=4.0)),
                (a, BP, q("over_under_ft", 2.5, over=1.9, under=1.95)),
                (a, B9, q("1x2_ft", home=1.95, draw=3.5, away=4.1)),
            ],
            at=second,
        )

    warmed = OddsView(clock=lambda: NOW)
    assert warm(warmed, db.sessions) == 2

    for query in (EventQuery(), EventQuery(mode=Mode.ALL), EventQuery(mode=Mode.ALERTS)):
        assert orjson.loads(list_events_json(warmed, query)) == orjson.loads(
            list_events_json(fed, query)
        )
    assert orjson.loads(event_detail_json(warmed, a)) == orjson.loads(event_detail_json(fed, a))

    item = list_events(warmed, EventQuery()).items[0]
    assert (item.id, item.home, item.tournament.key) == (a, "Arsenal", "england/premier-league")
    rows = {row.book: row for row in item.rows}
    assert rows[BP].seen_at == second and rows[B9].seen_at == second and rows[SB].seen_at == first
    bp = {m.market: m for m in rows[BP].markets}
    assert [p.price for p in bp["1x2_ft"].prices] == [2.05, 3.5, 4.0]
    assert bp["1x2_ft"].changed_at == second
    assert (bp["btts_ft"].available, bp["btts_ft"].unavailable_since) == (False, second)
    assert [p.price for p in bp["btts_ft"].prices] == [1.8, 1.9]  # last prices kept
    assert rows[B9].markets[0].changed_at == first  # confirmed, not changed
    competitor = list_events(warmed, EventQuery(mode=Mode.COMPETITOR)).items
    assert [(e.id, e.tournament.key) for e in competitor] == [(b, "nigeria/npfl")]


def test_warm_leaves_out_events_long_started(db: Database, tmp_path: Path) -> None:
    with BatchWriter(db.engine, tmp_path / "spool") as writer:
        Store(writer).events(
            [
                event(1, kickoff=NOW - timedelta(hours=5)),
                event(2, kickoff=NOW - timedelta(hours=1)),
            ],
            at=NOW,
        )
    view = OddsView(clock=lambda: NOW)
    assert warm(view, db.sessions) == 1
    assert [s.info.kickoff for s in view.snapshot.rows] == [NOW - timedelta(hours=1)]


def test_following_the_database_catches_up_with_another_writer(
    db: Database, tmp_path: Path
) -> None:
    clock = [NOW]
    follower = OddsView(clock=lambda: clock[0])
    with BatchWriter(db.engine, tmp_path / "spool") as writer:
        store = Store(writer)  # another process: it does not feed our view
        ids = store.events([event(1), event(2, books=(SB, B9))], at=NOW)
        a, b = ids[1], ids[2]
        first = NOW - timedelta(minutes=10)
        store.cycle([(a, BP, q("1x2_ft", home=2.0, draw=3.5, away=4.0))], at=first)
        warm(follower, db.sessions)
        assert follower.snapshot.events[a].quotes[(BP, "1x2_ft", None)].outcomes[0].price == 2.0

        second = NOW + timedelta(minutes=1)
        store.cycle(
            [
                (a, BP, q("1x2_ft", home=2.2, draw=3.5, away=4.0)),
                (b, SB, q("btts_ft", yes=1.7, no=2.1)),
            ],
            at=second,
        )
        ids.update(store.events([event(3, home="Late", away="Comer")], at=second))

    changed = follow(follower, db.sessions, since=second - timedelta(minutes=2))
    assert changed == {a, b, ids[3]}
    warmed = OddsView(clock=lambda: clock[0])
    warm(warmed, db.sessions)
    query = EventQuery(mode=Mode.ALL)
    assert orjson.loads(list_events_json(follower, query)) == orjson.loads(
        list_events_json(warmed, query)
    )
    # following again over the same window changes nothing and recomputes nothing
    computed = follower.lines.computed
    assert follow(follower, db.sessions, since=second - timedelta(minutes=2)) == frozenset()
    assert follower.lines.computed == computed
