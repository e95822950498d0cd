"""Margins against the worked figures of reference/margins-and-fair-odds.md."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oddsdesk.analytics.margins import (
    booksum,
    implied_probabilities,
    margin_from_overround,
    overround,
    overround_from_margin,
    payout,
    payout_margin,
)

# SportRadar 68995116, 1X2 on the three books, with the reference table's B, overround,
# payout margin and payout.
ONE_X_TWO = [
    ("betpawa", [2.41, 3.29, 3.02], 1.05001, 0.0500, 0.0476, 0.9524),
    ("sportybet", [2.40, 3.30, 3.00], 1.05303, 0.0530, 0.0504, 0.9496),
    ("bet9ja", [2.42, 3.1, 2.93], 1.07710, 0.0771, 0.0716, 0.9284),
]


@pytest.mark.parametrize(("book", "prices", "b", "over", "margin", "paid"), ONE_X_TWO)
def test_reference_table_of_the_1x2(
    book: str, prices: list[float], b: float, over: float, margin: float, paid: float
) -> None:
    assert booksum(prices) == pytest.approx(b, abs=5e-6)
    assert overround(prices) == pytest.approx(over, abs=5e-5)
    assert payout_margin(prices) == pytest.approx(margin, abs=5e-5)
    assert payout(prices) == pytest.approx(paid, abs=5e-5)


def test_two_way_and_library_pin_examples() -> None:
    assert booksum([1.98, 1.83]) == pytest.approx(1.05150, abs=5e-6)
    assert overround([1.98, 1.83]) == pytest.approx(0.0515, abs=5e-5)
    assert payout_margin([1.98, 1.83]) == pytest.approx(0.0490, abs=5e-5)
    assert overround([2.7, 2.3, 4.4]) == pytest.approx(0.0324, abs=5e-5)


def test_the_two_conventions_differ_at_the_same_booksum() -> None:
    # B = 1.05 is a 5.00 % overround but a 4.76 % payout margin.
    prices = [2.0, 2.0, 1 / (1.05 - 1.0)]
    assert overround(prices) == pytest.approx(0.05)
    assert payout_margin(prices) == pytest.approx(0.047619, abs=1e-6)


@pytest.mark.parametrize(
    "prices",
    [
        [2.41, None, 3.02],  # missing outcome
        [2.41, 0.0, 3.02],  # BetPawa suspended price
        [2.41, 1.0, 3.02],  # Bet9ja locked "1", SportyBet inactive "1.00"
        [2.41, float("inf"), 3.02],
        [2.41, float("nan"), 3.02],
        [2.41, -3.0, 3.02],
        [2.41],  # one outcome is not a market
        [],
    ],
)
def test_incomplete_sets_have_no_margin(prices: list[float | None]) -> None:
    assert implied_probabilities(prices) is None
    assert booksum(prices) is None
    assert overround(prices) is None
    assert payout(prices) is None
    assert payout_margin(prices) is None


def test_double_chance_is_normalised_by_its_two_winners() -> None:
    # Fair 1X2 of 0.5 / 0.3 / 0.2 gives fair 1X / X2 / 12 of 0.8 / 0.5 / 0.7 (sum 2).
    fair_dc = [1 / 0.8, 1 / 0.5, 1 / 0.7]
    assert booksum(fair_dc, winners=2) == pytest.approx(2.0)
    assert overround(fair_dc, winners=2) == pytest.approx(0.0)
    assert payout(fair_dc, winners=2) == pytest.approx(1.0)
    priced = [p / 1.05 for p in fair_dc]
    assert overround(priced, winners=2) == pytest.approx(0.05)
    assert overround([1.2, 1.3], winners=2) is None  # every outcome winning is no market
    with pytest.raises(ValueError, match="winners"):
        overround([2.0, 2.0], winners=0)


def test_a_book_paying_out_more_than_it_takes_has_negative_overround() -> None:
    assert overround([2.1, 2.1]) == pytest.approx(2 / 2.1 - 1)
    assert overround([2.1, 2.1]) < 0
    assert payout([2.1, 2.1]) > 1


@given(st.floats(min_value=-0.5, max_value=5.0))
def test_conversions_are_inverse(value: float) -> None:
    assert margin_from_overround(value) == pytest.approx(value / (1 + value))
    assert overround_from_margin(margin_from_overround(value)) == pytest.approx(value)


@given(st.lists(st.floats(min_value=1.01, max_value=500.0), min_size=2, max_size=20))
def test_payout_margin_is_the_overround_in_the_other_convention(prices: list[float]) -> None:
    assert payout_margin(prices) == pytest.approx(margin_from_overround(overround(prices)))
    assert payout(prices) * booksum(prices) == pytest.approx(1.0)
