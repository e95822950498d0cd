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


def _offered(quote: QuoteFact | None) -> dict[str, float]:
    """Prices a bettor can take now, by outcome."""
    if quote is None or not quote.available:
        return {}
    return {o.outcome: o.price for o in quote.outcomes if o.available and is_price(o.price)}  # type: ignore[misc]


def market_cells(
    market: str,
    line: float | None,
    outcomes: Sequence[tuple[str, str]],
    books: Sequence[BookFact | None],
    order: Sequence[Book],
) -> tuple[MarketCell, ...]:
    """One market across books: each price toned and the best marked, in `order`."""
    quotes = [b.quotes.get((market, line)) if b is not None else None for b in books]
    offered = [_offered(q) for q in quotes]
    is_reference = [book is REFERENCE_BOOK for book in order]
    reference = next((o for o, ref in zip(offered, is_reference, strict=True) if ref), {})
    best: dict[str, float] = {}
    best_other: dict[str, float] = {}
    for outcome, _ in outcomes:
        prices = [o[outcome] for o in offered if outcome in o]
        if len(prices) >= 2:
            best[outcome] = max(prices)
        others = [
            o[outcome]
            for o, ref in zip(offered, is_reference, strict=True)
            if not ref and outcome in o
        ]
        if others:
            best_other[outcome] = max(others)
    competitor_margins = [
        q.margin
        for q, ref in zip(quotes, is_reference, strict=True)
        if not ref and q is not None and q.available and q.margin is not None
    ]
    reference_quote = next((q for q, ref in zip(quotes, is_reference, strict=True) if ref), None)
    reference_margin = (
        reference_quote.margin
        if reference_quote is not None and reference_quote.available
        else None
    )

    cells = []
    for ref, quote, live_prices in zip(is_reference, quotes, offered, strict=True):
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
        stated = {item.outcome: item.price for item in quote.outcomes}
        prices = []
        for outcome, label in outcomes:
            price = stated.get(outcome)
            if price is None:
                prices.append(PriceCell(outcome, label, None, Tone.NONE, False, Offer.NEVER))
            elif outcome not in live_prices:
                prices.append(
                    PriceCell(
                        outcome,
                        label,
                        price,
                        Tone.NONE,
                        False,
                        Offer.UNAVAILABLE,
                        quote.unavailable_since,
                    )
                )
            else:
                against = best_other.get(outcome) if ref else reference.get(outcome)
                top = best.get(outcome)
                prices.append(
                    PriceCell(
                        outcome,
                        label,
                        price,
                        price_tone(price, against),
                        top is not None and price >= top - PRICE_EPS,
                        Offer.OFFERED,
                    )
                )
        if not quote.available:
            tone = Tone.NONE
        elif ref:
            tone = (
                margin_tone(quote.margin, min(competitor_margins))
                if competitor_margins
                else Tone.NONE
            )
        else:
            tone = margin_tone(quote.margin, reference_margin)
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
    gap = event.gap if event.gap is not None else best_gap(event, headlines)
    return MatchRows(event=event, rows=tuple(rows), worst_gap=gap)


def _outcome_order(quotes: Iterable[QuoteFact]) -> tuple[tuple[str, str], ...]:
    """Outcomes in the order the first book states them, then any another book adds."""
    seen: dict[str, str] = {}
    for quote in quotes:
        for item in quote.outcomes:
            if item.outcome not in seen:
                seen[item.outcome] = outcome_label(item.outcome, quote.labels.get(item.outcome))
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


CATEGORY_RANK = {key: i for i, (key, _) in enumerate(CATEGORIES)}


def _sort_key(quote: QuoteFact) -> tuple[int, int, str, float]:
    """Category, then catalogue order, then name, then line."""
    return (
        CATEGORY_RANK.get(quote.category, len(CATEGORY_RANK)),
        quote.rank,
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
        insight = event.insights.get(key)
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
                insight=insight,
                fair=tuple(insight.fair.get(o) for o, _ in outcomes) if insight else (),
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
