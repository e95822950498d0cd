"""What the dashboard calls markets, outcomes and categories.

The headline markets are the four pawaRisk showed inline (1X2, O/U 2.5, BTTS, Double Chance);
their outcome order is fixed here so every book's row lines up under the same column.
"""

from __future__ import annotations

from dataclasses import dataclass


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
        (("home_draw", "1X"), ("home_away", "12"), ("draw_away", "X2")),
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
    "odd": "Odd",
    "even": "Even",
    "home_draw": "1X",
    "home_away": "12",
    "draw_away": "X2",
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


def outcome_label(outcome: str) -> str:
    """ "home" → "1", "over" → "Over", "1:0" stays, "home_over" → "1 & Over"."""
    if outcome in _OUTCOME_LABELS:
        return _OUTCOME_LABELS[outcome]
    parts = outcome.split("_")
    if len(parts) > 1 and all(p in _OUTCOME_LABELS for p in parts):
        return " & ".join(_OUTCOME_LABELS[p] for p in parts)
    return outcome.replace("_", " ").capitalize() if outcome.isidentifier() else outcome


def category_label(category: str) -> str:
    return _CATEGORY_LABELS.get(category, category.replace("_", " ").capitalize() or "Other")


def market_title(name: str, line: float | None) -> str:
    """A market name with its line, once: "Over/Under 2.5", "Asian Handicap -0.75"."""
    if line is None:
        return name
    text = f"{line:+g}" if "andicap" in name else f"{line:g}"
    return name if text in name else f"{name} {text}"
