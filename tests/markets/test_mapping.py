"""Mapping on the real captures: every book, every line convention, every pawaRisk defect."""

from __future__ import annotations

import copy
from dataclasses import replace

import pytest

from oddsdesk.domain import Book, BookEvent, BookMarket, BookOutcome
from oddsdesk.markets.cli import parse_payload
from oddsdesk.markets.mapping import PARTLY_MAPPED, map_event
from tests.markets.conftest import FULL_CAPTURES, prices


@pytest.mark.parametrize("name", FULL_CAPTURES)
def test_every_capture_maps_without_losing_a_market(book_event, name) -> None:
    """Each market-line ends up either quoted or reported with a reason, never dropped."""
    event = book_event(name)
    mapped = map_event(event)
    assert all(u.reason for u in mapped.unmapped)
    keys = [q.key for q in mapped.quotes]
    assert len(keys) == len(set(keys)), "one book quotes one (market, line) once"
    for quote in mapped.quotes:
        outcomes = [o.outcome for o in quote.outcomes]
        assert len(outcomes) == len(set(outcomes))


def test_betpawa_maps_every_market_but_the_goalscorer_list(book_event) -> None:
    mapped = map_event(book_event("betpawa_event_detail.json"))
    assert [(u.book_market, u.count) for u in mapped.unmapped] == [("129108", 1)]
    assert len(mapped.quotes) == 117


def test_correct_score_rows_are_one_market_with_every_score(book_event) -> None:
    """pawaRisk collapsed BetPawa's 15 Correct Score rows into one row; all 29 prices stay."""
    betpawa = map_event(book_event("betpawa_event_detail.json"))
    scores = prices(betpawa, "correct_score_ft")
    assert len(scores) == 29
    assert scores["0:0"] == 8.82 and scores["6:0"] is not None and scores["other"] == 40.78
    august = map_event(book_event("betpawa_event_detail_dc_1up.json"))
    assert len(prices(august, "correct_score_ft")) == 26  # 28000869 "Correct Score (26 Outcomes)"


def test_one_x_two_and_totals_keeps_over_and_under_apart(triple) -> None:
    """pawaRisk stored SportyBet's "Home & Under 1.5" (8.70) as "1 & Over"."""
    betpawa, sporty, bet9ja = (map_event(e) for e in triple)
    sb = prices(sporty, "1x2_over_under_ft", 1.5)
    assert sb["home+under"] == 8.70 and sb["home+over"] == 2.95
    bp = prices(betpawa, "1x2_over_under_ft", 1.5)
    assert bp["home+under"] == 8.79 and bp["home+over"] == 2.97
    assert set(prices(bet9ja, "1x2_over_under_ft", 1.5)) == set(bp)


def test_over_under_and_btts_reads_under_and_yes_as_such(triple) -> None:
    """pawaRisk stored "Under 2.5 & Yes" (6.10) as "Over & No"."""
    sporty = map_event(triple[1])
    sb = prices(sporty, "over_under_btts_ft", 2.5)
    assert sb == {"over+yes": 2.20, "under+yes": 6.10, "over+no": 11.00, "under+no": 2.30}
    b9 = prices(map_event(triple[2]), "over_under_btts_ft", 2.5)
    assert b9["under+yes"] > b9["over+yes"] and b9["over+no"] > b9["under+no"]


def test_double_chance_and_totals_by_meaning(triple) -> None:
    betpawa, sporty, _ = (map_event(e) for e in triple)
    assert prices(sporty, "double_chance_over_under_ft", 1.5)["1X+under"] == 4.70
    assert prices(betpawa, "double_chance_over_under_ft", 1.5)["1X+under"] == 5.11


def test_htft_and_totals_descs_with_team_names(triple) -> None:
    """SportyBet 818 names the teams in every desc ("Wuhan Three Towns FC/draw & over 1.5")."""
    sb = prices(map_event(triple[1]), "htft_over_under_ft", 1.5)
    assert sb["1/X+over"] == 13.16 and sb["1/1+under"] == 19.01 and sb["2/2+over"] == 5.81
    b9 = prices(map_event(triple[2]), "htft_over_under_ft", 1.5)
    assert set(sb) <= set(b9)


def test_a_desc_with_other_team_names_falls_back_to_the_outcome_id(load_capture) -> None:
    """A SportyBet feed that renames a team keeps mapping: by desc when the names agree, by the
    outcome id when they do not."""
    payload = copy.deepcopy(load_capture("sportybet_event_detail.json"))
    payload["data"]["homeTeamName"] = "Wuhan 3T"
    sb = prices(map_event(parse_payload(payload)), "htft_over_under_ft", 1.5)
    assert sb["1/X+over"] == 13.16


def test_a_desc_contradicting_its_id_is_read_by_the_desc(load_capture) -> None:
    """The desc is what the punter backs: two outcome ids swapped by the feed stay correct."""
    payload = copy.deepcopy(load_capture("sportybet_event_detail.json"))
    market = next(
        m for m in payload["data"]["markets"] if m["id"] == "18" and m["specifier"] == "total=2.5"
    )
    market["outcomes"][0]["id"], market["outcomes"][1]["id"] = "13", "12"
    sb = prices(map_event(parse_payload(payload)), "over_under_ft", 2.5)
    assert sb == {"over": 1.96, "under": 1.81}


def test_no_bet_markets_are_draw_and_away_or_home_and_draw(triple) -> None:
    """pawaRisk expected Yes/No; the real outcomes are the two results that win."""
    sporty, bet9ja = map_event(triple[1]), map_event(triple[2])
    assert prices(sporty, "home_no_bet_ft") == {"draw": 1.90, "away": 1.77}
    assert prices(sporty, "away_no_bet_ft") == {"home": 1.61, "draw": 2.15}
    assert prices(bet9ja, "home_no_bet_ft") == {"draw": 1.87, "away": 1.77}
    assert prices(bet9ja, "away_no_bet_ft") == {"home": 1.61, "draw": 2.08}


def test_bet9ja_1up_and_2up_suffixes(triple) -> None:
    bet9ja = map_event(triple[2])
    assert prices(bet9ja, "1x2_1up_ft") == {"home": 1.62, "draw": 3.1, "away": 1.81}
    assert prices(bet9ja, "1x2_2up_ft") == {"home": 2.33, "draw": 3.1, "away": 2.82}
    assert prices(map_event(triple[0]), "1x2_1up_ft") == {"home": 1.69, "draw": 3.42, "away": 1.9}


def test_bet9ja_dc_1x2_1up_x1_means_x2(load_capture) -> None:
    """S_DC1X21 is only in Bet9ja's catalogue (TRANS); priced, its X1 is "X2 - 1UP"."""
    payload = copy.deepcopy(load_capture("bet9ja_event_detail.json"))
    trans = load_capture("bet9ja_event_detail_dc_1x2_1up.json")["D"]["TRANS"]
    payload["D"]["TRANS"].update({k: v for k, v in trans.items() if k.startswith("M#S_DC1X21")})
    payload["D"]["O"].update({"S_DC1X21_11": "1.2", "S_DC1X21_X1": "1.3", "S_DC1X21_121": "1.05"})
    quote = prices(map_event(parse_payload(payload)), "double_chance_1up_ft")
    assert quote == {"1X": 1.2, "12": 1.05, "X2": 1.3}


def test_next_goal_is_one_key_on_every_book(triple, book_event) -> None:
    """BetPawa 28000224 "{handicap} Goal", SportyBet 8 goalnr=1 and Bet9ja S_1STGOAL are goal 1."""
    betpawa, sporty, bet9ja = (map_event(e) for e in triple)
    assert prices(betpawa, "next_goal", 1.0) == {"home": 1.94, "none": 11.04, "away": 2.2}
    assert prices(sporty, "next_goal", 1.0) == {"home": 1.93, "none": 11.0, "away": 2.2}
    assert prices(bet9ja, "next_goal", 1.0) == {"home": 1.88, "none": 9.7, "away": 2.1}
    live = map_event(book_event("betpawa_event_detail_live.json"))
    assert [q.line for q in live.quotes if q.market == "next_goal"] == [4.0]


def test_european_handicap_is_the_home_line_on_every_book(triple) -> None:
    """SportyBet "hcp=0:1" gives the away side a goal: home −1, like BetPawa −1 and Bet9ja @-1."""
    betpawa, sporty, bet9ja = (map_event(e) for e in triple)
    assert prices(sporty, "handicap_ft", -1.0)["home"] == 4.75
    assert prices(betpawa, "handicap_ft", -1.0)["home"] == 4.72
    assert prices(bet9ja, "handicap_ft", -1.0)["home"] == 4.9
    assert prices(sporty, "handicap_ft", 1.0)["home"] < prices(sporty, "handicap_ft", -1.0)["home"]
    assert {q.line for q in sporty.quotes if q.market == "handicap_ft"} == {-3, -2, -1, 1, 2}


def test_asian_handicaps_and_quarter_totals(triple, book_event) -> None:
    betpawa, sporty, bet9ja = (map_event(e) for e in triple)
    assert prices(betpawa, "asian_handicap_ft", -1.5) == {"home": 4.65, "away": 1.16}
    assert prices(sporty, "asian_handicap_ft", -1.5) == {"home": 4.60, "away": 1.19}
    assert prices(bet9ja, "asian_handicap_ft", -0.5) == {"home": 2.42, "away": 1.48}
    assert prices(bet9ja, "over_under_ft", 2.25) == {"over": 1.62, "under": 2.12}
    # A whole line is one key however it is written: SportyBet "total=2", Bet9ja S_OUA@2.
    assert prices(sporty, "over_under_ft", 2.0) == {"over": 1.48, "under": 2.60}
    assert prices(bet9ja, "over_under_ft", 2.0) == {"over": 1.42, "under": 2.59}
    cruz = map_event(book_event("sportybet_event_detail_2way_handicap.json"))
    assert {q.line for q in cruz.quotes if q.market == "asian_handicap_ft"} == {
        -2.5,
        -2.0,
        -1.5,
        -1.0,
        -0.5,
        0.0,
        0.5,
    }


def test_bet9ja_combined_home_away_totals_split(triple) -> None:
    bet9ja = map_event(triple[2])
    assert prices(bet9ja, "home_total_ft", 1.5) == {"over": 2.23, "under": 1.53}
    assert prices(bet9ja, "away_total_ft", 1.5) == {"over": 2.55, "under": 1.41}


def test_locked_and_suspended_prices_are_unavailable(book_event) -> None:
    bet9ja = map_event(book_event("bet9ja_event_detail_live.json"))
    assert bet9ja.quotes and all(not o.available for q in bet9ja.quotes for o in q.outcomes)
    betpawa = map_event(book_event("betpawa_event_detail_live.json"))
    assert {q.market for q in betpawa.quotes} >= {"1x2_ft", "correct_score_ft", "next_goal"}


def _event(book: Book, *markets: BookMarket, template: BookEvent) -> BookEvent:
    return BookEvent(ref=replace(template.ref, book=book), markets=markets)


def _market(market_id: str, specifier: str | None, *codes: str, name: str = "m") -> BookMarket:
    outcomes = tuple(BookOutcome(code=c, name=c, price=2.0, available=True) for c in codes)
    return BookMarket(market_id=market_id, name=name, specifier=specifier, outcomes=outcomes)


def test_what_cannot_be_read_is_reported_with_its_reason(triple) -> None:
    event = _event(
        Book.BET9JA,
        _market("S_NOSUCH", None, "1"),
        _market("S_OU", "abc", "O", "U"),
        _market("S_OU", None, "O", "U"),
        _market("S_1X2", None, "1", "X", "Q"),
        _market("S_CHANCEMIX", None, "1orGG", "1orNG"),
        _market("S_DC", None, "1X", "12", "X2"),
        template=triple[2],
    )
    mapped = map_event(event)
    reasons = {u.book_market + ": " + u.reason for u in mapped.unmapped}
    assert reasons == {
        "S_NOSUCH: market not in the catalogue",
        "S_OU: unreadable line",
        "S_OU: no line",
        "S_1X2: outcome codes not in the catalogue: 'Q'",
        f"S_CHANCEMIX: {PARTLY_MAPPED}: '1orNG'",
    }
    assert [q.market for q in mapped.quotes] == ["home_or_btts", "double_chance_ft"]


def test_a_second_quote_for_the_same_key_is_refused(triple) -> None:
    """SportyBet prices "1X2 from 1 to 10" twice (105 and 900069 minute=10): one is kept."""
    event = _event(
        Book.SPORTYBET,
        _market("105", "from=1|to=10", "1", "2", "3"),
        _market("900069", "minute=10", "1", "2", "3"),
        template=triple[1],
    )
    mapped = map_event(event)
    assert [(q.book_market, q.key) for q in mapped.quotes] == [("105", ("1x2_to_minute", 10.0))]
    assert mapped.unmapped[0].reason.startswith("same market and line as 105")
