"""Contract: every simulated endpoint has the structure of the real one.

Where a real response was captured (`../shared/reference/captures`), the simulated body must have
every key the capture always has, and no JSON type the capture never uses, at every path — so a
parser written against the real payload reads the simulated one alike. Where no body was ever
recorded (BetPawa's competition tree, SportyBet's sport list and `pcEvents`, Bet9ja's `GetSports`),
the simulated body is checked against the shape bookmaker-apis.md documents.
"""

from __future__ import annotations

import copy
import json
from urllib.parse import quote

import httpx
import pytest

from oddsdesk.domain import Book
from oddsdesk.simulator.world import World
from tests.simulator.conftest import BRAND, CACHE_VERSION
from tests.support.json_shape import differences, shape

BET9JA_MAPS = ("D.O", "D.AUX", "D.AUX.*", "D.TRANS")


def _same_structure(real: object, sim: object, maps: tuple[str, ...] = ()) -> list[str]:
    return differences(shape(real, maps=maps), shape(sim, maps=maps))


def _three_book_event(world: World):
    return next(e for e in world.listed(Book.BETPAWA) if len(e.books) == 3)


async def test_betpawa_detail_v3_is_the_may_2026_shape(
    client: httpx.AsyncClient, world: World, load_capture
) -> None:
    event = _three_book_event(world)
    sim = (await client.get(f"/api/sportsbook/v3/events/{event.bp_id}", headers=BRAND)).json()
    assert _same_structure(load_capture("betpawa_event_detail.json"), sim) == []


async def test_betpawa_detail_v4_is_the_august_2026_shape(
    client: httpx.AsyncClient, world: World, load_capture
) -> None:
    event = _three_book_event(world)
    sim = (await client.get(f"/api/sportsbook/v4/events/{event.bp_id}", headers=BRAND)).json()
    maps = ("marketCounters.marketGroupCountByTab",)
    assert _same_structure(load_capture("betpawa_event_detail_dc_1up.json"), sim, maps) == []


async def test_betpawa_live_detail(client: httpx.AsyncClient, world: World, load_capture) -> None:
    live = next(world.listed(Book.BETPAWA, live=True))
    sim = (await client.get(f"/api/sportsbook/v3/events/{live.bp_id}", headers=BRAND)).json()
    assert _same_structure(load_capture("betpawa_event_detail_live.json"), sim) == []


async def test_betpawa_event_list(client: httpx.AsyncClient, load_capture) -> None:
    view = {"marketTypes": ["3743"]}
    q = {
        "queries": [
            {
                "query": {"eventType": "UPCOMING", "categories": ["2"], "zones": {}},
                "view": view,
                "skip": 0,
                "take": 5,
            },
            {
                "query": {"eventType": "LIVE", "categories": ["2"], "zones": {}},
                "view": view,
                "skip": 0,
                "take": 5,
            },
        ]
    }
    sim = (
        await client.get(
            f"/api/sportsbook/v3/events/lists/by-queries?q={quote(json.dumps(q))}", headers=BRAND
        )
    ).json()
    assert len(sim["responses"][0]["responses"]) == 5
    # The reference list is assembled from real event objects (not a recording): same structure.
    assert _same_structure(load_capture("betpawa_event_list_RECONSTRUCTED.json"), sim) == []


async def test_sportybet_detail(client: httpx.AsyncClient, world: World, load_capture) -> None:
    event = _three_book_event(world)
    sim = (
        await client.get(
            f"/api/ng/factsCenter/event?eventId=sr:match:{event.sporty_sr_id}&productId=3"
        )
    ).json()
    assert _same_structure(load_capture("sportybet_event_detail.json"), sim) == []
    assert len(sim["data"]["markets"]) > 250  # as deep as the real detail (360 market objects)


async def test_sportybet_live_detail(client: httpx.AsyncClient, world: World, load_capture) -> None:
    live = next(world.listed(Book.SPORTYBET, live=True))
    sim = (
        await client.get(
            f"/api/ng/factsCenter/event?eventId=sr:match:{live.sporty_sr_id}&productId=1"
        )
    ).json()
    assert _same_structure(load_capture("sportybet_event_detail_live.json"), sim) == []


async def test_sportybet_upcoming_list(client: httpx.AsyncClient, load_capture) -> None:
    path = "/api/ng/factsCenter/pcUpcomingEvents?sportId=sr:sport:1&marketId=1&pageSize=100&pageNum=1&option=2"
    sim = (await client.get(path)).json()
    assert _same_structure(load_capture("sportybet_upcoming.json"), sim) == []


async def test_sportybet_pc_events_items_are_upcoming_list_items(
    client: httpx.AsyncClient, world: World, load_capture
) -> None:
    event = _three_book_event(world)
    body = [
        {
            "sportId": "sr:sport:1",
            "marketId": "1",
            "tournamentId": [[f"sr:tournament:{event.tournament.sb_id}"]],
        }
    ]
    sim = (await client.post("/api/ng/factsCenter/pcEvents", json=body)).json()
    assert sim["bizCode"] == 10000
    real = load_capture("sportybet_upcoming.json")["data"]["tournaments"]
    assert _same_structure(real, sim["data"]) == []


async def test_bet9ja_detail(client: httpx.AsyncClient, world: World, load_capture) -> None:
    event = _three_book_event(world)
    sim = (
        await client.get(
            f"/desktop/feapi/PalimpsestAjax/GetEvent?EVENTID={event.b9_id}&v_cache_version={CACHE_VERSION}"
        )
    ).json()
    assert _same_structure(load_capture("bet9ja_event_detail.json"), sim, BET9JA_MAPS) == []
    assert len(sim["D"]["O"]) > 700  # as deep as the real detail (923 odds keys)


async def test_bet9ja_group_events_are_list_level_events(
    client: httpx.AsyncClient, world: World, load_capture
) -> None:
    event = _three_book_event(world)
    path = (
        f"/desktop/feapi/PalimpsestAjax/GetEventsInGroupV2?GROUPID={event.tournament.b9_id}"
        f"&DISP=0&GROUPMARKETID=1&matches=true&v_cache_version={CACHE_VERSION}"
    )
    sim = (await client.get(path)).json()
    assert sim["R"] == "OK"
    real = load_capture("bet9ja_search_v2.json")["D"]["S"]["1"]["E"]
    assert _same_structure(real, sim["D"]["E"], ("[].O", "[].AUX")) == []


# -- endpoints never recorded: the shape bookmaker-apis.md documents --------------------------
DOCUMENTED_BETPAWA_TREE = {
    "withRegions": [
        {
            "regions": [
                {
                    "region": {
                        "id": "150",
                        "name": "China",
                        "slug": "china",
                        "iso": "CN",
                        "parentName": "Football",
                        "parentSlug": "football",
                    },
                    "competitions": [
                        {
                            "competition": {
                                "id": "13344",
                                "name": "Chinese Super League",
                                "slug": "chinese-super-league",
                            },
                            "eventCounts": {"upcoming": 8},
                            "week": {"days": [{"day": "2026-05-06", "counts": {}}]},
                        }
                    ],
                }
            ]
        }
    ]
}
DOCUMENTED_SPORTYBET_TREE = {
    "bizCode": 10000,
    "message": "0#0",
    "data": {
        "sportList": [
            {
                "id": "sr:sport:1",
                "name": "Football",
                "eventSize": 1432,
                "categories": [
                    {
                        "id": "sr:category:5",
                        "name": "Norway",
                        "eventSize": 16,
                        "tournaments": [
                            {"id": "sr:tournament:20", "name": "Eliteserien", "eventSize": 16}
                        ],
                    }
                ],
            }
        ]
    },
}
DOCUMENTED_BET9JA_TREE = {
    "R": "OK",
    "D": {
        "PAL": {
            "1": {
                "S_DESC": "Soccer",
                "NUM": 1400,
                "SG": {
                    "12016": {
                        "SG_DESC": "China",
                        "NUM": 8,
                        "G": {"1414963": {"G_DESC": "Chinese Super League", "NUM": 8}},
                    }
                },
            }
        }
    },
}


def _documented(documented: object, sim: object, maps: tuple[str, ...] = ()) -> list[str]:
    return differences(shape(documented, maps=maps), shape(sim, maps=maps), extra_keys=False)


async def test_betpawa_competition_tree_as_documented(client: httpx.AsyncClient) -> None:
    sim = (
        await client.get("/api/sportsbook/v4/categories/list/2?includeRegions=true", headers=BRAND)
    ).json()
    maps = ("withRegions[].regions[].competitions[].week.days[].counts",)
    assert _documented(DOCUMENTED_BETPAWA_TREE, sim, maps) == []
    assert sim["withRegions"][0]["regions"]


async def test_sportybet_sport_list_as_documented(client: httpx.AsyncClient) -> None:
    sim = (
        await client.get(
            "/api/ng/factsCenter/popularAndSportList?sportId=sr:sport:1&timeline=&productId=3"
        )
    ).json()
    assert _documented(DOCUMENTED_SPORTYBET_TREE, sim) == []


async def test_bet9ja_sport_tree_as_documented(client: httpx.AsyncClient) -> None:
    sim = (
        await client.get(
            f"/desktop/feapi/PalimpsestAjax/GetSports?DISP=0&v_cache_version={CACHE_VERSION}"
        )
    ).json()
    maps = ("D.PAL", "D.PAL.*.SG", "D.PAL.*.SG.*.G")
    assert _documented(DOCUMENTED_BET9JA_TREE, sim, maps) == []


# -- the comparison itself can fail -------------------------------------------------------------
def test_the_structure_check_catches_missing_keys_and_wrong_types(load_capture) -> None:
    real = load_capture("sportybet_event_detail.json")
    broken = copy.deepcopy(real)
    for market in broken["data"]["markets"]:
        for outcome in market["outcomes"]:
            del outcome["isActive"]
            outcome["odds"] = float(outcome["odds"])
    problems = _same_structure(real, broken)
    assert "$.data.markets[].outcomes[].isActive: missing" in problems
    assert any(p.startswith("$.data.markets[].outcomes[].odds: type ['float']") for p in problems)
    assert _same_structure(real, real) == []


@pytest.mark.parametrize("name", ["betpawa_event_detail.json", "bet9ja_event_detail.json"])
def test_the_structure_check_accepts_each_capture_against_itself(load_capture, name: str) -> None:
    real = load_capture(name)
    maps = BET9JA_MAPS if name.startswith("bet9ja") else ()
    assert _same_structure(real, real, maps) == []
