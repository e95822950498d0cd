"""Reading decoded bookmaker JSON so that a missing key or a wrong type becomes a `BadPayload`
naming the path, never a KeyError or TypeError escaping from a parser; and what the books'
typed readers of raw bodies share."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, TypeVar

import msgspec

from oddsdesk.domain import Book
from oddsdesk.errors import BadPayload

T = TypeVar("T")
K = TypeVar("K")
Path = tuple[str | int, ...]

_TEMPLATE = re.compile(r"\{(\w+)\}")


Kind = frozenset[type]
ANY: Kind = frozenset()
DICT: Kind = frozenset({dict})
LIST: Kind = frozenset({list})
STR: Kind = frozenset({str})
INT: Kind = frozenset({int})
BOOL: Kind = frozenset({bool})
TEXT: Kind = frozenset({str, int, float})  # ids and labels some books send as numbers
NUMBER: Kind = frozenset({int, float, str})  # prices and lines, "2.40" or 2.4

INT64 = Annotated[int, msgspec.Meta(ge=-(2**63), le=2**63 - 1)]
"""An integer as a typed reader takes it. orjson reads one beyond 64 bits as a float, msgspec as
an exact int, so such a body is declined to the checked parser (msgspec's bounds stop at int64,
so 2**63 to 2**64 - 1 is declined too)."""
TYPED_TEXT = str | INT64 | float
"""`TEXT` for typed decoding: ids and labels sent as strings or numbers, never a bool."""


def remember(memo: dict[K, T], key: K, value: T, limit: int) -> T:
    """Keep `value` in a typed reader's lookup memo (odds text, keys, labels that repeat across
    events); a full memo is emptied first, so junk answers cannot grow it."""
    if len(memo) >= limit:
        memo.clear()
    memo[key] = value
    return value


@dataclass(frozen=True, slots=True)
class Reader:
    """Typed access into one book's payloads; every failure is a BadPayload for that book.

    Decoded JSON holds exactly dict, list, str, int, float, bool and None, so a kind is a set of
    exact classes (a bool is therefore not an int). Parsers call this for every field of every
    outcome: the common case is a set lookup, and messages are built only on failure."""

    book: Book

    def error(self, message: str) -> BadPayload:
        return BadPayload(self.book.value, message)

    def get(self, data: Any, *path: str | int, kind: Kind = ANY) -> Any:
        """The value at `path`; missing, null or not of `kind` is a BadPayload."""
        value = self.opt(data, *path, kind=kind)
        if value is None:
            raise self.error(f"{_where(path)} is missing")
        return value

    def opt(self, data: Any, *path: str | int, kind: Kind = ANY) -> Any:
        """The value at `path`, or None when a key is absent or null; a wrong type still fails."""
        node = data
        for depth, step in enumerate(path):
            if node is None:
                return None
            if node.__class__ is dict and step.__class__ is str:
                node = node.get(step)
            elif step.__class__ is int and node.__class__ is list:
                node = node[step] if -len(node) <= step < len(node) else None  # type: ignore[operator]
            else:
                expected = "a list" if isinstance(step, int) else "an object"
                raise self.error(f"{_where(path[:depth]) or 'payload'} is not {expected}")
        if node is None or not kind or node.__class__ in kind:
            return node
        raise self._wrong(path, kind, node)

    def field(self, obj: dict[str, Any], key: str, kind: Kind) -> Any:
        """`obj[key]` of an object already known to be a dict: the per-outcome fast path."""
        value = obj.get(key)
        if value.__class__ in kind:
            return value
        if value is None:
            raise self.error(f"{key} is missing")
        raise self._wrong((key,), kind, value)

    def opt_field(self, obj: dict[str, Any], key: str, kind: Kind) -> Any:
        value = obj.get(key)
        if value is None or value.__class__ in kind:
            return value
        raise self._wrong((key,), kind, value)

    def text(self, data: Any, *path: str | int) -> str:
        """An id or label that books send as a string or a number."""
        value = self.opt(data, *path, kind=TEXT)
        if value is None or value == "":
            raise self.error(f"{_where(path)} is missing")
        return value if value.__class__ is str else str(value)

    def opt_text(self, data: Any, *path: str | int) -> str | None:
        value = self.opt(data, *path, kind=TEXT)
        return None if value is None or value == "" else str(value)

    def number(self, value: Any, where: str) -> float:
        """A finite number from a float, an int or a numeric string."""
        if value.__class__ is float and math.isfinite(value):
            return value
        if value.__class__ is bool:
            raise self.error(f"{where} should be a number, not true or false")
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise self.error(f"{where} should be a number, not {value!r:.40}") from None
        if not math.isfinite(number):
            raise self.error(f"{where} should be finite, not {value!r:.40}")
        return number

    def context(self, label: str, index: int | str | None = None) -> _Context:
        """Prefix errors raised inside with where they happened ("markets[3]: …")."""
        return _Context(self, label, index)

    @contextmanager
    def guard(self) -> Iterator[None]:
        """Last safety net: a lookup error the explicit checks missed is still a BadPayload."""
        try:
            yield
        except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
            raise self.error(f"unreadable payload ({type(exc).__name__}: {exc})") from exc

    def _wrong(self, path: tuple[str | int, ...], kind: Kind, value: Any) -> BadPayload:
        return self.error(
            f"{_where(path) or 'payload'} should be {_kind(kind)}, not {_kind(frozenset({type(value)}))}"
        )


class _Context:
    """A plain context manager (cheaper than a generator one in the per-outcome loops)."""

    __slots__ = ("_index", "_label", "_reader")

    def __init__(self, reader: Reader, label: str, index: int | str | None) -> None:
        self._reader, self._label, self._index = reader, label, index

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type: type | None, exc: BaseException | None, tb: object) -> None:
        if isinstance(exc, BadPayload):
            where = self._label if self._index is None else f"{self._label}[{self._index}]"
            raise self._reader.error(f"{where}: {exc.detail}") from exc


def price_or_none(value: float | None) -> float | None:
    """Decimal odds are > 1.0; anything else (0.0, 1.0 locks) is no price."""
    return value if value is not None and value > 1.0 else None


def line_text(value: Decimal | str | int | float) -> str:
    """A line in plain decimal text: "2.5", "-1.5", "1", "0", never "+0.5" or "2.50" or "1E+1".

    Raises ValueError when the value is not a finite number.
    """
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip().lstrip("+"))
    except InvalidOperation:
        raise ValueError(f"not a number: {value!r}") from None
    if not number.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    text = format(number.normalize(), "f")
    return "0" if text == "-0" else text


def fill_template(template: str, values: dict[str, str]) -> str:
    """Replace `{name}` placeholders that have a value; leave the others as they are."""
    return _TEMPLATE.sub(lambda m: values.get(m.group(1), m.group(0)), template)


def is_pure_template(template: str) -> bool:
    """True when the text is placeholders only, e.g. "{formattedHandicap}"."""
    return bool(_TEMPLATE.search(template)) and not _TEMPLATE.sub("", template).strip()


def split_teams(reader: Reader, name: str) -> tuple[str, str]:
    """ "Home - Away" split on the first " - " (team names may contain a plain hyphen)."""
    home, sep, away = name.partition(" - ")
    if not sep or not home.strip() or not away.strip():
        raise reader.error(f"event name {name!r} is not 'Home - Away'")
    return home.strip(), away.strip()


def collect(items: list[Any], parse: Callable[[Any], T]) -> tuple[list[T], list[BadPayload]]:
    """Parse list items one by one: a bad item is kept as its error, the others still parse."""
    good: list[T] = []
    bad: list[BadPayload] = []
    for item in items:
        try:
            good.append(parse(item))
        except BadPayload as exc:
            bad.append(exc)
    return good, bad


_NAMES = {
    dict: "an object",
    list: "a list",
    str: "a string",
    int: "an integer",
    float: "a number",
    bool: "true or false",
}
_ORDER = (dict, list, str, int, float, bool)


def _kind(kind: Kind) -> str:
    names = [_NAMES[k] for k in _ORDER if k in kind]
    names += sorted(k.__name__ for k in kind if k not in _NAMES)
    return " or ".join(names)


def _where(path: Path) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out
