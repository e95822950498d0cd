"""The mapping report over the payloads of one match: per book what was seen, mapped and not,
the coverage figures the catalogue is judged by, and every disagreement the check finds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from oddsdesk.domain import REFERENCE_BOOK, Book, BookEvent, MappedEvent, UnmappedMarket
from oddsdesk.markets.catalogue import Catalogue, load_catalogue
from oddsdesk.markets.check import CheckResult, Disagreement, check
from oddsdesk.markets.mapping import PARTLY_MAPPED, LineResult, map_lines, summarise

# pawaRisk on the same capture of match 68995116 (reference/market-catalogue.md).
PAWARISK = {Book.SPORTYBET: "173 of 360 markets", Book.BET9JA: "95 markets from 923 odds keys"}


@dataclass(frozen=True, slots=True)
class Ratio:
    part: int
    whole: int

    @property
    def share(self) -> float | None:
        return self.part / self.whole if self.whole else None

    def __str__(self) -> str:
        share = self.share
        return f"{self.part}/{self.whole}" + (f" ({share:.1%})" if share is not None else "")


@dataclass(frozen=True, slots=True)
class BookReport:
    """One payload's book: its market-lines (rows merged), mapped or not, and why not."""

    book: Book
    event: str
    sr_id: str | None
    seen: int
    mapped: int
    quotes: int
    unmapped: tuple[UnmappedMarket, ...]
    shared_mapped: Ratio | None
    """Of this competitor's lines whose market the reference book also quotes: how many map."""
    found_on: dict[Book, Ratio]
    """Reference book only: its lines found on each competitor under the same key, outcomes
    in common."""

    @property
    def not_mapped(self) -> int:
        return self.seen - self.mapped

    @property
    def coverage(self) -> Ratio:
        return Ratio(self.mapped, self.seen)


@dataclass(frozen=True, slots=True)
class MappingReport:
    books: tuple[BookReport, ...]
    check: CheckResult
    sr_ids: tuple[str, ...]

    @property
    def one_match(self) -> bool:
        return len(self.sr_ids) <= 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "one_match": self.one_match,
            "sr_ids": list(self.sr_ids),
            "books": [_book_dict(b) for b in self.books],
            "check": {
                "compared": self.check.compared,
                "disagreements": [_disagreement_dict(d) for d in self.check.disagreements],
            },
        }


def build_report(events: Sequence[BookEvent], catalogue: Catalogue | None = None) -> MappingReport:
    """Map every event (payloads of one match, any books) and measure the mapping."""
    catalogue = catalogue or load_catalogue()
    lines = [map_lines(event, catalogue) for event in events]
    mapped_events = [summarise(e.ref, result) for e, result in zip(events, lines, strict=True)]
    owners = _owners(catalogue)
    reference = [
        (event, result)
        for event, result in zip(events, lines, strict=True)
        if event.book is REFERENCE_BOOK
    ]
    reference_markets = {
        q.market for _, result in reference for line in result for q in line.quotes
    }
    competitor_keys = _competitor_keys(events, lines)
    books = []
    for event, result, mapped in zip(events, lines, mapped_events, strict=True):
        shared = None
        found: dict[Book, Ratio] = {}
        if event.book is REFERENCE_BOOK:
            found = {book: _found(result, keys) for book, keys in competitor_keys.items()}
        elif reference:
            relevant = [
                line
                for line in result
                if owners.get((event.book, line.market.market_id), set()) & reference_markets
            ]
            shared = Ratio(sum(1 for line in relevant if line.quotes), len(relevant))
        books.append(
            BookReport(
                book=event.book,
                event=f"{event.ref.home} - {event.ref.away}",
                sr_id=event.ref.sr_id,
                seen=len(result),
                mapped=sum(1 for line in result if line.quotes),
                quotes=len(mapped.quotes),
                unmapped=tuple(sorted(mapped.unmapped, key=lambda u: (-u.count, u.book_market))),
                shared_mapped=shared,
                found_on=found,
            )
        )
    sr_ids = tuple(sorted({e.ref.sr_id for e in events if e.ref.sr_id}))
    return MappingReport(books=tuple(books), check=check(mapped_events, catalogue), sr_ids=sr_ids)


def event_document(mapped: MappedEvent, catalogue: Catalogue | None = None) -> dict[str, Any]:
    """A mapped event as the canonical part of `oddsdesk parse --json`: its quotes and what was
    not mapped (one item per book market and reason)."""
    catalogue = catalogue or load_catalogue()
    return {
        "catalogue": catalogue.version,
        "markets": [
            {
                "market": quote.market,
                "name": catalogue.market(quote.market).display_name,
                "line": quote.line,
                "book_market": quote.book_market,
                "outcomes": [
                    {"outcome": o.outcome, "price": o.price, "available": o.available}
                    for o in quote.outcomes
                ],
            }
            for quote in mapped.quotes
        ],
        "unmapped": [
            {"book_market": u.book_market, "name": u.name, "count": u.count, "reason": u.reason}
            for u in mapped.unmapped
        ],
    }


def _owners(catalogue: Catalogue) -> dict[tuple[Book, str], set[str]]:
    """(book, book market id) → the canonical markets it may carry."""
    owners: dict[tuple[Book, str], set[str]] = {}
    for book in Book:
        for market, variant in catalogue.variants(book):
            owners.setdefault((book, variant.market), set()).add(market.id)
    return owners


def _competitor_keys(
    events: Sequence[BookEvent], lines: Sequence[list[LineResult]]
) -> dict[Book, dict[tuple[str, float | None], set[str]]]:
    """Per competitor: each quoted (market, line) and its priced outcomes."""
    keys: dict[Book, dict[tuple[str, float | None], set[str]]] = {}
    for event, result in zip(events, lines, strict=True):
        if event.book is REFERENCE_BOOK:
            continue
        book_keys = keys.setdefault(event.book, {})
        for line in result:
            for quote in line.quotes:
                priced = {o.outcome for o in quote.outcomes if o.price is not None}
                book_keys.setdefault(quote.key, set()).update(priced)
    return keys


def _found(result: list[LineResult], keys: dict[tuple[str, float | None], set[str]]) -> Ratio:
    """Reference lines with a quote the competitor also has, sharing a priced outcome."""
    found = 0
    for line in result:
        for quote in line.quotes:
            priced = {o.outcome for o in quote.outcomes if o.price is not None}
            if priced & keys.get(quote.key, set()):
                found += 1
                break
    return Ratio(found, len(result))


def is_partial(unmapped: UnmappedMarket) -> bool:
    return unmapped.reason.startswith(PARTLY_MAPPED)


def _ratio_dict(ratio: Ratio | None) -> dict[str, Any] | None:
    if ratio is None:
        return None
    return {"count": ratio.part, "of": ratio.whole, "share": ratio.share}


def _book_dict(report: BookReport) -> dict[str, Any]:
    return {
        "book": report.book.value,
        "event": report.event,
        "sr_id": report.sr_id,
        "markets_seen": report.seen,
        "markets_mapped": report.mapped,
        "markets_unmapped": report.not_mapped,
        "quotes": report.quotes,
        "shared_with_reference_mapped": _ratio_dict(report.shared_mapped),
        "found_on": {book.value: _ratio_dict(r) for book, r in report.found_on.items()},
        "pawarisk": PAWARISK.get(report.book),
        "unmapped": [
            {
                "book_market": u.book_market,
                "name": u.name,
                "reason": u.reason,
                "count": u.count,
                "partly_mapped": is_partial(u),
            }
            for u in report.unmapped
        ],
    }


def _disagreement_dict(d: Disagreement) -> dict[str, Any]:
    return {
        "market": d.market,
        "line": d.line,
        "outcome": d.outcome,
        "books": [b.value for b in d.books],
        "book_markets": list(d.book_markets),
        "probabilities": [round(p, 4) for p in d.probabilities],
        "method": d.method,
    }
