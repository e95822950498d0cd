"""Reading decoded bookmaker JSON so that a missing key or a wrong type becomes a `BadPayload`
naming the path, never a KeyError or TypeError escaping from a parser."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from oddsdesk.domain import Book
from oddsdesk.errors import BadPayload

T = TypeVar("T")
Path = tuple[str | int, ...]

_TEMPLATE = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True, slots=True)
class Reader:
    """Typed access into one book's payloads; every failure is a BadPayload for that book."""

    book: Book

    def error(self, message: str) -> BadPayload:
        return BadPayload(self.book.value, message)

    def get(self, data: Any, *path: str | int, kind: type | tuple[type, ...] = object) -> Any:
        """The value at `path`; missing, null or not of `kind` is a BadPayload."""
        value = self.opt(data, *path, kind=kind)
        if value is None:
            raise self.error(f"{_where(path)} is missing")
        return value

    def opt(self, data: Any, *path: str | int, kind: type | tuple[type, ...] = object) -> Any:
        """The value at `path`, or None when a key is absent or null; a wrong type still fails."""
        node = data
        for depth, step in enumerate(path):
            if node is None:
                return None
            if isinstance(step, int):
                if not isinstance(node, list):
                    raise self.error(f"{_where(path[:depth]) or 'payload'} is not a list")
                if not -len(node) <= step < len(node):
                    return None
            elif not isinstance(node, dict):
                raise self.error(f"{_where(path[:depth]) or 'payload'} is not an object")
            elif step not in node:
                return None
            node = node[step]
        if node is not None and not _is(node, kind):
            raise self.error(
                f"{_where(path) or 'payload'} should be {_kind(kind)}, not {_kind(type(node))}"
            )
        return node

    def text(self, data: Any, *path: str | int) -> str:
        """An id or label that books send as a string or a number."""
        return str(self.get(data, *path, kind=(str, int)))

    def opt_text(self, data: Any, *path: str | int) -> str | None:
        value = self.opt(data, *path, kind=(str, int, float))
        return None if value is None or value == "" else str(value)

    def number(self, value: Any, where: str) -> float:
        """A finite number from a float, an int or a numeric string."""
        if isinstance(value, bool):
            raise self.error(f"{where} should be a number, not bool")
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise self.error(f"{where} should be a number, not {value!r:.40}") from None
        if not math.isfinite(number):
            raise self.error(f"{where} should be finite, not {value!r:.40}")
        return number

    @contextmanager
    def context(self, where: str) -> Iterator[None]:
        """Prefix errors raised inside with where they happened ("markets[3]: …")."""
        try:
            yield
        except BadPayload as exc:
            raise self.error(f"{where}: {exc.detail}") from exc

    @contextmanager
    def guard(self) -> Iterator[None]:
        """Last safety net: a lookup error the explicit checks missed is still a BadPayload."""
        try:
            yield
        except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
            raise self.error(f"unreadable payload ({type(exc).__name__}: {exc})") from exc


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


def _is(value: Any, kind: type | tuple[type, ...]) -> bool:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(value, bool) and bool not in kinds and object not in kinds:
        return False
    return isinstance(value, kinds)


def _kind(kind: type | tuple[type, ...]) -> str:
    names = {
        dict: "an object",
        list: "a list",
        str: "a string",
        int: "an integer",
        float: "a number",
        bool: "true or false",
    }
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def _where(path: Path) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out
