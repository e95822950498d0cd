"""Mapping speed on every full capture, against a naive mapper measured in the same run.

Parsing (JSON decode + the book's parser) and mapping are timed apart. The naive baseline maps
the same markets to the same quotes but scans the catalogue's rows for every book market and the
row's outcome codes for every outcome (what a table-driven mapper without indexes does); the
real mapper looks both up in tables built once per catalogue. "first ms" plans every market
afresh (`fresh=True`: a structure's first sight); "map ms" reuses the book's plans, as every
later cycle does. Coverage per book on the capture triple of match 68995116 is printed beside
pawaRisk's figures for the same capture.

    .venv/bin/python benchmarks/bench_mapping.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import orjson

from oddsdesk.domain import BookEvent, MarketQuote, OutcomePrice
from oddsdesk.markets.catalogue import Catalogue, load_catalogue
from oddsdesk.markets.cli import parse_payload
from oddsdesk.markets.lines import parse_line, render
from oddsdesk.markets.mapping import map_event, mapper_for, merge_rows
from oddsdesk.markets.report import PAWARISK, build_report

ROOT = Path(__file__).resolve().parents[1]
CAPTURES = Path(os.environ.get("ODDSDESK_CAPTURES", ROOT.parent / "shared/reference/captures"))
FULL = (
    "betpawa_event_detail.json",
    "betpawa_event_detail_dc_1up.json",
    "sportybet_event_detail.json",
    "sportybet_event_detail_2way_handicap.json",
    "bet9ja_event_detail.json",
    "bet9ja_event_detail_next_goal_team_ou.json",
)
TRIPLE = ("betpawa_event_detail.json", "sportybet_event_detail.json", "bet9ja_event_detail.json")


def naive_map(event: BookEvent, catalogue: Catalogue) -> list[MarketQuote]:
    """The same quotes by linear scans: every catalogue row per market, every code per outcome."""
    book = event.book
    quotes = []
    for market in merge_rows(event.markets):
        spec = (
            dict(p.split("=", 1) for p in market.specifier.split("|"))
            if market.specifier and book.value == "sportybet"
            else {}
        )
        for row in catalogue.markets:
            for variant in row.variants.get(book, ()):
                if variant.market != market.market_id:
                    continue
                line = _naive_line(row.has_line, variant, market.specifier, spec)
                if line is False:
                    continue
                text = _line_text(variant, spec, market.specifier)
                outcomes = []
                for outcome in market.outcomes:
                    for code in variant.outcomes:
                        label = render(
                            code.label,
                            line_text=text,
                            line=line,
                            home=event.ref.home,
                            away=event.ref.away,
                        )
                        if code.code == outcome.code or label.casefold() == outcome.name.casefold():
                            outcomes.append(
                                OutcomePrice(code.outcome, outcome.price, outcome.available)
                            )
                            break
                if outcomes:
                    quotes.append(MarketQuote(row.id, line, tuple(outcomes), market.market_id))
    return quotes


def _naive_line(has_line, variant, specifier, spec):
    if variant.specifier is not None:
        want = dict(p.split("=", 1) for p in variant.specifier.split("|"))
        if want.keys() != spec.keys():
            return False
        for key, value in want.items():
            if value == "{line}":
                return parse_line(spec[key], variant.line_format)
            if spec[key] != value:
                return False
        return variant.fixed_line
    if variant.specifier is None and variant.book.value == "sportybet":
        return variant.fixed_line if not spec else False
    if not has_line:
        return None if specifier is None else False
    if variant.fixed_line is not None:
        return variant.fixed_line if specifier is None else False
    if specifier is None:
        return False
    try:
        return parse_line(specifier, variant.line_format)
    except ValueError:
        return False


def _line_text(variant, spec, specifier) -> str:
    if variant.specifier:
        for key, value in (p.split("=", 1) for p in variant.specifier.split("|")):
            if value == "{line}":
                return spec.get(key, "")
        return ""
    return specifier or ""


def _median_us(function: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter_ns()
        function()
        samples.append((time.perf_counter_ns() - start) / 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    catalogue = load_catalogue()
    print(f"catalogue {catalogue.version}: {len(catalogue.markets)} markets")
    events = [parse_payload(orjson.loads((CAPTURES / n).read_bytes())) for n in TRIPLE]
    mapper_for.cache_clear()
    start = time.perf_counter_ns()
    for event in events:
        mapper_for(event.book, catalogue)
    print(
        f"lookup tables for the three books built once in {(time.perf_counter_ns() - start) / 1e6:.1f} ms"
    )
    header = (
        f"{'capture':44} {'lines':>5} {'parse ms':>9} {'first ms':>9} {'map ms':>7} "
        f"{'µs/line':>8} {'naive µs/line':>14} {'speed-up':>8}"
    )
    print(header)
    print("-" * len(header))
    for name in FULL:
        raw = (CAPTURES / name).read_bytes()
        event = parse_payload(orjson.loads(raw))
        lines = len(merge_rows(event.markets))
        mapped = map_event(event, catalogue)
        naive = naive_map(event, catalogue)
        assert {q.key for q in mapped.quotes} <= {q.key for q in naive}, name
        parse_us = _median_us(
            lambda raw=raw: parse_payload(orjson.loads(raw)), max(args.repeat // 4, 5)
        )
        assert mapped == map_event(event, catalogue, fresh=True), name
        first_us = _median_us(
            lambda event=event: map_event(event, catalogue, fresh=True), max(args.repeat // 4, 5)
        )
        map_us = _median_us(lambda event=event: map_event(event, catalogue), args.repeat)
        naive_us = _median_us(
            lambda event=event: naive_map(event, catalogue), max(args.repeat // 10, 5)
        )
        print(
            f"{name:44} {lines:5d} {parse_us / 1000:9.2f} {first_us / 1000:9.2f} {map_us / 1000:7.2f} "
            f"{map_us / lines:8.1f} {naive_us / lines:14.1f} {naive_us / map_us:7.1f}x"
        )
    report = build_report(events, catalogue)
    print("\ncoverage on match 68995116 (market-lines: one book market at one line)")
    for book in report.books:
        line = f"  {book.book.label:10} mapped {book.coverage}"
        if book.book in PAWARISK:
            line += f"   pawaRisk: {PAWARISK[book.book]}"
        if book.shared_mapped is not None:
            line += f"   lines of markets BetPawa quotes: {book.shared_mapped}"
        print(line)
        for other, ratio in book.found_on.items():
            print(f"  BetPawa lines found on {other.label}: {ratio}")
    print(
        f"  check: {report.check.compared} outcome comparisons, "
        f"{len(report.check.disagreements)} disagreements"
    )


if __name__ == "__main__":
    main()
