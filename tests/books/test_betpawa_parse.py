"""BetPawa event detail parsing on the real captures: both payload shapes, lines, suspension."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from oddsdesk.books import betpawa
from oddsdesk.domain import Book, BookMarket

DETAILS = [
    "betpawa_event_detail.json",
    "betpawa_event_detail_dc_1up.json",
    "betpawa_event_detail_live.json",
]


def _raw_price(price: dict) -> float:
    return price["price"] if "price" in price else price["odds"]


def _market(event, market_id: str, specifier: str | None) -> BookMarket:
    found = [m for m in event.markets if m.market_id == market_id and m.specifier == specifier]
    assert len(found) == 1, f"{market_id}@{specifier}: {len(found)} markets"
    return found[0]


def _prices(market: BookMarket) -> dict[str, float | None]:
    return {o.code: o.price for o in market.outcomes}


def test_prematch_event_facts(load_capture) -> None:
    ref = betpawa.parse_event(load_capture("betpawa_event_detail.json")).ref
    assert ref.book is Book.BETPAWA
    assert ref.book_event_id == "33289995"
    assert ref.sr_id == "68995116"
    assert ref.genius_id == "13599033"
    assert (ref.home, ref.away) == ("Wuhan Three Towns FC", "Qingdao Hainiu FC")
    assert ref.kickoff == datetime(2026, 5, 6, 11, 0, tzinfo=UTC)
    assert (ref.tournament, ref.country, ref.tournament_id) == (
        "Chinese Super League",
        "China",
        "13344",
    )
    assert ref.live is False


@pytest.mark.parametrize("name", DETAILS)
def test_market_and_price_counts_follow_the_raw_payload(load_capture, name: str) -> None:
    raw = load_capture(name)
    groups = {
        (m["marketType"]["id"], row.get("handicap")) for m in raw["markets"] for row in m["row"]
    }
    prices = [p for m in raw["markets"] for row in m["row"] for p in row["prices"]]
    priced = [p for p in prices if not p.get("suspended") and _raw_price(p) > 1.0]

    event = betpawa.parse_event(raw)

    assert len(event.markets) == len(groups)
    assert sum(len(m.outcomes) for m in event.markets) == len(prices)
    assert sum(o.available for m in event.markets for o in m.outcomes) == len(priced)
    assert all((o.price is not None) == o.available for m in event.markets for o in m.outcomes)


@pytest.mark.parametrize(
    ("name", "prices", "suspended"),
    [("betpawa_event_detail.json", 506, 2), ("betpawa_event_detail_dc_1up.json", 369, 2)],
)
def test_counts_agree_with_provenance(load_capture, name: str, prices: int, suspended: int) -> None:
    event = betpawa.parse_event(load_capture(name))
    outcomes = [o for m in event.markets for o in m.outcomes]
    assert len(outcomes) == prices
    assert sum(not o.available for o in outcomes) == suspended


def test_prices_match_the_reference_table(load_capture) -> None:
    event = betpawa.parse_event(load_capture("betpawa_event_detail.json"))
    assert _prices(_market(event, "3743", None)) == {"1": 2.41, "X": 3.29, "2": 3.02}
    assert _prices(_market(event, "5000", "2.5")) == {"Over": 1.98, "Under": 1.83}
    assert _prices(_market(event, "3795", None)) == {"Yes": 1.77, "No": 2.06}


@pytest.mark.parametrize("name", DETAILS[:2])
def test_total_lines_are_the_price_handicaps(load_capture, name: str) -> None:
    raw = load_capture(name)
    (totals,) = [m for m in raw["markets"] if m["marketType"]["id"] == "5000"]
    expected = {row["prices"][0]["handicap"] for row in totals["row"]}
    event = betpawa.parse_event(raw)
    assert {m.specifier for m in event.markets if m.market_id == "5000"} == expected


@pytest.mark.parametrize("name", DETAILS)
def test_asian_line_is_the_home_line(load_capture, name: str) -> None:
    raw = load_capture(name)
    (asian,) = [m for m in raw["markets"] if m["marketType"]["id"] == "3774"]
    home_lines = set()
    for row in asian["row"]:
        (home,) = [p for p in row["prices"] if p["name"] == "1"]
        home_lines.add(home["handicap"].lstrip("+"))
    event = betpawa.parse_event(raw)
    assert {m.specifier for m in event.markets if m.market_id == "3774"} == home_lines


def test_european_handicap_and_next_goal_lines(load_capture) -> None:
    may = betpawa.parse_event(load_capture("betpawa_event_detail.json"))
    assert {m.specifier for m in may.markets if m.market_id == "4724"} == {"-2", "-1", "1", "2"}
    assert _market(may, "4724", "-1").outcomes[0].name == "1 (Home -1)"
    next_goal = _market(may, "28000224", "1")
    assert next_goal.name == "Next Goal (Goal 1)"
    assert [o.code for o in next_goal.outcomes] == ["1", "None", "2"]
    august = betpawa.parse_event(load_capture("betpawa_event_detail_dc_1up.json"))
    assert {m.specifier for m in august.markets if m.market_id == "4724"} == {"-1", "1", "2"}


def test_lineless_multi_row_market_is_one_market(load_capture) -> None:
    raw = load_capture("betpawa_event_detail.json")
    (score,) = [m for m in raw["markets"] if m["marketType"]["id"] == "4429"]
    assert len(score["row"]) == 15
    expected = [p["name"] for row in score["row"] for p in row["prices"]]
    merged = _market(betpawa.parse_event(raw), "4429", None)
    assert [o.code for o in merged.outcomes] == expected


def test_rows_sharing_a_line_merge(load_capture) -> None:
    event = betpawa.parse_event(load_capture("betpawa_event_detail.json"))
    combo = _market(event, "1096755", "2.5")
    assert {o.code for o in combo.outcomes} == {
        f"{side} - {total}" for side in ("1", "X", "2") for total in ("Over", "Under")
    }


def test_templates_are_filled(load_capture) -> None:
    event = betpawa.parse_event(load_capture("betpawa_event_detail.json"))
    home_totals = _market(event, "5006", "1.5")
    assert home_totals.name == "Over/Under | Wuhan Three Towns FC | Full Time"
    assert [o.name for o in home_totals.outcomes] == ["Over 1.5", "Under 1.5"]
    assert [o.name for o in _market(event, "3774", "-1.5").outcomes] == ["1 (-1.5)", "2 (+1.5)"]


def test_august_shape_reads_odds_and_sparse_suspension(load_capture) -> None:
    event = betpawa.parse_event(load_capture("betpawa_event_detail_dc_1up.json"))
    assert event.ref.sr_id == "67691078" and event.ref.genius_id == "13395068"
    assert event.ref.kickoff == datetime(2026, 8, 21, 9, 30, tzinfo=UTC)
    assert _prices(_market(event, "80000", None)) == {"1X": 1.68, "X2": 1.16, "12": 1.01}
    assert _prices(_market(event, "28000850", None)) == {"1": 4.44, "X": 4.0, "2": 1.64}
    multigoals = {o.code: o for o in _market(event, "28000047", None).outcomes}
    assert not multigoals["1-5"].available and multigoals["1-5"].price is None
    assert multigoals["1-2"].available and multigoals["1-2"].price == 1.9


def test_live_capture_is_live_and_entirely_unavailable(load_capture) -> None:
    event = betpawa.parse_event(load_capture("betpawa_event_detail_live.json"))
    assert event.ref.live is True
    assert event.ref.sr_id == "67645534"
    outcomes = [o for m in event.markets for o in m.outcomes]
    assert len(outcomes) == 62
    assert not any(o.available or o.price is not None for o in outcomes)
