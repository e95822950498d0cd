"""How fast the event-detail parsers turn real captures into BookEvents.

Baseline, measured in the same run: a bare walk over the same JSON that builds the same number
of BookOutcome/BookMarket values with no checks at all. The ratio is the price of validation.

    python benchmarks/parse_events.py [--repeat 7] [--number 20]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import timeit
from pathlib import Path
from typing import Any

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from oddsdesk.books import bet9ja, betpawa, sportybet
from oddsdesk.domain import BookMarket, BookOutcome

CAPTURES = Path(
    os.environ.get(
        "ODDSDESK_CAPTURES", Path(__file__).resolve().parents[2] / "shared/reference/captures"
    )
)


def bare_betpawa(raw: dict[str, Any]) -> list[BookMarket]:
    markets = []
    for market in raw["markets"]:
        for row in market["row"]:
            outcomes = tuple(
                BookOutcome(p["name"], p["displayName"], p.get("price", p.get("odds")), True)
                for p in row["prices"]
            )
            markets.append(BookMarket(market["marketType"]["id"], "", None, outcomes))
    return markets


def bare_sportybet(raw: dict[str, Any]) -> list[BookMarket]:
    return [
        BookMarket(
            m["id"],
            m["desc"],
            m.get("specifier"),
            tuple(BookOutcome(o["id"], o["desc"], float(o["odds"]), True) for o in m["outcomes"]),
        )
        for m in raw["data"]["markets"]
    ]


def bare_bet9ja(raw: dict[str, Any]) -> list[BookMarket]:
    groups: dict[str, list[BookOutcome]] = {}
    for key, value in raw["D"]["O"].items():
        head, _, code = key.rpartition("_")
        groups.setdefault(head, []).append(BookOutcome(code, code, float(value), True))
    return [BookMarket(head, head, None, tuple(outcomes)) for head, outcomes in groups.items()]


CASES = [
    ("betpawa", "betpawa_event_detail.json", betpawa.parse_event, bare_betpawa),
    ("betpawa Aug", "betpawa_event_detail_dc_1up.json", betpawa.parse_event, bare_betpawa),
    ("sportybet", "sportybet_event_detail.json", sportybet.parse_event, bare_sportybet),
    (
        "sportybet big",
        "sportybet_event_detail_2way_handicap.json",
        sportybet.parse_event,
        bare_sportybet,
    ),
    ("bet9ja", "bet9ja_event_detail.json", bet9ja.parse_event, bare_bet9ja),
]


def best_ms(func, raw, repeat: int, number: int) -> float:
    """Best of `repeat` runs, in CPU time of this process (other load on the machine aside)."""
    runs = timeit.repeat(lambda: func(raw), repeat=repeat, number=number, timer=time.process_time)
    return min(runs) / number * 1000


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--number", type=int, default=20)
    args = parser.parse_args()
    print(
        f"{'capture':<15}{'outcomes':>9}{'parse ms':>10}{'bare ms':>9}{'ratio':>7}{'µs/outcome':>12}"
    )
    for label, name, parse, bare in CASES:
        raw = orjson.loads((CAPTURES / name).read_bytes())
        outcomes = sum(len(m.outcomes) for m in parse(raw).markets)
        parse_ms = best_ms(parse, raw, args.repeat, args.number)
        bare_ms = best_ms(bare, raw, args.repeat, args.number)
        print(
            f"{label:<15}{outcomes:>9}{parse_ms:>10.2f}{bare_ms:>9.2f}{parse_ms / bare_ms:>7.1f}"
            f"{parse_ms * 1000 / outcomes:>12.1f}"
        )


if __name__ == "__main__":
    main()
