"""What the read model is fed: event metadata, one book's link to it, and current quotes.

The pipeline hands these to `OddsView.apply` after a batch is committed; the warm-up builds the
same values from the database. They are immutable, so the view can share them between readers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from oddsdesk.domain import Book, OutcomePrice


@dataclass(frozen=True, slots=True)
class BookLink:
    """One book's listing of an event: its own id, link, spellings and tournament."""

    book: Book
    book_event_id: str
    home: str
    away: str
    tournament: str
    country: str | None = None
    url: str | None = None
    matched_by: str = "sr_id"
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class EventInfo:
    """A canonical event: one match, whichever books list it."""

    event_id: int
    sr_id: str | None
    home: str
    away: str
    kickoff: datetime
    tournament: str
    country: str | None
    links: tuple[BookLink, ...]

    def link(self, book: Book) -> BookLink | None:
        for link in self.links:
            if link.book is book:
                return link
        return None


class QuoteLike(Protocol):
    """The current state of one market-line on one book, as the pipeline keeps it
    (`oddsdesk.pipeline.changes.QuoteState`): last prices, offered or not and since when, and
    the last change of either. A withdrawn market keeps its last prices."""

    @property
    def outcomes(self) -> tuple[OutcomePrice, ...]: ...
    @property
    def available(self) -> bool: ...
    @property
    def changed_at(self) -> datetime: ...
    @property
    def unavailable_since(self) -> datetime | None: ...


QuoteKey = tuple[int, Book, str, float | None]
"""(event id, book, canonical market id, line): one current quote."""


@dataclass(frozen=True, slots=True)
class Seen:
    """A book answered for an event at `at`: every available quote of it is confirmed then."""

    event_id: int
    book: Book
    at: datetime
