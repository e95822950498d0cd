"""The immutable values every layer speaks.

Two levels:
* **book level** (`EventRef`, `BookEvent`, `BookMarket`, `BookOutcome`): what one bookmaker said,
  in its own ids and labels, already freed of its payload format (JSON keys, string prices, time
  zones). Adapters in `books/` produce these.
* **canonical level** (`MarketQuote`, `OutcomePrice`): the same prices keyed by the catalogue's
  market id, a line in one convention for every book, and outcomes named by meaning. The mapping
  in `markets/` produces these.

Conventions: datetimes are aware UTC; a price is decimal odds > 1.0 or None; a handicap line is
stated from the home side; a total is its goal line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import NamedTuple


class Book(StrEnum):
    BETPAWA = "betpawa"
    SPORTYBET = "sportybet"
    BET9JA = "bet9ja"

    @property
    def label(self) -> str:
        return {"betpawa": "BetPawa", "sportybet": "SportyBet", "bet9ja": "Bet9ja"}[self.value]


REFERENCE_BOOK = Book.BETPAWA


@dataclass(frozen=True, slots=True)
class EventRef:
    """One event as a book lists it. `book_event_id` is what the book's detail endpoint takes."""

    book: Book
    book_event_id: str
    sr_id: str | None
    home: str
    away: str
    kickoff: datetime
    tournament: str
    country: str | None = None
    tournament_id: str | None = None
    genius_id: str | None = None
    live: bool = False


class BookOutcome(NamedTuple):
    """One outcome of a book market (a NamedTuple, not a frozen dataclass: an event has
    thousands, and building one costs a third as much).

    `code` is the book's own outcome identifier (BetPawa price `name`, SportyBet outcome `id`,
    Bet9ja key suffix); `name` is the label the book shows (BetPawa `name`/`displayName`,
    SportyBet `desc`, Bet9ja `SGN`/`TRANS` label). `price` is None when the book shows no price.
    """

    code: str
    name: str
    price: float | None
    available: bool


class BookMarket(NamedTuple):
    """One market at one line, as the book states it (a NamedTuple for the same reason as
    BookOutcome: an event has a hundred or more).

    `market_id`: BetPawa `marketType.id`, SportyBet market `id`, Bet9ja key prefix (`S_OU`).
    `specifier`: the line as the book writes it — SportyBet `specifier` ("total=2.5",
    "hcp=0:1"), Bet9ja text after "@" ("2.5", "-0.75"), BetPawa the row's line in real units as
    a decimal string ("2.5", "-1.5"; the ×4 `row.handicap` already divided) — or None.
    Every row of a lineless multi-row BetPawa market is merged into one BookMarket.
    """

    market_id: str
    name: str
    specifier: str | None
    outcomes: tuple[BookOutcome, ...]


@dataclass(frozen=True, slots=True)
class BookEvent:
    """An event detail: the listing facts plus every market the book prices."""

    ref: EventRef
    markets: tuple[BookMarket, ...]

    @property
    def book(self) -> Book:
        return self.ref.book


class OutcomePrice(NamedTuple):
    """A canonical outcome ("home", "over", "yes", "1:0", …) and its price on one book
    (a NamedTuple for the same reason as BookOutcome)."""

    outcome: str
    price: float | None
    available: bool


class MarketQuote(NamedTuple):
    """One book's prices for one canonical market at one line (a NamedTuple: hundreds per
    event)."""

    market: str
    line: float | None
    outcomes: tuple[OutcomePrice, ...]
    book_market: str = ""

    @property
    def key(self) -> tuple[str, float | None]:
        return (self.market, self.line)


@dataclass(frozen=True, slots=True)
class UnmappedMarket:
    """A book market the catalogue does not cover, or could not read, with the reason."""

    book_market: str
    name: str
    reason: str
    count: int = 1


@dataclass(frozen=True, slots=True)
class MappedEvent:
    """A book event after mapping: canonical quotes plus what could not be mapped."""

    ref: EventRef
    quotes: tuple[MarketQuote, ...]
    unmapped: tuple[UnmappedMarket, ...] = field(default=())
