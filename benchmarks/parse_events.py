"""How fast the event-detail parsers turn real captures (raw bytes) into BookEvents.

`read` is what a cycle pays: `read_event`, typed decoding of the body straight into the values.
`checked` is `orjson.loads` then `parse_event`, the named-path parser that runs when `read`
declines. Baseline, measured in the same run: `orjson.loads` then a bare walk that builds the
same number of BookOutcome/BookMarket values with no checks at all.

    python benchmarks/parse_events.py [--repeat 7] [--number 20]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import timeit
from collections.abc import Callable
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
    ("betpawa", "betpawa_event_detail.json", betpawa, bare_betpawa),
    ("betpawa Aug", "betpawa_event_detail_dc_1up.json", betpawa, bare_betpawa),
    ("sportybet", "sportybet_event_detail.json", sportybet, bare_sportybet),
    ("sportybet big", "sportybet_event_detail_2way_handicap.json", sportybet, bare_sportybet),
    ("bet9ja", "bet9ja_event_detail.json", bet9ja, bare_bet9ja),
    ("bet9ja goals", "bet9ja_event_detail_next_goal_team_ou.json", bet9ja, bare_bet9ja),
]


def decoded(parse: Callable[[Any], Any]) -> Callable[[bytes], Any]:
    return lambda body: parse(orjson.loads(body))


def best_ms(func, body: bytes, repeat: int, number: int) -> float:
    """Best of `repeat` runs, in CPU time of this process (other load on the machine aside)."""
    runs = timeit.repeat(lambda: func(body), repeat=repeat, number=number, timer=time.process_time)
    return min(runs) / number * 1000


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--number", type=int, default=20)
    args = parser.parse_args()
    print(
        f"{'capture':<15}{'kB':>6}{'outcomes':>9}{'read ms':>9}{'checked ms':>11}{'bare ms':>9}"
        f"{'read/bare':>10}{'µs/outcome':>11}"
    )
    for label, name, book, bare in CASES:
        body = (CAPTURES / name).read_bytes()
        event = book.read_event(body)
        assert event is not None and event == book.parse_event(orjson.loads(body)), name
        outcomes = sum(len(m.outcomes) for m in event.markets)
        read_ms = best_ms(book.read_event, body, args.repeat, args.number)
        checked_ms = best_ms(decoded(book.parse_event), body, args.repeat, args.number)
        bare_ms = best_ms(decoded(bare), body, args.repeat, args.number)
        print(
            f"{label:<15}{len(body) / 1000:>6.0f}{outcomes:>9}{read_ms:>9.2f}{checked_ms:>11.2f}"
            f"{bare_ms:>9.2f}{read_ms / bare_ms:>10.2f}{read_ms * 1000 / outcomes:>11.1f}"
        )


if __name__ == "__main__":
    main()
