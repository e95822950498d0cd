"""History from the database, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta

import httpx
import pytest

from tests.api.conftest import NOW
from tests.support.stored import Database

FIRST = NOW - timedelta(minutes=30)
SECOND = FIRST + timedelta(minutes=10)


@pytest.fixture
def db(any_db: Database) -> Database:
    return any_db


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


async def test_prices_and_overround_over_time_per_book(
    client: httpx.AsyncClient, stored: dict[str, int]
) -> None:
    response = await client.get(f"/api/events/{stored['arsenal']}/markets/1x2_ft/history")
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["market"], body["name"], body["line"]) == ("1x2_ft", "1X2", None)
    series = {s["book"]: s for s in body["series"]}
    assert list(series) == ["betpawa", "sportybet", "bet9ja"]
    bp = series["betpawa"]
    assert [at(p["at"]) for p in bp["points"]] == [FIRST, SECOND]
    assert [[x["price"] for x in p["prices"]] for p in bp["points"]] == [
        [2.0, 3.5, 4.0],
        [2.05, 3.5, 4.0],
    ]
    assert bp["points"][0]["overround_pct"] == pytest.approx(
        (1 / 2.0 + 1 / 3.5 + 1 / 4.0 - 1) * 100, abs=0.005
    )
    assert at(bp["confirmed_at"]) == SECOND
    assert bp["unavailable"] == []
    # Bet9ja was scraped once: one point, confirmed then
    b9 = series["bet9ja"]
    assert [at(p["at"]) for p in b9["points"]] == [FIRST]
    assert at(b9["confirmed_at"]) == FIRST


async def test_a_withdrawn_market_shows_its_unavailable_period(
    client: httpx.AsyncClient, stored: dict[str, int]
) -> None:
    body = (
        await client.get(
            f"/api/events/{stored['arsenal']}/markets/btts_ft/history", params={"book": "betpawa"}
        )
    ).json()
    (bp,) = body["series"]
    assert [(at(p["at"]), p["available"]) for p in bp["points"]] == [
        (FIRST, True),
        (SECOND, False),
    ]
    assert bp["points"][1]["prices"] == [] and bp["points"][1]["overround_pct"] is None
    assert [(at(u["start"]), u["end"]) for u in bp["unavailable"]] == [(SECOND, None)]
    assert bp["confirmed_at"] is None


async def test_time_range_keeps_the_state_in_force_at_its_start(
    client: httpx.AsyncClient, stored: dict[str, int]
) -> None:
    path = f"/api/events/{stored['arsenal']}/markets/1x2_ft/history"
    since = (FIRST + timedelta(minutes=5)).isoformat()
    body = (await client.get(path, params={"since": since, "book": "betpawa"})).json()
    assert [at(p["at"]) for p in body["series"][0]["points"]] == [FIRST, SECOND]
    until = (FIRST + timedelta(minutes=5)).isoformat()
    body = (await client.get(path, params={"until": until, "book": "betpawa"})).json()
    (bp,) = body["series"]
    assert [at(p["at"]) for p in bp["points"]] == [FIRST]
    assert bp["confirmed_at"] is None  # the range ends before "now"


async def test_lines_are_part_of_the_key(client: httpx.AsyncClient, stored: dict[str, int]) -> None:
    path = f"/api/events/{stored['arsenal']}/markets/over_under_ft/history"
    ok = await client.get(path, params={"line": 2.5})
    assert ok.status_code == 200
    assert [s["book"] for s in ok.json()["series"]] == ["betpawa"]
    missing = await client.get(path, params={"line": 3.5})
    assert missing.status_code == 404
    assert missing.json()["detail"] == (
        f"event {stored['arsenal']} has no history for over_under_ft at line 3.5"
    )


@pytest.mark.parametrize(
    ("path", "params", "status", "says"),
    [
        ("/api/events/999999/markets/1x2_ft/history", {}, 404, "event 999999 does not exist"),
        ("/api/events/{a}/markets/1X2!/history", {}, 422, "path market: String should match"),
        ("/api/events/{a}/markets/1x2_ft/history", {"line": 2.555}, 422, "query line: line 2.555"),
        ("/api/events/{a}/markets/1x2_ft/history", {"book": "paddy"}, 422, "query book.0"),
        (
            "/api/events/{a}/markets/1x2_ft/history",
            {"since": NOW.isoformat(), "until": NOW.isoformat()},
            422,
            "since is not before until",
        ),
    ],
)
async def test_bad_history_requests(
    client: httpx.AsyncClient,
    stored: dict[str, int],
    path: str,
    params: dict,
    status: int,
    says: str,
) -> None:
    response = await client.get(path.format(a=stored["arsenal"]), params=params)
    assert response.status_code == status
    assert says in response.json()["detail"]
