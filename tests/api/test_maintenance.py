"""Cleanup (preview, run, runs) and storage (sizes, samples, alerts), on both databases."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from oddsdesk.domain import Book
from oddsdesk.store.models import StorageAlertRow
from tests.api.conftest import NOW, q
from tests.support.odds import event
from tests.support.stored import Database, Store

OLD = NOW - timedelta(days=20)


@pytest.fixture
def db(any_db: Database) -> Database:
    return any_db


@pytest.fixture
def old_history(store: Store) -> int:
    """An upcoming event whose prices changed 20 days ago and again today: 3 history rows."""
    (event_id,) = store.events([event(50, kickoff=NOW + timedelta(days=2))], at=OLD).values()
    store.cycle([(event_id, Book.BETPAWA, q("btts_ft", yes=1.8, no=1.9))], at=OLD)
    store.cycle(
        [(event_id, Book.BETPAWA, q("btts_ft", yes=1.7, no=2.0))], at=OLD + timedelta(days=1)
    )
    store.cycle([(event_id, Book.BETPAWA, q("btts_ft", yes=1.75, no=1.95))], at=NOW)
    return event_id


async def _cleanup_done(client: httpx.AsyncClient) -> dict:
    for _ in range(200):
        runs = (await client.get("/api/cleanup/runs")).json()
        if not runs["running"] and runs["items"]:
            return runs
        await asyncio.sleep(0.05)
    raise AssertionError("the cleanup did not finish")


async def test_preview_counts_what_the_cleanup_then_deletes(
    control: httpx.AsyncClient, old_history: int
) -> None:
    preview = (await control.get("/api/cleanup/preview", params={"retention_days": 14})).json()
    assert preview["retention_days"] == 14
    assert preview["counts"]["market_odds_history"] == 2
    assert datetime.fromisoformat(preview["cutoff"]) < NOW - timedelta(days=13)

    started = await control.post("/api/cleanup", json={"retention_days": 14})
    assert started.status_code == 202
    assert started.json() == {"retention_days": 14, "runs": "/api/cleanup/runs"}
    runs = await _cleanup_done(control)
    (run,) = runs["items"]
    assert (run["status"], run["trigger"], run["retention_days"]) == ("completed", "manual", 14)
    assert run["counts"]["market_odds_history"] == 2

    history = (await control.get(f"/api/events/{old_history}/markets/btts_ft/history")).json()[
        "series"
    ][0]["points"]
    assert [p["prices"][0]["price"] for p in history] == [1.75]
    after = (await control.get("/api/cleanup/preview", params={"retention_days": 14})).json()
    assert after["counts"]["market_odds_history"] == 0


async def test_cleanup_defaults_to_the_retention_setting_and_refuses_a_second(
    control: httpx.AsyncClient,
) -> None:
    preview = (await control.get("/api/cleanup/preview")).json()
    assert preview["retention_days"] == 14  # ODDSDESK_HISTORY_RETENTION_DAYS default
    job = control._transport.app.state.cleanup_job
    job.running = True
    busy = await control.post("/api/cleanup")
    assert (busy.status_code, busy.json()["detail"]) == (409, "a cleanup is already running")
    job.running = False
    bad = await control.post("/api/cleanup", json={"retention_days": 0})
    assert bad.status_code == 422
    assert "body retention_days" in bad.json()["detail"]


async def test_storage_sizes_samples_and_alerts(
    control: httpx.AsyncClient, db: Database, stored: dict[str, int]
) -> None:
    sizes = (await control.get("/api/storage")).json()
    tables = {t["table"]: t for t in sizes["tables"]}
    assert tables["events"]["rows"] == 3
    assert tables["market_odds_history"]["rows"] >= 10
    assert sizes["total_bytes"] == sum(t["bytes"] for t in sizes["tables"]) > 0

    taken = (await control.post("/api/storage/samples")).json()
    assert taken["total_bytes"] > 0
    samples = (await control.get("/api/storage/samples")).json()
    assert samples["total"] == 1
    assert samples["items"][0]["id"] == taken["sample_id"]

    with db.sessions.begin() as session:
        alert = StorageAlertRow(
            created_at=datetime.now(UTC),
            kind="growth_warning",
            message="database grew 40%",
            current_bytes=140,
            previous_bytes=100,
            growth_pct=40.0,
        )
        session.add(alert)
        session.flush()
        alert_id = alert.id
    alerts = (await control.get("/api/storage/alerts")).json()
    assert [a["id"] for a in alerts["items"]] == [alert_id]
    resolved = await control.post(f"/api/storage/alerts/{alert_id}/resolve")
    assert resolved.status_code == 200
    assert resolved.json()["resolved_at"] is not None
    assert (await control.get("/api/storage/alerts")).json()["total"] == 0
    assert (await control.get("/api/storage/alerts", params={"include_resolved": True})).json()[
        "total"
    ] == 1
    again = await control.post(f"/api/storage/alerts/{alert_id}/resolve")
    assert (again.status_code, again.json()["detail"]) == (404, f"no open storage alert {alert_id}")
