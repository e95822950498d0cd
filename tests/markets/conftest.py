"""Book events parsed from the real captures, and small helpers to read canonical quotes."""

from __future__ import annotations

import pytest

from oddsdesk.domain import BookEvent, MappedEvent
from oddsdesk.markets.cli import parse_payload

TRIPLE = ("betpawa_event_detail.json", "sportybet_event_detail.json", "bet9ja_event_detail.json")
FULL_CAPTURES = (
    *TRIPLE,
    "betpawa_event_detail_dc_1up.json",
    "betpawa_event_detail_live.json",
    "sportybet_event_detail_2way_handicap.json",
    "sportybet_event_detail_live.json",
    "bet9ja_event_detail_next_goal_team_ou.json",
    "bet9ja_event_detail_live.json",
)


@pytest.fixture(scope="session")
def book_event(load_capture):
    """A capture parsed by the books' own parser, once per session."""
    cache: dict[str, BookEvent] = {}

    def get(name: str) -> BookEvent:
        if name not in cache:
            cache[name] = parse_payload(load_capture(name))
        return cache[name]

    return get


@pytest.fixture(scope="session")
def triple(book_event) -> list[BookEvent]:
    """SportRadar match 68995116 on BetPawa, SportyBet and Bet9ja."""
    return [book_event(name) for name in TRIPLE]


def prices(event: MappedEvent, market: str, line: float | None = None) -> dict[str, float | None]:
    """Outcome → price of one canonical (market, line); fails when the quote is missing."""
    for quote in event.quotes:
        if quote.key == (market, line):
            return {o.outcome: o.price for o in quote.outcomes}
    raise AssertionError(f"{event.ref.book.value} has no quote for {market} at {line}")
