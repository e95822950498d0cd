"""The correctness check on the real triple, and that it catches a swapped outcome."""

from __future__ import annotations

import json

from oddsdesk.domain import Book, MarketQuote, OutcomePrice
from oddsdesk.markets.catalogue import CATALOGUE_PATH, load_catalogue, parse_catalogue
from oddsdesk.markets.check import Tolerance, check, compare_pair
from oddsdesk.markets.mapping import map_event


def test_the_three_books_agree_on_every_shared_outcome(triple) -> None:
    result = check([map_event(e) for e in triple])
    assert result.compared > 1000
    assert result.disagreements == ()


def _swapped(market_id: str, book: str, variant_market: str, a: str, b: str):
    """The shipped catalogue with two outcomes of one book variant exchanged."""
    document = json.loads(CATALOGUE_PATH.read_text(encoding="utf-8"))
    market = next(m for m in document["markets"] if m["id"] == market_id)
    variant = next(v for v in market["books"][book] if v["market"] == variant_market)
    outcomes = variant["outcomes"]
    outcomes[a], outcomes[b] = outcomes[b], outcomes[a]
    return parse_catalogue(document)


def test_a_swapped_over_under_is_caught(triple) -> None:
    catalogue = _swapped("over_under_ft", "bet9ja", "S_OU", "over", "under")
    result = check([map_event(e, catalogue) for e in triple], catalogue)
    caught = {(d.market, d.line) for d in result.disagreements}
    assert ("over_under_ft", 0.5) in caught and ("over_under_ft", 4.5) in caught
    assert all(Book.BET9JA in d.books for d in result.disagreements)


def test_pawarisks_under_yes_for_over_no_swap_is_caught(triple) -> None:
    """The exact defect pawaRisk shipped: SportyBet "Under & Yes" stored as "Over & No"."""
    catalogue = _swapped("over_under_btts_ft", "sportybet", "36", "under+yes", "over+no")
    result = check([map_event(e, catalogue) for e in triple], catalogue)
    assert {(d.market, d.outcome) for d in result.disagreements} == {
        ("over_under_btts_ft", "under+yes"),
        ("over_under_btts_ft", "over+no"),
    }
    assert {d.method for d in result.disagreements} == {"fair"}


def _quote(market: str, **prices: float | None) -> MarketQuote:
    outcomes = tuple(OutcomePrice(o, p, p is not None) for o, p in prices.items())
    return MarketQuote(market=market, line=None, outcomes=outcomes, book_market="x")


def test_sets_that_differ_compare_shared_implied_probabilities_without_other() -> None:
    market = load_catalogue().market("correct_score_1h")
    a = _quote("correct_score_1h", **{"0:0": 2.5, "1:0": 4.0, "other": 3.0})
    b = _quote("correct_score_1h", **{"0:0": 2.6, "1:0": 4.2, "0:1": 5.0, "other": 9.0})
    compared, disagreements = compare_pair(
        market, None, (Book.BETPAWA, a), (Book.SPORTYBET, b), Tolerance()
    )
    assert compared == 2 and disagreements == []


def test_complete_identical_sets_compare_fair_probabilities() -> None:
    market = load_catalogue().market("1x2_ft")
    fair = _quote("1x2_ft", home=1.55, draw=4.20, away=6.50)
    heavy = _quote("1x2_ft", home=1.42, draw=3.85, away=5.95)  # the same odds, 9 points more margin
    swapped = _quote("1x2_ft", home=6.50, draw=4.20, away=1.55)
    ok = compare_pair(market, None, (Book.BETPAWA, fair), (Book.BET9JA, heavy), Tolerance())
    assert ok == (3, [])
    _, found = compare_pair(market, None, (Book.BETPAWA, fair), (Book.BET9JA, swapped), Tolerance())
    assert {d.outcome for d in found} == {"home", "away"} and found[0].method == "fair"


def test_a_suspended_outcome_falls_back_to_implied() -> None:
    market = load_catalogue().market("1x2_ft")
    a = _quote("1x2_ft", home=2.41, draw=3.29, away=3.02)
    b = _quote("1x2_ft", home=2.40, draw=None, away=3.00)
    compared, found = compare_pair(
        market, None, (Book.BETPAWA, a), (Book.SPORTYBET, b), Tolerance()
    )
    assert compared == 2 and not found
