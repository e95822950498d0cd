"""Judgements the pages show, as pure functions over the read model's facts.

Colour follows the bettor's side, as pawaRisk and most comparison screens do: *better* is a
higher price or a lower overround. A competitor cell is judged against BetPawa's; BetPawa's own
cell against the best competitor, so a red BetPawa cell answers "where is BetPawa worse than the
market". Prices equal at two decimals are the same price.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from oddsdesk.domain import REFERENCE_BOOK, Book
from oddsdesk.web.labels import CATEGORIES, HEADLINES, Headline, market_title, outcome_label
from oddsdesk.web.views import (
    BookFact,
    BookRow,
    BookSummary,
    CategoryTab,
    EventFact,
    MarginStat,
    MarketCell,
    MarketRow,
    MatchRows,
    Offer,
    PriceCell,
    QuoteFact,
    Tone,
    TournamentMargins,
)

PRICE_EPS = 0.005
MARGIN_EPS = 0.0005


def is_price(value: float | None) -> bool:
    return value is not None and value > 1.0


def price_tone(price: float | None, reference: float | None) -> Tone:
    """A price against another one: higher pays the bettor more."""
    if not (is_price(price) and is_price(reference)):
        return Tone.NONE
    diff = price - reference  # type: ignore[operator]
    if diff > PRICE_EPS:
        return Tone.BETTER
    if diff < -PRICE_EPS:
        return Tone.WORSE
    return Tone.SAME


def margin_tone(margin: float | None, reference: float | None) -> Tone:
    """An overround against another one: lower gives the bettor more."""
    if margin is None or reference is None:
        return Tone.NONE
    diff = margin - reference
    if diff < -MARGIN_EPS:
        return Tone.BETTER
    if diff > MARGIN_EPS:
        return Tone.WORSE
    return Tone.SAME


def _offered_price(quote: QuoteFact | None, outcome: str) -> float | None:
    if quote is None or not quote.available:
        return None
    for item in quote.outcomes:
        if item.outcome == outcome:
            return item.price if item.available and is_price(item.price) else None
    return None


def _book_tone(
    book: Book, value: float | None, reference: float | None, competitors: Sequence[float]
) -> Tone:
    """Competitors against BetPawa; BetPawa against the best competitor."""
    if book is REFERENCE_BOOK:
        return price_tone(value, max(competitors)) if competitors else Tone.NONE
    return price_tone(value, reference)


def market_cells(
    market: str,
    line: float | None,
    outcomes: Sequence[tuple[str, str]],
    books: Sequence[BookFact | None],
    order: Sequence[Book],
) -> tuple[MarketCell, ...]:
    """One market across books: each price toned and the best marked, in `order`."""
    quotes = [b.quotes.get((market, line)) if b is not None else None for b in books]
    best: dict[str, float] = {}
    for outcome, _ in outcomes:
        prices = [p for q in quotes if (p := _offered_price(q, outcome)) is not None]
        if len(prices) >= 2:
            best[outcome] = max(prices)
    reference_index = order.index(REFERENCE_BOOK) if REFERENCE_BOOK in order else None
    reference = quotes[reference_index] if reference_index is not None else None
    competitor_margins = [
        q.margin
        for book, q in zip(order, quotes, strict=True)
        if book is not REFERENCE_BOOK and q is not None and q.available and q.margin is not None
    ]
    reference_margin = reference.margin if reference is not None and reference.available else None

    cells = []
    for book, quote in zip(order, quotes, strict=True):
        if quote is None:
            cells.append(
                MarketCell(
                    market=market,
                    line=line,
                    offer=Offer.NEVER,
                    prices=tuple(
                        PriceCell(o, label, None, Tone.NONE, False, Offer.NEVER)
                        for o, label in outcomes
                    ),
                    margin=None,
                    margin_tone=Tone.NONE,
                )
            )
            continue
        by_outcome = {item.outcome: item for item in quote.outcomes}
        prices = []
        for outcome, label in outcomes:
            item = by_outcome.get(outcome)
            if item is None or item.price is None:
                prices.append(PriceCell(outcome, label, None, Tone.NONE, False, Offer.NEVER))
                continue
            live = quote.available and item.available and is_price(item.price)
            if not live:
                prices.append(
                    PriceCell(
                        outcome,
                        label,
                        item.price,
                        Tone.NONE,
                        False,
                        Offer.UNAVAILABLE,
                        quote.unavailable_since,
                    )
                )
                continue
            competitors = [
                p
                for b, q in zip(order, quotes, strict=True)
                if b is not REFERENCE_BOOK and (p := _offered_price(q, outcome)) is not None
            ]
            tone = _book_tone(book, item.price, _offered_price(reference, outcome), competitors)
            top = best.get(outcome)
            is_best = top is not None and item.price >= top - PRICE_EPS  # type: ignore[operator]
            prices.append(PriceCell(outcome, label, item.price, tone, is_best, Offer.OFFERED))
        if quote.available:
            if book is REFERENCE_BOOK:
                tone = (
                    margin_tone(quote.margin, min(competitor_margins))
                    if competitor_margins
                    else Tone.NONE
                )
            else:
                tone = margin_tone(quote.margin, reference_margin)
        else:
            tone = Tone.NONE
        cells.append(
            MarketCell(
                market=market,
                line=line,
                offer=Offer.OFFERED if quote.available else Offer.UNAVAILABLE,
                prices=tuple(prices),
                margin=quote.margin,
                margin_tone=tone,
                since=None if quote.available else quote.unavailable_since,
            )
        )
    return tuple(cells)


def best_gap(event: EventFact, headlines: Iterable[Headline] = HEADLINES) -> float:
    """The largest amount a competitor's headline price beats BetPawa's by, as a fraction."""
    reference = event.book(REFERENCE_BOOK)
    if reference is None:
        return 0.0
    gap = 0.0
    for headline in headlines:
        key = (headline.market, headline.line)
        own = reference.quotes.get(key)
        for outcome, _ in headline.outcomes:
            mine = _offered_price(own, outcome)
            if mine is None:
                continue
            for fact in event.books:
                if fact.book is REFERENCE_BOOK:
                    continue
                theirs = _offered_price(fact.quotes.get(key), outcome)
                if theirs is not None:
                    gap = max(gap, theirs / mine - 1.0)
    return gap


def match_rows(
    event: EventFact,
    order: Sequence[Book],
    *,
    now: datetime,
    stale_after: timedelta,
    headlines: Sequence[Headline] = HEADLINES,
) -> MatchRows:
    """A match as the comparison table shows it: one row per book, headline markets as cells."""
    facts = [event.book(book) for book in order]
    per_headline = [market_cells(h.market, h.line, h.outcomes, facts, order) for h in headlines]
    rows = []
    for index, (book, fact) in enumerate(zip(order, facts, strict=True)):
        seen = fact.seen_at if fact is not None else None
        rows.append(
            BookRow(
                book=book,
                listed=fact is not None,
                seen_at=seen,
                stale=seen is not None and now - seen > stale_after,
                cells=tuple(cells[index] for cells in per_headline),
                url=fact.url if fact is not None else None,
            )
        )
    return MatchRows(event=event, rows=tuple(rows), worst_gap=best_gap(event, headlines))


def _outcome_order(quotes: Iterable[QuoteFact]) -> tuple[tuple[str, str], ...]:
    """Outcomes in the order the first book states them, then any another book adds."""
    seen: dict[str, str] = {}
    for quote in quotes:
        for item in quote.outcomes:
            seen.setdefault(item.outcome, outcome_label(item.outcome))
    return tuple(seen.items())


def _position(cells: Sequence[MarketCell], order: Sequence[Book]) -> str:
    """BetPawa's overround on this market against the books that price it too."""
    margins = {
        book: cell.margin
        for book, cell in zip(order, cells, strict=True)
        if cell.offer is Offer.OFFERED and cell.margin is not None
    }
    mine = margins.pop(REFERENCE_BOOK, None)
    if mine is None or not margins:
        return ""
    if mine <= min(margins.values()) + MARGIN_EPS:
        return "best"
    if mine >= max(margins.values()) - MARGIN_EPS:
        return "worst"
    return "mid"


def _sort_key(quote: QuoteFact) -> tuple[int, str, float]:
    rank = {key: i for i, (key, _) in enumerate(CATEGORIES)}
    return (
        rank.get(quote.category, len(rank)),
        quote.name or quote.market,
        quote.line if quote.line is not None else float("-inf"),
    )


def market_rows(event: EventFact, order: Sequence[Book]) -> tuple[MarketRow, ...]:
    """Every market any book prices for this match, side by side, catalogue order."""
    facts = [event.book(book) for book in order]
    first: dict[tuple[str, float | None], QuoteFact] = {}
    grouped: dict[tuple[str, float | None], list[QuoteFact]] = {}
    for fact in facts:
        if fact is None:
            continue
        for key, quote in fact.quotes.items():
            first.setdefault(key, quote)
            grouped.setdefault(key, []).append(quote)
    rows = []
    for key in sorted(first, key=lambda k: _sort_key(first[k])):
        head = first[key]
        outcomes = _outcome_order(grouped[key])
        cells = market_cells(head.market, head.line, outcomes, facts, order)
        title = market_title(head.name or head.market, head.line)
        suffix = f" {head.line:g}" if head.line is not None else ""
        labels = " ".join(f"{label}{suffix}" for _, label in outcomes)
        rows.append(
            MarketRow(
                market=head.market,
                line=head.line,
                name=title,
                category=head.category or "other",
                outcomes=outcomes,
                cells=cells,
                betpawa_position=_position(cells, order),
                search=f"{title} {head.market} {labels}".lower(),
            )
        )
    return tuple(rows)


def category_tabs(rows: Sequence[MarketRow]) -> tuple[CategoryTab, ...]:
    """Tabs in catalogue order, only for categories this match has."""
    known = {key for key, _ in CATEGORIES}
    tabs = []
    for key, label in CATEGORIES:
        members = tuple(r for r in rows if r.category == key)
        if members:
            tabs.append(CategoryTab(key, label, members))
    extra: dict[str, list[MarketRow]] = {}
    for row in rows:
        if row.category not in known:
            extra.setdefault(row.category, []).append(row)
    for key, members in sorted(extra.items()):
        tabs.append(CategoryTab(key, key.replace("_", " ").capitalize(), tuple(members)))
    return tuple(tabs)


def book_summaries(
    event: EventFact, rows: Sequence[MarketRow], order: Sequence[Book]
) -> tuple[BookSummary, ...]:
    """Per book: markets priced, shared with BetPawa, off the board, and who is sharper."""
    reference_index = order.index(REFERENCE_BOOK) if REFERENCE_BOOK in order else None
    out = []
    for index, book in enumerate(order):
        fact = event.book(book)
        markets = shared = unavailable = best = worse = 0
        for row in rows:
            cell = row.cells[index]
            if cell.offer is Offer.NEVER:
                continue
            markets += 1
            if cell.offer is Offer.UNAVAILABLE:
                unavailable += 1
            if reference_index is None or book is REFERENCE_BOOK:
                continue
            mine = row.cells[reference_index]
            if mine.offer is Offer.NEVER:
                continue
            shared += 1
            tone = margin_tone(mine.margin, cell.margin) if cell.offer is Offer.OFFERED else None
            if tone is Tone.BETTER:
                best += 1
            elif tone is Tone.WORSE:
                worse += 1
        out.append(
            BookSummary(
                book=book,
                markets=markets,
                shared_with_betpawa=shared,
                unavailable=unavailable,
                betpawa_best=best,
                betpawa_worse=worse,
                seen_at=fact.seen_at if fact is not None else None,
            )
        )
    return tuple(out)


@dataclass(frozen=True, slots=True)
class MarginRow:
    tournament: TournamentMargins
    stats: dict[Book, MarginStat]
    betpawa_highest: bool
    betpawa_lowest: bool


def margin_rows(margins: Iterable[TournamentMargins]) -> tuple[MarginRow, ...]:
    """Per tournament, each book's statistics and whether BetPawa's average is the extreme."""
    out = []
    for item in margins:
        stats = {s.book: s for s in item.stats}
        mine = stats.get(REFERENCE_BOOK)
        others = [
            s.average for b, s in stats.items() if b is not REFERENCE_BOOK and s.average is not None
        ]
        tone = margin_tone(mine.average if mine else None, min(others) if others else None)
        top = margin_tone(mine.average if mine else None, max(others) if others else None)
        out.append(
            MarginRow(
                tournament=item,
                stats=stats,
                betpawa_highest=top is Tone.WORSE,
                betpawa_lowest=tone is Tone.BETTER,
            )
        )
    return tuple(out)
