"""The built-in correctness check: books that price the same bet must roughly agree.

For every canonical (market, line) two or more books quote, each pair of books is compared
outcome by outcome. Where both books offer the same complete set of outcomes of an exclusive
market, the margin is removed first (multiplicative normalisation: p = w·(1/o) / Σ 1/o, with w
the number of winning outcomes, 2 for Double Chance) and fair probabilities are compared. Where the sets differ (Multigoals ranges, correct-score lists, a
suspended outcome) or the outcomes overlap, the implied probabilities 1/o of the outcomes both
books share are compared, leaving out "other"-type outcomes whose meaning depends on the set.

Books differ by a few points on the same bet; a mapping that swaps two outcomes (Over for Under,
"Under & Yes" for "Over & No") moves a probability by far more. The thresholds are in
`Tolerance`, and the reasons for their values in docs/decisions.md ("Markets").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations

from oddsdesk.analytics.fair import Method, fair_probabilities
from oddsdesk.domain import Book, MappedEvent, MarketQuote
from oddsdesk.markets.catalogue import Catalogue, MarketDef, load_catalogue


@dataclass(frozen=True, slots=True)
class Tolerance:
    """A pair disagrees when its probabilities differ by more than `absolute` AND by more than
    `relative` of the larger one: long shots need the relative test, favourites the absolute."""

    fair_absolute: float = 0.04
    fair_relative: float = 0.30
    implied_absolute: float = 0.05
    implied_relative: float = 0.40

    def exceeded(self, a: float, b: float, method: str) -> bool:
        absolute, relative = (
            (self.fair_absolute, self.fair_relative)
            if method == "fair"
            else (self.implied_absolute, self.implied_relative)
        )
        gap = abs(a - b)
        return gap > absolute and gap > relative * max(a, b)


@dataclass(frozen=True, slots=True)
class Disagreement:
    """Two books' probabilities for one outcome of one (market, line) that do not agree."""

    market: str
    line: float | None
    outcome: str
    books: tuple[Book, Book]
    probabilities: tuple[float, float]
    method: str  # "fair" (margin removed) or "implied" (1/price)
    book_markets: tuple[str, str]

    @property
    def gap(self) -> float:
        return abs(self.probabilities[0] - self.probabilities[1])


@dataclass(frozen=True, slots=True)
class CheckResult:
    """How many (market, line, outcome, pair of books) were compared, and which disagree."""

    compared: int
    disagreements: tuple[Disagreement, ...]

    @property
    def ok(self) -> bool:
        return not self.disagreements


def check(
    events: Iterable[MappedEvent],
    catalogue: Catalogue | None = None,
    tolerance: Tolerance | None = None,
) -> CheckResult:
    """Compare every (market, line) offered by two or more of these events' books (one match)."""
    catalogue = catalogue or load_catalogue()
    tolerance = tolerance or Tolerance()
    by_key: dict[tuple[str, float | None], dict[Book, MarketQuote]] = {}
    for event in events:
        for quote in event.quotes:
            by_key.setdefault(quote.key, {}).setdefault(event.ref.book, quote)
    compared = 0
    found: list[Disagreement] = []
    for (market_id, line), quotes in by_key.items():
        market = catalogue.get(market_id)
        if market is None or len(quotes) < 2:
            continue
        for book_a, book_b in combinations(sorted(quotes, key=_book_order), 2):
            count, disagreements = compare_pair(
                market, line, (book_a, quotes[book_a]), (book_b, quotes[book_b]), tolerance
            )
            compared += count
            found.extend(disagreements)
    return CheckResult(compared=compared, disagreements=tuple(found))


def compare_pair(
    market: MarketDef,
    line: float | None,
    a: tuple[Book, MarketQuote],
    b: tuple[Book, MarketQuote],
    tolerance: Tolerance,
) -> tuple[int, list[Disagreement]]:
    """Compare two books' quotes of one (market, line): the count of outcomes compared and the
    outcomes that disagree."""
    prices_a, prices_b = _prices(a[1]), _prices(b[1])
    if market.exclusive and prices_a.keys() == prices_b.keys() and _complete(market, prices_a):
        method = "fair"
        probs_a = normalise(prices_a, market.winners)
        probs_b = normalise(prices_b, market.winners)
        shared = list(prices_a)
    else:
        method = "implied"
        probs_a = {o: 1.0 / p for o, p in prices_a.items()}
        probs_b = {o: 1.0 / p for o, p in prices_b.items()}
        residual = {o.id for o in market.outcomes if o.residual}
        shared = [o for o in prices_a if o in prices_b and o not in residual]
    disagreements = [
        Disagreement(
            market=market.id,
            line=line,
            outcome=outcome,
            books=(a[0], b[0]),
            probabilities=(probs_a[outcome], probs_b[outcome]),
            method=method,
            book_markets=(a[1].book_market, b[1].book_market),
        )
        for outcome in shared
        if tolerance.exceeded(probs_a[outcome], probs_b[outcome], method)
    ]
    return len(shared), disagreements


def normalise(prices: Mapping[str, float], winners: int = 1) -> dict[str, float]:
    """Fair probabilities by multiplicative normalisation, w·(1/o) / Σ 1/o, keyed by outcome
    (w: how many outcomes win at once — 2 for Double Chance)."""
    fair = fair_probabilities(list(prices.values()), Method.MULTIPLICATIVE, winners=winners)
    if fair is None:
        raise ValueError(f"no fair probabilities for prices {dict(prices)}")
    return dict(zip(prices, fair, strict=True))


def _prices(quote: MarketQuote) -> dict[str, float]:
    """The outcomes with a real price: available, and above 1.0 (1.0 is a lock on Bet9ja)."""
    return {
        o.outcome: o.price
        for o in quote.outcomes
        if o.available and o.price is not None and o.price > 1.0
    }


def _complete(market: MarketDef, prices: Mapping[str, float]) -> bool:
    """Whether these outcomes cover every result: all the market's outcomes, or a listed set
    closed by an "other" outcome."""
    if any(o.residual and o.id in prices for o in market.outcomes):
        return True
    return all(o.id in prices for o in market.outcomes if not o.residual)


def _book_order(book: Book) -> int:
    return list(Book).index(book)
