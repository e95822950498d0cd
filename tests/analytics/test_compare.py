"""Cross-book comparison on the real prices of SportRadar 68995116 and on hand-built quotes."""

from __future__ import annotations

import pytest

from oddsdesk.analytics.compare import (
    AlertKind,
    Thresholds,
    Verdict,
    compare_event,
    compare_market,
)
from oddsdesk.domain import Book, MarketQuote, OutcomePrice

BP, SB, B9 = Book.BETPAWA, Book.SPORTYBET, Book.BET9JA


def quote(market: str, line: float | None = None, **prices: float | None) -> MarketQuote:
    """Outcomes by name; None is an unavailable outcome (a suspended or locked price)."""
    return MarketQuote(
        market,
        line,
        tuple(OutcomePrice(name, price, price is not None) for name, price in prices.items()),
    )


# bookmaker-apis.md, "The same prices in the three formats" (SportRadar 68995116).
REAL = {
    BP: [
        quote("1x2", home=2.41, draw=3.29, away=3.02),
        quote("over_under", 2.5, over=1.98, under=1.83),
        quote("btts", yes=1.77, no=2.06),
    ],
    SB: [
        quote("1x2", home=2.40, draw=3.30, away=3.00),
        quote("over_under", 2.5, over=1.96, under=1.81),
        quote("btts", yes=1.74, no=2.00),
    ],
    B9: [
        quote("1x2", home=2.42, draw=3.1, away=2.93),
        quote("over_under", 2.5, over=1.9, under=1.8),
        quote("btts", yes=1.67, no=2.08),
    ],
}


def test_real_1x2_best_prices_and_betpawa_position() -> None:
    m = compare_event(REAL).market("1x2")
    assert m is not None
    home, draw, away = (m.outcome(n) for n in ("home", "draw", "away"))
    assert (home.best_price, home.best_books) == (2.42, (B9,))
    assert (draw.best_price, draw.best_books) == (3.30, (SB,))
    assert (away.best_price, away.best_books) == (3.02, (BP,))
    assert home.verdict is Verdict.WORSE
    assert home.difference == pytest.approx(-0.01)
    assert home.difference_pct == pytest.approx(2.41 / 2.42 - 1)
    assert draw.verdict is Verdict.WORSE
    assert (away.verdict, away.best_competitor_books) == (Verdict.BETTER, (SB,))
    assert away.difference_pct == pytest.approx(3.02 / 3.00 - 1)


def test_real_1x2_overrounds_match_the_reference_table() -> None:
    m = compare_event(REAL).market("1x2")
    assert m.book(BP).overround == pytest.approx(0.05001, abs=5e-6)
    assert m.book(SB).overround == pytest.approx(0.05303, abs=5e-6)
    assert m.book(B9).overround == pytest.approx(0.07710, abs=5e-6)
    assert m.book(B9).payout_margin == pytest.approx(0.0716, abs=5e-5)
    assert m.reference_overround == pytest.approx(0.05001, abs=5e-6)
    assert m.competitor_overround_mean == pytest.approx((0.05303 + 0.07710) / 2, abs=5e-6)
    assert m.competitor_overround_min == pytest.approx(0.05303, abs=5e-6)


def test_real_1x2_consensus_is_the_competitors_mean_fair_probability() -> None:
    m = compare_event(REAL).market("1x2")
    assert m.consensus_books == (SB, B9)
    sb_home = (1 / 2.40) / (1 / 2.40 + 1 / 3.30 + 1 / 3.00)
    b9_home = (1 / 2.42) / (1 / 2.42 + 1 / 3.1 + 1 / 2.93)
    home = m.outcome("home")
    assert home.consensus_probability == pytest.approx((sb_home + b9_home) / 2)
    assert home.fair_odds == pytest.approx(2 / (sb_home + b9_home))
    assert home.reference_fair_probability == pytest.approx(0.3952, abs=5e-5)
    assert home.reference_edge == pytest.approx(1 - 2.41 * (sb_home + b9_home) / 2)
    assert sum(o.consensus_probability for o in m.outcomes) == pytest.approx(1.0)


def test_real_two_way_markets() -> None:
    result = compare_event(REAL)
    ou = result.market("over_under", 2.5)
    assert [o.verdict for o in ou.outcomes] == [Verdict.BETTER, Verdict.BETTER]
    assert ou.outcome("over").best_books == (BP,)
    assert ou.book(B9).overround == pytest.approx(1 / 1.9 + 1 / 1.8 - 1)
    btts = result.market("btts")
    assert btts.outcome("yes").verdict is Verdict.BETTER
    no = btts.outcome("no")
    assert (no.verdict, no.best_books) == (Verdict.WORSE, (B9,))
    assert no.difference_pct == pytest.approx(2.06 / 2.08 - 1)


def test_real_prices_raise_no_alert_by_default_and_the_right_one_when_tight() -> None:
    assert compare_event(REAL).alerts == ()
    assert all(m.arbitrage is None for m in compare_event(REAL).markets)
    tight = compare_event(REAL, thresholds=Thresholds(worse_than_best=0.005)).alerts
    assert [(a.kind, a.market, a.outcome, a.books) for a in tight] == [
        (AlertKind.WORSE_THAN_BEST, "btts", "no", (B9,))
    ]
    assert tight[0].value == pytest.approx(1 - 2.06 / 2.08)
    assert "BetPawa 2.06" in tight[0].message and "Bet9ja 2.08" in tight[0].message


def test_markets_are_ordered_and_keyed_by_line() -> None:
    quotes = {
        BP: [quote("ou", 3.5, over=2.9, under=1.4), quote("ou", 1.5, over=1.3, under=3.4)],
        SB: [quote("ou", 2.5, over=1.9, under=1.9)],
    }
    assert [m.key for m in compare_event(quotes).markets] == [("ou", 1.5), ("ou", 2.5), ("ou", 3.5)]


def test_equal_prices_share_the_best_and_unavailable_prices_never_win() -> None:
    m = compare_market(
        {
            BP: quote("btts", yes=1.80, no=2.00),
            SB: quote("btts", yes=1.80, no=None),
            B9: MarketQuote(
                "btts", None, (OutcomePrice("yes", 1.70, True), OutcomePrice("no", 9.0, False))
            ),
        }
    )
    yes, no = m.outcome("yes"), m.outcome("no")
    assert yes.verdict is Verdict.EQUAL
    assert yes.best_books == (BP, SB)
    assert (no.best_price, no.best_books) == (2.00, (BP,))
    assert no.best_competitor_price is None and no.verdict is None
    assert not m.book(SB).complete and m.book(SB).overround is None
    assert m.book(B9).prices["no"] is None
    assert m.consensus_books == ()  # no competitor has a complete set
    assert yes.consensus_probability is None and yes.fair_odds is None


def test_worse_than_best_alert() -> None:
    m = compare_market({BP: quote("btts", yes=1.62, no=2.30), SB: quote("btts", yes=1.80, no=2.02)})
    (alert,) = [a for a in m.alerts if a.kind is AlertKind.WORSE_THAN_BEST]
    assert (alert.outcome, alert.books) == ("yes", (SB,))
    assert alert.value == pytest.approx(0.1)
    assert alert.threshold == 0.03


def test_out_of_line_alert_uses_fair_probabilities() -> None:
    # Competitors agree on 50/30/20; BetPawa's prices say 42/32/26, same 5 % overround.
    def priced(*fair: float) -> dict[str, float]:
        return {n: 1 / (p * 1.05) for n, p in zip(("home", "draw", "away"), fair, strict=True)}

    m = compare_market(
        {
            BP: quote("1x2", **priced(0.42, 0.32, 0.26)),
            SB: quote("1x2", **priced(0.50, 0.30, 0.20)),
            B9: quote("1x2", **priced(0.50, 0.30, 0.20)),
        }
    )
    out = {a.outcome: a.value for a in m.alerts if a.kind is AlertKind.OUT_OF_LINE}
    assert out == pytest.approx({"home": -0.08, "away": 0.06})
    home = m.outcome("home")
    assert home.consensus_probability == pytest.approx(0.5)
    assert home.fair_odds == pytest.approx(2.0)
    # BetPawa pays 1/(0.42·1.05) = 2.268 on a 50 % chance: bettors have 13.4 % value.
    assert home.reference_edge == pytest.approx(1 - 0.5 / (0.42 * 1.05))
    assert home.reference_edge < 0
    assert home.verdict is Verdict.BETTER


def test_high_margin_alert() -> None:
    m = compare_market(
        {
            BP: quote("1x2", home=2.2, draw=3.0, away=3.0),  # overround 12.12 %
            SB: quote("1x2", home=2.3, draw=3.4, away=3.3),  # 7.13 %
            B9: quote("1x2", home=2.35, draw=3.45, away=3.35),  # 4.43 %
        }
    )
    (alert,) = [a for a in m.alerts if a.kind is AlertKind.HIGH_MARGIN]
    bp = 1 / 2.2 + 2 / 3.0 - 1
    mean = ((1 / 2.3 + 1 / 3.4 + 1 / 3.3 - 1) + (1 / 2.35 + 1 / 3.45 + 1 / 3.35 - 1)) / 2
    assert alert.value == pytest.approx(bp - mean)
    assert alert.books == (SB, B9)
    assert "overround" in alert.message


def test_missing_and_unavailable_on_betpawa() -> None:
    quotes = {
        BP: [quote("1x2", home=2.0, draw=3.4, away=3.8), quote("btts", yes=None, no=None)],
        SB: [
            quote("1x2", home=2.0, draw=3.4, away=3.8),
            quote("btts", yes=1.8, no=1.95),
            quote("ou", 4.5, over=5.5, under=1.1),
        ],
        B9: [quote("ou", 4.5, over=None, under=1.1)],  # incomplete: does not count as offered
    }
    alerts = {(a.kind, a.market): a for a in compare_event(quotes).alerts}
    assert set(alerts) == {
        (AlertKind.UNAVAILABLE_ON_REFERENCE, "btts"),
        (AlertKind.MISSING_ON_REFERENCE, "ou"),
    }
    assert alerts[(AlertKind.MISSING_ON_REFERENCE, "ou")].books == (SB,)
    assert alerts[(AlertKind.MISSING_ON_REFERENCE, "ou")].line == 4.5
    btts = compare_event(quotes).market("btts")
    assert btts.outcome("yes").reference_price is None
    assert btts.outcome("yes").verdict is None


def test_a_competitor_only_event_raises_no_missing_alerts() -> None:
    quotes = {SB: [quote("btts", yes=1.8, no=1.95)], B9: [quote("btts", yes=1.85, no=1.9)]}
    result = compare_event(quotes)
    assert result.alerts == ()
    m = result.market("btts")
    assert m.reference_overround is None
    assert m.outcome("yes").best_books == (B9,)
    assert m.outcome("yes").reference_price is None
    assert m.consensus_books == (SB, B9)
    # With BetPawa listed but silent on the market, it is missing.
    assert [a.kind for a in compare_event({BP: [], **quotes}).alerts] == [
        AlertKind.MISSING_ON_REFERENCE
    ]


def test_cross_book_arbitrage_and_stake_split() -> None:
    m = compare_market(
        {
            BP: quote("1x2", home=2.60, draw=3.2, away=2.9),
            SB: quote("1x2", home=2.40, draw=3.6, away=2.9),
            B9: quote("1x2", home=2.45, draw=3.3, away=3.4),
        }
    )
    arb = m.arbitrage
    total = 1 / 2.60 + 1 / 3.6 + 1 / 3.4
    assert arb is not None
    assert arb.booksum == pytest.approx(total)
    assert arb.profit == pytest.approx(1 / total - 1)
    assert [(leg.outcome, leg.book, leg.price) for leg in arb.legs] == [
        ("away", B9, 3.4),
        ("draw", SB, 3.6),
        ("home", BP, 2.60),
    ]
    assert sum(leg.stake for leg in arb.legs) == pytest.approx(1.0)
    returns = {leg.stake * leg.price for leg in arb.legs}
    assert max(returns) == pytest.approx(min(returns))  # every outcome pays the same
    assert max(returns) == pytest.approx(1 + arb.profit)
    (alert,) = [a for a in m.alerts if a.kind is AlertKind.ARBITRAGE]
    assert alert.books == (B9, SB, BP)
    assert (
        compare_market(
            {BP: quote("btts", yes=2.0, no=1.9), SB: quote("btts", yes=1.9, no=2.0)},
            thresholds=Thresholds(min_arbitrage_profit=0.2),
        ).arbitrage
        is None
    )


def test_books_that_partition_differently_are_not_averaged_nor_arbitraged() -> None:
    # SportyBet lists one more correct score than BetPawa: its "other" is another outcome.
    m = compare_market(
        {
            BP: quote("cs", **{"1:0": 6.0, "0:0": 8.0, "other": 1.35}),
            SB: quote("cs", **{"1:0": 6.5, "0:0": 8.5, "0:1": 9.0, "other": 2.6}),
            B9: quote("cs", **{"1:0": 6.2, "0:0": 8.2, "other": 1.3}),
        }
    )
    assert not m.book(SB).aligned and m.book(B9).aligned
    assert m.consensus_books == (B9,)
    assert m.competitor_overround_mean == pytest.approx(m.book(B9).overround)
    assert m.outcome("0:1").best_books == (SB,)  # still shown
    assert m.outcome("other").consensus_probability == pytest.approx(
        (1 / 1.3) / (1 / 6.2 + 1 / 8.2 + 1 / 1.3)
    )
    assert m.arbitrage is None  # SportyBet's 2.6 "other" must not pair with BetPawa's scores


def test_double_chance_margins_use_two_winners_and_no_arbitrage() -> None:
    quotes = {
        BP: [quote("dc", home_draw=1.25, draw_away=1.9, home_away=1.35)],
        SB: [quote("dc", home_draw=1.3, draw_away=2.1, home_away=1.45)],
    }
    winners = {"dc": 2}
    m = compare_event(quotes, winners_of=winners.get).market("dc")
    assert m.book(BP).overround == pytest.approx((1 / 1.25 + 1 / 1.9 + 1 / 1.35) / 2 - 1)
    assert sum(m.book(SB).fair.values()) == pytest.approx(2.0)
    assert m.arbitrage is None
    # Without the winners count this is "no partition": prices only.
    plain = compare_event(quotes, winners_of=lambda market: None).market("dc")
    assert plain.book(BP).overround is None and plain.consensus_books == ()
    assert plain.outcome("home_draw").verdict is Verdict.WORSE


def test_duplicate_quotes_of_one_line_are_merged() -> None:
    quotes = {
        BP: [quote("cs", **{"1:0": 6.0}), quote("cs", **{"0:0": 8.0, "1:0": 99.0})],
        SB: [quote("cs", **{"1:0": 6.5, "0:0": 8.5})],
    }
    m = compare_event(quotes).market("cs")
    assert m.book(BP).prices == {"1:0": 6.0, "0:0": 8.0}
    assert m.book(BP).aligned and m.book(SB).aligned


def test_other_method_and_bad_input() -> None:
    shin = compare_event(REAL, method="shin").market("over_under", 2.5)
    sb_additive = 1 / 1.96 - (1 / 1.96 + 1 / 1.81 - 1) / 2
    b9_additive = 1 / 1.9 - (1 / 1.9 + 1 / 1.8 - 1) / 2
    assert shin.outcome("over").consensus_probability == pytest.approx(
        (sb_additive + b9_additive) / 2
    )
    with pytest.raises(ValueError, match="one market line"):
        compare_market({BP: quote("btts", yes=1.8, no=2.0), SB: quote("1x2", home=2.0)})
    with pytest.raises(ValueError, match="negative"):
        Thresholds(out_of_line=-0.1)
