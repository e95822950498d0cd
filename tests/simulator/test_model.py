"""One probability model per match: every market is consistent with every other."""

from __future__ import annotations

import math

import pytest

from oddsdesk.markets.catalogue import load_catalogue
from oddsdesk.simulator.model import MatchModel, MatchRates, Rates, fair_price, poisson_pmf
from oddsdesk.simulator.offering import MODEL

RATES = MatchRates(
    goals=Rates(0.62, 0.48, 0.78, 0.61),
    corners=Rates(2.6, 2.1, 2.9, 2.3),
    bookings=Rates(0.9, 1.0, 1.2, 1.3),
)


@pytest.fixture(scope="module")
def m() -> MatchModel:
    return MatchModel(RATES)


def _win(out, key):
    return out[key][0]


def test_poisson_matches_the_closed_form() -> None:
    pmf = poisson_pmf(1.4, 12)
    for k in range(5):
        assert pmf[k] == pytest.approx(math.exp(-1.4) * 1.4**k / math.factorial(k), rel=1e-6)


def test_result_and_its_derivatives_agree(m: MatchModel) -> None:
    g = m.goals
    home, draw, away = (_win(g.result("ft"), k) for k in ("home", "draw", "away"))
    assert home + draw + away == pytest.approx(1.0)
    assert home > away  # the home side has the higher rates
    dc = g.double_chance("ft")
    assert _win(dc, "home_draw") == pytest.approx(home + draw)
    dnb = g.draw_no_bet("ft")
    assert dnb["home"] == pytest.approx((home, draw))
    # Draw no bet is the Asian handicap at 0: same win and push.
    assert g.asian_handicap("ft", 0.0)["home"] == pytest.approx(dnb["home"])
    # Home −0.5 wins exactly when home wins.
    assert _win(g.asian_handicap("ft", -0.5), "home") == pytest.approx(home)


def test_totals_every_line_including_whole_and_quarter(m: MatchModel) -> None:
    g = m.goals
    total = g.period("ft").total
    over25 = _win(g.total("ft", 2.5), "over")
    assert over25 == pytest.approx(1 - sum(total[:3]))
    whole = g.total("ft", 2.0)
    assert whole["over"] == pytest.approx((1 - sum(total[:3]), total[2]))  # 2 goals: stake back
    quarter = g.total("ft", 2.25)
    assert quarter["over"][0] == pytest.approx((whole["over"][0] + over25) / 2)
    assert quarter["over"][1] == pytest.approx(total[2] / 2)
    for line in (0.5, 1.5, 3.5, 5.5):
        ou = g.total("ft", line)
        assert _win(ou, "over") + _win(ou, "under") == pytest.approx(1.0)
    # A higher line is never more likely to go over.
    overs = [_win(g.total("ft", x / 2), "over") for x in range(1, 12, 2)]
    assert overs == sorted(overs, reverse=True)


def test_halves_add_up_to_the_match(m: MatchModel) -> None:
    g = m.goals
    htft = g.htft()
    assert sum(p for p, _ in htft.values()) == pytest.approx(1.0)
    ft_home = sum(htft[f"{h}/1"][0] for h in "1X2")
    ht_home = sum(htft[f"1/{f}"][0] for f in "1X2")
    assert ft_home == pytest.approx(_win(g.result("ft"), "home"))
    assert ht_home == pytest.approx(_win(g.result("1h"), "home"))
    combos = g.htft_total(2.5)
    assert sum(p for p, _ in combos.values()) == pytest.approx(1.0)
    assert sum(combos[f"1/1_{s}"][0] for s in ("over", "under")) == pytest.approx(htft["1/1"][0])


def test_combinations_marginalise_to_their_parts(m: MatchModel) -> None:
    g = m.goals
    rt = g.result_total("ft", 2.5)
    assert rt["home_over"][0] + rt["home_under"][0] == pytest.approx(_win(g.result("ft"), "home"))
    assert sum(rt[f"{r}_over"][0] for r in ("home", "draw", "away")) == pytest.approx(
        _win(g.total("ft", 2.5), "over")
    )
    rb = g.result_btts("ft")
    assert sum(rb[f"{r}_yes"][0] for r in ("home", "draw", "away")) == pytest.approx(
        g.period("ft").btts
    )
    tb = g.total_btts("ft", 2.5)
    assert tb["over_yes"][0] + tb["over_no"][0] == pytest.approx(_win(g.total("ft", 2.5), "over"))


def test_every_catalogue_market_is_priced_as_a_distribution(m: MatchModel) -> None:
    """Each catalogue market gets a probability for each of its outcomes; where the outcomes
    partition the match, they add up to one."""
    catalogue = load_catalogue()
    lines = {
        "none": None,
        "total": 2.5,
        "handicap": -0.5,
        "handicap_3way": -1,
        "nth": 1,
        "minute": 30,
    }
    for market in catalogue.markets:
        price = MODEL[market.id]
        out = price(m, lines[market.line_kind])
        for outcome in market.outcomes:
            if outcome.residual:
                continue
            assert outcome.id in out, f"{market.id}: no price for {outcome.id}"
            win, push = out[outcome.id]
            assert 0.0 <= win <= 1.0 and 0.0 <= push <= 1.0, (market.id, outcome.id)
        if market.id in PARTITIONS:
            assert sum(out[o.id][0] for o in market.outcomes) == pytest.approx(1.0, abs=1e-6), (
                market.id
            )


PARTITIONS = {
    "1x2_ft",
    "1x2_1h",
    "btts_ft",
    "htft",
    "exact_goals_ft",
    "home_exact_goals_ft",
    "winning_margin_ft",
    "which_team_to_score_ft",
    "1x2_over_under_ft",
    "1x2_btts_1h",
    "over_under_btts_ft",
    "htft_over_under_ft",
    "htft_over_under_1h",
    "first_goal_1x2_ft",
    "btts_1h_2h",
    "next_goal",
    "handicap_ft",
    "highest_scoring_half",
    "corners_1x2_ft",
    "corner_range_ft",
    "multiscores_ft",
}


def test_fair_price_with_push() -> None:
    assert fair_price((0.5, 0.0)) == pytest.approx(2.0)
    assert fair_price((0.4, 0.2)) == pytest.approx(2.0)  # a fifth of the time the stake returns
    assert fair_price((0.0, 0.0)) == math.inf
