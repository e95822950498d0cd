"""Change detection: what one book's scrape of one event changed, against the last known state.

Pure: no I/O, no clock. The result is a `ChangeSet`; the storage writer turns each `QuoteChange`
into exactly one history row plus one current-row upsert, and the whole set into one
"confirmed at" per (event, book), so a cycle that sees the same prices costs one row per pair.

What counts as a change (prices are compared at the storage precision, outcome order ignored):

* a market seen for the first time ............................... NEW
* an available market whose prices or outcome availability moved . CHANGED
* an available market absent from this scrape .................... VANISHED
* an unavailable market present again ............................ REAPPEARED
* an available market with the same prices ....................... unchanged (confirmation only)
* an unavailable market still absent ............................. nothing at all
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from oddsdesk.domain import Book, MarketQuote, OutcomePrice

MarketKey = tuple[str, float | None]
"""(canonical market id, line) inside one (event, book)."""

QuoteKey = tuple[int, Book, str, float | None]
"""(event id, book, canonical market id, line): one row of current odds."""

LINE_SCALE = 100
"""Lines are stored as integer hundredths (2.25 → 225); finer lines cannot be told apart."""
LINE_LIMIT = 32_767
PRICE_SCALE = 1000
"""Prices are stored as integer thousandths of decimal odds (1.85 → 1850)."""
PRICE_LIMIT = 1_000_000.0


def line_units(line: float | None) -> int | None:
    """The stored form of a line, or ValueError for a line storage cannot hold exactly."""
    if line is None:
        return None
    scaled = line * LINE_SCALE
    units = round(scaled) if math.isfinite(scaled) else None
    if units is None or abs(scaled - units) > 1e-6 or abs(units) > LINE_LIMIT:
        raise ValueError(f"line {line!r} is not a multiple of 0.01 within ±{LINE_LIMIT / 100}")
    return units


def price_units(price: float | None) -> int | None:
    """The stored form of a price, or ValueError for one that is not a finite positive odd."""
    if price is None:
        return None
    if not (math.isfinite(price) and 0 < price <= PRICE_LIMIT):
        raise ValueError(f"price {price!r} is not a decimal odd in (0, {PRICE_LIMIT:g}]")
    units = round(price * PRICE_SCALE)
    if units == 0:
        raise ValueError(f"price {price!r} rounds to zero at {PRICE_SCALE}ths")
    return units


def _fingerprint(outcomes: tuple[OutcomePrice, ...]) -> tuple[tuple[str, int | None, bool], ...]:
    return tuple(sorted((o.outcome, price_units(o.price), o.available) for o in outcomes))


def same_prices(a: tuple[OutcomePrice, ...], b: tuple[OutcomePrice, ...]) -> bool:
    """Equal at the storage precision, whatever the order the book listed the outcomes in."""
    return a == b or _fingerprint(a) == _fingerprint(b)


class ChangeKind(StrEnum):
    NEW = "new"
    CHANGED = "changed"
    VANISHED = "vanished"
    REAPPEARED = "reappeared"


@dataclass(frozen=True, slots=True)
class QuoteState:
    """What is known of one market line on one book: the last prices and whether it is offered.

    `changed_at` is the last change of prices or availability; `unavailable_since` is set while
    the market is absent from the book. A vanished market keeps its last prices.
    """

    outcomes: tuple[OutcomePrice, ...]
    available: bool
    changed_at: datetime
    unavailable_since: datetime | None = None


@dataclass(frozen=True, slots=True)
class QuoteChange:
    """One market line that changed: one history row and one current upsert."""

    market: str
    line: float | None
    kind: ChangeKind
    state: QuoteState


@dataclass(frozen=True, slots=True)
class RejectedQuote:
    """A quote storage cannot hold (a line or price out of range); left out of the state."""

    market: str
    line: float | None
    reason: str


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """The outcome of one book's scrape of one event at `at`.

    `changes` are the rows to write; `unchanged` are confirmed by the single (event, book)
    confirmation; `duplicates` are repeated (market, line) keys in the input (the first one is
    used); `rejected` are quotes that cannot be stored. The last two are for counting and logging.
    """

    event_id: int
    book: Book
    at: datetime
    changes: tuple[QuoteChange, ...] = ()
    unchanged: tuple[MarketKey, ...] = ()
    duplicates: tuple[MarketKey, ...] = ()
    rejected: tuple[RejectedQuote, ...] = ()

    def count(self, kind: ChangeKind) -> int:
        return sum(1 for change in self.changes if change.kind is kind)

    @property
    def seen(self) -> int:
        """Market lines present in this scrape (changed, new, reappeared or unchanged)."""
        return len(self.unchanged) + sum(1 for c in self.changes if c.state.available)


class CurrentState(Mapping[QuoteKey, QuoteState]):
    """The last known state of every current quote, indexed by (event, book) for the diff.

    A mapping keyed by `QuoteKey`; `quotes(event, book)` gives one pair's markets in O(1).
    Mutated only through `put`, `apply_changes` and `drop_event`.
    """

    __slots__ = ("_pairs", "_size")

    def __init__(self) -> None:
        self._pairs: dict[tuple[int, Book], dict[MarketKey, QuoteState]] = {}
        self._size = 0

    def __getitem__(self, key: QuoteKey) -> QuoteState:
        event_id, book, market, line = key
        return self._pairs[(event_id, book)][(market, line)]

    def __iter__(self) -> Iterator[QuoteKey]:
        for (event_id, book), markets in self._pairs.items():
            for market, line in markets:
                yield (event_id, book, market, line)

    def __len__(self) -> int:
        return self._size

    def quotes(self, event_id: int, book: Book) -> Mapping[MarketKey, QuoteState]:
        return self._pairs.get((event_id, book), {})

    def pairs(self) -> Iterator[tuple[int, Book]]:
        return iter(self._pairs)

    def put(self, key: QuoteKey, state: QuoteState) -> None:
        event_id, book, market, line = key
        markets = self._pairs.setdefault((event_id, book), {})
        if (market, line) not in markets:
            self._size += 1
        markets[(market, line)] = state

    def drop_event(self, event_id: int) -> int:
        """Forget an event (it finished or left the window); returns the quotes dropped."""
        dropped = 0
        for pair in [pair for pair in self._pairs if pair[0] == event_id]:
            dropped += len(self._pairs.pop(pair))
        self._size -= dropped
        return dropped


def _check_storable(quote: MarketQuote) -> None:
    line_units(quote.line)
    for outcome in quote.outcomes:
        price_units(outcome.price)


def detect_changes(
    state: CurrentState,
    *,
    event_id: int,
    book: Book,
    quotes: Iterable[MarketQuote],
    now: datetime,
) -> ChangeSet:
    """Compare one book's quotes for one event with the known state. Does not touch `state`."""
    if now.tzinfo is None or now.utcoffset() != timedelta(0):
        raise ValueError("now must be an aware UTC datetime")
    previous = state.quotes(event_id, book)
    changes: list[QuoteChange] = []
    unchanged: list[MarketKey] = []
    duplicates: list[MarketKey] = []
    rejected: list[RejectedQuote] = []
    seen: set[MarketKey] = set()
    for quote in quotes:
        key = (quote.market, quote.line)
        if key in seen:
            duplicates.append(key)
            continue
        seen.add(key)
        before = previous.get(key)
        if before is not None and before.available and before.outcomes == quote.outcomes:
            unchanged.append(key)  # the common case, and already known to be storable
            continue
        try:
            _check_storable(quote)
        except ValueError as exc:
            rejected.append(RejectedQuote(quote.market, quote.line, str(exc)))
            continue
        if before is None:
            kind = ChangeKind.NEW
        elif not before.available:
            kind = ChangeKind.REAPPEARED
        elif same_prices(before.outcomes, quote.outcomes):
            unchanged.append(key)
            continue
        else:
            kind = ChangeKind.CHANGED
        changes.append(
            QuoteChange(quote.market, quote.line, kind, QuoteState(quote.outcomes, True, now))
        )
    for key, before in previous.items():
        if key not in seen and before.available:
            gone = QuoteState(before.outcomes, False, now, unavailable_since=now)
            changes.append(QuoteChange(key[0], key[1], ChangeKind.VANISHED, gone))
    return ChangeSet(
        event_id=event_id,
        book=book,
        at=now,
        changes=tuple(changes),
        unchanged=tuple(unchanged),
        duplicates=tuple(duplicates),
        rejected=tuple(rejected),
    )


def apply_changes(state: CurrentState, change_set: ChangeSet) -> None:
    """Make `state` what it is after `change_set` (call once the set is handed to the writer)."""
    for change in change_set.changes:
        state.put((change_set.event_id, change_set.book, change.market, change.line), change.state)
