"""The simulator checks what the real books check, and answers the way they do."""

from __future__ import annotations

import json
from urllib.parse import quote

import httpx

from oddsdesk.domain import Book
from oddsdesk.simulator.world import World
from tests.simulator.conftest import BRAND, CACHE_VERSION


def _q(**query: object) -> str:
    body = {
        "queries": [
            {
                "query": {"eventType": "UPCOMING", "categories": ["2"], "zones": {}},
                "skip": 0,
                "take": 100,
                **query,
            }
        ]
    }
    return quote(json.dumps(body))


async def test_betpawa_wants_its_brand_header(client: httpx.AsyncClient, world: World) -> None:
    event = next(iter(world.listed(Book.BETPAWA)))
    assert (
        await client.get(f"/api/sportsbook/v4/events/{event.bp_id}", headers=BRAND)
    ).status_code == 200
    missing = await client.get(
        f"/api/sportsbook/v4/events/{event.bp_id}", headers={"accept": "application/json"}
    )
    assert missing.status_code == 400
    assert "x-pawa-brand" in missing.json()["message"]
    wrong = await client.get(
        f"/api/sportsbook/v4/events/{event.bp_id}", headers={"x-pawa-brand": "sportybet"}
    )
    assert wrong.status_code == 400


async def test_betpawa_v4_list_answers_protobuf_unless_json_is_asked_for(
    client: httpx.AsyncClient,
) -> None:
    brand_only = {"x-pawa-brand": BRAND["x-pawa-brand"]}
    r = await client.get(f"/api/sportsbook/v4/events/lists/by-queries?q={_q()}", headers=brand_only)
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/x-protobuf"
    r = await client.get(f"/api/sportsbook/v4/events/lists/by-queries?q={_q()}", headers=BRAND)
    assert r.headers["content-type"].startswith("application/json")
    assert r.json()["responses"][0]["responses"]
    # v3 and the categories endpoints answer JSON either way.
    r = await client.get(f"/api/sportsbook/v3/events/lists/by-queries?q={_q()}", headers=brand_only)
    assert r.headers["content-type"].startswith("application/json")


async def test_betpawa_bad_ids_and_queries(client: httpx.AsyncClient) -> None:
    assert (
        await client.get("/api/sportsbook/v4/events/99999999999", headers=BRAND)
    ).status_code == 404
    assert (
        await client.get("/api/sportsbook/v4/events/lists/by-queries", headers=BRAND)
    ).status_code == 400
    assert (
        await client.get("/api/sportsbook/v4/events/lists/by-queries?q=%7Bnot-json", headers=BRAND)
    ).status_code == 400
    bad_type = _q(query={"eventType": "YESTERDAY"})
    assert (
        await client.get(f"/api/sportsbook/v4/events/lists/by-queries?q={bad_type}", headers=BRAND)
    ).status_code == 400
    assert (await client.get("/api/sportsbook/v9/events/1", headers=BRAND)).status_code == 404


async def test_betpawa_caps_take_at_a_hundred(client: httpx.AsyncClient) -> None:
    r = await client.get(
        f"/api/sportsbook/v4/events/lists/by-queries?q={_q(take=500)}", headers=BRAND
    )
    assert len(r.json()["responses"][0]["responses"]) <= 100


async def test_sportybet_answers_with_its_biz_codes(
    client: httpx.AsyncClient, world: World
) -> None:
    event = next(iter(world.listed(Book.SPORTYBET)))
    ok = (
        await client.get(
            f"/api/ng/factsCenter/event?eventId=sr:match:{event.sporty_sr_id}&productId=3"
        )
    ).json()
    assert ok["bizCode"] == 10000 and ok["message"] == "0#0"
    unknown = await client.get("/api/ng/factsCenter/event?eventId=sr:match:1&productId=3")
    assert unknown.status_code == 200 and unknown.json()["bizCode"] not in (10000, None)
    bad = (
        await client.get(f"/api/ng/factsCenter/event?eventId={event.sporty_sr_id}&productId=3")
    ).json()
    assert bad["bizCode"] != 10000
    too_big = (
        await client.get(
            "/api/ng/factsCenter/pcUpcomingEvents?sportId=sr:sport:1&pageSize=500&pageNum=1"
        )
    ).json()
    assert too_big["bizCode"] != 10000
    no_sport = (
        await client.get("/api/ng/factsCenter/pcUpcomingEvents?pageSize=10&pageNum=1")
    ).json()
    assert no_sport["bizCode"] != 10000
    assert (
        await client.get("/api/xx/factsCenter/pcUpcomingEvents?sportId=sr:sport:1")
    ).status_code == 404
    assert (await client.get("/api/ng/factsCenter/pcEvents")).status_code == 405
    bad_body = await client.post("/api/ng/factsCenter/pcEvents", content=b"[{}]")
    assert bad_body.json()["bizCode"] != 10000


async def test_sportybet_serves_other_countries_the_same_way(client: httpx.AsyncClient) -> None:
    r = await client.get(
        "/api/gh/factsCenter/popularAndSportList?sportId=sr:sport:1&timeline=&productId=3"
    )
    assert r.json()["bizCode"] == 10000


async def test_bet9ja_wants_its_cache_version_and_a_real_event(
    client: httpx.AsyncClient, world: World
) -> None:
    event = next(iter(world.listed(Book.BET9JA)))
    base = "/desktop/feapi/PalimpsestAjax"
    assert (
        await client.get(f"{base}/GetEvent?EVENTID={event.b9_id}&v_cache_version={CACHE_VERSION}")
    ).json()["R"] == "OK"
    assert (await client.get(f"{base}/GetEvent?EVENTID={event.b9_id}")).json()["R"] == "E"
    assert (await client.get(f"{base}/GetEvent?EVENTID=12&v_cache_version={CACHE_VERSION}")).json()[
        "R"
    ] == "E"
    assert (
        await client.get(f"{base}/GetEvent?EVENTID=abc&v_cache_version={CACHE_VERSION}")
    ).json()["R"] == "E"
    assert (
        await client.get(f"{base}/GetEventsInGroupV2?DISP=0&v_cache_version={CACHE_VERSION}")
    ).json()["R"] == "E"
    mobile = await client.get(
        f"/mobile/feapi/PalimpsestAjax/GetEvent?EVENTID={event.b9_id}&v_cache_version=1"
    )
    assert mobile.json()["R"] == "OK"
    assert (await client.get(f"{base}/GetNothing?v_cache_version=1")).status_code == 404


async def test_unknown_paths_are_404(client: httpx.AsyncClient) -> None:
    for path in ("/", "/robots.txt", "/api/unknown", "/desktop/feapi/Other/GetEvent"):
        assert (await client.get(path)).status_code == 404
