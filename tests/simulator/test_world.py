"""The world: seeded, overlapping across books the way real books do, spelled differently."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest

from oddsdesk.domain import Book
from oddsdesk.simulator import truth
from oddsdesk.simulator.config import SimConfig
from oddsdesk.simulator.world import World
from tests.simulator.conftest import START, make_world


def _snapshot(world: World, *, prices: bool = True) -> list[tuple]:
    """Everything the books publish, as plain values: listings and (optionally) every price."""
    out = []
    for book in Book:
        for event in world.listed(book):
            markets = truth.book_event(world, event, book).markets if prices else ()
            out.append(
                (
                    truth.event_ref(world, event, book),
                    tuple((m.market_id, m.specifier, m.outcomes) for m in markets),
                )
            )
    return out


def test_same_seed_same_world_and_same_changes() -> None:
    a, b = make_world(events=6), make_world(events=6)
    assert _snapshot(a) == _snapshot(b)
    a.advance(3)
    b.advance(3)
    assert _snapshot(a) == _snapshot(b)
    assert _snapshot(make_world(events=6, seed=8), prices=False) != _snapshot(a, prices=False)


def test_prices_do_not_depend_on_the_order_they_are_asked_for() -> None:
    a, b = make_world(events=4), make_world(events=4)
    events_a = list(a.listed(Book.BETPAWA))
    events_b = list(b.listed(Book.BETPAWA))
    first = {e.key: truth.book_event(a, e, Book.BETPAWA) for e in events_a}
    second = {e.key: truth.book_event(b, e, Book.BETPAWA) for e in reversed(events_b)}
    assert first == second


def test_books_overlap_like_real_ones() -> None:
    world = make_world(events=1_000)
    shapes = Counter(frozenset(e.books) for e in world.events.values())
    total = sum(shapes.values())
    everywhere = shapes[frozenset(Book)] / total
    assert 0.7 < everywhere < 0.9
    assert shapes[frozenset({Book.BETPAWA})] > 0.02 * total  # BetPawa-only
    assert shapes[frozenset({Book.SPORTYBET, Book.BET9JA})] > 0.02 * total  # competitor-only
    no_extid = sum(
        1 for e in world.events.values() if Book.BET9JA in e.books and not e.b9_has_extid
    )
    assert 0 < no_extid < 0.1 * total
    # Everything with an SR id agrees on it, except the few Genius-sourced SportyBet listings.
    differing = [e for e in world.events.values() if e.sporty_sr_id != e.sr_id]
    assert 0 < len(differing) < 0.05 * total


def test_team_names_differ_across_books() -> None:
    world = make_world(events=1_000)
    events = [e for e in world.events.values() if len(e.books) == 3]
    spelled = [
        (
            e.home.spelling(Book.BETPAWA),
            e.home.spelling(Book.SPORTYBET),
            e.home.spelling(Book.BET9JA),
        )
        for e in events
    ]
    assert any(bp != b9 for bp, _sb, b9 in spelled), "Bet9ja shortens some names"
    assert any(bp != sb for bp, sb, _b9 in spelled), "SportyBet transliterates some names"
    assert sum(bp == sb for bp, sb, _b9 in spelled) > 0.6 * len(spelled), (
        "but mostly agrees with BetPawa"
    )
    assert any(bp.endswith(" FC") and not b9.endswith(" FC") for bp, _sb, b9 in spelled)
    neutral = [e for e in world.events.values() if e.neutral and Book.BETPAWA in e.books]
    assert neutral, "international games at neutral venues"
    for event in neutral:
        ref = truth.event_ref(world, event, Book.BETPAWA)
        assert " (n)" not in ref.home + ref.away  # the marker is on the event name only


def test_kickoffs_spread_over_the_next_days_in_many_countries() -> None:
    world = make_world(events=500)
    kickoffs = [e.kickoff for e in world.events.values()]
    assert min(kickoffs) < START + timedelta(hours=1)
    assert max(kickoffs) > START + timedelta(days=3)
    assert all(k.minute % 15 == 0 and k.tzinfo is not None for k in kickoffs)
    assert len({e.tournament.country.name for e in world.events.values()}) >= 25
    assert any(e.status(world.now) == "live" for e in world.events.values())


def test_a_world_of_five_thousand_matches() -> None:
    world = World(SimConfig(seed=2, events=5_000, start=START))
    assert len(world.events) == 5_000
    assert len({e.sr_id for e in world.events.values()}) == 5_000
    assert len({e.bp_id for e in world.events.values()}) == 5_000
    assert len(world.tournaments) >= 300
    listed = list(world.listed(Book.SPORTYBET))
    assert len(listed) > 4_000


def test_config_is_validated() -> None:
    with pytest.raises(ValueError, match="drift"):
        SimConfig(drift=1.5)
    with pytest.raises(ValueError, match="events"):
        SimConfig(events=0)
    with pytest.raises(ValueError, match="aware"):
        SimConfig(start=START.replace(tzinfo=None))
