"""Each book's margin, opinion and rounding."""

from __future__ import annotations

from decimal import Decimal

import pytest

from oddsdesk.domain import Book
from oddsdesk.simulator import pricing
from oddsdesk.simulator.world import World


def test_rounding_follows_each_book() -> None:
    assert pricing.format_bet9ja(3.1) == "3.1"
    assert pricing.format_bet9ja(4.0) == "4"
    assert pricing.format_bet9ja(11.75) == "11.75"
    assert pricing.format_sportybet(2.4) == "2.40"
    fair = [(0.61, 0.0), (0.39, 0.0)]
    for book, step in ((Book.BETPAWA, "0.01"), (Book.BET9JA, "0.01")):
        prices = pricing.market_prices(book, fair, 0.05, [0.0, 0.0], 0)
        assert all(Decimal(str(p)) % Decimal(step) == 0 for p in prices)
    # Longer odds sit on coarser rungs: SportyBet 0.5 between 10 and 20, Bet9ja 0.25 up to 15.
    long = [(0.05, 0.0), (0.95, 0.0)]
    sporty = pricing.market_prices(Book.SPORTYBET, long, 0.05, [0.0, 0.0], 0)[0]
    bet9ja = pricing.market_prices(Book.BET9JA, long, 0.05, [0.0, 0.0], 0)[0]
    assert 10 < sporty < 20 and Decimal(str(sporty)) % Decimal("0.5") == 0
    assert 10 < bet9ja < 15 and Decimal(str(bet9ja)) % Decimal("0.25") == 0


def test_margin_is_spread_towards_the_long_side() -> None:
    # The captured BetPawa O/U 0.5 pair is 1.06 / 9.45; a fair 0.93 / 0.07 with 5 % comes close.
    over, under = pricing.market_prices(
        Book.BETPAWA, [(0.93, 0.0), (0.07, 0.0)], 0.05, [0.0, 0.0], 0
    )
    assert over == pytest.approx(1.06, abs=0.02)
    assert 8.5 < under < 10.5
    assert 1 / over + 1 / under == pytest.approx(1.05, abs=0.01)


def test_too_short_prices_are_not_offered() -> None:
    prices = pricing.market_prices(
        Book.SPORTYBET, [(0.995, 0.0), (0.005, 0.0)], 0.06, [0.0, 0.0], 0
    )
    assert prices[0] is None
    assert prices[1] is not None


def test_drift_always_moves_the_tilt() -> None:
    for current in range(-pricing.TILT_RANGE, pricing.TILT_RANGE + 1):
        seen = {pricing.next_tilt(current, d / 100) for d in range(100)}
        assert current not in seen
        assert seen == set(range(-pricing.TILT_RANGE, pricing.TILT_RANGE + 1)) - {current}


@pytest.mark.parametrize(
    ("book", "low", "high"),
    [(Book.BETPAWA, 0.03, 0.08), (Book.SPORTYBET, 0.03, 0.085), (Book.BET9JA, 0.05, 0.11)],
)
def test_main_market_margins_are_a_few_percent(
    world: World, book: Book, low: float, high: float
) -> None:
    overrounds = []
    for event in list(world.listed(book))[:20]:
        for m in world.offer(book, event).markets:
            if m.market.key == "1x2_ft" and all(m.prices):
                overrounds.append(sum(1 / p for p in m.prices) - 1)
    assert overrounds
    mean = sum(overrounds) / len(overrounds)
    assert low < mean < high, mean


def test_books_disagree_but_not_wildly(world: World) -> None:
    event = next(e for e in world.listed(Book.BETPAWA) if len(e.books) == 3)
    homes = []
    for book in Book:
        m = next(m for m in world.offer(book, event).markets if m.market.key == "1x2_ft")
        homes.append(m.prices[0])
    assert len(set(homes)) > 1
    assert max(homes) / min(homes) < 1.15
