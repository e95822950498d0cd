"""From fair odds to the prices a book publishes: margin, the book's own noise, drift, rounding.

Each book keeps its own margin (a few percent on the main markets, more on combinations and
exotics, checked against the real captures: BetPawa's 1X2 carries about 5 %, SportyBet's 5.3 %,
Bet9ja's 7.7 %), its own opinion (a small fixed deviation per outcome), and its own rounding:
BetPawa floats to the cent, SportyBet strings with two decimals on a coarser ladder for long
odds, Bet9ja strings without trailing zeros ("3.1", "4", "11.75").

Drift moves a market by its `tilt`, an integer in [−4, 4] that shortens some outcomes and
lengthens the others by `TILT_STEP` per unit; a changed market always gets a different tilt, so
its prices really move.
"""

from __future__ import annotations

import math
import random

from oddsdesk.domain import Book
from oddsdesk.simulator import rng

BOOK_MARGIN = {Book.BETPAWA: 0.05, Book.SPORTYBET: 0.055, Book.BET9JA: 0.075}
FAMILY_FACTOR = {
    "main": 1.0,
    "lines": 1.15,
    "half": 1.4,
    "corners": 1.6,
    "combo": 2.4,
    "exotic": 3.0,
    "players": 4.5,
}
NOISE_SIGMA = {Book.BETPAWA: 0.012, Book.SPORTYBET: 0.015, Book.BET9JA: 0.02}
PRICE_CAP = {Book.BETPAWA: 100.0, Book.SPORTYBET: 500.0, Book.BET9JA: 200.0}
MIN_PRICE = 1.01
TILT_STEP = 0.03
TILT_RANGE = 4

_BOOK_KEY = {book: rng.text_key(book.value) for book in Book}
_M64 = (1 << 64) - 1

_LADDERS = {
    Book.BETPAWA: ((math.inf, 0.01),),
    Book.SPORTYBET: ((2.0, 0.01), (3.0, 0.05), (10.0, 0.1), (20.0, 0.5), (math.inf, 1.0)),
    Book.BET9JA: ((3.0, 0.01), (5.0, 0.05), (10.0, 0.1), (15.0, 0.25), (math.inf, 1.0)),
}


class Draws:
    """The world's fixed random numbers for pricing, drawn once from the seed.

    A market line hashes its coordinates once; its margin jitter and each outcome's noise are
    then read from these tables, which keeps a detail render to one hash per line.
    """

    SIZE = 1 << 14
    _MASK = SIZE - 1

    def __init__(self, seed: int) -> None:
        r = random.Random(seed ^ 0x5EED5EED)
        self.seed = seed
        self.uniform = [r.random() for _ in range(self.SIZE)]
        self.normal = [max(-2.5, min(2.5, r.gauss(0.0, 1.0))) for _ in range(self.SIZE)]

    def line_key(self, book: Book, event_key: int, market_key: int) -> int:
        """A well-spread 64-bit key for one market line (multiplicative hashing: cheap, and
        the tables supply the randomness)."""
        x = (
            event_key * 0x9E3779B97F4A7C15
            + market_key * 0xC2B2AE3D27D4EB4F
            + _BOOK_KEY[book] * 0x165667B19E3779F9
            + self.seed
        ) & _M64
        x ^= x >> 29
        x = (x * 0xBF58476D1CE4E5B9) & _M64
        return x ^ (x >> 32)

    def margin(self, book: Book, family: str, key: int) -> float:
        """The book's margin on one market line: its base, scaled by the family, ±15 %."""
        jitter = 1.0 + 0.15 * (2.0 * self.uniform[key & self._MASK] - 1.0)
        return BOOK_MARGIN[book] * FAMILY_FACTOR.get(family, 1.5) * jitter

    def noise(self, key: int, outcome_index: int) -> float:
        """The book's fixed opinion on one outcome, in standard deviations."""
        return self.normal[((key >> 14) + outcome_index * 40_503) & self._MASK]

    def unit(self, key: int, salt: int) -> float:
        return self.uniform[((key >> 28) + salt * 7_919) & self._MASK]


def market_prices(
    book: Book,
    fairs: list[tuple[float, float]],
    market_margin: float,
    noises: list[float],
    tilt: int,
) -> list[float | None]:
    """The prices a book shows for one market line; None where it offers no price (≤ 1.01).

    The margin is spread like a real book spreads it: more on the long side than on the
    favourite (weights ∝ √(1 − p), which reproduces the captured O/U 0.5 pair 1.06 / 9.45 from a
    fair 0.93 / 0.07). Markets whose outcomes do not partition (multigoal bands, goalscorers) take
    the same rule one outcome at a time, against its own complement.
    """
    probs = [(win / (1.0 - push) if push < 1.0 else 0.0) for win, push in fairs]
    total = sum(probs)
    partition = 0.97 <= total <= 1.03
    weights = [math.sqrt(max(0.0, 1.0 - p)) for p in probs]
    if partition:
        norm = sum(weights) or 1.0
        loads = [market_margin * w / norm for w in weights]
    else:
        loads = [
            market_margin * w / (w + math.sqrt(p)) if (w + math.sqrt(p)) > 0 else 0.0
            for p, w in zip(probs, weights, strict=True)
        ]
    sigma, cap = NOISE_SIGMA[book], PRICE_CAP[book]
    ladder = _LADDERS[book]
    out: list[float | None] = []
    for i, p in enumerate(probs):
        if p <= 1e-9:
            out.append(None)
            continue
        q = p + loads[i]
        sign = 1 if i % 2 == 0 else -1
        odds = min(cap, math.exp(sigma * noises[i] + TILT_STEP * tilt * sign) / q)
        for upper, step in ladder:
            if odds < upper:
                odds = round(round(odds / step) * step, 2)
                break
        out.append(odds if odds >= MIN_PRICE else None)
    return out


def next_tilt(current: int, draw: float) -> int:
    """A tilt different from `current`, uniform over the others in [−TILT_RANGE, TILT_RANGE]."""
    tilt = -TILT_RANGE + min(2 * TILT_RANGE - 1, int(draw * 2 * TILT_RANGE))
    return tilt + 1 if tilt >= current else tilt


def format_sportybet(price: float) -> str:
    return f"{price:.2f}"


def format_bet9ja(price: float) -> str:
    text = f"{price:.2f}".rstrip("0").rstrip(".")
    return text
