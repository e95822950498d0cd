"""The adapter interface every book implements, and what the adapters share.

An adapter knows its book's URLs and payloads and nothing else: it asks `BookClient` for JSON
(which throttles and retries) and hands the JSON to its pure parsers. A listing that fails is
recorded in the discovery report and the others go on; only a book that fails entirely raises.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

import httpx

from oddsdesk.books.http import BookClient, BookMetrics
from oddsdesk.config import Settings
from oddsdesk.domain import Book, BookEvent, EventRef
from oddsdesk.errors import BadPayload, BookError
from oddsdesk.logging import get_logger

T = TypeVar("T")
L = TypeVar("L")
_log = get_logger(__name__)


@dataclass(frozen=True, slots=True)
class Competition:
    """One tournament/competition/group as a book's tree lists it."""

    book_id: str
    name: str
    country: str | None = None


@dataclass(frozen=True, slots=True)
class EventPage:
    """One page of a book's event list: what parsed, what did not, and how many items it had."""

    refs: list[EventRef]
    rejected: list[BadPayload]
    size: int
    total: int | None = None


@dataclass
class DiscoveryReport:
    """What the last discovery did: listings read, listings that failed, items that did not parse."""

    book: Book
    listings: int = 0
    failed: list[BookError] = field(default_factory=list)
    rejected: list[BadPayload] = field(default_factory=list)

    def reject(self, errors: list[BadPayload]) -> None:
        for error in errors:
            self.rejected.append(error)
            _log.warning("book list item rejected", book=self.book.value, error=str(error))


class BookAdapter(Protocol):
    book: Book
    last_discovery: DiscoveryReport

    @property
    def metrics(self) -> BookMetrics: ...

    async def discover(self) -> list[EventRef]:
        """Upcoming prematch football events, following every page of every listing."""
        ...

    async def fetch_event(self, ref: EventRef) -> BookEvent:
        """One event's detail with every market; a malformed answer is BadPayload."""
        ...

    async def aclose(self) -> None: ...


Transport = httpx.AsyncBaseTransport | Mapping[Book, httpx.AsyncBaseTransport] | None


def build_adapters(settings: Settings, *, transport: Transport = None) -> dict[Book, BookAdapter]:
    """One adapter per enabled book. `transport` (one for all books, or one per book) replaces
    the network: the simulator's ASGI app, an `httpx.MockTransport`, …"""
    from oddsdesk.books import bet9ja, betpawa, sportybet

    modules = {Book.BETPAWA: betpawa, Book.SPORTYBET: sportybet, Book.BET9JA: bet9ja}
    adapters: dict[Book, BookAdapter] = {}
    for book in settings.enabled_books:
        module = modules[book]
        book_transport = transport.get(book) if isinstance(transport, Mapping) else transport
        client = BookClient(
            book, settings, headers=module.headers(settings), transport=book_transport
        )
        adapters[book] = module.Adapter(client, settings)
    return adapters


async def close_adapters(adapters: Mapping[Book, BookAdapter]) -> None:
    await asyncio.gather(*(adapter.aclose() for adapter in adapters.values()))


async def get_parsed(
    client: BookClient,
    path: str,
    params: dict[str, Any] | None,
    parse: Callable[[Any], T],
    *,
    quick: Callable[[bytes], T | None] | None = None,
) -> T:
    """GET and parse (`quick` first, see `BookClient.get_json`); a book-level error or a payload
    that does not parse is counted against the book like any HTTP error (by the client), and
    carries the path it came from."""
    try:
        return await client.get_json(path, params, parse, quick=quick)
    except BookError as exc:
        exc.url = exc.url or path
        raise


async def read_listings(
    report: DiscoveryReport,
    listings: Sequence[L],
    read: Callable[[L], Awaitable[list[EventRef]]],
) -> list[EventRef]:
    """Read every listing concurrently (the client throttles). A failed listing is recorded and
    skipped; if every listing fails the book is down and the last error is raised."""
    results = await asyncio.gather(*(read(listing) for listing in listings), return_exceptions=True)
    refs: list[EventRef] = []
    for listing, result in zip(listings, results, strict=True):
        if isinstance(result, BookError):
            report.failed.append(result)
            _log.warning(
                "book listing failed",
                book=report.book.value,
                listing=str(listing),
                error=str(result),
            )
        elif isinstance(result, BaseException):
            raise result
        else:
            report.listings += 1
            refs.extend(result)
    if listings and len(report.failed) == len(listings):
        raise report.failed[-1]
    return refs


def keep_upcoming(refs: list[EventRef]) -> list[EventRef]:
    """Prematch events only, each once (paging and overlapping listings can repeat an item)."""
    seen: set[str] = set()
    upcoming = []
    for ref in refs:
        if not ref.live and ref.book_event_id not in seen:
            seen.add(ref.book_event_id)
            upcoming.append(ref)
    return upcoming
