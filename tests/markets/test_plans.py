"""Cached plans map exactly as planning every market afresh does: same quotes, same unmapped
reasons and counts, on every real capture and on simulator matches that share structures."""

from __future__ import annotations

import copy
from dataclasses import replace

import orjson
import pytest

from oddsdesk.books import bet9ja, betpawa, sportybet
from oddsdesk.domain import Book, BookEvent
from oddsdesk.markets.catalogue import load_catalogue
from oddsdesk.markets.cli import parse_payload
from oddsdesk.markets.mapping import map_event, plans_for
from oddsdesk.simulator import render_sportybet
from oddsdesk.simulator.app import create_app
from oddsdesk.simulator.config import SimConfig
from oddsdesk.simulator.world import World
from tests.markets.conftest import FULL_CAPTURES, prices


@pytest.fixture(scope="module")
def simulated() -> list[BookEvent]:
    """Fifteen simulated matches on each book, prices moved and some markets suspended, each
    payload through JSON and the book's own parser as the scraper sees it."""
    world = World(SimConfig(seed=5, events=15))
    world.advance(2)
    app = create_app(world)
    events = []
    for sim in world.listed(Book.BETPAWA):
        events.append(betpawa.parse_event(_json(app.betpawa.event(sim, "v4"))))
    for sim in world.listed(Book.SPORTYBET):
        payload = render_sportybet.envelope(app.sportybet.event(sim, product=3))
        events.append(sportybet.parse_event(_json(payload)))
    for sim in world.listed(Book.BET9JA):
        events.append(bet9ja.parse_event(_json(app.bet9ja.event(sim))))
    return events


def _json(payload: object) -> object:
    return orjson.loads(orjson.dumps(payload))


def test_cached_plans_equal_fresh_planning(book_event, simulated) -> None:
    """Twice over, so the second round reads only plans learnt from other matches."""
    plans_for.cache_clear()
    events = [book_event(name) for name in FULL_CAPTURES] + simulated
    for _ in range(2):
        for event in events:
            fresh = map_event(event, fresh=True)
            assert map_event(event) == fresh, (event.book, event.ref.book_event_id)
    catalogue = load_catalogue()
    markets = sum(len(event.markets) for event in simulated)
    plans = sum(len(plans_for(book, catalogue).known) for book in Book)
    assert 0 < plans < markets / 4, "matches with one market structure share one plan"


def test_plans_of_team_descs_are_per_match(book_event) -> None:
    """SportyBet HT/FT & totals descs name the teams: swapping home and away changes what they
    mean, and a plan learnt for one order is not reused for the other."""
    plans_for.cache_clear()
    event = book_event("sportybet_event_detail.json")
    swapped = replace(event, ref=replace(event.ref, home=event.ref.away, away=event.ref.home))
    as_listed = map_event(event)
    assert map_event(swapped) == map_event(swapped, fresh=True)
    assert prices(map_event(swapped), "htft_over_under_ft", 1.5) != prices(
        as_listed, "htft_over_under_ft", 1.5
    )


def test_a_plan_does_not_outlive_a_change_of_outcomes(load_capture) -> None:
    """The same market with a desc changed is another structure, planned afresh: the desc is
    read first, so two outcomes called Under leave one Under, at the first one's price."""
    plans_for.cache_clear()
    payload = load_capture("sportybet_event_detail.json")
    map_event(parse_payload(payload))
    changed = copy.deepcopy(payload)
    market = next(
        m for m in changed["data"]["markets"] if m["id"] == "18" and m["specifier"] == "total=2.5"
    )
    market["outcomes"][0]["desc"] = "Under 2.5"
    event = parse_payload(changed)
    assert map_event(event) == map_event(event, fresh=True)
    assert prices(map_event(event), "over_under_ft", 2.5) == {"under": 1.96}
