"""Starting scrapes, the scheduler and settings, through the real Scraper, ScrapeScheduler and
LiveSettings."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tests.support.runtime import ApiRuntime


async def _finish(runtime: ApiRuntime) -> dict:
    runtime.cycle.release()
    result = await runtime.scraper.wait()
    assert result is not None
    return {"status": result.status, "run_id": result.run_id}


async def test_a_scrape_starts_at_once_and_a_second_is_refused_while_it_runs(
    control: httpx.AsyncClient, runtime: ApiRuntime
) -> None:
    first = await control.post("/api/scrape")
    assert first.status_code == 202
    started = first.json()
    assert started["trigger"] == "manual"
    assert started["stream"] == f"/api/runs/{started['run_id']}/stream"
    await asyncio.wait_for(runtime.cycle.entered.wait(), 5)  # the cycle is running now

    second = await control.post("/api/scrape")
    assert second.status_code == 409
    assert second.json()["run_id"] == started["run_id"]
    assert "already running" in second.json()["detail"]

    assert await _finish(runtime) == {"status": "succeeded", "run_id": started["run_id"]}
    run = (await control.get(f"/api/runs/{started['run_id']}")).json()
    assert (run["status"], run["trigger"], run["live"]) == ("succeeded", "manual", False)
    assert run["summary"]["books"]["betpawa"]["ok"] == 1

    third = await control.post("/api/scrape")
    assert third.status_code == 202
    assert third.json()["run_id"] != started["run_id"]
    await _finish(runtime)


async def test_refreshing_one_event_runs_for_its_sportradar_id(
    control: httpx.AsyncClient, runtime: ApiRuntime, stored: dict[str, int]
) -> None:
    response = await control.post(f"/api/events/{stored['lazio']}/refresh")
    assert response.status_code == 202
    body = response.json()
    sr_id = runtime.view.snapshot.events[stored["lazio"]].info.sr_id
    assert (body["trigger"], body["sr_id"]) == ("event", sr_id)
    await _finish(runtime)
    assert runtime.cycle.requests[-1].sr_id == sr_id

    by_sr = await control.post(f"/api/scrape/event/{sr_id}")
    assert by_sr.status_code == 202
    await _finish(runtime)

    retry = await control.post(f"/api/runs/{by_sr.json()['run_id']}/retry")
    assert retry.status_code == 202
    assert retry.json()["sr_id"] == sr_id
    await _finish(runtime)


async def test_refresh_of_unknown_or_malformed_targets(control: httpx.AsyncClient) -> None:
    missing = await control.post("/api/events/424242/refresh")
    assert (missing.status_code, missing.json()["detail"]) == (404, "event 424242 does not exist")
    bad = await control.post("/api/scrape/event/sr:match:1")
    assert bad.status_code == 422
    assert "path sr_id" in bad.json()["detail"]
    assert (await control.post("/api/runs/77/retry")).status_code == 404


async def test_scheduler_pause_resume_and_interval(
    control: httpx.AsyncClient, runtime: ApiRuntime
) -> None:
    state = (await control.get("/api/scheduler")).json()
    assert state["running"] is True
    assert state["paused"] is True  # the test runtime starts paused
    assert {job["id"] for job in state["jobs"]} >= {"scrape", "watchdog"}

    resumed = (await control.post("/api/scheduler/resume")).json()
    assert resumed["paused"] is False
    assert resumed["next_run"] is not None
    paused = (await control.post("/api/scheduler/pause")).json()
    assert paused["paused"] is True

    changed = await control.put("/api/scheduler/interval", json={"minutes": 10})
    assert changed.status_code == 200
    assert changed.json()["interval_minutes"] == 10
    assert runtime.saved["scrape_interval_minutes"] == 10  # persisted
    assert (await control.get("/api/settings")).json()["scrape_interval_minutes"] == 10


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ({"minutes": 0}, "body minutes: Input should be greater than or equal to 1"),
        ({"minutes": 61}, "body minutes: Input should be less than or equal to 60"),
        ({}, "body minutes: is required"),
        ({"minutes": 5, "hours": 1}, "body hours: Extra inputs are not permitted"),
    ],
)
async def test_bad_intervals_are_refused(control: httpx.AsyncClient, body: dict, says: str) -> None:
    response = await control.put("/api/scheduler/interval", json=body)
    assert response.status_code == 422
    assert says in response.json()["detail"]


async def test_settings_change_is_validated_persisted_and_shown(
    control: httpx.AsyncClient, runtime: ApiRuntime
) -> None:
    before = (await control.get("/api/settings")).json()
    assert before["changeable"] is True
    assert before["database"] == "sqlite"
    response = await control.patch(
        "/api/settings", json={"bet9ja_concurrency": 5, "enabled_books": ["betpawa", "bet9ja"]}
    )
    assert response.status_code == 200, response.text
    after = response.json()
    assert (after["bet9ja_concurrency"], after["enabled_books"]) == (5, ["betpawa", "bet9ja"])
    assert runtime.live_settings.current.bet9ja_concurrency == 5
    assert runtime.saved == {"bet9ja_concurrency": 5, "enabled_books": ["betpawa", "bet9ja"]}


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ({}, "nothing to change"),
        ({"api_key": "x"}, "body api_key: Extra inputs are not permitted"),
        ({"enabled_books": []}, "body enabled_books: List should have at least 1 item"),
        ({"enabled_books": ["betpawa", "betpawa"]}, "lists a book twice"),
        ({"enabled_books": ["paddypower"]}, "body enabled_books.0: Input should be 'betpawa'"),
        ({"history_retention_days": 0}, "greater than or equal to 1"),
        ({"betpawa_spacing_ms": -1}, "greater than or equal to 0"),
    ],
)
async def test_bad_settings_are_refused_and_nothing_changes(
    control: httpx.AsyncClient, runtime: ApiRuntime, body: dict, says: str
) -> None:
    response = await control.patch("/api/settings", json=body)
    assert response.status_code == 422
    assert says in response.json()["detail"]
    assert runtime.saved == {}


async def test_a_body_that_is_not_json_is_a_422(control: httpx.AsyncClient) -> None:
    response = await control.patch(
        "/api/settings", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert "JSON" in response.json()["detail"]
