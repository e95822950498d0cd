"""One market at one line across books, as the pages show it: each book's prices (best marked),
overround and availability, plus BetPawa against the market and its alerts.

The maths and the alert rules are `oddsdesk.analytics.compare`; this module only feeds it the
view's quote states and shapes its answer for the API and the dashboard.
"""

from __future__ import annotations

from collections.abc import Mapping

from oddsdesk.analytics import compare as analytics
from oddsdesk.analytics.margins import overround
from oddsdesk.domain import Book, MarketQuote
from oddsdesk.readmodel.markets import MarketMeta
from oddsdesk.readmodel.schemas import (
    Alert,
    Arbitrage,
    ArbitrageLeg,
    BookMarket,
    MarketBook,
    MarketComparison,
    OutcomeSummary,
    Price,
)
from oddsdesk.readmodel.values import QuoteLike

BOOK_ORDER = {book: i for i, book in enumerate(Book)}


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value * 100.0, 2)


def takeable(market: str, line: float | None, quote: QuoteLike) -> MarketQuote:
    """The quote as analytics reads it: a withdrawn market offers no outcome."""
    outcomes = quote.outcomes
    if not quote.available:
        outcomes = tuple(o._replace(available=False) for o in outcomes)
    return MarketQuote(market, line, outcomes)


def analyse(
    meta: MarketMeta,
    line: float | None,
    quotes: Mapping[Book, QuoteLike],
    *,
    reference_listed: bool,
    thresholds: analytics.Thresholds | None = None,
) -> analytics.MarketComparison:
    return analytics.compare_market(
        {book: takeable(meta.market, line, quote) for book, quote in quotes.items()},
        winners=meta.winners,
        reference_listed=reference_listed,
        thresholds=thresholds,
    )


def book_overround(
    quote: QuoteLike, result: analytics.MarketComparison, book: Book, winners: int | None
) -> float | None:
    """The book's overround in percent; for a withdrawn market, that of its last prices."""
    if quote.available:
        line = result.book(book)
        return _pct(line.overround if line else None)
    if winners is None:
        return None
    return _pct(
        overround([o.price if o.available else None for o in quote.outcomes], winners=winners)
    )


def prices(
    book: Book, quote: QuoteLike, meta: MarketMeta, result: analytics.MarketComparison
) -> list[Price]:
    by_outcome = {o.outcome: o for o in quote.outcomes}
    best = {o.outcome: o.best_books for o in result.outcomes}
    return [
        Price(
            outcome=name,
            label=meta.label(name),
            price=by_outcome[name].price,
            available=quote.available and by_outcome[name].available,
            best=book in best.get(name, ()),
        )
        for name in meta.order(list(by_outcome))
    ]


def book_market(
    book: Book,
    line: float | None,
    quote: QuoteLike,
    meta: MarketMeta,
    result: analytics.MarketComparison,
) -> BookMarket:
    """One book's quote of a headline market, for the events list."""
    return BookMarket(
        market=meta.market,
        name=meta.name,
        line=line,
        prices=prices(book, quote, meta, result),
        overround_pct=book_overround(quote, result, book, meta.winners),
        available=quote.available,
        unavailable_since=quote.unavailable_since,
        changed_at=quote.changed_at,
    )


def _outcome(o: analytics.OutcomeComparison, meta: MarketMeta) -> OutcomeSummary:
    return OutcomeSummary(
        outcome=o.outcome,
        label=meta.label(o.outcome),
        best_price=o.best_price,
        best_books=list(o.best_books),
        reference_price=o.reference_price,
        best_competitor_price=o.best_competitor_price,
        best_competitor_books=list(o.best_competitor_books),
        reference_vs_best_pct=_pct(o.difference_pct),
        verdict=o.verdict.value if o.verdict else None,
        fair_price=round(o.fair_odds, 3) if o.fair_odds else None,
        reference_edge_pct=_pct(o.reference_edge),
    )


def compare_market(
    meta: MarketMeta,
    line: float | None,
    quotes: Mapping[Book, QuoteLike],
    *,
    reference_listed: bool,
    thresholds: analytics.Thresholds | None = None,
) -> tuple[MarketComparison, analytics.MarketComparison]:
    """Every book's quote of one market-line side by side (schema and the raw analysis)."""
    result = analyse(meta, line, quotes, reference_listed=reference_listed, thresholds=thresholds)
    lines = {bl.book: bl for bl in result.books}
    books = [
        MarketBook(
            book=book,
            available=quote.available,
            unavailable_since=quote.unavailable_since,
            changed_at=quote.changed_at,
            overround_pct=book_overround(quote, result, book, meta.winners),
            aligned=lines[book].aligned,
            prices=prices(book, quote, meta, result),
        )
        for book, quote in sorted(quotes.items(), key=lambda item: BOOK_ORDER[item[0]])
    ]
    by_name = {o.outcome: o for o in result.outcomes}
    outcomes = [_outcome(by_name[name], meta) for name in meta.order(list(by_name))]
    arbitrage = result.arbitrage
    schema = MarketComparison(
        market=meta.market,
        name=meta.name,
        line=line,
        category=meta.category,
        books=books,
        outcomes=outcomes,
        reference_overround_pct=_pct(result.reference_overround),
        competitor_overround_mean_pct=_pct(result.competitor_overround_mean),
        arbitrage=(
            Arbitrage(
                profit_pct=round(arbitrage.profit * 100.0, 3),
                legs=[
                    ArbitrageLeg(
                        outcome=leg.outcome,
                        book=leg.book,
                        price=leg.price,
                        stake_share=round(leg.stake, 4),
                    )
                    for leg in arbitrage.legs
                ],
            )
            if arbitrage
            else None
        ),
        alerts=[
            Alert(
                kind=a.kind.value,
                market=a.market,
                line=a.line,
                outcome=a.outcome,
                value=round(a.value, 4),
                threshold=a.threshold,
                books=list(a.books),
                message=a.message,
            )
            for a in result.alerts
        ],
    )
    return schema, result
