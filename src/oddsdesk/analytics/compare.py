"""One event's prices side by side: best price, the reference book against the market, margins,
a consensus fair price, and the alerts a trader acts on.

The reference book (BetPawa) is judged against its competitors only, so its own prices never
pull the yardstick towards themselves. Comparisons that need one partition of the outcomes
(margins side by side, consensus, arbitrage) use the *aligned* books: those whose outcome set for
the market line equals the reference's (or, without the reference, the most common set) —
two books that split "other scores" differently are not averaged.

Units: prices are decimal odds; overrounds and probabilities are fractions (0.05 is 5 %).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from statistics import fmean

from oddsdesk.analytics.fair import Method, devig_implied
from oddsdesk.analytics.margins import implied_probabilities, is_price
from oddsdesk.domain import REFERENCE_BOOK, Book, MarketQuote

__all__ = [
    "Alert",
    "AlertKind",
    "Arbitrage",
    "ArbitrageLeg",
    "BookLine",
    "EventComparison",
    "MarketComparison",
    "OutcomeComparison",
    "Thresholds",
    "Verdict",
    "compare_event",
    "compare_market",
    "one_winner",
]

WinnersOf = Callable[[str], int | None]
"""Winning outcomes per canonical market: 1 for a partition (1X2), 2 for Double Chance, None for
outcome sets that are no partition at all (no margin, fair price or arbitrage for those)."""


def one_winner(market: str) -> int | None:
    """The default: every market is a partition with one winner."""
    return 1


@dataclass(frozen=True, slots=True)
class Thresholds:
    """When a difference is worth a trader's attention. Fractions, not percentages."""

    equal_within: float = 0.005
    """Prices closer than half a 0.01 tick are equal."""
    worse_than_best: float = 0.03
    """Alert when the reference price is this fraction below the best competitor's."""
    out_of_line: float = 0.03
    """Alert when the reference's fair probability is this far (absolute) from consensus."""
    margin_excess: float = 0.03
    """Alert when the reference overround exceeds the competitors' mean by this much."""
    min_arbitrage_profit: float = 0.0
    """Report a cross-book arbitrage whose guaranteed return exceeds this."""
    min_consensus_books: int = 1
    """Competitors with a complete aligned price set needed for a consensus."""

    def __post_init__(self) -> None:
        for name in ("equal_within", "worse_than_best", "out_of_line", "margin_excess"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")
        if self.min_consensus_books < 1:
            raise ValueError("min_consensus_books must be at least 1")


class Verdict(StrEnum):
    """The reference price against the best competitor price, from the bettor's side."""

    BETTER = "better"
    EQUAL = "equal"
    WORSE = "worse"


class AlertKind(StrEnum):
    WORSE_THAN_BEST = "worse_than_best"
    OUT_OF_LINE = "out_of_line"
    HIGH_MARGIN = "high_margin"
    MISSING_ON_REFERENCE = "missing_on_reference"
    UNAVAILABLE_ON_REFERENCE = "unavailable_on_reference"
    ARBITRAGE = "arbitrage"


@dataclass(frozen=True, slots=True)
class Alert:
    """One finding; `value` is in the unit its threshold uses."""

    kind: AlertKind
    market: str
    line: float | None
    outcome: str | None
    value: float
    threshold: float
    books: tuple[Book, ...]
    message: str


@dataclass(frozen=True, slots=True)
class BookLine:
    """One book's quote of the market line, with its margin and its own de-vigged prices."""

    book: Book
    prices: Mapping[str, float | None]
    """Outcome → a takeable price, None when missing or unavailable."""
    complete: bool
    aligned: bool
    overround: float | None
    payout_margin: float | None
    fair: Mapping[str, float] | None
    """Outcome → this book's own fair probability."""


@dataclass(frozen=True, slots=True)
class OutcomeComparison:
    outcome: str
    best_price: float | None
    best_books: tuple[Book, ...]
    reference_price: float | None
    best_competitor_price: float | None
    best_competitor_books: tuple[Book, ...]
    difference: float | None
    """Reference price − best competitor price."""
    difference_pct: float | None
    """Reference price / best competitor price − 1."""
    verdict: Verdict | None
    consensus_probability: float | None
    """Mean of the aligned competitors' fair probabilities."""
    fair_odds: float | None
    reference_fair_probability: float | None
    reference_edge: float | None
    """1 − consensus probability × reference price: the reference's expected hold per unit
    staked on this outcome. Negative means bettors have value against the reference."""


@dataclass(frozen=True, slots=True)
class ArbitrageLeg:
    outcome: str
    book: Book
    price: float
    stake: float
    """Share of the total stake; every leg then returns the same amount."""


@dataclass(frozen=True, slots=True)
class Arbitrage:
    booksum: float
    """Σ 1/best price, below 1."""
    profit: float
    """Guaranteed return per unit staked: 1/booksum − 1."""
    legs: tuple[ArbitrageLeg, ...]


@dataclass(frozen=True, slots=True)
class MarketComparison:
    market: str
    line: float | None
    outcomes: tuple[OutcomeComparison, ...]
    books: tuple[BookLine, ...]
    consensus_books: tuple[Book, ...]
    reference_overround: float | None
    competitor_overround_mean: float | None
    competitor_overround_min: float | None
    arbitrage: Arbitrage | None
    alerts: tuple[Alert, ...]

    @property
    def key(self) -> tuple[str, float | None]:
        return (self.market, self.line)

    def book(self, book: Book) -> BookLine | None:
        return next((b for b in self.books if b.book is book), None)

    def outcome(self, name: str) -> OutcomeComparison | None:
        return next((o for o in self.outcomes if o.outcome == name), None)


@dataclass(frozen=True, slots=True)
class EventComparison:
    reference: Book
    markets: tuple[MarketComparison, ...]
    alerts: tuple[Alert, ...] = field(default=())

    def market(self, market: str, line: float | None = None) -> MarketComparison | None:
        return next((m for m in self.markets if m.key == (market, line)), None)


def compare_event(
    quotes: Mapping[Book, Iterable[MarketQuote]],
    *,
    reference: Book = REFERENCE_BOOK,
    thresholds: Thresholds | None = None,
    method: Method | str = Method.MULTIPLICATIVE,
    winners_of: WinnersOf = one_winner,
) -> EventComparison:
    """Compare every market line any book quotes for one event.

    A book absent from `quotes` did not list the event; the reference's absence (a
    competitor-only event) therefore raises no missing-market alerts, while a reference present
    with no quote for a line does. Several quotes of one line on one book are merged, the first
    price of an outcome winning.
    """
    by_key: dict[tuple[str, float | None], dict[Book, MarketQuote]] = {}
    for book, book_quotes in quotes.items():
        for quote in book_quotes:
            slot = by_key.setdefault(quote.key, {})
            slot[book] = _merged(slot[book], quote) if book in slot else quote
    markets = tuple(
        compare_market(
            line_quotes,
            reference=reference,
            thresholds=thresholds,
            method=method,
            winners=winners_of(market),
            reference_listed=reference in quotes,
        )
        for (market, _), line_quotes in sorted(by_key.items(), key=lambda kv: _sort_key(kv[0]))
    )
    return EventComparison(reference, markets, tuple(a for m in markets for a in m.alerts))


def compare_market(
    quotes: Mapping[Book, MarketQuote],
    *,
    reference: Book = REFERENCE_BOOK,
    thresholds: Thresholds | None = None,
    method: Method | str = Method.MULTIPLICATIVE,
    winners: int | None = 1,
    reference_listed: bool = True,
) -> MarketComparison:
    """Compare one market line across books (every quote must be of that line)."""
    limits = thresholds or Thresholds()
    method = Method(method)
    keys = {q.key for q in quotes.values()}
    if len(keys) != 1:
        raise ValueError(f"compare_market needs quotes of one market line, got {sorted(keys)}")
    market, line = keys.pop()
    order = _book_order(quotes, reference)
    prices = {book: _takeable(quotes[book]) for book in order}
    partition = _partition(prices, reference)
    lines = tuple(_book_line(b, prices[b], partition, winners, method) for b in order)
    by_book = {bl.book: bl for bl in lines}
    competitors = [bl for bl in lines if bl.book is not reference]
    consensus_lines = [bl for bl in competitors if bl.aligned and bl.fair is not None]
    if len(consensus_lines) < limits.min_consensus_books:
        consensus_lines = []
    ref_line = by_book.get(reference)

    outcomes = tuple(
        _outcome(name, lines, reference, ref_line, consensus_lines, limits)
        for name in _outcome_order(prices)
    )
    aligned_overrounds = [
        bl.overround for bl in competitors if bl.aligned and bl.overround is not None
    ]
    ref_overround = ref_line.overround if ref_line is not None and ref_line.aligned else None
    arbitrage = (
        _arbitrage(partition, [bl for bl in lines if bl.aligned], limits) if winners == 1 else None
    )
    result = MarketComparison(
        market=market,
        line=line,
        outcomes=outcomes,
        books=lines,
        consensus_books=tuple(bl.book for bl in consensus_lines),
        reference_overround=ref_overround,
        competitor_overround_mean=fmean(aligned_overrounds) if aligned_overrounds else None,
        competitor_overround_min=min(aligned_overrounds) if aligned_overrounds else None,
        arbitrage=arbitrage,
        alerts=(),
    )
    return replace(result, alerts=_alerts(result, reference, reference_listed, limits))


# --- building blocks ------------------------------------------------------------------------


def _takeable(quote: MarketQuote) -> dict[str, float | None]:
    return {
        o.outcome: o.price if o.available and is_price(o.price) else None for o in quote.outcomes
    }


def _merged(first: MarketQuote, second: MarketQuote) -> MarketQuote:
    seen = {o.outcome for o in first.outcomes}
    extra = tuple(o for o in second.outcomes if o.outcome not in seen)
    return MarketQuote(first.market, first.line, first.outcomes + extra, first.book_market)


def _book_order(quotes: Mapping[Book, MarketQuote], reference: Book) -> list[Book]:
    """Reference first, then competitors in the Book enum's order, for stable output."""
    rank = {book: i for i, book in enumerate(Book)}
    return sorted(quotes, key=lambda b: (b is not reference, rank[b]))


def _partition(
    prices: Mapping[Book, Mapping[str, float | None]], reference: Book
) -> frozenset[str]:
    if reference in prices:
        return frozenset(prices[reference])
    counts = Counter(frozenset(p) for p in prices.values())
    return max(counts, key=lambda s: (counts[s], len(s), sorted(s)))


def _outcome_order(prices: Mapping[Book, Mapping[str, float | None]]) -> list[str]:
    names: dict[str, None] = {}
    for book_prices in prices.values():  # the reference comes first, so its order leads
        names.update(dict.fromkeys(book_prices))
    return list(names)


def _book_line(
    book: Book,
    prices: Mapping[str, float | None],
    partition: frozenset[str],
    winners: int | None,
    method: Method | str,
) -> BookLine:
    names = list(prices)
    values = [prices[n] for n in names]
    complete = all(v is not None for v in values)
    aligned = frozenset(names) == partition
    implied = (
        implied_probabilities(values, winners=winners) if winners is not None and complete else None
    )
    if implied is None or winners is None:
        return BookLine(book, prices, complete, aligned, None, None, None)
    total = math.fsum(implied)
    fair = devig_implied(implied, method, winners=winners)
    return BookLine(
        book=book,
        prices=prices,
        complete=complete,
        aligned=aligned,
        overround=total / winners - 1.0,
        payout_margin=1.0 - winners / total,
        fair=None if fair is None else dict(zip(names, fair.probabilities, strict=True)),
    )


def _best(priced: list[tuple[Book, float]], eps: float) -> tuple[float | None, tuple[Book, ...]]:
    if not priced:
        return None, ()
    top = max(price for _, price in priced)
    return top, tuple(book for book, price in priced if price >= top - eps)


def _outcome(
    name: str,
    lines: tuple[BookLine, ...],
    reference: Book,
    ref_line: BookLine | None,
    consensus_lines: list[BookLine],
    limits: Thresholds,
) -> OutcomeComparison:
    eps = limits.equal_within
    priced = [(bl.book, p) for bl in lines if (p := bl.prices.get(name)) is not None]
    best, best_books = _best(priced, eps)
    comp_best, comp_books = _best([bp for bp in priced if bp[0] is not reference], eps)
    ref_price = ref_line.prices.get(name) if ref_line is not None else None
    difference = difference_pct = verdict = None
    if ref_price is not None and comp_best is not None:
        difference = ref_price - comp_best
        difference_pct = ref_price / comp_best - 1.0
        verdict = (
            Verdict.EQUAL
            if abs(difference) <= eps
            else Verdict.BETTER
            if difference > 0
            else Verdict.WORSE
        )
    fair_values = [bl.fair[name] for bl in consensus_lines if bl.fair and name in bl.fair]
    consensus = fmean(fair_values) if fair_values else None
    ref_fair = ref_line.fair.get(name) if ref_line is not None and ref_line.fair else None
    return OutcomeComparison(
        outcome=name,
        best_price=best,
        best_books=best_books,
        reference_price=ref_price,
        best_competitor_price=comp_best,
        best_competitor_books=comp_books,
        difference=difference,
        difference_pct=difference_pct,
        verdict=verdict,
        consensus_probability=consensus,
        fair_odds=1.0 / consensus if consensus else None,
        reference_fair_probability=ref_fair,
        reference_edge=(
            1.0 - consensus * ref_price if consensus is not None and ref_price is not None else None
        ),
    )


def _arbitrage(
    partition: frozenset[str], aligned: list[BookLine], limits: Thresholds
) -> Arbitrage | None:
    """Back every outcome of one partition at its best aligned price; profitable when Σ 1/o < 1."""
    legs: list[tuple[str, Book, float]] = []
    for name in sorted(partition):
        offers = [(bl.book, bl.prices.get(name)) for bl in aligned]
        priced = [(book, price) for book, price in offers if price is not None]
        if not priced:
            return None
        book, price = max(priced, key=lambda bp: bp[1])
        legs.append((name, book, price))
    if len(legs) < 2:
        return None
    total = math.fsum(1.0 / price for _, _, price in legs)
    profit = 1.0 / total - 1.0
    if profit <= limits.min_arbitrage_profit:
        return None
    return Arbitrage(
        booksum=total,
        profit=profit,
        legs=tuple(ArbitrageLeg(n, b, p, (1.0 / p) / total) for n, b, p in legs),
    )


def _alerts(
    result: MarketComparison, reference: Book, reference_listed: bool, limits: Thresholds
) -> tuple[Alert, ...]:
    label = result.market if result.line is None else f"{result.market} {result.line:g}"
    ref = reference.label
    alerts: list[Alert] = []

    def add(
        kind: AlertKind,
        outcome: str | None,
        value: float,
        threshold: float,
        books: tuple[Book, ...],
        message: str,
    ) -> None:
        alerts.append(
            Alert(
                kind,
                result.market,
                result.line,
                outcome,
                value,
                threshold,
                books,
                f"{label}{f' {outcome}' if outcome else ''}: {message}",
            )
        )

    ref_line = result.book(reference)
    offered = tuple(bl.book for bl in result.books if bl.book is not reference and bl.complete)
    if reference_listed and offered and (ref_line is None or not ref_line.complete):
        if ref_line is None:
            kind, message = AlertKind.MISSING_ON_REFERENCE, f"not offered by {ref}"
        else:
            kind, message = AlertKind.UNAVAILABLE_ON_REFERENCE, f"unavailable on {ref}"
        add(kind, None, len(offered), 0.0, offered, f"{message}, priced by {_names(offered)}")

    for oc in result.outcomes:
        if oc.difference_pct is not None and -oc.difference_pct > limits.worse_than_best:
            add(
                AlertKind.WORSE_THAN_BEST,
                oc.outcome,
                -oc.difference_pct,
                limits.worse_than_best,
                oc.best_competitor_books,
                f"{ref} {oc.reference_price:.2f} is {-oc.difference_pct:.1%} below "
                f"{_names(oc.best_competitor_books)} {oc.best_competitor_price:.2f}",
            )
        if oc.consensus_probability is not None and oc.reference_fair_probability is not None:
            gap = oc.reference_fair_probability - oc.consensus_probability
            if abs(gap) > limits.out_of_line:
                add(
                    AlertKind.OUT_OF_LINE,
                    oc.outcome,
                    gap,
                    limits.out_of_line,
                    result.consensus_books,
                    f"{ref} fair probability {oc.reference_fair_probability:.1%} vs consensus "
                    f"{oc.consensus_probability:.1%}",
                )

    if result.reference_overround is not None and result.competitor_overround_mean is not None:
        excess = result.reference_overround - result.competitor_overround_mean
        if excess > limits.margin_excess:
            competitors = tuple(
                bl.book
                for bl in result.books
                if bl.book is not reference and bl.aligned and bl.overround is not None
            )
            add(
                AlertKind.HIGH_MARGIN,
                None,
                excess,
                limits.margin_excess,
                competitors,
                f"{ref} overround {result.reference_overround:.2%} vs competitors' mean "
                f"{result.competitor_overround_mean:.2%}",
            )

    if result.arbitrage is not None:
        arb = result.arbitrage
        legs = ", ".join(f"{leg.outcome} @ {leg.price:.2f} {leg.book.label}" for leg in arb.legs)
        add(
            AlertKind.ARBITRAGE,
            None,
            arb.profit,
            limits.min_arbitrage_profit,
            tuple(dict.fromkeys(leg.book for leg in arb.legs)),
            f"arbitrage {arb.profit:.2%} backing {legs}",
        )
    return tuple(alerts)


def _names(books: Iterable[Book]) -> str:
    return "/".join(b.label for b in books)


def _sort_key(key: tuple[str, float | None]) -> tuple[str, bool, float]:
    market, line = key
    return (market, line is not None, line if line is not None else 0.0)
