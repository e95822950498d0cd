"""Read-model answers as the pages' facts: an event of the odds list, a match with every market
and the analytics' view of each, converted once per change of the event.

The read model states overround in percent (the API's unit); the facts hold fractions, as the
analytics do — `fraction` is the one place the unit changes.
"""

from __future__ import annotations

from types import MappingProxyType

from oddsdesk.domain import Book, OutcomePrice
from oddsdesk.readmodel import events as read_events
from oddsdesk.readmodel.lines import headline_entries
from oddsdesk.readmodel.schemas import BookMarket, EventDetail, MarketBook, MarketComparison
from oddsdesk.readmodel.view import EventState, OddsView, Snapshot
from oddsdesk.web.labels import HEADLINE_BY_KEY, market_name
from oddsdesk.web.views import (
    AlertFact,
    BookFact,
    ContentToken,
    EventFact,
    MarketInsight,
    QuoteFact,
)


def fraction(percent: float | None) -> float | None:
    """The read model's percent as the pages' fraction."""
    return None if percent is None else percent / 100.0


def quote_fact(
    market: BookMarket | MarketBook,
    *,
    name: str,
    line: float | None,
    market_id: str,
    category: str = "",
    rank: int = 1_000_000,
) -> QuoteFact:
    return QuoteFact(
        market=market_id,
        line=line,
        outcomes=tuple(OutcomePrice(p.outcome, p.price, p.available) for p in market.prices),
        available=market.available,
        margin=fraction(market.overround_pct),
        changed_at=market.changed_at,
        unavailable_since=market.unavailable_since,
        name=name,
        category=category,
        labels=MappingProxyType({p.outcome: p.label for p in market.prices}),
        rank=rank,
    )


def headline_gap(view: OddsView, state: EventState) -> float:
    """How far the best competitor headline price beats BetPawa's (fraction; 0 when nowhere)."""

    def compute(state: EventState) -> float:
        gap = 0.0
        for _, entry in headline_entries(view.lines, state):
            for outcome in entry.raw.outcomes:
                mine, theirs = outcome.reference_price, outcome.best_competitor_price
                if mine and theirs:
                    gap = max(gap, theirs / mine - 1.0)
        return gap

    return state.cached("web.gap", compute)


def reference_overround(view: OddsView, state: EventState, headline: str) -> float:
    """BetPawa's overround on a headline market, for sorting (−1 when it has none)."""
    head = HEADLINE_BY_KEY[headline]
    for item, entry in headline_entries(view.lines, state):
        if (item.market, item.line) == (head.market, head.line):
            value = entry.raw.reference_overround
            return -1.0 if value is None else value
    return -1.0


def list_fact(view: OddsView, snapshot: Snapshot, state: EventState) -> EventFact:
    """The event as the odds list shows it, from the read model's own summary of it."""
    summary = read_events.summary(view, snapshot, state)
    cached = state.derived.get("web.fact")
    if cached is not None and cached[0] is summary:
        return cached[1]
    books = tuple(
        BookFact(
            book=row.book,
            seen_at=row.seen_at,
            quotes={
                (mkt.market, mkt.line): quote_fact(
                    mkt, name=mkt.name, line=mkt.line, market_id=mkt.market
                )
                for mkt in row.markets
            },
            url=row.url,
        )
        for row in summary.rows
    )
    gap = headline_gap(view, state)
    token = ContentToken(
        values=(
            summary.home,
            summary.away,
            summary.kickoff,
            summary.tournament,
            summary.alerts,
            gap,
            tuple((row.book, row.url) for row in summary.rows),
        ),
        shared=tuple(market for row in summary.rows for market in row.markets),
    )
    fact = EventFact(
        event_id=summary.id,
        sr_id=summary.sr_id,
        home=summary.home,
        away=summary.away,
        kickoff=summary.kickoff,
        tournament=summary.tournament.name,
        country=summary.tournament.country,
        books=books,
        alerts=summary.alerts,
        tournament_key=summary.tournament.key,
        gap=gap,
        token=token,
    )
    state.derived["web.fact"] = (summary, fact)
    return fact


def insight(market: MarketComparison) -> MarketInsight:
    return MarketInsight(
        fair=MappingProxyType({o.outcome: o.fair_price for o in market.outcomes if o.fair_price}),
        edge=MappingProxyType(
            {
                o.outcome: o.reference_edge_pct / 100.0
                for o in market.outcomes
                if o.reference_edge_pct is not None
            }
        ),
        alerts=tuple(
            AlertFact(kind=a.kind, message=a.message, outcome=a.outcome, books=tuple(a.books))
            for a in market.alerts
        ),
        arbitrage=fraction(market.arbitrage.profit_pct) if market.arbitrage else None,
        competitor_margin=fraction(market.competitor_overround_mean_pct),
    )


def detail_fact(detail: EventDetail) -> EventFact:
    """Every market of the event, per book, with the analytics' view of each market line."""
    quotes: dict[Book, dict[tuple[str, float | None], QuoteFact]] = {
        h.book: {} for h in detail.books
    }
    insights: dict[tuple[str, float | None], MarketInsight] = {}
    rank = 0
    for group in detail.categories:
        category = group.category.lower()
        for market in group.markets:
            key = (market.market, market.line)
            for quote in market.books:
                quotes.setdefault(quote.book, {})[key] = quote_fact(
                    quote,
                    name=market_name(market.market, market.name),
                    line=market.line,
                    market_id=market.market,
                    category=category,
                    rank=rank,
                )
            insights[key] = insight(market)
            rank += 1
    books = tuple(
        BookFact(book=h.book, seen_at=h.seen_at, quotes=quotes.get(h.book, {}), url=h.url)
        for h in detail.books
    )
    return EventFact(
        event_id=detail.id,
        sr_id=detail.sr_id,
        home=detail.home,
        away=detail.away,
        kickoff=detail.kickoff,
        tournament=detail.tournament.name,
        country=detail.tournament.country,
        books=books,
        alerts=detail.alerts,
        tournament_key=detail.tournament.key,
        insights=MappingProxyType(insights),
    )
