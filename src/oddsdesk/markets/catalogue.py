"""The market catalogue: `catalogue.json` loaded into typed, immutable, validated values.

The file is data (format in `README.md` beside it); this module only reads and checks it. A
broken catalogue stops start-up with a ConfigError naming the market and the problem, because
every mapping and comparison downstream would otherwise be silently wrong.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from oddsdesk.domain import Book
from oddsdesk.errors import ConfigError
from oddsdesk.markets.lines import LINE_FORMATS

CATALOGUE_PATH = Path(__file__).with_name("catalogue.json")

CATEGORIES = (
    "Popular",
    "Goals",
    "Handicaps",
    "Halves",
    "Combos",
    "Corners",
    "Cards",
    "Specials",
    "Other",
)
PERIODS = ("ft", "1h", "2h")
LINE_KINDS = ("none", "total", "handicap", "handicap_3way", "nth", "minute")
HANDICAP_TYPES = ("", "NORMAL", "ASIAN", "EUROPEAN", "NUMBER_SPECIFIER")
_PERIOD_SUFFIX = {"ft": "", "1h": " | 1st Half", "2h": " | 2nd Half"}


@dataclass(frozen=True, slots=True)
class Outcome:
    """A canonical outcome. `residual` ("other") means "anything the book did not list", so its
    meaning depends on the book's outcome set."""

    id: str
    name: str
    residual: bool = False


@dataclass(frozen=True, slots=True)
class BookOutcomeCode:
    """How one book names a canonical outcome: its code and its label (a template for SportyBet)."""

    outcome: str
    code: str
    label: str


@dataclass(frozen=True, slots=True)
class BookVariant:
    """One book market that carries (part of) a canonical market.

    `specifier` is SportyBet's template ("total={line}", "variant=sr:exact_goals:6+");
    `fixed_line` is the canonical line of a book market that has none of its own (Bet9ja
    S_1STGOAL is goal 1); `line_format` says how the book writes the line (see `lines.py`).
    """

    book: Book
    market: str
    name: str
    outcomes: tuple[BookOutcomeCode, ...]
    specifier: str | None = None
    line_format: str = "decimal"
    fixed_line: float | None = None
    handicap_type: str | None = None
    live: bool = False
    verified: bool = True


@dataclass(frozen=True, slots=True, eq=False)
class MarketDef:
    """A canonical market: what it is, how its line is read, and how each book carries it.
    Compared by identity (one object per loaded catalogue), so it can key caches."""

    id: str
    name: str
    category: str
    period: str
    line_kind: str
    outcomes: tuple[Outcome, ...]
    variants: MappingProxyType[Book, tuple[BookVariant, ...]]
    absent: MappingProxyType[Book, str]
    exclusive: bool = True
    winners: int = 1
    note: str = ""

    @property
    def has_line(self) -> bool:
        return self.line_kind != "none"

    @property
    def display_name(self) -> str:
        """The name with its period, as one catalogue-wide naming scheme ("Over/Under | 1st Half")."""
        return self.name + _PERIOD_SUFFIX[self.period]


@dataclass(frozen=True, slots=True, eq=False)
class Catalogue:
    """Every canonical market, in file order. Compared by identity, so it can key caches."""

    version: str
    markets: tuple[MarketDef, ...]
    _by_id: MappingProxyType[str, MarketDef] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", MappingProxyType({m.id: m for m in self.markets}))

    def market(self, market_id: str) -> MarketDef:
        """The market with this id; KeyError names it when unknown."""
        try:
            return self._by_id[market_id]
        except KeyError:
            raise KeyError(f"no canonical market {market_id!r}") from None

    def get(self, market_id: str) -> MarketDef | None:
        return self._by_id.get(market_id)

    def variants(self, book: Book) -> tuple[tuple[MarketDef, BookVariant], ...]:
        """Every (market, variant) a book carries, in catalogue order."""
        return tuple((m, v) for m in self.markets for v in m.variants.get(book, ()))


def load_catalogue(path: Path | str | None = None) -> Catalogue:
    """Read and validate a catalogue file; the shipped one when `path` is None (cached)."""
    if path is None:
        return _shipped()
    return _load(Path(path))


@cache
def _shipped() -> Catalogue:
    return _load(CATALOGUE_PATH)


def _load(path: Path) -> Catalogue:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"market catalogue {path}: cannot be read: {exc}") from exc
    return parse_catalogue(document, source=str(path))


def parse_catalogue(document: Any, *, source: str = "catalogue") -> Catalogue:
    """Build and validate a Catalogue from the decoded JSON document."""
    reader = _Reader(source)
    root = reader.mapping(document, "the document")
    version = reader.text(root, "version", "the document")
    raw_markets = root.get("markets")
    if not isinstance(raw_markets, list) or not raw_markets:
        raise reader.error("the document", "'markets' must be a non-empty list")
    markets = tuple(_market(reader, raw, index) for index, raw in enumerate(raw_markets))
    _check_unique(reader, markets)
    _check_unambiguous(reader, markets)
    return Catalogue(version=version, markets=markets)


def _market(reader: _Reader, raw: Any, index: int) -> MarketDef:
    where = f"markets[{index}]"
    raw = reader.mapping(raw, where)
    market_id = reader.text(raw, "id", where)
    where = f"market {market_id!r}"
    category = reader.choice(raw, "category", CATEGORIES, where)
    period = reader.choice(raw, "period", PERIODS, where)
    line_kind = reader.choice(raw, "line", LINE_KINDS, where)
    outcomes = tuple(_outcome(reader, o, where) for o in reader.list(raw, "outcomes", where))
    ids = [o.id for o in outcomes]
    if len(set(ids)) != len(ids):
        raise reader.error(
            where, f"duplicate outcome ids {sorted({i for i in ids if ids.count(i) > 1})}"
        )
    books = reader.mapping(raw.get("books", {}), f"{where} books")
    absent_raw = reader.mapping(raw.get("absent", {}), f"{where} absent")
    variants: dict[Book, tuple[BookVariant, ...]] = {}
    absent: dict[Book, str] = {}
    for name in books:
        book = reader.book(name, where)
        variants[book] = tuple(
            _variant(reader, book, v, f"{where} {name}[{i}]", ids, line_kind)
            for i, v in enumerate(reader.list(books, name, where))
        )
    for name, reason in absent_raw.items():
        book = reader.book(name, where)
        if not isinstance(reason, str) or not reason.strip():
            raise reader.error(where, f"absent.{name} needs a reason")
        if book in variants:
            raise reader.error(where, f"{name} is both mapped and absent")
        absent[book] = reason
    missing = [b.value for b in Book if b not in variants and b not in absent]
    if missing:
        raise reader.error(where, f"books {missing} neither mapped nor recorded as absent")
    exclusive = raw.get("exclusive", True)
    if not isinstance(exclusive, bool):
        raise reader.error(where, "'exclusive' must be true or false")
    winners = raw.get("winners", 1)
    if isinstance(winners, bool) or not isinstance(winners, int) or not 1 <= winners < len(ids):
        raise reader.error(
            where, f"'winners' {winners!r} must be a whole number below the outcomes"
        )
    return MarketDef(
        id=market_id,
        name=reader.text(raw, "name", where),
        category=category,
        period=period,
        line_kind=line_kind,
        outcomes=outcomes,
        variants=MappingProxyType(variants),
        absent=MappingProxyType(absent),
        exclusive=exclusive,
        winners=winners,
        note=str(raw.get("note", "")),
    )


def _outcome(reader: _Reader, raw: Any, where: str) -> Outcome:
    raw = reader.mapping(raw, f"{where} outcome")
    outcome_id = reader.text(raw, "id", f"{where} outcome")
    return Outcome(
        id=outcome_id,
        name=str(raw.get("name") or outcome_id),
        residual=bool(raw.get("residual", False)),
    )


def _variant(
    reader: _Reader, book: Book, raw: Any, where: str, outcome_ids: list[str], line_kind: str
) -> BookVariant:
    raw = reader.mapping(raw, where)
    market = reader.text(raw, "market", where)
    where = f"{where} ({market})"
    codes: list[BookOutcomeCode] = []
    for outcome, value in reader.mapping(raw.get("outcomes"), f"{where} outcomes").items():
        if outcome not in outcome_ids:
            raise reader.error(where, f"outcome {outcome!r} is not one of the market's outcomes")
        if isinstance(value, str) and book is Book.BETPAWA:
            code, label = value, value
        elif (
            isinstance(value, list)
            and len(value) == 2
            and all(isinstance(v, str) and v for v in value)
        ):
            code, label = value
        else:
            form = "a price name" if book is Book.BETPAWA else "[code, label]"
            raise reader.error(where, f"outcome {outcome!r} must be {form}, not {value!r}")
        codes.append(BookOutcomeCode(outcome=outcome, code=code, label=label))
    if not codes:
        raise reader.error(where, "maps no outcome")
    seen = [c.code for c in codes]
    if len(set(seen)) != len(seen):
        raise reader.error(where, f"one code used for two outcomes: {seen}")
    specifier = raw.get("specifier")
    if specifier is not None and (book is not Book.SPORTYBET or not isinstance(specifier, str)):
        raise reader.error(where, "'specifier' is a SportyBet template string")
    line_format = raw.get("line_format", "decimal")
    if line_format not in LINE_FORMATS:
        raise reader.error(where, f"line_format {line_format!r} is not one of {LINE_FORMATS}")
    fixed = raw.get("line")
    if fixed is not None and (isinstance(fixed, bool) or not isinstance(fixed, int | float)):
        raise reader.error(where, f"fixed line {fixed!r} is not a number")
    reads_line = isinstance(specifier, str) and "{line}" in specifier
    if line_kind == "none" and (fixed is not None or reads_line):
        raise reader.error(where, "the market has no line but the variant reads one")
    if fixed is not None and reads_line:
        raise reader.error(where, "a variant has either a fixed line or a {line} specifier")
    if book is Book.SPORTYBET and line_kind != "none" and fixed is None and not reads_line:
        raise reader.error(where, "a lined SportyBet market needs a '{line}' specifier")
    handicap_type = raw.get("handicap_type")
    if handicap_type is not None and handicap_type not in HANDICAP_TYPES:
        raise reader.error(where, f"handicap_type {handicap_type!r} is not one of {HANDICAP_TYPES}")
    return BookVariant(
        book=book,
        market=market,
        name=str(raw.get("name") or market),
        outcomes=tuple(codes),
        specifier=specifier,
        line_format=line_format,
        fixed_line=float(fixed) if fixed is not None else None,
        handicap_type=handicap_type,
        live=bool(raw.get("live", False)),
        verified=bool(raw.get("verified", True)),
    )


def _check_unique(reader: _Reader, markets: tuple[MarketDef, ...]) -> None:
    ids = [m.id for m in markets]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise reader.error("the document", f"duplicate market ids {dupes}")


def _check_unambiguous(reader: _Reader, markets: tuple[MarketDef, ...]) -> None:
    """Two catalogue rows may share a book market (Bet9ja S_HAOU carries home and away totals)
    only if no book outcome code could belong to both."""
    owners: dict[tuple[Book, str, str | None, str], str] = {}
    for market in markets:
        for book, variants in market.variants.items():
            for variant in variants:
                for code in variant.outcomes:
                    key = (book, variant.market, _shape(variant), code.code)
                    other = owners.setdefault(key, market.id)
                    if other != market.id:
                        raise reader.error(
                            f"market {market.id!r}",
                            f"{book.value} {variant.market} code {code.code!r} is also "
                            f"mapped by {other!r}",
                        )


def _shape(variant: BookVariant) -> str | None:
    """What tells two variants of one book market apart: SportyBet's specifier template, or
    (elsewhere) whether the market carries a line of its own."""
    if variant.book is Book.SPORTYBET:
        return variant.specifier
    return "fixed" if variant.fixed_line is not None else None


class _Reader:
    """Small typed accessors that raise ConfigError naming the file and the place."""

    def __init__(self, source: str) -> None:
        self.source = source

    def error(self, where: str, message: str) -> ConfigError:
        return ConfigError(f"market catalogue {self.source}: {where}: {message}")

    def mapping(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.error(where, f"expected an object, found {type(value).__name__}")
        return value

    def list(self, raw: dict[str, Any], key: str, where: str) -> list[Any]:
        value = raw.get(key)
        if not isinstance(value, list) or not value:
            raise self.error(where, f"{key!r} must be a non-empty list")
        return value

    def text(self, raw: dict[str, Any], key: str, where: str) -> str:
        value = raw.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.error(where, f"{key!r} must be a non-empty string")
        return value

    def choice(self, raw: dict[str, Any], key: str, choices: tuple[str, ...], where: str) -> str:
        value = raw.get(key)
        if value not in choices:
            raise self.error(where, f"{key} {value!r} is not one of {list(choices)}")
        return value

    def book(self, name: str, where: str) -> Book:
        try:
            return Book(name)
        except ValueError:
            raise self.error(where, f"unknown book {name!r}") from None
