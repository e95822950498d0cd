"""How much a bookmaker keeps on one market, in both conventions, over complete price sets only.

Notation (`reference/margins-and-fair-odds.md`): implied probability πᵢ = 1/oᵢ, booksum
B = Σ πᵢ. A market with `winners` winning outcomes (Double Chance has 2) is normalised by that
count, so B/w = 1 is a fair book for every market shape.

* **overround** = B/w − 1: the figure pawaRisk and most comparison apps call "margin";
  oddsdesk labels it *overround* everywhere.
* **payout** = w/B, and **payout margin** = 1 − w/B: the bookmaker's share of stakes.

B = 1.05 is a 5.00 % overround but a 4.76 % payout margin. Every function returns None unless
every outcome has a real price (decimal odds > 1): one missing, suspended or locked price makes
the set incomplete, and a margin over an incomplete set is a wrong number, not a smaller one.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

__all__ = [
    "booksum",
    "implied_probabilities",
    "is_price",
    "margin_from_overround",
    "overround",
    "overround_from_margin",
    "payout",
    "payout_margin",
]


def is_price(odds: float | None) -> bool:
    """Decimal odds a bettor can take: finite and above 1 (Bet9ja's locked "1" is not)."""
    return odds is not None and math.isfinite(odds) and odds > 1.0


def implied_probabilities(
    prices: Sequence[float | None], *, winners: int = 1
) -> tuple[float, ...] | None:
    """1/oᵢ for a complete set with more outcomes than winners, else None."""
    if winners < 1:
        raise ValueError(f"winners must be at least 1, got {winners}")
    if len(prices) <= winners or not all(is_price(p) for p in prices):
        return None
    return tuple(1.0 / p for p in prices)  # type: ignore[operator]


def booksum(prices: Sequence[float | None], *, winners: int = 1) -> float | None:
    """B = Σ 1/oᵢ (not normalised by `winners`), or None for an incomplete set."""
    implied = implied_probabilities(prices, winners=winners)
    return None if implied is None else math.fsum(implied)


def overround(prices: Sequence[float | None], *, winners: int = 1) -> float | None:
    """B/w − 1, as a fraction (0.05 is 5 %). Negative when the book pays out more than it takes."""
    total = booksum(prices, winners=winners)
    return None if total is None else total / winners - 1.0


def payout(prices: Sequence[float | None], *, winners: int = 1) -> float | None:
    """w/B: the share of stakes a balanced book returns to bettors."""
    total = booksum(prices, winners=winners)
    return None if total is None else winners / total


def payout_margin(prices: Sequence[float | None], *, winners: int = 1) -> float | None:
    """1 − w/B: the bookmaker's share of stakes on a balanced book."""
    paid = payout(prices, winners=winners)
    return None if paid is None else 1.0 - paid


def margin_from_overround(value: float) -> float:
    """M = O / (1 + O)."""
    return value / (1.0 + value)


def overround_from_margin(value: float) -> float:
    """O = M / (1 − M)."""
    return value / (1.0 - value)
