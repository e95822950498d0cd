"""What the read model needs to know about a canonical market: its name, category, outcome order
and labels, and how many outcomes win (Double Chance: two), read from the catalogue once."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

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


@dataclass(frozen=True, slots=True)
class MarketMeta:
    market: str
    name: str
    category: str = "Other"
    outcomes: tuple[str, ...] = ()
    labels: Mapping[str, str] = field(default_factory=dict)
    winners: int | None = 1
    """Winning outcomes (Double Chance: 2); None when the outcomes are no partition."""
    rank: int = 1_000_000

    def label(self, outcome: str) -> str:
        return self.labels.get(outcome, outcome)

    def order(self, outcomes: list[str]) -> list[str]:
        """The catalogue's outcome order; outcomes it does not list follow in their own order."""
        position = {name: i for i, name in enumerate(self.outcomes)}
        return sorted(outcomes, key=lambda o: position.get(o, len(position)))


MarketLookup = Callable[[str], MarketMeta]


def unknown_market(market: str) -> MarketMeta:
    """A market the catalogue does not describe is still shown, under Other, by its id."""
    return MarketMeta(market=market, name=market.replace("_", " ").capitalize())


@dataclass(frozen=True, slots=True)
class HeadlineMarket:
    """A market shown inline in the events list (at one line, where it has lines)."""

    market: str
    line: float | None


HEADLINE: tuple[HeadlineMarket, ...] = (
    HeadlineMarket("1x2_ft", None),
    HeadlineMarket("over_under_ft", 2.5),
    HeadlineMarket("btts_ft", None),
    HeadlineMarket("double_chance_ft", None),
)
