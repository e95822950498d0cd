"""What the dashboard calls markets, outcomes and categories.

The headline markets are the four pawaRisk showed inline (1X2, O/U 2.5, BTTS, Double Chance);
their outcome order is fixed here so every book's row lines up under the same column.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from oddsdesk.domain import Book
from oddsdesk.markets.catalogue import load_catalogue


@dataclass(frozen=True, slots=True)
class Headline:
    key: str  # column id, used in URLs and localStorage
    market: str  # canonical market id
    line: float | None
    label: str
    outcomes: tuple[tuple[str, str], ...]  # (canonical outcome, column label)
    winners: int = 1


HEADLINES: tuple[Headline, ...] = (
    Headline("1x2", "1x2_ft", None, "1X2", (("home", "1"), ("draw", "X"), ("away", "2"))),
    Headline("ou25", "over_under_ft", 2.5, "O/U 2.5", (("over", "Over"), ("under", "Under"))),
    Headline("btts", "btts_ft", None, "BTTS", (("yes", "Yes"), ("no", "No"))),
    Headline(
        "dc",
        "double_chance_ft",
        None,
        "Double chance",
        (("1X", "1X"), ("12", "12"), ("X2", "X2")),
        winners=2,
    ),
)
HEADLINE_BY_KEY = {h.key: h for h in HEADLINES}

_OUTCOME_LABELS = {
    "home": "1",
    "draw": "X",
    "away": "2",
    "over": "Over",
    "under": "Under",
    "yes": "Yes",
    "no": "No",
    "1X": "1X",
    "12": "12",
    "X2": "X2",
    "odd": "Odd",
    "even": "Even",
}

CATEGORIES: tuple[tuple[str, str], ...] = (
    ("popular", "Popular"),
    ("goals", "Goals"),
    ("handicaps", "Handicaps"),
    ("halves", "Halves"),
    ("combos", "Combos"),
    ("corners", "Corners"),
    ("cards", "Cards"),
    ("specials", "Specials"),
    ("other", "Other"),
)
_CATEGORY_LABELS = dict(CATEGORIES)


def outcome_label(outcome: str, named: str | None = None) -> str:
    """ "home" → "1", "over" → "Over", "1:0" stays, "home_over" → "1 & Over"; otherwise the
    catalogue's name (`named`) when there is one."""
    if outcome in _OUTCOME_LABELS:
        return _OUTCOME_LABELS[outcome]
    if named:
        return named
    parts = outcome.split("_")
    if len(parts) > 1 and all(p in _OUTCOME_LABELS for p in parts):
        return " & ".join(_OUTCOME_LABELS[p] for p in parts)
    return outcome.replace("_", " ").capitalize() if outcome.isidentifier() else outcome


def category_label(category: str) -> str:
    return _CATEGORY_LABELS.get(category, category.replace("_", " ").capitalize() or "Other")


def market_title(name: str, line: float | None) -> str:
    """A market name with its line, once, before the period: "Over/Under 2.5", "Asian
    Handicap -0.75", "Over/Under 1.5 | 1st Half"."""
    if line is None:
        return name
    text = f"{line:+g}" if "andicap" in name else f"{line:g}"
    if text in name:
        return name
    base, sep, period = name.partition(" | ")
    return f"{base} {text}{sep}{period}"


BOOK_SHORT: dict[Book, str] = {Book.BETPAWA: "BP", Book.SPORTYBET: "SB", Book.BET9JA: "B9"}
"""Book names where a phone has no room for the whole name."""

ALERT_KINDS: dict[str, str] = {
    "worse_than_best": "Behind best",
    "out_of_line": "Out of line",
    "high_margin": "High margin",
    "missing_on_reference": "Missing on BetPawa",
    "unavailable_on_reference": "Off on BetPawa",
    "arbitrage": "Arbitrage",
}
"""The analytics' alert kinds (`analytics.compare.AlertKind`) as the pages name them."""


@cache
def market_name(market: str, fallback: str) -> str:
    """The catalogue's name with its period ("1X2 | 1st Half"), so the halves of a match are
    told apart; `fallback` for a market the catalogue lacks."""
    found = load_catalogue().get(market)
    return found.display_name if found is not None else fallback
