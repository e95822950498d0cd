"""Book markets → canonical quotes, for every book the same way.

Each book module (`betpawa`, `sportybet`, `bet9ja`) only answers two questions from lookup tables
built once per catalogue: which catalogue rows a book market may feed (and at which canonical
line), and which canonical outcome a book outcome is. Everything else — merging rows, reading all
outcomes or none, reporting what did not map, refusing a second quote for the same (market,
line) — happens here, once.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import NamedTuple, Protocol, TypeVar

from oddsdesk.domain import (
    Book,
    BookEvent,
    BookMarket,
    BookOutcome,
    EventRef,
    MappedEvent,
    MarketQuote,
    OutcomePrice,
    UnmappedMarket,
)
from oddsdesk.markets.catalogue import BookVariant, Catalogue, MarketDef, load_catalogue
from oddsdesk.markets.lines import parse_line

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class Target:
    """One catalogue row a book market feeds, at a canonical line, and how to read its outcomes.

    `identify` turns one book outcome into a canonical outcome id, or None when this row does not
    know it (another row sharing the book market may)."""

    market: MarketDef
    line: float | None
    identify: Callable[[BookOutcome], str | None]


PARTLY_MAPPED = "partly mapped, outcomes not in the catalogue"
"""Reason prefix of an UnmappedMarket whose market did map, without the outcomes it names."""


class Unmappable(Exception):
    """A book market that cannot be read into the catalogue; the message is the reason."""


class BookMapper(Protocol):
    book: Book

    def targets(self, market: BookMarket, ref: EventRef) -> list[Target]:
        """The rows `market` feeds; raises Unmappable with the reason when there are none."""
        ...

    def plan_key(self, market: BookMarket, ref: EventRef) -> Hashable:
        """Everything `targets` and the targets' `identify` read from `market` and `ref`, prices
        and availability aside: two markets with one key have one plan."""
        ...


@dataclass(frozen=True, slots=True)
class LineResult:
    """One book market-line (rows merged) after mapping: its quotes, and each problem met.
    It counts as mapped when it gave at least one quote."""

    market: BookMarket
    quotes: tuple[MarketQuote, ...]
    problems: tuple[str, ...] = ()


def map_event(
    event: BookEvent, catalogue: Catalogue | None = None, *, fresh: bool = False
) -> MappedEvent:
    """Every market of one book event as canonical quotes, plus what could not be mapped.
    `fresh` plans every market from scratch instead of reusing the book's plan cache."""
    quotes: list[MarketQuote] = []
    problems: list[tuple[BookMarket, str]] = []
    _read(event, catalogue, fresh, quotes, problems)
    return MappedEvent(ref=event.ref, quotes=tuple(quotes), unmapped=_unmapped(problems))


def summarise(ref: EventRef, lines: Iterable[LineResult]) -> MappedEvent:
    """The MappedEvent of mapped lines: their quotes, and problems counted per (market, reason)."""
    lines = list(lines)
    return MappedEvent(
        ref=ref,
        quotes=tuple(quote for line in lines for quote in line.quotes),
        unmapped=_unmapped([(line.market, reason) for line in lines for reason in line.problems]),
    )


def map_lines(
    event: BookEvent, catalogue: Catalogue | None = None, *, fresh: bool = False
) -> list[LineResult]:
    """Each market-line of one book event, mapped. A second quote for a (market, line) already
    quoted by this event is refused: one book prices one bet once."""
    lines: list[LineResult] = []
    _read(event, catalogue, fresh, [], [], lines)
    return lines


_new_price = tuple.__new__
"""Builds an OutcomePrice (or a MarketQuote) without NamedTuple's Python-level __new__, which
costs twice as much."""


def _read(
    event: BookEvent,
    catalogue: Catalogue | None,
    fresh: bool,
    quotes: list[MarketQuote],
    problems: list[tuple[BookMarket, str]],
    lines: list[LineResult] | None = None,
) -> None:
    """Appends every quote of `event` to `quotes`, each problem met to `problems` and, when
    asked, each market-line to `lines`: one pass, nothing built per line unless asked."""
    plans = plans_for(event.book, catalogue or load_catalogue())
    mapper = plans.mapper
    key_of = mapper.plan_key
    known = plans.known
    ref = event.ref
    taken: dict[tuple[str, float | None], str] = {}
    for market in merge_rows(event.markets):
        if fresh:
            plan = plan_market(mapper, market, ref)
        else:
            plan = known.get(key_of(market, ref)) or plans.learn(market, ref)
        reasons = plan.problems
        start = len(quotes)
        if plan.quotes:
            outcomes = market.outcomes
            book_market = market.market_id
            for canonical, line, key, picks in plan.quotes:
                if key in taken:
                    reasons += (f"same market and line as {taken[key]} ({canonical})",)
                    continue
                taken[key] = book_market
                prices = []  # a loop, not a comprehension: no function call per quote (3.11)
                for i, outcome in picks:
                    price = outcomes[i]
                    prices.append(_new_price(OutcomePrice, (outcome, price.price, price.available)))
                quotes.append(
                    _new_price(MarketQuote, (canonical, line, tuple(prices), book_market))
                )
        if reasons:
            problems.extend([(market, reason) for reason in reasons])
        if lines is not None:
            lines.append(LineResult(market, tuple(quotes[start:]), reasons))


def _unmapped(problems: list[tuple[BookMarket, str]]) -> tuple[UnmappedMarket, ...]:
    """Problems counted per (book market, reason), named as the last market met names it."""
    counted: dict[tuple[str, str], tuple[int, BookMarket]] = {}
    for market, reason in problems:
        key = (market.market_id, reason)
        seen = counted.get(key)
        counted[key] = (1 if seen is None else seen[0] + 1, market)
    return tuple(
        [
            UnmappedMarket(market.market_id, market.name, reason, count)
            for (_, reason), (count, market) in counted.items()
        ]
    )


class QuotePlan(NamedTuple):
    """One quote a book-market structure gives: its canonical market and line (and the two as
    the quote's key), and which book outcome (by index) feeds each canonical outcome, in
    catalogue order."""

    market: str
    line: float | None
    key: tuple[str, float | None]
    picks: tuple[tuple[int, str], ...]


@dataclass(frozen=True, slots=True)
class Plan:
    """How every book market of one structure maps, prices aside: the quotes it gives and the
    problems it always has (why it is unmappable, or the outcomes it leaves out)."""

    quotes: tuple[QuotePlan, ...]
    problems: tuple[str, ...] = ()


def plan_market(mapper: BookMapper, market: BookMarket, ref: EventRef) -> Plan:
    """How one book market maps: a quote per catalogue row it feeds, and the outcomes left out.
    An outcome of unknown meaning in an exclusive market fed by one row makes the whole market
    unmappable (its outcome set would be wrong); where the book market bundles several rows
    (Bet9ja S_TOTAL1T2T) or its outcomes overlap anyway ("1 Or GG"), the known ones map."""
    try:
        targets = mapper.targets(market, ref)
    except Unmappable as exc:
        return Plan((), (str(exc),))
    picks: list[list[tuple[int, str]]] = [[] for _ in targets]
    unknown: list[str] = []
    for index, outcome in enumerate(market.outcomes):
        for slot, target in enumerate(targets):
            canonical = target.identify(outcome)
            if canonical is not None:
                picks[slot].append((index, canonical))
                break
        else:
            unknown.append(outcome.code)
    unknown_reason = f"outcome codes not in the catalogue: {_codes(unknown)}"
    partial_ok = len(targets) > 1 or not all(t.market.exclusive for t in targets)
    if unknown and not partial_ok:
        return Plan((), (unknown_reason,))
    quotes = []
    for target, chosen in zip(targets, picks, strict=True):
        if chosen:
            order = _outcome_order(target.market)
            chosen.sort(key=lambda pick: order[pick[1]])
            quotes.append(
                QuotePlan(
                    target.market.id,
                    target.line,
                    (target.market.id, target.line),
                    _dedupe(chosen),
                )
            )
    if not quotes:
        return Plan((), (unknown_reason,))
    return Plan(tuple(quotes), (f"{PARTLY_MAPPED}: {_codes(unknown)}",) if unknown else ())


PLAN_LIMIT = 50_000
"""Plans kept per book before the cache starts over; well above the structures of 2,000 events."""


class PlanCache:
    """A book's plans by structure key (what its mapper says a plan depends on), bounded: when
    full it starts over, so memory stays flat however many structures pass through."""

    def __init__(self, mapper: BookMapper, limit: int = PLAN_LIMIT) -> None:
        self.mapper = mapper
        self.known: dict[Hashable, Plan] = {}
        self._limit = limit
        self._distinct: dict[Plan, Plan] = {}

    def learn(self, market: BookMarket, ref: EventRef) -> Plan:
        """The plan of a structure first seen, planned from scratch and kept. Equal plans are
        kept once: SportyBet's per-match plans (descs naming the teams) are mostly alike."""
        if len(self.known) >= self._limit:
            self.known.clear()
            self._distinct.clear()
        plan = plan_market(self.mapper, market, ref)
        plan = self.known[self.mapper.plan_key(market, ref)] = self._distinct.setdefault(plan, plan)
        return plan


@lru_cache(maxsize=16)
def plans_for(book: Book, catalogue: Catalogue) -> PlanCache:
    """The book's plan cache, one per catalogue."""
    return PlanCache(mapper_for(book, catalogue))


def _codes(codes: list[str]) -> str:
    shown = ", ".join(repr(code) for code in codes[:5])
    return shown + (f" and {len(codes) - 5} more" if len(codes) > 5 else "")


def merge_rows(markets: Iterable[BookMarket]) -> list[BookMarket]:
    """One BookMarket per (market id, line): BetPawa spreads one line over several rows
    (1X2 & Totals has an Over row and an Under row at each line)."""
    merged: dict[tuple[str, str | None], BookMarket] = {}
    for market in markets:
        key = (market.market_id, market.specifier)
        earlier = merged.setdefault(key, market)
        if earlier is not market:
            merged[key] = BookMarket(
                market_id=earlier.market_id,
                name=earlier.name,
                specifier=earlier.specifier,
                outcomes=earlier.outcomes + market.outcomes,
            )
    return list(merged.values())


class KeyedMapper:
    """A book whose market id picks the rows and whose outcome code is the outcome (BetPawa,
    Bet9ja): the line, if any, is the BookMarket's specifier."""

    book: Book

    def __init__(self, catalogue: Catalogue) -> None:
        self._index = index_rows(catalogue, self.book)

    def targets(self, market: BookMarket, ref: EventRef) -> list[Target]:
        return line_targets(rows_for(self._index, market.market_id), market.specifier)

    def plan_key(self, market: BookMarket, ref: EventRef) -> Hashable:
        if market.market_id not in self._index:
            return market.market_id
        return (market.market_id, market.specifier, tuple(map(outcome_code, market.outcomes)))


outcome_code = itemgetter(0)
"""BookOutcome.code as a C-level getter, for building plan keys."""


@lru_cache(maxsize=16)
def mapper_for(book: Book, catalogue: Catalogue) -> BookMapper:
    """The book's mapper with its lookup tables, built once per catalogue."""
    from oddsdesk.markets import bet9ja, betpawa, sportybet

    builders: Mapping[Book, Callable[[Catalogue], BookMapper]] = {
        Book.BETPAWA: betpawa.BetPawaMapper,
        Book.SPORTYBET: sportybet.SportyBetMapper,
        Book.BET9JA: bet9ja.Bet9jaMapper,
    }
    return builders[book](catalogue)


@dataclass(frozen=True, slots=True)
class Row:
    """One (catalogue market, book variant) pair, with its code table built once."""

    market: MarketDef
    variant: BookVariant
    codes: Mapping[str, str]

    @property
    def reads_line(self) -> bool:
        """Whether the book market carries the line itself (else it has none or a fixed one)."""
        return self.market.has_line and self.variant.fixed_line is None

    def by_code(self, outcome: BookOutcome) -> str | None:
        return self.codes.get(outcome.code)


def index_rows(catalogue: Catalogue, book: Book) -> dict[str, tuple[Row, ...]]:
    """Book market id → the catalogue rows it may feed."""
    index: dict[str, list[Row]] = {}
    for market, variant in catalogue.variants(book):
        codes = {code.code: code.outcome for code in variant.outcomes}
        index.setdefault(variant.market, []).append(Row(market, variant, codes))
    return {key: tuple(rows) for key, rows in index.items()}


def rows_for(index: Mapping[str, tuple[_T, ...]], market_id: str) -> tuple[_T, ...]:
    rows = index.get(market_id)
    if rows is None:
        raise Unmappable("market not in the catalogue")
    return rows


def line_targets(rows: Iterable[Row], text: str | None) -> list[Target]:
    """Targets for a book market whose line, if any, is `text` (Bet9ja `@param`, BetPawa row
    line): rows that read a line need one, rows without (or with a fixed one) need none."""
    fitting = [row for row in rows if row.reads_line == (text is not None)]
    if not fitting:
        raise Unmappable("a line the catalogue does not expect" if text else "no line")
    targets = []
    for row in fitting:
        if row.reads_line:
            try:
                line: float | None = parse_line(text or "", row.variant.line_format)
            except ValueError:
                raise Unmappable("unreadable line") from None
        else:
            line = row.variant.fixed_line
        targets.append(Target(row.market, line, row.by_code))
    return targets


@lru_cache(maxsize=512)
def _outcome_order(market: MarketDef) -> dict[str, int]:
    return {outcome.id: index for index, outcome in enumerate(market.outcomes)}


def _dedupe(picks: list[tuple[int, str]]) -> tuple[tuple[int, str], ...]:
    """A book listing one outcome twice keeps its first price."""
    seen: set[str] = set()
    kept = []
    for pick in picks:
        if pick[1] not in seen:
            seen.add(pick[1])
            kept.append(pick)
    return tuple(kept)
