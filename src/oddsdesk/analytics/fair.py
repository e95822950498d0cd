"""Fair (de-vigged) probabilities: take the bookmaker's margin back out of a complete price set.

Each method spreads the overround differently over the outcomes
(`reference/margins-and-fair-odds.md`); all return probabilities that sum to the number of
winners (1 for ordinary markets), keep the order of the prices, and leave a margin-free book
unchanged. Methods with a free parameter solve for it with the bounded Brent solver in `roots`.

* multiplicative: pᵢ = w·πᵢ/B. The default: it is what the books' own declared probabilities
  sit closest to, and it can never fail.
* additive: pᵢ = πᵢ − (B − w)/n. Undefined (None) when a long shot would go to p ≤ 0.
* power: pᵢ = πᵢᵏ with Σ pᵢ = w.
* shin: Shin's insider model, one winner only; for two outcomes it equals additive.
* odds_ratio: pᵢ = πᵢ / (c + πᵢ − c·πᵢ) with Σ pᵢ = w.
* margin_proportional_to_odds: fair oᵢ = n·oᵢ / (n − M·oᵢ) with M = B − w, the overround
  (Buchdahl's "margin weights proportional to the odds"); algebraically the additive method.

A book with B < w (more paid out than taken) is "de-vigged" upwards by the same formulas:
power k < 1, odds ratio c < 1, Shin z < 0.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from oddsdesk.analytics.margins import implied_probabilities
from oddsdesk.analytics.roots import brent

__all__ = ["Devig", "Method", "devig", "devig_implied", "fair_odds", "fair_probabilities"]


class Method(StrEnum):
    MULTIPLICATIVE = "multiplicative"
    ADDITIVE = "additive"
    POWER = "power"
    SHIN = "shin"
    ODDS_RATIO = "odds_ratio"
    MARGIN_PROPORTIONAL_TO_ODDS = "margin_proportional_to_odds"


@dataclass(frozen=True, slots=True)
class Devig:
    """Fair probabilities of one price set, and the solved parameter (k, z, c or M) if any."""

    method: Method
    probabilities: tuple[float, ...]
    parameter: float | None = None

    @property
    def odds(self) -> tuple[float, ...]:
        return tuple(1.0 / p for p in self.probabilities)


def devig(
    prices: Sequence[float | None],
    method: Method | str = Method.MULTIPLICATIVE,
    *,
    winners: int = 1,
) -> Devig | None:
    """Fair probabilities for a complete price set.

    None when the set is incomplete, has no more outcomes than winners, or some outcome's fair
    probability is not positive (so it has no fair odds): the additive family on a long shot,
    or an absurd book (B ≫ 1) where a power of a long shot underflows.
    """
    implied = implied_probabilities(prices, winners=winners)
    return None if implied is None else devig_implied(implied, method, winners=winners)


def devig_implied(
    implied: Sequence[float], method: Method | str = Method.MULTIPLICATIVE, *, winners: int = 1
) -> Devig | None:
    """`devig` for callers that already hold the implied probabilities of a complete set
    (each in (0, 1), more of them than winners)."""
    method = Method(method)
    if method is Method.SHIN and winners != 1:
        raise ValueError("Shin's model has exactly one winner")
    result = _SOLVERS[method](tuple(implied), float(winners))
    if result is None or min(result.probabilities) <= 0.0:
        return None
    return result


def fair_probabilities(
    prices: Sequence[float | None],
    method: Method | str = Method.MULTIPLICATIVE,
    *,
    winners: int = 1,
) -> tuple[float, ...] | None:
    """The fair probabilities alone (see `devig`)."""
    result = devig(prices, method, winners=winners)
    return None if result is None else result.probabilities


def fair_odds(
    prices: Sequence[float | None],
    method: Method | str = Method.MULTIPLICATIVE,
    *,
    winners: int = 1,
) -> tuple[float, ...] | None:
    """1/pᵢ of the fair probabilities (see `devig`)."""
    result = devig(prices, method, winners=winners)
    return None if result is None else result.odds


def _multiplicative(implied: tuple[float, ...], target: float) -> Devig:
    scale = target / math.fsum(implied)
    return Devig(Method.MULTIPLICATIVE, tuple(pi * scale for pi in implied))


def _additive(implied: tuple[float, ...], target: float) -> Devig:
    share = (math.fsum(implied) - target) / len(implied)
    return Devig(Method.ADDITIVE, tuple(pi - share for pi in implied))


def _margin_proportional_to_odds(implied: tuple[float, ...], target: float) -> Devig | None:
    n = len(implied)
    margin = math.fsum(implied) - target
    odds = [1.0 / pi for pi in implied]
    if any(n - margin * o <= 0.0 for o in odds):
        return None
    fair = [n * o / (n - margin * o) for o in odds]
    return Devig(Method.MARGIN_PROPORTIONAL_TO_ODDS, tuple(1.0 / f for f in fair), margin)


def _power(implied: tuple[float, ...], target: float) -> Devig:
    def excess(k: float) -> float:
        return math.fsum(pi**k for pi in implied) - target

    k = _solve_decreasing(excess, lo=1e-9, pivot=1.0)
    return Devig(Method.POWER, _normalised(tuple(pi**k for pi in implied), target), k)


def _odds_ratio(implied: tuple[float, ...], target: float) -> Devig:
    def probabilities(c: float) -> tuple[float, ...]:
        return tuple(pi / (c + pi - c * pi) for pi in implied)

    def excess(c: float) -> float:
        return math.fsum(probabilities(c)) - target

    c = _solve_decreasing(excess, lo=0.0, pivot=1.0)
    return Devig(Method.ODDS_RATIO, _normalised(probabilities(c), target), c)


def _shin(implied: tuple[float, ...], target: float) -> Devig:
    total = math.fsum(implied)

    def probabilities(z: float) -> tuple[float, ...]:
        return tuple(
            (math.sqrt(z * z + 4.0 * (1.0 - z) * pi * pi / total) - z) / (2.0 * (1.0 - z))
            for pi in implied
        )

    def excess(z: float) -> float:
        return math.fsum(probabilities(z)) - target

    # Σp(0) = √B, and Σp → Σπ²/B < 1 as z → 1, so B > 1 puts z in (0, 1); B < 1 puts it below 0,
    # where Σp grows towards n as z falls.
    if total >= target:
        z = brent(excess, 0.0, 1.0 - 1e-12)
    else:
        lo = -1.0
        while excess(lo) < 0.0:
            lo *= 2.0
            if lo < -1e12:
                raise ArithmeticError("Shin: no root below zero")
        z = brent(excess, lo, 0.0)
    return Devig(Method.SHIN, _normalised(probabilities(z), target), z)


def _solve_decreasing(f: Callable[[float], float], *, lo: float, pivot: float) -> float:
    """Root of a decreasing f that is positive at `lo`: below `pivot` or above it, found by
    doubling the upper end (bounded: the root of a real price set is far below 2**60)."""
    if f(pivot) <= 0.0:
        return brent(f, lo, pivot)
    hi = pivot * 2.0
    while f(hi) > 0.0:
        hi *= 2.0
        if hi > 2.0**60:
            raise ArithmeticError("no root: the function stays positive")
    return brent(f, pivot, hi)


def _normalised(probabilities: tuple[float, ...], target: float) -> tuple[float, ...]:
    """Remove the solver's last ~1e-15 of drift so sums are exact to float precision."""
    scale = target / math.fsum(probabilities)
    return tuple(p * scale for p in probabilities)


_SOLVERS: dict[Method, Callable[[tuple[float, ...], float], Devig | None]] = {
    Method.MULTIPLICATIVE: _multiplicative,
    Method.ADDITIVE: _additive,
    Method.POWER: _power,
    Method.SHIN: _shin,
    Method.ODDS_RATIO: _odds_ratio,
    Method.MARGIN_PROPORTIONAL_TO_ODDS: _margin_proportional_to_odds,
}
