"""The typed values the dashboard pages render.

Two kinds: *facts* a page is built from (what the read model answers: events, quotes per book,
runs, coverage counts), and *cells* the presenter derives from them (a price coloured against
BetPawa's, the best price marked, a struck-through price with its "since"). Templates only print
cells; every judgement lives in `present.py`, where it is a pure function that tests can pin.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType

from oddsdesk.domain import Book, OutcomePrice


class Tone(StrEnum):
    """A price or margin judged against BetPawa's, from the bettor's side."""

    BETTER = "better"  # higher price (or lower margin) than BetPawa's
    WORSE = "worse"
    SAME = "same"
    NONE = ""  # nothing to compare with


class Offer(StrEnum):
    """Three states a market has on a book, shown three ways (price / struck through / dash)."""

    OFFERED = "offered"
    UNAVAILABLE = "unavailable"
    NEVER = "never"


# ---------------------------------------------------------------- facts


@dataclass(frozen=True, slots=True)
class QuoteFact:
    """One book's current prices for one market at one line."""

    market: str
    line: float | None
    outcomes: tuple[OutcomePrice, ...]
    available: bool
    margin: float | None  # overround Σ(1/odds) − 1 as a fraction; None for an incomplete set
    changed_at: datetime | None = None
    unavailable_since: datetime | None = None
    name: str = ""
    category: str = ""
    labels: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Outcome → its catalogue name, where the catalogue gives one."""
    rank: int = 1_000_000  # the market's place in the catalogue


@dataclass(frozen=True, slots=True)
class AlertFact:
    """One finding of the analytics on a market line (`analytics.compare.Alert`)."""

    kind: str
    message: str
    outcome: str | None = None
    books: tuple[Book, ...] = ()


@dataclass(frozen=True, slots=True)
class MarketInsight:
    """What the analytics says about one market line beyond the prices themselves."""

    fair: Mapping[str, float]  # outcome -> consensus fair odds (aligned competitors, de-vigged)
    edge: Mapping[str, float]  # outcome -> BetPawa's expected hold per unit staked (fraction)
    alerts: tuple[AlertFact, ...] = ()
    arbitrage: float | None = None  # guaranteed return, fraction
    competitor_margin: float | None = None  # competitors' mean overround, fraction


@dataclass(frozen=True, slots=True, eq=False)
class ContentToken:
    """What a rendered match depends on (its freshness aside): plain values, compared by
    equality, and objects the read model shares between versions of a match while their quotes
    stay the same (its per-line answers), compared by identity."""

    values: tuple[object, ...]
    shared: tuple[object, ...]

    def same(self, other: object) -> bool:
        return (
            isinstance(other, ContentToken)
            and self.values == other.values
            and len(self.shared) == len(other.shared)
            and all(a is b for a, b in zip(self.shared, other.shared, strict=True))
        )


@dataclass(frozen=True, slots=True)
class BookFact:
    """An event as one book lists it, with its current quotes keyed by (market, line)."""

    book: Book
    seen_at: datetime | None
    quotes: dict[tuple[str, float | None], QuoteFact]
    url: str | None = None


@dataclass(frozen=True, slots=True)
class EventFact:
    event_id: int
    sr_id: str | None
    home: str
    away: str
    kickoff: datetime
    tournament: str
    country: str | None
    books: tuple[BookFact, ...]
    alerts: int = 0
    tournament_key: str = ""
    insights: Mapping[tuple[str, float | None], MarketInsight] = field(
        default_factory=lambda: MappingProxyType({})
    )
    gap: float | None = None
    """How far the best competitor headline price beats BetPawa's, as a fraction (None: the
    presenter works it out from the quotes)."""
    token: ContentToken | None = None
    """Lets a rendered match outlive this fact while nothing it shows changed (None: it lives
    as long as this very fact)."""

    def book(self, book: Book) -> BookFact | None:
        for fact in self.books:
            if fact.book is book:
                return fact
        return None


@dataclass(frozen=True, slots=True)
class EventPage:
    events: tuple[EventFact, ...]
    total: int
    page: int
    page_size: int
    alerts_total: int = 0

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


@dataclass(frozen=True, slots=True)
class TournamentOption:
    key: str
    name: str
    country: str | None
    events: int = 0


@dataclass(frozen=True, slots=True)
class HistoryPoint:
    at: datetime
    prices: dict[str, float | None]  # outcome -> price
    margin: float | None
    available: bool


@dataclass(frozen=True, slots=True)
class HistorySeries:
    """One book's change points for one market at one line, oldest first."""

    book: Book
    points: tuple[HistoryPoint, ...]
    confirmed_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class BookHealth:
    book: Book
    status: str  # "ok" | "partial" | "failed" | "idle" | "disabled"
    last_success: datetime | None
    errors: int = 0
    message: str | None = None


@dataclass(frozen=True, slots=True)
class StatusFact:
    """What the status strip shows: scheduler, last run, each book's health."""

    scheduler: str  # "running" | "paused" | "stopped" | "off" (no scheduler in this process)
    interval_minutes: int
    next_run: datetime | None
    last_run_id: int | None
    last_run_status: str | None
    last_run_finished: datetime | None
    last_run_events: int | None
    running_run_id: int | None
    books: tuple[BookHealth, ...]


@dataclass(frozen=True, slots=True)
class RunBookFact:
    """One book's part of a run, as the pipeline recorded it."""

    book: Book
    discovered: int | None  # None: discovery failed (or the run has not reached it)
    requested: int
    fetched: int
    failed: int
    markets: int
    changed: int = 0
    discovery_seconds: float | None = None
    avg_fetch_ms: float | None = None
    error: str | None = None
    errors: dict[str, int] = field(default_factory=dict)  # error kind -> count


@dataclass(frozen=True, slots=True)
class RunErrorFact:
    at: datetime
    kind: str
    message: str
    book: Book | None = None
    event: str | None = None


@dataclass(frozen=True, slots=True)
class RunFact:
    run_id: int
    trigger: str
    status: str  # "running" | "succeeded" | "failed"
    started_at: datetime
    finished_at: datetime | None
    events: int
    failed: int
    changes: int
    books: tuple[RunBookFact, ...] = ()
    errors: tuple[RunErrorFact, ...] = ()
    error_count: int = 0
    error: str | None = None  # why a failed run failed
    outcomes: dict[str, int] = field(default_factory=dict)  # event status -> events

    @property
    def seconds(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()


@dataclass(frozen=True, slots=True)
class CoverageRow:
    """One tournament in one country: events per book and how they line up."""

    tournament: str
    country: str | None
    per_book: dict[Book, int]
    matched: int  # on BetPawa and at least one competitor
    competitor_only: int
    betpawa_only: int
    key: str = ""


@dataclass(frozen=True, slots=True)
class MissingEvent:
    event_id: int
    home: str
    away: str
    kickoff: datetime
    tournament: str
    country: str | None
    books: tuple[Book, ...]


@dataclass(frozen=True, slots=True)
class CoverageFact:
    rows: tuple[CoverageRow, ...]
    missing_events: tuple[MissingEvent, ...]
    totals: dict[Book, int] = field(default_factory=dict)
    missing_total: int = 0


@dataclass(frozen=True, slots=True)
class MarginStat:
    book: Book
    markets: int
    average: float | None
    minimum: float | None
    maximum: float | None
    opening: float | None
    closing: float | None


@dataclass(frozen=True, slots=True)
class TournamentMargins:
    tournament: str
    country: str | None
    events: int
    stats: tuple[MarginStat, ...]
    # time-to-kickoff checkpoint label -> book -> average overround in force then
    by_bucket: dict[str, dict[Book, float | None]] = field(default_factory=dict)
    key: str = ""


@dataclass(frozen=True, slots=True)
class TableSize:
    name: str
    rows: int
    bytes: int | None


@dataclass(frozen=True, slots=True)
class StorageSample:
    at: datetime
    total_bytes: int
    rows: int


@dataclass(frozen=True, slots=True)
class StorageAlert:
    at: datetime
    kind: str
    message: str


@dataclass(frozen=True, slots=True)
class StorageFact:
    tables: tuple[TableSize, ...]
    samples: tuple[StorageSample, ...]
    alerts: tuple[StorageAlert, ...]
    database_bytes: int | None = None


@dataclass(frozen=True, slots=True)
class SettingsFact:
    interval_minutes: int
    enabled_books: tuple[Book, ...]
    limits: dict[Book, tuple[int, float]]  # concurrency, spacing ms
    retention_days: int
    scheduler: str
    changeable: bool = True  # this process runs the scraper whose settings these are
    api_key_set: bool = True


@dataclass(frozen=True, slots=True)
class CleanupRunFact:
    run_id: int
    trigger: str
    status: str  # "running" | "completed" | "failed"
    started_at: datetime
    finished_at: datetime | None
    retention_days: int
    deleted: int
    error: str | None = None


@dataclass(frozen=True, slots=True)
class CleanupPreview:
    cutoff: datetime
    rows: dict[str, int]


# ---------------------------------------------------------------- cells


@dataclass(frozen=True, slots=True)
class PriceCell:
    outcome: str
    label: str
    price: float | None
    tone: Tone
    best: bool
    offer: Offer
    since: datetime | None = None


@dataclass(frozen=True, slots=True)
class MarketCell:
    """One market on one book as a row shows it: its prices and its overround."""

    market: str
    line: float | None
    offer: Offer
    prices: tuple[PriceCell, ...]
    margin: float | None
    margin_tone: Tone
    since: datetime | None = None


@dataclass(frozen=True, slots=True)
class BookRow:
    book: Book
    listed: bool
    seen_at: datetime | None
    stale: bool
    cells: tuple[MarketCell, ...]
    url: str | None = None


@dataclass(frozen=True, slots=True)
class MatchRows:
    """A match and one row per book under it, as the comparison table shows them."""

    event: EventFact
    rows: tuple[BookRow, ...]
    worst_gap: float  # how far the best competitor price beats BetPawa's, as a fraction


@dataclass(frozen=True, slots=True)
class MarketRow:
    """One market at one line across books, for the match detail page."""

    market: str
    line: float | None
    name: str
    category: str
    outcomes: tuple[tuple[str, str], ...]  # (outcome key, label) in display order
    cells: tuple[MarketCell, ...]  # one per book, in the page's book order
    betpawa_position: str  # "best" | "worst" | "mid" | "" (not comparable)
    search: str  # lower-case text the quick filter matches
    insight: MarketInsight | None = None
    fair: tuple[float | None, ...] = ()  # consensus fair odds per outcome, in `outcomes` order


@dataclass(frozen=True, slots=True)
class CategoryTab:
    key: str
    label: str
    rows: tuple[MarketRow, ...]


@dataclass(frozen=True, slots=True)
class BookSummary:
    book: Book
    markets: int
    shared_with_betpawa: int
    unavailable: int
    betpawa_best: int  # on markets shared with this book, BetPawa's price beats it
    betpawa_worse: int
    seen_at: datetime | None
