from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from oddsdesk.readmodel.view import OddsView
from tests.api.conftest import NOW


def ids(response: httpx.Response) -> list[int]:
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


async def test_list_answers_from_the_view_with_headline_markets(
    client: httpx.AsyncClient, stored: dict[str, int]
) -> None:
    body = (await client.get("/api/events")).json()
    assert [e["id"] for e in body["items"]] == [stored["arsenal"], stored["lazio"]]
    assert (body["total"], body["page"], body["page_size"], body["pages"]) == (2, 1, 50, 1)
    assert "Σ(1/odds) − 1" in body["overround_convention"]
    arsenal = body["items"][0]
    assert arsenal["tournament"] == {
        "key": "england/premier-league",
        "name": "Premier League",
        "country": "England",
    }
    bp = next(r for r in arsenal["rows"] if r["book"] == "betpawa")
    markets = {m["market"]: m for m in bp["markets"]}
    assert [p["price"] for p in markets["1x2_ft"]["prices"]] == [2.05, 3.5, 4.0]
    assert markets["1x2_ft"]["overround_pct"] == pytest.approx(
        (1 / 2.05 + 1 / 3.5 + 1 / 4.0 - 1) * 100, abs=0.005
    )
    assert markets["btts_ft"]["available"] is False  # BetPawa dropped it in the second scrape
    assert markets["btts_ft"]["unavailable_since"] is not None


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"mode": "competitor"}, ["npfl"]),
        ({"mode": "all"}, ["arsenal", "lazio", "npfl"]),
        ({"mode": "all", "min_books": 3}, ["arsenal"]),
        ({"country": "ITALY"}, ["lazio"]),
        ({"mode": "all", "country": ["italy", "nigeria"]}, ["lazio", "npfl"]),
        ({"tournament": "england/premier-league"}, ["arsenal"]),
        ({"search": "roma"}, ["lazio"]),
        ({"search": "zzz"}, []),
        ({"mode": "alerts"}, ["arsenal"]),
        ({"page_size": 1, "page": 2}, ["lazio"]),
    ],
)
async def test_filters_narrow_the_list(
    client: httpx.AsyncClient, stored: dict[str, int], params: dict, expected: list[str]
) -> None:
    assert ids(await client.get("/api/events", params=params)) == [stored[k] for k in expected]


async def test_alert_count_matches_alerts_mode(
    client: httpx.AsyncClient, stored: dict[str, int]
) -> None:
    count = (await client.get("/api/events/alerts/count")).json()["count"]
    listed = (await client.get("/api/events", params={"mode": "alerts"})).json()["total"]
    assert count == listed == 1


async def test_kickoff_range_and_naive_datetimes_read_as_utc(
    client: httpx.AsyncClient, stored: dict[str, int]
) -> None:
    upper = (NOW + timedelta(hours=2, minutes=30)).replace(tzinfo=None).isoformat()
    assert ids(await client.get("/api/events", params={"kickoff_to": upper})) == [stored["arsenal"]]
    lower = (NOW + timedelta(hours=2, minutes=30)).isoformat()
    assert ids(await client.get("/api/events", params={"kickoff_from": lower})) == [stored["lazio"]]


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({"page_size": 0}, "query page_size: Input should be greater than or equal to 1"),
        ({"page": "two"}, "query page: Input should be a valid integer"),
        ({"mode": "everything"}, "query mode: Input should be 'betpawa', 'competitor'"),
        ({"min_books": 4}, "query min_books: Input should be less than or equal to 3"),
        ({"kickoff_from": "yesterday"}, "query kickoff_from: Input should be a valid datetime"),
        (
            {"kickoff_from": NOW.isoformat(), "kickoff_to": (NOW - timedelta(days=1)).isoformat()},
            "kickoff_from is after kickoff_to",
        ),
        ({"search": ""}, "query search: String should have at least 1 character"),
    ],
)
async def test_invalid_list_requests_say_what_is_wrong(
    client: httpx.AsyncClient, params: dict, says: str
) -> None:
    response = await client.get("/api/events", params=params)
    assert response.status_code == 422
    assert says in response.json()["detail"]


async def test_detail_groups_markets_by_category(
    client: httpx.AsyncClient, stored: dict[str, int]
) -> None:
    response = await client.get(f"/api/events/{stored['arsenal']}")
    assert response.status_code == 200
    body = response.json()
    assert body["home"] == "Arsenal"
    markets = {m["market"]: m for g in body["categories"] for m in g["markets"]}
    assert set(markets) == {"1x2_ft", "btts_ft", "over_under_ft"}
    home = next(o for o in markets["1x2_ft"]["outcomes"] if o["outcome"] == "home")
    assert (home["best_price"], home["best_books"], home["reference_price"]) == (
        2.1,
        ["sportybet"],
        2.05,
    )
    assert [a["kind"] for a in markets["btts_ft"]["alerts"]] == ["unavailable_on_reference"]
    assert {b["book"] for b in body["books"]} == {"betpawa", "sportybet", "bet9ja"}


async def test_unknown_event_is_404_and_bad_ids_are_422(client: httpx.AsyncClient) -> None:
    missing = await client.get("/api/events/987654")
    assert (missing.status_code, missing.json()["detail"]) == (404, "event 987654 does not exist")
    assert (await client.get("/api/events/0")).status_code == 422
    assert (await client.get("/api/events/abc")).status_code == 422
    assert (await client.get(f"/api/events/{2**70}")).status_code == 422


async def test_an_event_gone_from_the_view_is_answered_from_the_database(
    client: httpx.AsyncClient, stored: dict[str, int], view: OddsView
) -> None:
    before = (await client.get(f"/api/events/{stored['lazio']}")).json()
    view.apply(removed=[stored["lazio"]])
    assert stored["lazio"] not in view.snapshot.events
    after = await client.get(f"/api/events/{stored['lazio']}")
    assert after.status_code == 200
    assert after.json() == before
