"""oddsdesk's book adapters, pointed at the simulator, discover exactly the true listings and
fetch exactly the true prices — also while the books misbehave (server errors, rate limits,
hangs), which their retries must absorb."""

from __future__ import annotations

import httpx
import pytest

from oddsdesk.books.base import build_adapters, close_adapters
from oddsdesk.config import load_settings
from oddsdesk.domain import Book, EventRef
from oddsdesk.simulator import truth
from oddsdesk.simulator.app import create_app
from oddsdesk.simulator.config import FaultConfig
from oddsdesk.simulator.world import World
from tests.simulator.conftest import make_world
from tests.simulator.test_roundtrip import _prices


def _settings(**overrides: object):
    values: dict[str, object] = {f"{book.value}_base_url": "http://sim" for book in Book}
    values.update(bet9ja_spacing_ms=0, backoff_base_s=0.01, backoff_max_s=0.05)
    values.update(overrides)
    return load_settings(**values)


def _key(ref: EventRef) -> tuple:
    return (ref.kickoff, ref.book_event_id)


async def _discover_and_fetch(world: World, settings, fetch: int = 2) -> None:
    adapters = build_adapters(settings, transport=httpx.ASGITransport(app=create_app(world)))
    try:
        for book, adapter in adapters.items():
            found = sorted(await adapter.discover(), key=_key)
            assert found == sorted(truth.listing(world, book), key=_key), book
            by_id = {truth.book_event_id(e, book): e for e in world.listed(book)}
            for ref in found[:fetch]:
                parsed = await adapter.fetch_event(ref)
                expected = truth.book_event(world, by_id[ref.book_event_id], book)
                assert _prices(parsed) == _prices(expected), book
    finally:
        await close_adapters(adapters)


async def test_adapters_discover_and_fetch_the_truth() -> None:
    world = make_world(events=50, seed=5)
    world.advance(2)
    await _discover_and_fetch(world, _settings())


async def test_adapters_page_through_a_world_larger_than_a_page() -> None:
    """Over 100 upcoming events in one competition (BetPawa pages by skip/take) and several
    pcUpcomingEvents pages (SportyBet pages tournaments, against totalNum)."""
    world = make_world(events=300, tournaments=2, seed=6, shallow=True)
    sizes = sorted(
        sum(1 for e in world.listed(Book.BETPAWA) if e.tournament is t) for t in world.tournaments
    )
    assert sizes[-1] > 100
    await _discover_and_fetch(world, _settings(), fetch=1)


async def test_adapters_recover_from_transient_faults() -> None:
    transient = {"server_error": 3, "rate_limited": 2, "hang": 1}
    faults = {
        book: FaultConfig(rate=0.2, weights=transient, retry_after_s=0, hang_seconds=2.0)
        for book in Book
    }
    world = make_world(events=30, seed=9, faults=faults, shallow=True)
    settings = _settings(max_retries=8, read_timeout_s=0.3)
    await _discover_and_fetch(world, settings)


@pytest.mark.parametrize("kind", ["forbidden", "malformed", "truncated", "book_error"])
async def test_adapters_report_faults_they_cannot_retry_away(kind: str) -> None:
    """A block, a broken body or a book's own error code is not retried; the adapters report it
    instead of returning less than the truth silently."""
    faults = {book: FaultConfig(rate=1.0, weights={kind: 1}) for book in Book}
    world = make_world(events=10, seed=9, faults=faults, shallow=True)
    adapters = build_adapters(
        _settings(max_retries=1), transport=httpx.ASGITransport(app=create_app(world))
    )
    try:
        for book, adapter in adapters.items():
            if kind == "book_error" and book is Book.BETPAWA:
                continue  # BetPawa has no error envelope of its own
            with pytest.raises(Exception) as caught:
                await adapter.discover()
            assert type(caught.value).__module__ == "oddsdesk.errors", caught.value
    finally:
        await close_adapters(adapters)
