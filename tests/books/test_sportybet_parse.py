"""SportyBet event detail parsing on the real captures."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from oddsdesk.books import sportybet
from oddsdesk.domain import Book
from oddsdesk.errors import BookRejected

DETAILS = [
    "sportybet_event_detail.json",
    "sportybet_event_detail_2way_handicap.json",
    "sportybet_event_detail_live.json",
]


def test_prematch_event_facts(load_capture) -> None:
    ref = sportybet.parse_event(load_capture("sportybet_event_detail.json")).ref
    assert ref.book is Book.SPORTYBET
    assert ref.book_event_id == "sr:match:68995116"
    assert ref.sr_id == "68995116"
    assert ref.genius_id is None  # both sources are BET_RADAR
    assert (ref.home, ref.away) == ("Wuhan Three Towns FC", "Qingdao Hainiu FC")
    assert ref.kickoff == datetime(2026, 5, 6, 11, 0, tzinfo=UTC)
    assert (ref.tournament, ref.country) == ("Chinese Super League", "China")
    assert ref.tournament_id == "sr:tournament:649"
    assert ref.live is False


@pytest.mark.parametrize("name", DETAILS)
def test_one_book_market_per_market_object(load_capture, name: str) -> None:
    raw = load_capture(name)
    markets = raw["data"]["markets"]
    outcomes = [(m, o) for m in markets for o in m["outcomes"]]
    priced = [
        o for m, o in outcomes if m["status"] == 0 and o["isActive"] == 1 and float(o["odds"]) > 1
    ]

    event = sportybet.parse_event(raw)

    assert [(m.market_id, m.specifier) for m in event.markets] == [
        (m["id"], m.get("specifier")) for m in markets
    ]
    assert sum(len(m.outcomes) for m in event.markets) == len(outcomes)
    assert sum(o.available for m in event.markets for o in m.outcomes) == len(priced)


def test_counts_agree_with_provenance(load_capture) -> None:
    event = sportybet.parse_event(load_capture("sportybet_event_detail.json"))
    assert len(event.markets) == 360
    assert len({m.market_id for m in event.markets}) == 183


def test_prices_match_the_reference_table(load_capture) -> None:
    event = sportybet.parse_event(load_capture("sportybet_event_detail.json"))
    by_key = {(m.market_id, m.specifier): m for m in event.markets}
    assert [o.price for o in by_key["1", None].outcomes] == [2.40, 3.30, 3.00]
    assert [(o.code, o.name, o.price) for o in by_key["18", "total=2.5"].outcomes] == [
        ("12", "Over 2.5", 1.96),
        ("13", "Under 2.5", 1.81),
    ]
    assert [o.price for o in by_key["29", None].outcomes] == [1.74, 2.00]


def test_inactive_outcomes_and_suspended_markets_have_no_price(load_capture) -> None:
    raw = load_capture("sportybet_event_detail.json")
    event = sportybet.parse_event(raw)
    for raw_market, market in zip(raw["data"]["markets"], event.markets, strict=True):
        for raw_outcome, outcome in zip(raw_market["outcomes"], market.outcomes, strict=True):
            if raw_market["status"] != 0 or raw_outcome["isActive"] == 0:
                assert outcome.price is None and not outcome.available
    (suspended,) = [
        m for m in event.markets if m.market_id == "900302" and m.specifier == "total=5.5"
    ]
    assert not any(o.available for o in suspended.outcomes)


def test_asian_handicap_lines_keep_the_book_specifier(load_capture) -> None:
    event = sportybet.parse_event(load_capture("sportybet_event_detail_2way_handicap.json"))
    specifiers = {m.specifier for m in event.markets if m.market_id == "16"}
    assert specifiers == {f"hcp={x}" for x in ("-2.5", "-2", "-1.5", "-1", "-0.5", "0", "0.5")}


def test_live_capture_is_live_with_nothing_priced(load_capture) -> None:
    event = sportybet.parse_event(load_capture("sportybet_event_detail_live.json"))
    assert event.ref.live is True
    assert event.ref.sr_id == "67645534"
    assert (event.ref.tournament, event.ref.country) == ("J1 League", "Japan")
    assert not any(o.available for m in event.markets for o in m.outcomes)


def test_genius_ids_lose_the_seven_ones_prefix(load_capture) -> None:
    raw = load_capture("sportybet_event_detail_live.json")
    raw["data"]["eventSource"]["preMatchSource"] = {
        "sourceType": "BET_GENIUS",
        "sourceId": "111111113899686",
    }
    assert sportybet.parse_event(raw).ref.genius_id == "13899686"
    raw["data"]["eventId"] = "sr:match:1111111113599033"
    ref = sportybet.parse_event(raw).ref
    assert ref.sr_id is None and ref.book_event_id == "sr:match:1111111113599033"


def test_book_error_code_is_rejected(load_capture) -> None:
    raw = load_capture("sportybet_event_detail_live.json")
    raw["bizCode"], raw["message"] = 19000, "event not found"
    with pytest.raises(BookRejected) as caught:
        sportybet.parse_event(raw)
    assert caught.value.code == "19000"
