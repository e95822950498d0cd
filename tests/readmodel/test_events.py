from __future__ import annotations

from datetime import timedelta

import orjson
import pytest

from oddsdesk.domain import Book
from oddsdesk.readmodel.events import (
    EventQuery,
    event_detail,
    event_detail_json,
    list_events,
    list_events_json,
)
from oddsdesk.readmodel.markets import MarketMeta, unknown_market
from oddsdesk.readmodel.schemas import Mode
from oddsdesk.readmodel.values import Seen
from oddsdesk.readmodel.view import OddsView
from tests.support.odds import T0, event, link, quote

BP, SB, B9 = Book.BETPAWA, Book.SPORTYBET, Book.BET9JA
NOW = T0

CATALOGUE = {
    "1x2_ft": MarketMeta(
        "1x2_ft",
        "1X2",
        "Popular",
        ("home", "draw", "away"),
        {"home": "1", "draw": "X", "away": "2"},
        1,
        0,
    ),
    "btts_ft": MarketMeta("btts_ft", "Both Teams To Score", "Popular", ("yes", "no"), {}, 1, 2),
    "over_under_ft": MarketMeta(
        "over_under_ft", "Over/Under", "Goals", ("over", "under"), {}, 1, 1
    ),
    "asian_handicap_ft": MarketMeta(
        "asian_handicap_ft", "Asian Handicap", "Handicaps", ("home", "away"), {}, 1, 5
    ),
}


def lookup(market: str) -> MarketMeta:
    return CATALOGUE.get(market) or unknown_market(market)


def x12(event_id: int, book: Book, home: float, draw: float, away: float, **kw):
    return quote(event_id, book, "1x2_ft", {"home": home, "draw": draw, "away": away}, **kw)


@pytest.fixture
def view() -> OddsView:
    view = OddsView(markets=lookup, clock=lambda: NOW)
    arsenal = {
        BP: link(BP, 1, home="Arsenal", away="Chelsea"),
        SB: link(SB, 1, home="Arsenal FC", away="Chelsea FC"),
        B9: link(B9, 1, home="Arsenal", away="Chelsea"),
    }
    view.apply(
        events=[
            event(
                1,
                links=arsenal,
                books=(),
                home="Arsenal",
                away="Chelsea",
                kickoff=T0 + timedelta(hours=1),
            ),
            event(
                2,
                books=(SB, B9),
                tournament="La Liga",
                country="Spain",
                kickoff=T0 + timedelta(hours=2),
            ),
            event(
                3,
                books=(BP,),
                tournament="Premier League",
                country="Ghana",
                kickoff=T0 + timedelta(hours=3),
            ),
            event(4, kickoff=T0 - timedelta(hours=1)),
        ],
        quotes=[
            x12(1, BP, 2.0, 3.5, 4.0),
            x12(1, SB, 2.1, 3.4, 3.9),
            x12(1, B9, 1.95, 3.5, 4.1),
            quote(1, BP, "btts_ft", {"yes": 1.8, "no": 1.9}, available=False, unavailable_since=T0),
            quote(1, SB, "btts_ft", {"yes": 1.85, "no": 1.95}),
            quote(1, SB, "over_under_ft", {"over": 1.9, "under": 1.9}, line=2.5),
            quote(1, BP, "over_under_ft", {"over": 1.9, "under": 1.9}, line=2.5),
            quote(1, BP, "asian_handicap_ft", {"home": 1.9, "away": 1.9}, line=-0.5),
            x12(2, SB, 2.5, 3.0, 3.0),
            x12(3, BP, 2.5, 3.0, 3.0),
        ],
        seen=[Seen(1, BP, T0 - timedelta(minutes=5)), Seen(1, SB, T0 - timedelta(minutes=1))],
    )
    return view


def ids(page) -> list[int]:
    return [item.id for item in page.items]


def test_default_list_is_upcoming_betpawa_events_by_kickoff(view: OddsView) -> None:
    page = list_events(view, EventQuery())
    assert ids(page) == [1, 3]
    assert (page.total, page.page, page.pages) == (2, 1, 1)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (EventQuery(mode=Mode.COMPETITOR), [2]),
        (EventQuery(mode=Mode.ALL), [1, 2, 3]),
        (EventQuery(mode=Mode.ALL, min_books=2), [1, 2]),
        (EventQuery(mode=Mode.ALL, min_books=3), [1]),
        (EventQuery(countries=frozenset({"ghana"})), [3]),
        (EventQuery(mode=Mode.ALL, countries=frozenset({"spain", "ghana"})), [2, 3]),
        (EventQuery(tournaments=frozenset({"england/premier-league"})), [1]),
        (EventQuery(search="ARSEN"), [1]),
        (EventQuery(search="chelsea fc"), [1]),  # SportyBet's spelling finds the event too
        (EventQuery(search="nobody"), []),
        (EventQuery(include_started=True), [4, 1, 3]),
        (EventQuery(mode=Mode.ALL, kickoff_to=T0 + timedelta(hours=2)), [1, 2]),
        (EventQuery(mode=Mode.ALL, kickoff_from=T0 + timedelta(hours=2)), [2, 3]),
        (EventQuery(kickoff_from=T0 - timedelta(hours=2), include_started=True), [4, 1, 3]),
        (EventQuery(kickoff_from=T0 - timedelta(hours=2)), [1, 3]),
    ],
)
def test_filters_narrow_the_list(view: OddsView, query: EventQuery, expected: list[int]) -> None:
    assert ids(list_events(view, query)) == expected


def test_alerts_mode_keeps_betpawa_events_priced_out_of_line(view: OddsView) -> None:
    # Event 1: BetPawa 1X2 home 2.0 vs SportyBet 2.1 is 4.8 % worse: an alert (threshold 3 %).
    # Event 3: BetPawa alone, nothing to compare with.
    page = list_events(view, EventQuery(mode=Mode.ALERTS))
    assert ids(page) == [1]
    assert page.items[0].alerts >= 1


def test_headline_rows_carry_prices_margin_best_and_availability(view: OddsView) -> None:
    item = list_events(view, EventQuery()).items[0]
    assert [row.book for row in item.rows] == [BP, SB, B9]
    bp, _, b9 = item.rows
    assert bp.seen_at == T0 - timedelta(minutes=5)
    x = {m.market: m for m in bp.markets}
    assert [(p.outcome, p.label, p.price) for p in x["1x2_ft"].prices] == [
        ("home", "1", 2.0),
        ("draw", "X", 3.5),
        ("away", "2", 4.0),
    ]
    assert x["1x2_ft"].overround_pct == pytest.approx(
        (1 / 2.0 + 1 / 3.5 + 1 / 4.0 - 1) * 100, abs=0.005
    )
    # best per outcome: home SportyBet 2.1, draw BetPawa and Bet9ja 3.5, away Bet9ja 4.1
    best = {
        row.book: {
            p.outcome for m in row.markets if m.market == "1x2_ft" for p in m.prices if p.best
        }
        for row in item.rows
    }
    assert best == {BP: {"draw"}, SB: {"home"}, B9: {"draw", "away"}}
    # a withdrawn market keeps its last prices, marked unavailable since when it went
    assert x["btts_ft"].available is False
    assert x["btts_ft"].unavailable_since == T0
    assert [p.price for p in x["btts_ft"].prices] == [1.8, 1.9]
    # O/U is shown at 2.5 only; a book that never offered a market simply has none
    assert x["over_under_ft"].line == 2.5
    assert {m.market for m in b9.markets} == {"1x2_ft"}
    assert "asian_handicap_ft" not in x


def test_paging_walks_the_whole_list_once() -> None:
    view = OddsView(clock=lambda: NOW)
    view.apply(events=[event(i, kickoff=T0 + timedelta(minutes=i)) for i in range(1, 121)])
    pages = [list_events(view, EventQuery(page=n, page_size=50)) for n in (1, 2, 3, 4)]
    assert [len(p.items) for p in pages] == [50, 50, 20, 0]
    assert {p.total for p in pages} == {120}
    assert {p.pages for p in pages} == {3}
    assert [i for p in pages for i in ids(p)] == list(range(1, 121))


def test_detail_groups_every_market_by_category_with_best_and_reference_gap(view: OddsView) -> None:
    detail = event_detail(view, 1)
    assert detail is not None
    assert [g.category for g in detail.categories] == ["Popular", "Goals", "Handicaps"]
    popular = {m.market: m for m in detail.categories[0].markets}
    assert list(popular) == ["1x2_ft", "btts_ft"]  # catalogue rank order
    x12_ = popular["1x2_ft"]
    assert [b.book for b in x12_.books] == [BP, SB, B9]
    home = next(o for o in x12_.outcomes if o.outcome == "home")
    assert (home.best_price, home.best_books) == (2.1, [SB])
    assert home.reference_price == 2.0
    assert home.reference_vs_best_pct == pytest.approx((2.0 / 2.1 - 1) * 100, abs=0.005)
    assert home.verdict == "worse"
    assert any(a.kind == "worse_than_best" and a.outcome == "home" for a in x12_.alerts)
    # BetPawa withdrew BTTS while SportyBet prices it
    assert [a.kind for a in popular["btts_ft"].alerts] == ["unavailable_on_reference"]
    headers = {h.book: h for h in detail.books}
    assert headers[SB].home == "Arsenal FC"
    assert (headers[BP].markets, headers[BP].available_markets) == (4, 3)
    assert detail.alerts == sum(len(m.alerts) for g in detail.categories for m in g.markets)


def test_unknown_event_has_no_detail(view: OddsView) -> None:
    assert event_detail(view, 999) is None
    assert event_detail_json(view, 999) is None


def test_json_answers_equal_the_objects(view: OddsView) -> None:
    for query in (EventQuery(), EventQuery(mode=Mode.ALL, page_size=2, page=2)):
        assert orjson.loads(list_events_json(view, query)) == orjson.loads(
            list_events(view, query).model_dump_json()
        )
    assert orjson.loads(event_detail_json(view, 1)) == orjson.loads(
        event_detail(view, 1).model_dump_json()
    )


def test_confirmations_reuse_every_comparison_and_a_change_recomputes_one_line(
    view: OddsView,
) -> None:
    event_detail(view, 1)
    computed = view.lines.computed

    view.apply(seen=[Seen(1, BP, T0)])
    detail = event_detail(view, 1)
    assert view.lines.computed == computed
    assert next(h for h in detail.books if h.book is BP).seen_at == T0

    view.apply(quotes=[x12(1, BP, 2.2, 3.5, 4.0, at=T0)])
    detail = event_detail(view, 1)
    assert view.lines.computed == computed + 1
    x12_ = detail.categories[0].markets[0]
    assert next(o for o in x12_.outcomes if o.outcome == "home").verdict == "better"
