"""Small in-test stand-ins: a world of books in memory, a storage that records batches."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from oddsdesk.domain import (
    Book,
    BookEvent,
    BookMarket,
    BookOutcome,
    EventRef,
    MappedEvent,
    MarketQuote,
    OutcomePrice,
)
from oddsdesk.errors import BookError, NotFound, ServerError
from oddsdesk.pipeline.cycle import Outgoing

NOW = datetime(2030, 5, 1, 12, tzinfo=UTC)


@dataclass
class FakeBook:
    """One book: its events (sr id → kickoff) and prices (sr id → market → price)."""

    book: Book
    events: dict[str, datetime] = field(default_factory=dict)
    prices: dict[str, dict[str, float]] = field(default_factory=dict)
    failing: dict[str, BookError] = field(default_factory=dict)
    gone: set[str] = field(default_factory=set)
    discovery_error: BookError | None = None
    fetched: list[str] = field(default_factory=list)

    def ref(self, sr_id: str) -> EventRef:
        return EventRef(
            self.book,
            f"{self.book.value}:{sr_id}",
            sr_id,
            f"Home {sr_id}",
            f"Away {sr_id}",
            self.events[sr_id],
            "League",
        )

    async def discover(self) -> list[EventRef]:
        if self.discovery_error:
            raise self.discovery_error
        return [self.ref(sr_id) for sr_id in self.events]

    async def fetch_event(self, ref: EventRef) -> BookEvent:
        sr_id = ref.sr_id or ""
        self.fetched.append(sr_id)
        if sr_id in self.failing:
            raise self.failing[sr_id]
        if sr_id in self.gone:
            raise NotFound(self.book.value, "no such event")
        markets = tuple(
            BookMarket(name, name, None, (BookOutcome("yes", "Yes", price, True),))
            for name, price in self.prices.get(sr_id, {}).items()
        )
        return BookEvent(ref, markets)


def map_event(event: BookEvent) -> MappedEvent:
    quotes = tuple(
        MarketQuote(
            m.market_id,
            None,
            tuple(OutcomePrice(o.code, o.price, o.available) for o in m.outcomes),
            m.market_id,
        )
        for m in event.markets
    )
    return MappedEvent(event.ref, quotes)


@dataclass(frozen=True)
class Target:
    refs: Mapping[Book, EventRef]
    sr_id: str | None
    method: str = "sr_id"


@dataclass(frozen=True)
class Matched:
    targets: list[Target]
    unmatched: dict[str, int]


def match(refs: Mapping[Book, Sequence[EventRef]]) -> Matched:
    grouped: dict[str, dict[Book, EventRef]] = {}
    for book, listed in refs.items():
        for ref in listed:
            grouped.setdefault(ref.sr_id or "", {})[book] = ref
    return Matched([Target(group, sr_id) for sr_id, group in grouped.items()], {})


class MemoryStorage:
    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.batches: list[Outgoing] = []
        self.fail_next_write = False

    async def save_events(self, targets, *, run_id: int, at: datetime, complete: bool) -> list[int]:
        return [self.ids.setdefault(t.sr_id, len(self.ids) + 1) for t in targets]

    async def write(self, batch: Outgoing) -> None:
        self.batches.append(batch)

    def history_rows(self) -> int:
        return sum(len(cs.changes) for b in self.batches for cs in b.change_sets)


def world(n: int = 6) -> dict[Book, FakeBook]:
    books = {book: FakeBook(book) for book in Book}
    for i in range(1, n + 1):
        sr = str(1000 + i)
        for book in books.values():
            book.events[sr] = NOW + timedelta(hours=i)
            book.prices[sr] = {"1x2": 2.0 + i / 10, "ou": 1.9, "btts": 1.8}
    return books


def server_error(book: Book) -> ServerError:
    return ServerError(book.value, "HTTP 503", status=503)
