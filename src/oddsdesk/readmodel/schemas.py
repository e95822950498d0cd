"""The read model's answers, as pydantic models: the API returns them as they are (its response
schemas) and the dashboard renders them. Separate from the database tables on purpose."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from oddsdesk.domain import Book

OVERROUND_CONVENTION = "overround = Σ(1/odds) − 1, in percent (5.0 means a 5 % overround)"

Overround = Annotated[
    float | None,
    Field(
        description=(
            "Overround: (Σ 1/odds − 1) × 100 over the market's complete price set (divided by "
            "the number of winners where more than one outcome wins, e.g. Double Chance), in "
            "percent, 2 dp. Null when any outcome has no price. This is the figure pawaRisk "
            "called 'margin'; the payout margin 1 − 1/Σ(1/odds) is smaller."
        )
    ),
]


class Schema(BaseModel):
    model_config = ConfigDict(frozen=True)


class Mode(StrEnum):
    """Which events a list shows."""

    BETPAWA = "betpawa"
    COMPETITOR = "competitor"
    ALERTS = "alerts"
    ALL = "all"


class TournamentRef(Schema):
    key: str = Field(description="Stable key: country slug / name slug ('england/premier-league').")
    name: str
    country: str | None


class Price(Schema):
    outcome: str = Field(description="Canonical outcome id ('home', 'over', 'yes', '1:0', …).")
    label: str
    price: float | None = Field(description="Decimal odds; null when the book shows no price.")
    available: bool
    best: bool = Field(False, description="The best available price for this outcome on any book.")


class BookMarket(Schema):
    """One market at one line on one book."""

    market: str
    name: str
    line: float | None
    prices: list[Price]
    overround_pct: Overround
    available: bool
    unavailable_since: datetime | None = Field(
        description="When the book stopped offering the market (its last prices are shown)."
    )
    changed_at: datetime = Field(description="When prices or availability last changed.")


class BookRow(Schema):
    """One book's line under an event in the list: its link and the headline markets."""

    book: Book
    label: str
    book_event_id: str
    url: str | None
    seen_at: datetime | None = Field(
        description="The book's last answer for this event: every available price of the book "
        "was confirmed then (freshness)."
    )
    markets: list[BookMarket]


class EventSummary(Schema):
    id: int
    sr_id: str | None
    home: str
    away: str
    kickoff: datetime
    tournament: TournamentRef
    books: list[Book]
    alerts: int = Field(description="How many BetPawa-vs-market alerts the event has.")
    rows: list[BookRow] = Field(description="One row per book listing the event, BetPawa first.")


class EventPage(Schema):
    items: list[EventSummary]
    total: int
    page: int
    page_size: int
    pages: int
    overround_convention: str = OVERROUND_CONVENTION


class MarketBook(Schema):
    """One book's quote inside a market comparison."""

    book: Book
    available: bool
    unavailable_since: datetime | None
    changed_at: datetime
    overround_pct: Overround
    aligned: bool = Field(
        description="Its outcome set is the reference's, so its margin and fair prices compare."
    )
    prices: list[Price]


class OutcomeSummary(Schema):
    outcome: str
    label: str
    best_price: float | None
    best_books: list[Book]
    reference_price: float | None = Field(description="BetPawa's takeable price, if any.")
    best_competitor_price: float | None
    best_competitor_books: list[Book]
    reference_vs_best_pct: float | None = Field(
        description="(BetPawa price / best competitor price − 1) × 100: below 0 means BetPawa "
        "pays less than the best competitor."
    )
    verdict: Literal["better", "equal", "worse"] | None = Field(
        description="BetPawa's price against the best competitor's, from the bettor's side."
    )
    fair_price: float | None = Field(
        description="Consensus fair odds: 1 / the mean of the aligned competitors' de-vigged "
        "(multiplicative) probabilities."
    )
    reference_edge_pct: float | None = Field(
        description="(1 − consensus probability × BetPawa price) × 100: BetPawa's expected hold "
        "per unit staked; below 0 means value for bettors against BetPawa."
    )


class Alert(Schema):
    kind: str = Field(
        description="worse_than_best, out_of_line, high_margin, missing_on_reference, "
        "unavailable_on_reference or arbitrage."
    )
    market: str
    line: float | None
    outcome: str | None
    value: float = Field(description="The measured gap, in the unit of its threshold (fraction).")
    threshold: float
    books: list[Book]
    message: str


class ArbitrageLeg(Schema):
    outcome: str
    book: Book
    price: float
    stake_share: float = Field(description="Share of the total stake on this leg.")


class Arbitrage(Schema):
    profit_pct: float = Field(description="Guaranteed return per unit staked, in percent.")
    legs: list[ArbitrageLeg]


class MarketComparison(Schema):
    market: str
    name: str
    line: float | None
    category: str
    books: list[MarketBook]
    outcomes: list[OutcomeSummary]
    reference_overround_pct: Overround
    competitor_overround_mean_pct: Overround
    arbitrage: Arbitrage | None
    alerts: list[Alert]


class CategoryGroup(Schema):
    category: str
    markets: list[MarketComparison]


class BookHeader(Schema):
    book: Book
    label: str
    book_event_id: str
    url: str | None
    home: str
    away: str
    tournament: str
    country: str | None
    matched_by: str
    confidence: float
    seen_at: datetime | None
    markets: int = Field(description="Market-lines this book prices for the event.")
    available_markets: int


class EventDetail(Schema):
    id: int
    sr_id: str | None
    home: str
    away: str
    kickoff: datetime
    tournament: TournamentRef
    books: list[BookHeader]
    alerts: int
    categories: list[CategoryGroup]
    overround_convention: str = OVERROUND_CONVENTION


class BookCount(Schema):
    book: Book
    events: int


class CoverageCounts(Schema):
    events: int
    matched: int = Field(description="On BetPawa and at least one competitor.")
    betpawa_only: int
    competitor_only: int = Field(description="On a competitor but not on BetPawa.")
    match_rate_pct: float | None = Field(description="matched / events × 100, 2 dp.")


class BookCoverage(Schema):
    book: Book
    label: str
    events: int
    with_reference: int = Field(
        description="Also on BetPawa (for BetPawa: also on at least one competitor)."
    )
    only_here: int = Field(description="Listed by this book alone.")


class TournamentCoverage(Schema):
    tournament: TournamentRef
    counts: CoverageCounts
    books: list[BookCount]


class CoverageReport(Schema):
    totals: CoverageCounts
    books: list[BookCoverage]
    tournaments: list[TournamentCoverage] = Field(
        description="Per tournament within its country, by country then name."
    )
    missing_tournaments: list[TournamentCoverage] = Field(
        description="Tournaments with competitor events and none on BetPawa."
    )


class UnmatchedEvent(Schema):
    id: int
    sr_id: str | None
    home: str
    away: str
    kickoff: datetime
    tournament: TournamentRef
    books: list[Book]
    missing_on: list[Book]


class UnmatchedPage(Schema):
    items: list[UnmatchedEvent]
    total: int
    page: int
    page_size: int


class CountryCount(Schema):
    country: str
    events: int


class TournamentCount(Schema):
    tournament: TournamentRef
    events: int
