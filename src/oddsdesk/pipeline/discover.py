"""Discovery on every enabled book at once; a book that fails is recorded, the others go on."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from oddsdesk.domain import Book, EventRef
from oddsdesk.errors import BookError


class EventLister(Protocol):
    book: Book

    async def discover(self) -> list[EventRef]: ...


def listing_failures(lister: object) -> list[Exception]:
    """Listings (competitions, pages) the adapter could not read in its last discovery: the
    book answered, but not completely."""
    report = getattr(lister, "last_discovery", None)
    return list(getattr(report, "failed", None) or [])


@dataclass(slots=True)
class Discovery:
    """What each book listed, which books failed and why, and how long each took."""

    refs: dict[Book, list[EventRef]] = field(default_factory=dict)
    errors: dict[Book, Exception] = field(default_factory=dict)
    seconds: dict[Book, float] = field(default_factory=dict)
    partial: dict[Book, list[Exception]] = field(default_factory=dict)

    @property
    def listed_books(self) -> set[Book]:
        """Books whose listing is complete: only these can say an event has gone."""
        return set(self.refs) - set(self.partial)


def error_kind(error: BaseException) -> str:
    return error.kind if isinstance(error, BookError) else "internal"


async def discover_all(
    listers: Mapping[Book, EventLister], on_done: Callable[[Book, Discovery], None] | None = None
) -> Discovery:
    """Run every book's discovery at once; `on_done` hears of each book as it finishes."""
    result = Discovery()

    async def one(book: Book, lister: EventLister) -> None:
        started = time.perf_counter()
        try:
            refs = await lister.discover()
        except Exception as exc:  # a failing book is recorded, the cycle goes on
            result.errors[book] = exc
        else:
            result.refs[book] = [ref for ref in refs if ref.book is book]
            if failures := listing_failures(lister):
                result.partial[book] = failures
        result.seconds[book] = time.perf_counter() - started
        if on_done is not None:
            on_done(book, result)

    await asyncio.gather(*(one(book, lister) for book, lister in listers.items()))
    return result
