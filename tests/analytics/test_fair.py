"""De-vig methods against the worked examples of reference/margins-and-fair-odds.md, plus the
properties every method must keep."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from oddsdesk.analytics.fair import Method, devig, devig_implied, fair_odds, fair_probabilities

BETPAWA_1X2 = [2.41, 3.29, 3.02]
BETPAWA_OU25 = [1.98, 1.83]

# Worked example 1: the reference table's probabilities and parameters, to 4 dp.
EXAMPLE_1 = {
    Method.MULTIPLICATIVE: ((0.3952, 0.2895, 0.3154), None),
    Method.ADDITIVE: ((0.3983, 0.2873, 0.3145), None),
    Method.POWER: ((0.3982, 0.2874, 0.3144), 1.0469),
    Method.SHIN: ((0.3975, 0.2878, 0.3147), 0.0250),
    Method.ODDS_RATIO: ((0.3969, 0.2884, 0.3148), 1.0777),
    Method.MARGIN_PROPORTIONAL_TO_ODDS: ((0.3983, 0.2873, 0.3145), 0.0500),
}
EXAMPLE_1_ODDS = {
    Method.MULTIPLICATIVE: (2.531, 3.455, 3.171),
    Method.ADDITIVE: (2.511, 3.481, 3.180),
    Method.POWER: (2.512, 3.479, 3.181),
    Method.SHIN: (2.516, 3.474, 3.178),
    Method.ODDS_RATIO: (2.520, 3.468, 3.177),
    Method.MARGIN_PROPORTIONAL_TO_ODDS: (2.511, 3.481, 3.180),
}
# Worked example 2 (two-way).
EXAMPLE_2 = {
    Method.MULTIPLICATIVE: ((0.4803, 0.5197), None),
    Method.ADDITIVE: ((0.4793, 0.5207), None),
    Method.SHIN: ((0.4793, 0.5207), 0.0515),
    Method.MARGIN_PROPORTIONAL_TO_ODDS: ((0.4793, 0.5207), 0.0515),
    Method.POWER: ((0.4788, 0.5212), 1.0782),
    Method.ODDS_RATIO: ((0.4792, 0.5208), 1.1088),
}


@pytest.mark.parametrize("method", list(Method))
def test_worked_example_1_betpawa_1x2(method: Method) -> None:
    probabilities, parameter = EXAMPLE_1[method]
    result = devig(BETPAWA_1X2, method)
    assert result is not None
    assert result.method is method
    assert result.probabilities == pytest.approx(probabilities, abs=5e-5)
    assert result.odds == pytest.approx(EXAMPLE_1_ODDS[method], abs=5e-4)
    if parameter is None:
        assert result.parameter is None
    else:
        assert result.parameter == pytest.approx(parameter, abs=5e-5)


@pytest.mark.parametrize("method", list(Method))
def test_worked_example_2_two_way(method: Method) -> None:
    probabilities, parameter = EXAMPLE_2[method]
    result = devig(BETPAWA_OU25, method)
    assert result is not None
    assert result.probabilities == pytest.approx(probabilities, abs=5e-5)
    if parameter is not None:
        assert result.parameter == pytest.approx(parameter, abs=5e-5)


def test_worked_example_3_library_pin() -> None:
    assert fair_probabilities([2.7, 2.3, 4.4]) == pytest.approx((0.3587, 0.4211, 0.2201), abs=5e-5)
    assert fair_probabilities([2.7, 2.3, 4.4], "additive") == pytest.approx(
        (0.3596, 0.4240, 0.2165), abs=5e-5
    )


def test_multiplicative_is_closest_to_the_books_declared_probabilities() -> None:
    declared = (0.395274, 0.289197, 0.315522)  # BetPawa's decoded `probability`, same match

    def distance(method: Method) -> float:
        return math.dist(fair_probabilities(BETPAWA_1X2, method), declared)

    assert min(Method, key=distance) is Method.MULTIPLICATIVE


def test_default_method_and_string_names() -> None:
    assert fair_probabilities(BETPAWA_1X2) == fair_probabilities(BETPAWA_1X2, "multiplicative")
    assert fair_odds(BETPAWA_1X2, "shin") == devig(BETPAWA_1X2, Method.SHIN).odds
    with pytest.raises(ValueError, match="logit"):
        devig(BETPAWA_1X2, "logit")


@pytest.mark.parametrize("method", list(Method))
@pytest.mark.parametrize("prices", [[2.41, None, 3.02], [2.41, 1.0, 3.02], [2.41, 0.0], [1.5], []])
def test_incomplete_sets_have_no_fair_price(method: Method, prices: list[float | None]) -> None:
    assert devig(prices, method) is None
    assert fair_probabilities(prices, method) is None
    assert fair_odds(prices, method) is None


@pytest.mark.parametrize("method", [Method.ADDITIVE, Method.MARGIN_PROPORTIONAL_TO_ODDS])
def test_additive_family_refuses_a_negative_long_shot(method: Method) -> None:
    # B = 1.2065: taking 0.0688 from each outcome would leave the 41.0 shot at 0.0244 − 0.0688.
    prices = [1.15, 3.2, 41.0]
    assert devig(prices, method) is None
    for other in (Method.MULTIPLICATIVE, Method.POWER, Method.SHIN, Method.ODDS_RATIO):
        result = devig(prices, other)
        assert result is not None
        assert min(result.probabilities) > 0


def test_an_absurd_book_whose_long_shot_underflows_has_no_fair_price() -> None:
    prices = [1.0001] * 14 + [900.0]  # B ≈ 14: power needs k ≈ 10⁵, and 900⁻ᵏ underflows
    assert devig(prices, Method.POWER) is None
    assert devig(prices, Method.MULTIPLICATIVE) is not None


def test_shin_is_single_winner_only() -> None:
    with pytest.raises(ValueError, match="one winner"):
        devig([1.2, 1.9, 1.4], Method.SHIN, winners=2)


@pytest.mark.parametrize("method", [m for m in Method if m is not Method.SHIN])
def test_double_chance_sums_to_two(method: Method) -> None:
    result = fair_probabilities([1.21, 1.71, 1.31], method, winners=2)
    assert result is not None
    assert math.fsum(result) == pytest.approx(2.0, abs=1e-12)
    assert result[0] > result[2] > result[1]


@pytest.mark.parametrize("method", list(Method))
def test_a_book_paying_more_than_it_takes_is_scaled_up(method: Method) -> None:
    result = devig([2.2, 3.6, 3.9], method)  # B = 0.9887
    assert result is not None
    assert math.fsum(result.probabilities) == pytest.approx(1.0, abs=1e-12)
    implied = (1 / 2.2, 1 / 3.6, 1 / 3.9)
    assert all(p > q for p, q in zip(result.probabilities, implied, strict=True))


# --- properties -----------------------------------------------------------------------------

odds_lists = st.lists(st.floats(min_value=1.01, max_value=1000.0), min_size=2, max_size=15)


@given(odds_lists, st.sampled_from(list(Method)))
def test_fair_probabilities_sum_to_one_and_keep_the_order(prices: list[float], method: Method):
    result = fair_probabilities(prices, method)
    if result is None:  # only where some fair probability cannot be positive
        implied = [1 / p for p in prices]
        if method in (Method.ADDITIVE, Method.MARGIN_PROPORTIONAL_TO_ODDS):
            assert min(implied) - (sum(implied) - 1) / len(implied) <= 1e-12
        else:
            assert sum(implied) > 3
        return
    assert math.fsum(result) == pytest.approx(1.0, abs=1e-9)
    assert all(0.0 < p < 1.0 for p in result)
    for i, j in zip(range(len(prices)), range(1, len(prices)), strict=False):
        if prices[i] < prices[j]:
            assert result[i] >= result[j] - 1e-12
        elif prices[i] > prices[j]:
            assert result[i] <= result[j] + 1e-12


@given(
    st.lists(st.floats(min_value=0.01, max_value=1.0), min_size=2, max_size=12),
    st.sampled_from(list(Method)),
)
def test_a_margin_free_book_is_left_unchanged(weights: list[float], method: Method) -> None:
    total = sum(weights)
    fair = [w / total for w in weights]
    assume(max(fair) < 0.99)
    result = fair_probabilities([1 / p for p in fair], method)
    assert result == pytest.approx(fair, abs=1e-9)


@given(odds_lists)
def test_margin_proportional_to_odds_is_the_additive_method(prices: list[float]) -> None:
    additive = fair_probabilities(prices, Method.ADDITIVE)
    weighted = fair_probabilities(prices, Method.MARGIN_PROPORTIONAL_TO_ODDS)
    if additive is None:
        assert weighted is None
    else:
        assert weighted == pytest.approx(additive, abs=1e-12)


@given(st.floats(min_value=1.01, max_value=200.0), st.floats(min_value=1.01, max_value=200.0))
def test_shin_equals_additive_on_two_outcomes(home: float, away: float) -> None:
    additive = fair_probabilities([home, away], Method.ADDITIVE)
    assume(additive is not None)
    assert fair_probabilities([home, away], Method.SHIN) == pytest.approx(additive, abs=1e-9)


@pytest.mark.parametrize("method", list(Method))
def test_devig_implied_is_devig_without_the_price_checks(method: Method) -> None:
    implied = [1 / p for p in BETPAWA_1X2]
    assert devig_implied(implied, method) == devig(BETPAWA_1X2, method)
