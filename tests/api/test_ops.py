"""Runs, health and metrics: what an operator reads."""

from __future__ import annotations

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.orm import sessionmaker

from oddsdesk.api import create_app
from oddsdesk.api.runtime import ReadOnlyRuntime
from oddsdesk.config import Settings
from oddsdesk.errors import StoreError
from oddsdesk.readmodel.view import OddsView
from oddsdesk.store.db import create_engine
from tests.support.runtime import ApiRuntime
from tests.support.stored import Database


async def _run_once(
    control: httpx.AsyncClient, runtime: ApiRuntime, path: str = "/api/scrape"
) -> int:
    response = await control.post(path)
    assert response.status_code == 202, response.text
    runtime.cycle.release()
    await runtime.scraper.wait()
    return response.json()["run_id"]


@pytest.fixture
def db(any_db: Database) -> Database:
    return any_db


async def test_runs_list_detail_events_and_analytics(
    control: httpx.AsyncClient, runtime: ApiRuntime
) -> None:
    first = await _run_once(control, runtime)
    second = await _run_once(control, runtime)

    page = (await control.get("/api/runs")).json()
    assert [r["id"] for r in page["items"]] == [second, first]
    assert page["total"] == 2
    assert all(r["status"] == "succeeded" and r["duration_s"] >= 0 for r in page["items"])
    assert [
        r["id"]
        for r in (await control.get("/api/runs", params={"limit": 1, "offset": 1})).json()["items"]
    ] == [first]
    assert (await control.get("/api/runs", params={"status": "failed"})).json()["total"] == 0

    detail = (await control.get(f"/api/runs/{first}")).json()
    assert detail["summary"]["books"]["betpawa"]["requested"] == 1
    assert (detail["errors"], detail["errors_total"], detail["live"]) == ([], 0, False)
    assert (await control.get(f"/api/runs/{first}/events")).json() == {"items": [], "total": 0}

    analytics = (await control.get("/api/runs/analytics", params={"days": 1})).json()
    assert analytics["total_runs"] == 2 and analytics["runs_24h"] == 2
    durations = [r["duration_s"] for r in page["items"]]
    assert analytics["avg_duration_s"] == pytest.approx(sum(durations) / 2, abs=0.01)
    assert sum(d["runs"] for d in analytics["daily"]) == 2
    assert sum(d["succeeded"] for d in analytics["daily"]) == 2
    betpawa = next(b for b in analytics["books"] if b["book"] == "betpawa")
    assert (betpawa["runs"], betpawa["ok"], betpawa["success_rate_pct"]) == (2, 2, 100.0)

    assert (await control.get("/api/runs/999")).status_code == 404
    assert (await control.get("/api/runs", params={"status": "lost"})).status_code == 422
    assert (await control.get("/api/runs/analytics", params={"days": 31})).status_code == 422


async def test_health_reports_database_view_scheduler_and_books(
    control: httpx.AsyncClient, runtime: ApiRuntime, stored
) -> None:
    await control.post("/api/scheduler/resume")
    before = (await control.get("/health")).json()
    assert before["status"] == "ok"
    assert before["database"]["ok"] is True
    assert before["view"]["events"] == 3
    assert before["last_run"] is None
    assert {b["book"]: b["ok"] for b in before["books"]} == {
        "betpawa": None,
        "sportybet": None,
        "bet9ja": None,
    }

    run_id = await _run_once(control, runtime)  # the test cycle hears from BetPawa only
    await control.post("/api/scheduler/pause")
    body = (await control.get("/health")).json()
    assert body["status"] == "degraded"
    assert body["last_run"]["id"] == run_id
    books = {b["book"]: b for b in body["books"]}
    assert books["betpawa"]["ok"] is True
    assert books["betpawa"]["last_success_at"] == body["last_run"]["started_at"]
    assert (books["sportybet"]["ok"], books["sportybet"]["problem"]) == (False, "no answer")
    assert body["scheduler"]["paused"] is True
    assert body["problems"] == [
        "the scheduler is paused",
        "SportyBet: no answer",
        "Bet9ja: no answer",
    ]


async def test_health_is_503_when_the_database_is_down(sqlite_db: Database) -> None:
    def broken():
        raise StoreError("connection refused", transient=True)

    runtime = ReadOnlyRuntime(
        settings=Settings(database_url=sqlite_db.url, _env_file=None),
        session_factory=broken,
        view=OddsView(),
    )
    app = create_app(runtime)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://oddsdesk") as client:
        response = await client.get("/health")
        assert response.status_code == 503
        assert response.json()["status"] == "down"
        assert "connection refused" in response.json()["problems"][0]
        # a read that needs the database says so, as a 503, not a 500
        runs = await client.get("/api/runs")
        assert runs.status_code == 503
        assert "database unavailable" in runs.json()["detail"]


async def test_an_unreachable_database_is_a_503_not_a_500(sqlite_db: Database) -> None:
    engine = create_engine("postgresql+psycopg://nobody@127.0.0.1:9/none", connect_timeout_s=1)
    runtime = ReadOnlyRuntime(
        settings=Settings(database_url=sqlite_db.url, _env_file=None),
        session_factory=sessionmaker(engine),
        view=OddsView(),
    )
    transport = httpx.ASGITransport(app=create_app(runtime))
    async with httpx.AsyncClient(transport=transport, base_url="http://oddsdesk") as client:
        for path in ("/api/runs", "/api/runs/1", "/api/events/5", "/health"):
            response = await client.get(path)
            assert response.status_code == 503, path


async def test_metrics_exposition_parses_and_counts(
    control: httpx.AsyncClient, runtime: ApiRuntime, stored
) -> None:
    await control.get("/api/events")
    await control.get("/api/events/999999")
    await _run_once(control, runtime)
    response = await control.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    families = {f.name: f for f in text_string_to_metric_families(response.text)}

    def sample(family: str, suffix: str = "", **labels: str) -> float:
        for s in families[family].samples:
            if s.name == family + suffix and all(s.labels.get(k) == v for k, v in labels.items()):
                return s.value
        raise AssertionError(f"no {family}{suffix} {labels}")

    assert sample("oddsdesk_api_requests", "_total", route="/api/events", status="200") == 1
    assert (
        sample("oddsdesk_api_requests", "_total", route="/api/events/{event_id}", status="404") == 1
    )
    assert sample("oddsdesk_api_request_duration_seconds", "_count", route="/api/events") == 1
    assert (
        sample(
            "oddsdesk_scrape_cycle_duration_seconds", "_count", status="succeeded", trigger="manual"
        )
        == 1
    )
    assert sample("oddsdesk_view_events") == 3
    assert sample("oddsdesk_events", book="bet9ja") == 2
    assert sample("oddsdesk_book_requests", "_total", book="betpawa") == 12
    assert sample("oddsdesk_book_errors", "_total", book="betpawa", kind="timeout") == 2
    assert sample("oddsdesk_book_request_duration_seconds", "_count", book="betpawa") == 1
    assert sample("oddsdesk_writer_written", "_total") >= 3
    assert sample("oddsdesk_writer_queue_depth") == 0
