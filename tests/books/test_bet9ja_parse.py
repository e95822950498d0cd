"""Bet9ja event detail parsing on the real captures: key grammar, labels, locks, time zone."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from oddsdesk.books import bet9ja
from oddsdesk.domain import Book, BookMarket
from oddsdesk.errors import BadPayload, BookRejected

PREMATCH = ["bet9ja_event_detail.json", "bet9ja_event_detail_next_goal_team_ou.json"]


def _market(event, market_id: str, specifier: str | None) -> BookMarket:
    found = [m for m in event.markets if m.market_id == market_id and m.specifier == specifier]
    assert len(found) == 1, f"{market_id}@{specifier}: {len(found)} markets"
    return found[0]


def test_prematch_event_facts(load_capture) -> None:
    ref = bet9ja.parse_event(load_capture("bet9ja_event_detail.json")).ref
    assert ref.book is Book.BET9JA
    assert ref.book_event_id == "769895636"
    assert ref.sr_id == "68995116"
    assert (ref.home, ref.away) == ("Wuhan Three Towns", "Qingdao Hainiu FC")
    assert ref.kickoff == datetime(2026, 5, 6, 11, 0, tzinfo=UTC)
    assert (ref.tournament, ref.country, ref.tournament_id) == (
        "Chinese Super League",
        "China",
        "1414963",
    )
    assert ref.live is False


@pytest.mark.parametrize(
    ("name", "keys", "locked"), [(PREMATCH[0], 923, 14), (PREMATCH[1], 845, 47)]
)
def test_counts_follow_the_raw_odds(load_capture, name: str, keys: int, locked: int) -> None:
    raw = load_capture(name)
    odds = raw["D"]["O"]
    assert len(odds) == keys  # provenance
    groups = {key[: key.rindex("_")] for key in odds}
    priced = [v for v in odds.values() if float(v) > 1.0]
    assert len(priced) == keys - locked

    event = bet9ja.parse_event(raw)

    assert len(event.markets) == len(groups)
    assert sum(len(m.outcomes) for m in event.markets) == keys
    assert sum(o.available for m in event.markets for o in m.outcomes) == len(priced)


def test_prices_match_the_reference_table(load_capture) -> None:
    event = bet9ja.parse_event(load_capture("bet9ja_event_detail.json"))
    assert [(o.code, o.price) for o in _market(event, "S_1X2", None).outcomes] == [
        ("1", 2.42),
        ("X", 3.1),
        ("2", 2.93),
    ]
    over_under = _market(event, "S_OU", "2.5")
    assert over_under.name == "Over/Under"
    assert [(o.code, o.name, o.price) for o in over_under.outcomes] == [
        ("O", "Over", 1.9),
        ("U", "Under", 1.8),
    ]
    assert {o.code: o.price for o in _market(event, "S_GGNG", None).outcomes} == {
        "Y": 1.67,
        "N": 2.08,
    }


@pytest.mark.parametrize(
    ("key", "market", "line", "code"),
    [
        ("S_OU@2.5_O", "S_OU", "2.5", "O"),
        ("S_1X2_1", "S_1X2", None, "1"),
        ("S_HTFTCS_3-0/4+", "S_HTFTCS", None, "3-0/4+"),
        ("S_DCMULTI4-5_1X", "S_DCMULTI4-5", None, "1X"),
        ("S_HTFTOU@4.5_1/1U", "S_HTFTOU", "4.5", "1/1U"),
        ("S_AH@-0.75_2", "S_AH", "-0.75", "2"),
        ("LIVES_NEXTGOAL@0:3_X", "LIVES_NEXTGOAL", "0:3", "X"),
    ],
)
def test_key_grammar(key: str, market: str, line: str | None, code: str) -> None:
    assert bet9ja.split_key(key) == (market, line, code)


@pytest.mark.parametrize("key", ["S_1X2", "S_OU@_O", "_O", "S_OU@2.5_"])
def test_malformed_keys_are_bad_payload(key: str) -> None:
    with pytest.raises(BadPayload):
        bet9ja.split_key(key)


def test_keys_with_slash_plus_and_dash_parse_in_the_capture(load_capture) -> None:
    raw = load_capture("bet9ja_event_detail.json")
    event = bet9ja.parse_event(raw)
    scores = _market(event, "S_HTFTCS", None)
    assert {o.code: o.price for o in scores.outcomes}["3-0/4+"] == float(
        raw["D"]["O"]["S_HTFTCS_3-0/4+"]
    )
    multi = _market(event, "S_DCMULTI4-5", None)
    assert {o.code for o in multi.outcomes} == {"1X", "12", "X2"}


def test_locked_values_are_unavailable(load_capture) -> None:
    event = bet9ja.parse_event(load_capture("bet9ja_event_detail.json"))
    (under,) = [o for o in _market(event, "S_OUA", "5.25").outcomes if o.code == "U"]
    assert under.price is None and not under.available


def test_outcome_labels_come_from_the_payload(load_capture) -> None:
    """1UP suffixes are not guessable: "X1" of S_DC1X21 means X2, per TRANS."""
    raw = load_capture("bet9ja_event_detail.json")
    raw["D"]["TRANS"] = load_capture("bet9ja_event_detail_dc_1x2_1up.json")["D"]["TRANS"]
    raw["D"]["O"] = {
        "S_DC1X21_11": "1.4",
        "S_DC1X21_X1": "1.2",
        "S_DC1X21_121": "1.1",
        "S_1X21_X1": "3.1",
    }
    event = bet9ja.parse_event(raw)
    dc = _market(event, "S_DC1X21", None)
    assert dc.name == "DC 1X2 1UP"
    assert {o.code: o.name for o in dc.outcomes} == {
        "11": "1X - 1UP",
        "X1": "X2 - 1UP",
        "121": "12 - 1UP",
    }
    # MK labels (SGN by SGNK) when TRANS has no outcome label: S_1X21's "X1" is the draw.
    assert [o.name for o in _market(event, "S_1X21", None).outcomes] == ["X"]


def test_start_date_is_read_in_the_configured_zone(load_capture) -> None:
    raw = load_capture("bet9ja_event_detail.json")
    assert bet9ja.parse_event(raw, ZoneInfo("Africa/Lagos")).ref.kickoff == datetime(
        2026, 5, 6, 10, 0, tzinfo=UTC
    )
    assert bet9ja.parse_event(raw).ref.kickoff == datetime(2026, 5, 6, 11, 0, tzinfo=UTC)


def test_live_capture_is_live_and_locked(load_capture) -> None:
    raw = load_capture("bet9ja_event_detail_live.json")
    event = bet9ja.parse_event(raw)
    ref = event.ref
    assert ref.live is True
    assert (ref.book_event_id, ref.sr_id) == ("9261155", "67645534")
    assert (ref.home, ref.away) == ("FC Tokyo", "JEF United Chiba")
    assert (ref.tournament, ref.country) == ("J1 League", "Japan")
    assert ref.kickoff == datetime(2026, 5, 6, 6, 0, tzinfo=UTC)
    outcomes = [o for m in event.markets for o in m.outcomes]
    assert len(outcomes) == len(raw["D"]["O"]) == 69
    assert not any(o.available or o.price is not None for o in outcomes)
    assert {m.specifier for m in event.markets if m.market_id == "LIVES_NEXTGOAL"} == {"0:3"}


def test_catalogue_fragment_is_not_an_event(load_capture) -> None:
    with pytest.raises(BadPayload, match="DS"):
        bet9ja.parse_event(load_capture("bet9ja_event_detail_dc_1x2_1up.json"))


def test_error_answer_is_rejected() -> None:
    with pytest.raises(BookRejected) as caught:
        bet9ja.parse_event({"R": "E", "D": None})
    assert caught.value.code == "E"
