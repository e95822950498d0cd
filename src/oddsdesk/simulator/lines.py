"""Which lines a book offers for a market, and how each book writes a line."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Lines:
    """Fixed lines, or lines placed around the match's main Asian handicap.

    `kind`: "fixed" (the `values`), "half" (the `count` half-lines nearest the main handicap),
    "whole_half" (whole and half lines within `span` of it) or "quarter" (quarter steps within
    `span` of it).
    """

    kind: str = "fixed"
    values: tuple[float, ...] = ()
    count: int = 0
    span: float = 0.0

    def resolve(self, main: float) -> tuple[float, ...]:
        if self.kind == "fixed":
            return self.values
        if self.kind == "half":
            candidates = [k + 0.5 for k in range(-6, 6)]
            nearest = sorted(candidates, key=lambda x: (abs(x - main), x))[: self.count]
            return tuple(sorted(nearest))
        step = 0.5 if self.kind == "whole_half" else 0.25
        centre = round(main / step) * step
        n = round(self.span / step)
        return tuple(centre + k * step for k in range(-n, n + 1))


def fixed(*values: float) -> Lines:
    return Lines("fixed", tuple(values))


def plain(value: float) -> str:
    """2.5 → "2.5", 2.0 → "2", -0.75 → "-0.75" (Bet9ja keys, SportyBet totals)."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:g}"


def signed(value: float) -> str:
    """BetPawa's price handicap: "-1.5", "+0.5", "0" ; whole lines as "-1", "+2"."""
    if value == 0:
        return "0"
    return ("+" if value > 0 else "-") + plain(abs(value))


def sporty_hcp_desc(value: float) -> str:
    """SportyBet's Asian outcome text: "(-1.5)", "(+1.0)", "(0)"."""
    if value == 0:
        return "0"
    text = f"{abs(value):.1f}" if float(value).is_integer() else plain(abs(value))
    return ("+" if value > 0 else "-") + text


def sporty_european(line: int) -> str:
    """A home-side European line as SportyBet's goal start: −1 → "0:1", +2 → "2:0"."""
    return f"{line}:0" if line > 0 else f"0:{-line}"


def quarters(value: float) -> int:
    """BetPawa's row.handicap: the line times four."""
    return math.floor(value * 4 + 0.5)
