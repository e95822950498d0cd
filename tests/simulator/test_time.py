"""Time moves: prices drift by the configured share, markets suspend and return, matches kick
off, leave the prematch lists, finish, and new ones appear."""

from __future__ import annotations

import json
from urllib.parse import quote

import httpx

from oddsdesk.domain import Book
from oddsdesk.simulator import truth
from oddsdesk.simulator.app import create_app
from oddsdesk.simulator.world import LIVE_MINUTES, World
from tests.simulator.conftest import BRAND, CACHE_VERSION, make_world


def _prices(world: World, events: list, book: Book) -> dict:
    return {
        (e.key, m.slot): (m.prices, m.suspended)
        for e in events
        for m in world.offer(book, e).markets
    }


def test_drift_zero_freezes_every_price() -> None:
    world = make_world(events=12, drift=0.0)
    events = [e for e in world.listed(Book.SPORTYBET) if Book.BET9JA in e.books][-4:]
    before = {book: _prices(world, events, book) for book in (Book.SPORTYBET, Book.BET9JA)}
    world.advance(5)
    assert all(e.key in world.events for e in events)
    for book, prices in before.items():
        assert _prices(world, events, book) == prices


def test_drift_moves_about_that_share_of_market_lines() -> None:
    world = make_world(events=12, drift=0.2, suspend_rate=0.0)
    events = list(world.listed(Book.BETPAWA))[-5:]
    before = _prices(world, events, Book.BETPAWA)
    world.advance(1)
    after = _prices(world, events, Book.BETPAWA)
    changed = sum(1 for key, value in before.items() if after[key] != value)
    share = changed / len(before)
    assert len(before) > 400
    assert 0.15 < share < 0.25, share


def test_markets_suspend_and_return() -> None:
    world = make_world(events=8, suspend_rate=0.05, resume_rate=0.5)
    event = list(world.listed(Book.BETPAWA))[-1]
    world.advance(1)
    state = world.state[(Book.BETPAWA, event.key)]
    suspended = set(state.suspended)
    assert suspended
    shown = truth.book_event(world, event, Book.BETPAWA)
    assert any(not o.available for m in shown.markets for o in m.outcomes)
    world.advance(6)
    assert suspended - world.state[(Book.BETPAWA, event.key)].suspended, (
        "suspended markets come back"
    )


async def test_kickoff_moves_a_match_from_prematch_to_live_then_away() -> None:
    world = make_world(events=30, tick_seconds=900)
    app = create_app(world)
    event = next(e for e in world.listed(Book.BETPAWA) if len(e.books) == 3)
    ticks = int((event.kickoff - world.now).total_seconds() // 900) + 1
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://sim"
    ) as client:
        assert event.bp_id in await _betpawa_list(client, "UPCOMING")
        app.advance(ticks)
        assert event.status(world.now) == "live"
        assert event.bp_id not in await _betpawa_list(client, "UPCOMING")
        assert event.bp_id in await _betpawa_list(client, "LIVE")
        assert event.key not in {e.key for e in world.listed(Book.SPORTYBET)}
        detail = (
            await client.get(f"/api/sportsbook/v3/events/{event.bp_id}", headers=BRAND)
        ).json()
        assert detail["additionalInfo"]["live"] is True
        assert all(
            p["suspended"] and p["price"] == 0.0
            for m in detail["markets"]
            for r in m["row"]
            for p in r["prices"]
        )
        sporty = (
            await client.get(
                f"/api/ng/factsCenter/event?eventId=sr:match:{event.sporty_sr_id}&productId=3"
            )
        ).json()
        assert sporty["data"]["status"] == 1 and sporty["data"]["markets"] == []
        bet9ja = await client.get(
            f"/desktop/feapi/PalimpsestAjax/GetEvent?EVENTID={event.b9_id}&v_cache_version={CACHE_VERSION}"
        )
        assert bet9ja.json()["R"] == "E"
        population = len(world.events)
        app.advance(LIVE_MINUTES * 60 // 900 + 1)
        assert event.key not in world.events
        gone = await client.get(f"/api/sportsbook/v3/events/{event.bp_id}", headers=BRAND)
        assert gone.status_code == 404
        assert len(world.events) == population, "finished matches are replaced by new ones"
        newest = max(world.events.values(), key=lambda e: e.key)
        assert newest.kickoff > world.now


async def _betpawa_list(client: httpx.AsyncClient, event_type: str) -> set[str]:
    ids: set[str] = set()
    skip = 0
    while True:
        q = {
            "queries": [
                {
                    "query": {"eventType": event_type, "categories": ["2"], "zones": {}},
                    "view": {"marketTypes": ["3743"]},
                    "skip": skip,
                    "take": 100,
                }
            ]
        }
        response = await client.get(
            f"/api/sportsbook/v4/events/lists/by-queries?q={quote(json.dumps(q))}", headers=BRAND
        )
        page = response.json()["responses"][0]["responses"]
        ids.update(e["id"] for e in page)
        if len(page) < 100:
            return ids
        skip += 100
