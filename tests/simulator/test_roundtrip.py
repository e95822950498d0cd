"""oddsdesk's own parsers and mapping read the simulator back to its ground truth: every listed
match (ids, SportRadar id, teams, kick-off) and every price, at book level and canonically."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from urllib.parse import quote

import httpx
import pytest

from oddsdesk.books import bet9ja, betpawa, sportybet
from oddsdesk.domain import Book, BookEvent, EventRef, MarketQuote
from oddsdesk.markets.mapping import map_event
from oddsdesk.simulator import truth
from oddsdesk.simulator.app import create_app
from oddsdesk.simulator.world import World
from tests.simulator.conftest import BRAND, CACHE_VERSION, make_world


@pytest.fixture(scope="module")
def drifted() -> World:
    world = make_world(events=40, seed=11)
    world.advance(3)  # prices have moved and a few markets are suspended
    return world


@pytest.fixture
async def sim(drifted: World) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=create_app(drifted)), base_url="http://sim"
    ) as c:
        yield c


async def fetch_detail(
    client: httpx.AsyncClient, book: Book, event_id: str, shape: str = "v4"
) -> BookEvent:
    if book is Book.BETPAWA:
        return betpawa.parse_event(
            (await client.get(f"/api/sportsbook/{shape}/events/{event_id}", headers=BRAND)).json()
        )
    if book is Book.SPORTYBET:
        return sportybet.parse_event(
            (await client.get(f"/api/ng/factsCenter/event?eventId={event_id}&productId=3")).json()
        )
    path = (
        f"/desktop/feapi/PalimpsestAjax/GetEvent?EVENTID={event_id}&v_cache_version={CACHE_VERSION}"
    )
    return bet9ja.parse_event((await client.get(path)).json())


def _prices(event: BookEvent) -> dict[tuple[str, str | None], dict[str, tuple[float | None, bool]]]:
    out: dict[tuple[str, str | None], dict[str, tuple[float | None, bool]]] = {}
    for market in event.markets:
        out.setdefault((market.market_id, market.specifier), {}).update(
            {o.code: (o.price, o.available) for o in market.outcomes}
        )
    return out


def _quotes(
    quotes: list[MarketQuote] | tuple[MarketQuote, ...],
) -> dict[tuple[str, float | None], dict]:
    return {q.key: {o.outcome: (o.price, o.available) for o in q.outcomes} for q in quotes}


@pytest.mark.parametrize("book", list(Book))
async def test_every_price_parses_back_to_the_truth(
    sim: httpx.AsyncClient, drifted: World, book: Book
) -> None:
    events = list(drifted.listed(book))[:4]
    assert events
    suspended = 0
    for event in events:
        parsed = await fetch_detail(sim, book, truth.book_event_id(event, book))
        expected = truth.book_event(drifted, event, book)
        assert parsed.ref == expected.ref
        assert _prices(parsed) == _prices(expected)
        suspended += sum(not o.available for m in expected.markets for o in m.outcomes)
    assert suspended, "the drifted world has unavailable outcomes to read back"


async def test_both_betpawa_shapes_parse_back_to_the_truth(
    sim: httpx.AsyncClient, drifted: World
) -> None:
    event = next(iter(drifted.listed(Book.BETPAWA)))
    for shape in ("v3", "v4"):
        parsed = await fetch_detail(sim, Book.BETPAWA, event.bp_id, shape)
        assert _prices(parsed) == _prices(
            truth.book_event(drifted, event, Book.BETPAWA, shape=shape)
        )


@pytest.mark.parametrize("book", list(Book))
async def test_mapping_recovers_the_canonical_truth(
    sim: httpx.AsyncClient, drifted: World, book: Book
) -> None:
    """Every catalogue market the book publishes maps to exactly the true canonical prices, and
    what does not map is exactly the simulator's markets that no catalogue row covers."""
    event = next(e for e in drifted.listed(book) if len(e.books) == 3)
    parsed = await fetch_detail(sim, book, truth.book_event_id(event, book))
    mapped = map_event(parsed)
    expected = truth.quotes(drifted, event, book)
    assert len(expected) > 60
    assert _quotes(mapped.quotes) == _quotes(expected)
    extras = {
        m.book_market.market for m in drifted.offer(book, event).markets if not m.market.canonical
    }
    assert {u.book_market for u in mapped.unmapped} == extras
    assert extras, "some markets are deliberately outside the catalogue"


async def test_listings_parse_back_to_the_truth(sim: httpx.AsyncClient, drifted: World) -> None:
    """Walking each book's lists the documented way (BetPawa skip/take until a short page,
    SportyBet pages until `totalNum`, Bet9ja tree then groups) finds exactly the true matches."""
    for book, walk in (
        (Book.BETPAWA, _betpawa_listing),
        (Book.SPORTYBET, _sportybet_listing),
        (Book.BET9JA, _bet9ja_listing),
    ):
        assert _sorted(await walk(sim)) == _sorted(truth.listing(drifted, book)), book


def _sorted(refs: list[EventRef]) -> list[EventRef]:
    return sorted(refs, key=lambda r: (r.kickoff, r.book_event_id))


async def _betpawa_listing(client: httpx.AsyncClient) -> list[EventRef]:
    refs: list[EventRef] = []
    skip = 0
    while True:
        q = {
            "queries": [
                {
                    "query": {"eventType": "UPCOMING", "categories": ["2"], "zones": {}},
                    "view": {"marketTypes": ["3743"]},
                    "skip": skip,
                    "take": 10,
                }
            ]
        }
        page = (
            await client.get(
                f"/api/sportsbook/v4/events/lists/by-queries?q={quote(json.dumps(q))}",
                headers=BRAND,
            )
        ).json()
        items = page["responses"][0]["responses"]
        refs += [betpawa.event_ref(item) for item in items]
        if len(items) < 10:
            return refs
        skip += 10


async def _sportybet_listing(client: httpx.AsyncClient) -> list[EventRef]:
    refs: list[EventRef] = []
    page = 1
    total = None
    while total is None or len(refs) < total:
        body = (
            await client.get(
                f"/api/ng/factsCenter/pcUpcomingEvents?sportId=sr:sport:1&marketId=1&pageSize=10&pageNum={page}&option=2"
            )
        ).json()["data"]
        total = body["totalNum"]
        assert body["tournaments"], "pages run out before totalNum events"
        for t in body["tournaments"]:
            refs += [
                sportybet.event_ref(e, tournament=t["name"], country=t["categoryName"])
                for e in t["events"]
            ]
        page += 1
    return refs


async def _bet9ja_listing(client: httpx.AsyncClient) -> list[EventRef]:
    tree = (
        await client.get(
            f"/desktop/feapi/PalimpsestAjax/GetSports?DISP=0&v_cache_version={CACHE_VERSION}"
        )
    ).json()
    refs: list[EventRef] = []
    for country in tree["D"]["PAL"]["1"]["SG"].values():
        for group_id in country["G"]:
            path = (
                f"/desktop/feapi/PalimpsestAjax/GetEventsInGroupV2?GROUPID={group_id}&DISP=0&GROUPMARKETID=1"
                f"&matches=true&v_cache_version={CACHE_VERSION}"
            )
            refs += [bet9ja.event_ref(e) for e in (await client.get(path)).json()["D"]["E"]]
    return refs


async def test_bet9ja_start_date_is_naive_in_the_configured_zone() -> None:
    from zoneinfo import ZoneInfo

    world = make_world(events=10, bet9ja_timezone="Africa/Lagos", shallow=True)
    event = next(iter(world.listed(Book.BET9JA)))
    app = create_app(world)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://sim"
    ) as client:
        path = f"/desktop/feapi/PalimpsestAjax/GetEvent?EVENTID={event.b9_id}&v_cache_version={CACHE_VERSION}"
        payload = (await client.get(path)).json()
    assert payload["D"]["STARTDATE"] == event.kickoff.astimezone(ZoneInfo("Africa/Lagos")).strftime(
        "%Y-%m-%d %H:%M:%S"
    )
    assert bet9ja.parse_event(payload, ZoneInfo("Africa/Lagos")).ref.kickoff == event.kickoff
