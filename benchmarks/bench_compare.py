"""Cost of a full cross-book comparison of one event, next to pawaRisk's overround-only view.

The event has 150 market lines (2 to 10 outcomes, the depth of the real captures) on three
books, 85 % of lines on each book. Baseline: what pawaRisk computed per request, Σ 1/odds − 1
for each book's market. oddsdesk: `compare_event` (best prices, verdicts, per-book overround and
de-vig, consensus, alerts, arbitrage). Also the four headline markets a list row shows.

    .venv/bin/python benchmarks/bench_compare.py
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from oddsdesk.analytics.compare import compare_event
from oddsdesk.analytics.margins import overround
from oddsdesk.domain import Book, MarketQuote, OutcomePrice


def event(rng: random.Random, lines: int) -> dict[Book, list[MarketQuote]]:
    quotes: dict[Book, list[MarketQuote]] = {book: [] for book in Book}
    for index in range(lines):
        size = rng.choice((2, 2, 2, 3, 3, 4, 6, 10))
        weights = [rng.random() + 0.05 for _ in range(size)]
        total = sum(weights)
        for book in Book:
            if rng.random() < 0.85:
                prices = tuple(
                    OutcomePrice(
                        f"o{i}", round(total / (w * 1.06 * rng.uniform(0.97, 1.03)), 2), True
                    )
                    for i, w in enumerate(weights)
                )
                quotes[book].append(MarketQuote(f"market_{index}", None, prices))
    return quotes


def overround_only(quotes: dict[Book, list[MarketQuote]]) -> list[float | None]:
    return [overround([o.price for o in q.outcomes]) for qs in quotes.values() for q in qs]


def cpu_ms(work: Callable[[], object], repeat: int = 7, number: int = 20) -> float:
    """Best of `repeat` CPU-time runs: the machine's other load inflates wall time."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        for _ in range(number):
            work()
        best = min(best, (time.process_time() - started) / number)
    return best * 1000


def main() -> None:
    rng = random.Random(3)
    full = event(rng, 150)
    headline = {book: quotes[:4] for book, quotes in full.items()}
    print("# comparison cost per event (CPU ms, best of 7)")
    for label, quotes in (("150 market lines", full), ("4 headline markets", headline)):
        base = cpu_ms(lambda q=quotes: overround_only(q))
        ours = cpu_ms(lambda q=quotes: compare_event(q))
        print(f"{label:20}  overround only {base:7.3f} ms   compare_event {ours:7.3f} ms"
              f"   ×{ours / base:.1f}")  # fmt: skip


if __name__ == "__main__":
    main()
