"""What the read model needs to know about a canonical market: its name, category, outcome order
and labels, and how many outcomes win (Double Chance: two), read from the catalogue once."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from oddsdesk.markets.catalogue import CATEGORIES, Catalogue, MarketDef, load_catalogue

__all__ = ["CATEGORIES", "HEADLINE", "MarketMeta", "catalogue_lookup", "unknown_market"]


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


def winners(market: MarketDef) -> int | None:
    """How many outcomes win: None when the outcomes overlap (no partition to take a margin
    from), 2 for the Double Chance family (each outcome covers two of the three results, so
    exactly two win, alone or combined with another partition), else 1."""
    if not market.exclusive:
        return None
    return 2 if market.id.startswith("double_chance") else 1


def catalogue_lookup(catalogue: Catalogue | None = None) -> MarketLookup:
    """Market metadata from the catalogue (the shipped one by default), built once."""
    catalogue = catalogue or load_catalogue()
    table = {
        market.id: MarketMeta(
            market=market.id,
            name=market.name,
            category=market.category,
            outcomes=tuple(o.id for o in market.outcomes),
            labels=MappingProxyType({o.id: o.name for o in market.outcomes}),
            winners=winners(market),
            rank=rank,
        )
        for rank, market in enumerate(catalogue.markets)
    }

    def lookup(market: str) -> MarketMeta:
        return table.get(market) or unknown_market(market)

    return lookup
