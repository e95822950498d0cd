"""Book markets → canonical quotes, for every book the same way.

Each book module (`betpawa`, `sportybet`, `bet9ja`) only answers two questions from lookup tables
built once per catalogue: which catalogue rows a book market may feed (and at which canonical
line), and which canonical outcome a book outcome is. Everything else — merging rows, reading all
outcomes or none, reporting what did not map, refusing a second quote for the same (market,
line) — happens here, once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol, TypeVar

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


@dataclass(frozen=True, slots=True)
class LineResult:
    """One book market-line (rows merged) after mapping: its quotes, and each problem met.
    It counts as mapped when it gave at least one quote."""

    market: BookMarket
    quotes: tuple[MarketQuote, ...]
    problems: tuple[str, ...] = ()


def map_event(event: BookEvent, catalogue: Catalogue | None = None) -> MappedEvent:
    """Every market of one book event as canonical quotes, plus what could not be mapped."""
    return summarise(event.ref, map_lines(event, catalogue))


def summarise(ref: EventRef, lines: Iterable[LineResult]) -> MappedEvent:
    """The MappedEvent of mapped lines: their quotes, and problems counted per (market, reason)."""
    lines = list(lines)
    unmapped: dict[tuple[str, str], UnmappedMarket] = {}
    for line in lines:
        for reason in line.problems:
            key = (line.market.market_id, reason)
            seen = unmapped.get(key)
            unmapped[key] = UnmappedMarket(
                book_market=line.market.market_id,
                name=line.market.name,
                reason=reason,
                count=1 if seen is None else seen.count + 1,
            )
    quotes = tuple(quote for line in lines for quote in line.quotes)
    return MappedEvent(ref=ref, quotes=quotes, unmapped=tuple(unmapped.values()))


def map_lines(event: BookEvent, catalogue: Catalogue | None = None) -> list[LineResult]:
    """Each market-line of one book event, mapped. A second quote for a (market, line) already
    quoted by this event is refused: one book prices one bet once."""
    mapper = mapper_for(event.book, catalogue or load_catalogue())
    taken: dict[tuple[str, float | None], str] = {}
    results = []
    for market in merge_rows(event.markets):
        try:
            mapped, left_out = map_market(mapper, market, event.ref)
        except Unmappable as exc:
            results.append(LineResult(market, (), (str(exc),)))
            continue
        problems = [f"{PARTLY_MAPPED}: {_codes(left_out)}"] if left_out else []
        kept = []
        for quote in mapped:
            if quote.key in taken:
                problems.append(f"same market and line as {taken[quote.key]} ({quote.market})")
                continue
            taken[quote.key] = quote.book_market
            kept.append(quote)
        results.append(LineResult(market, tuple(kept), tuple(problems)))
    return results


def map_market(
    mapper: BookMapper, market: BookMarket, ref: EventRef
) -> tuple[list[MarketQuote], list[str]]:
    """One book market as one quote per catalogue row it feeds, plus the codes of outcomes left
    out. An outcome of unknown meaning in an exclusive market fed by one row makes the whole
    market Unmappable (its outcome set would be wrong); where the book market bundles several
    rows (Bet9ja S_TOTAL1T2T) or its outcomes overlap anyway ("1 Or GG"), the known ones map."""
    targets = mapper.targets(market, ref)
    prices: list[list[OutcomePrice]] = [[] for _ in targets]
    unknown: list[str] = []
    for outcome in market.outcomes:
        for index, target in enumerate(targets):
            canonical = target.identify(outcome)
            if canonical is not None:
                prices[index].append(OutcomePrice(canonical, outcome.price, outcome.available))
                break
        else:
            unknown.append(outcome.code)
    partial_ok = len(targets) > 1 or not all(t.market.exclusive for t in targets)
    if unknown and not partial_ok:
        raise Unmappable(f"outcome codes not in the catalogue: {_codes(unknown)}")
    quotes = []
    for target, outcomes in zip(targets, prices, strict=True):
        if outcomes:
            order = _outcome_order(target.market)
            outcomes.sort(key=lambda o: order[o.outcome])
            quotes.append(
                MarketQuote(
                    market=target.market.id,
                    line=target.line,
                    outcomes=tuple(_dedupe(outcomes)),
                    book_market=market.market_id,
                )
            )
    if not quotes:
        raise Unmappable(f"outcome codes not in the catalogue: {_codes(unknown)}")
    return quotes, unknown


def _codes(codes: list[str]) -> str:
    shown = ", ".join(repr(code) for code in codes[:5])
    return shown + (f" and {len(codes) - 5} more" if len(codes) > 5 else "")


def merge_rows(markets: Iterable[BookMarket]) -> list[BookMarket]:
    """One BookMarket per (market id, line): BetPawa spreads one line over several rows
    (1X2 & Totals has an Over row and an Under row at each line)."""
    merged: dict[tuple[str, str | None], BookMarket] = {}
    for market in markets:
        key = (market.market_id, market.specifier)
        earlier = merged.get(key)
        if earlier is None:
            merged[key] = market
        else:
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


def _dedupe(outcomes: list[OutcomePrice]) -> list[OutcomePrice]:
    """A book listing one outcome twice keeps its first price."""
    seen: set[str] = set()
    kept = []
    for outcome in outcomes:
        if outcome.outcome not in seen:
            seen.add(outcome.outcome)
            kept.append(outcome)
    return kept
