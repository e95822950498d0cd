"""The comparison of each market-line, computed once per change of its quotes, kept compact.

Comparing one line across books (`analytics.compare`) costs a few hundred microseconds; an event
has hundreds of lines and a cycle changes a few per cent of them. So each line's result is kept
per (event, market, line), with the quote states it was computed from: the pipeline's states
are immutable and replaced on change, so "same objects" is an exact and O(books) freshness test,
and a cycle that only confirms prices invalidates nothing.

What is kept is the line's answer as compressed JSON (about 1 KB, against some 30 KB for the
same answer as pydantic objects): details are assembled from these bytes, and only the
headline lines keep objects, for the list.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from oddsdesk.analytics import compare as analytics
from oddsdesk.domain import REFERENCE_BOOK, Book
from oddsdesk.readmodel.compare import book_market, compare_market
from oddsdesk.readmodel.markets import HEADLINE, HeadlineMarket, MarketLookup
from oddsdesk.readmodel.schemas import BookMarket
from oddsdesk.readmodel.values import QuoteLike

if TYPE_CHECKING:
    from oddsdesk.readmodel.view import EventState

MarketKey = tuple[str, float | None]
HEADLINE_KEYS = frozenset((head.market, head.line) for head in HEADLINE)


@dataclass(slots=True)
class LineEntry:
    quotes: tuple[tuple[Book, QuoteLike], ...]
    listed: bool
    category: str
    alerts: int
    packed: bytes = field(repr=False)
    per_book: dict[Book, BookMarket] = field(default_factory=dict)
    """Headline lines only: each book's quote as the list shows it."""

    def matches(self, quotes: Mapping[Book, QuoteLike], listed: bool) -> bool:
        if listed != self.listed or len(quotes) != len(self.quotes):
            return False
        return all(quotes.get(book) is state for book, state in self.quotes)

    @property
    def json(self) -> bytes:
        """The line's `MarketComparison` as JSON."""
        return zlib.decompress(self.packed)


class LineCache:
    """Line comparisons per event. Safe to share between threads: a race computes twice."""

    def __init__(
        self, markets: MarketLookup, thresholds: analytics.Thresholds | None = None
    ) -> None:
        self.markets = markets
        self.thresholds = thresholds
        self._by_event: dict[int, dict[MarketKey, LineEntry]] = {}
        self.computed = 0

    def get(
        self, event_id: int, key: MarketKey, quotes: Mapping[Book, QuoteLike], *, listed: bool
    ) -> LineEntry:
        lines = self._by_event.get(event_id)
        if lines is None:
            lines = self._by_event.setdefault(event_id, {})
        entry = lines.get(key)
        if entry is not None and entry.matches(quotes, listed):
            return entry
        market, line = key
        meta = self.markets(market)
        schema, raw = compare_market(
            meta, line, quotes, reference_listed=listed, thresholds=self.thresholds
        )
        entry = LineEntry(
            quotes=tuple(quotes.items()),
            listed=listed,
            category=meta.category,
            alerts=len(schema.alerts),
            packed=zlib.compress(schema.__pydantic_serializer__.to_json(schema), 1),
        )
        if key in HEADLINE_KEYS:
            entry.per_book = {
                book: book_market(book, line, quote, meta, raw) for book, quote in quotes.items()
            }
        lines[key] = entry
        self.computed += 1
        return entry

    def drop(self, event_ids: Iterable[int]) -> None:
        for event_id in event_ids:
            self._by_event.pop(event_id, None)


BOOKS = tuple(Book)


def line_quotes(state: EventState, market: str, line: float | None) -> dict[Book, QuoteLike]:
    """The books' quotes of one line of the event, in book order."""
    found = {}
    for book in BOOKS:
        quote = state.quotes.get((book, market, line))
        if quote is not None:
            found[book] = quote
    return found


def headline_entries(cache: LineCache, state: EventState) -> list[tuple[HeadlineMarket, LineEntry]]:
    """The event's headline lines, compared (computed at apply time, so lists never wait)."""

    def compute(state: EventState) -> list[tuple[HeadlineMarket, LineEntry]]:
        listed = REFERENCE_BOOK in state.books
        found = []
        for head in HEADLINE:
            quotes = line_quotes(state, head.market, head.line)
            if quotes:
                key = (head.market, head.line)
                found.append((head, cache.get(state.event_id, key, quotes, listed=listed)))
        return found

    return state.cached("headline", compute)
