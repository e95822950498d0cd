"""Who may do what: reads open unless configured, control always behind the key."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from oddsdesk.api import create_app
from oddsdesk.api.runtime import ReadOnlyRuntime
from oddsdesk.config import Settings
from oddsdesk.readmodel.view import OddsView
from tests.support.runtime import API_KEY, ApiRuntime
from tests.support.stored import Database

CONTROL = [
    ("post", "/api/scrape", None),
    ("post", "/api/scrape/event/123", None),
    ("post", "/api/events/1/refresh", None),
    ("post", "/api/scheduler/pause", None),
    ("post", "/api/scheduler/resume", None),
    ("put", "/api/scheduler/interval", {"minutes": 5}),
    ("patch", "/api/settings", {"bet9ja_concurrency": 5}),
    ("post", "/api/runs/1/retry", None),
]
READS = ["/api/events", "/api/coverage", "/api/countries", "/api/settings", "/health", "/metrics"]


async def _client(runtime: object) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(runtime)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://oddsdesk") as client:
            yield client


@pytest.mark.parametrize(("method", "path", "body"), CONTROL)
async def test_control_needs_the_key(
    client: httpx.AsyncClient, method: str, path: str, body: dict | None
) -> None:
    missing = await client.request(method, path, json=body)
    assert missing.status_code == 401
    assert "X-API-Key" in missing.json()["detail"]
    wrong = await client.request(method, path, json=body, headers={"X-API-Key": "guess"})
    assert wrong.status_code == 403
    assert wrong.json()["detail"] == "the X-API-Key header is not the API key"
    right = await client.request(method, path, json=body, headers={"X-API-Key": API_KEY})
    assert right.status_code not in {401, 403}


@pytest.mark.parametrize("path", READS)
async def test_reads_are_open_by_default(client: httpx.AsyncClient, path: str) -> None:
    assert (await client.get(path)).status_code == 200


@pytest.fixture
def locked(runtime: ApiRuntime, settings: Settings) -> ApiRuntime:
    return ApiRuntime(
        settings=settings.model_copy(update={"api_key_for_reads": True}),
        session_factory=runtime.session_factory,
        view=runtime.view,
        writer=runtime.writer,
    )


@pytest.mark.parametrize("path", READS)
async def test_reads_can_be_locked_too(locked: ApiRuntime, path: str) -> None:
    async for client in _client(locked):
        assert (await client.get(path)).status_code == 401
        assert (await client.get(path, headers={"X-API-Key": "nope"})).status_code == 403
        assert (await client.get(path, headers={"X-API-Key": API_KEY})).status_code == 200


async def test_without_a_configured_key_control_is_disabled(sqlite_db: Database) -> None:
    runtime = ReadOnlyRuntime(
        settings=Settings(database_url=sqlite_db.url, _env_file=None),
        session_factory=sqlite_db.sessions,
        view=OddsView(),
    )
    async for client in _client(runtime):
        response = await client.post("/api/scrape", headers={"X-API-Key": "anything"})
        assert response.status_code == 403
        assert "set ODDSDESK_API_KEY" in response.json()["detail"]
        assert (await client.get("/api/events")).status_code == 200


async def test_serve_mode_has_no_scraper_and_says_so(sqlite_db: Database) -> None:
    runtime = ReadOnlyRuntime(
        settings=Settings(database_url=sqlite_db.url, api_key=API_KEY, _env_file=None),
        session_factory=sqlite_db.sessions,
        view=OddsView(),
    )
    headers = {"X-API-Key": API_KEY}
    async for client in _client(runtime):
        for method, path, body in CONTROL:
            response = await client.request(method, path, json=body, headers=headers)
            if path.startswith(("/api/events/1", "/api/runs/1")):
                continue  # these look the event or run up first
            assert response.status_code == 503, path
            assert "oddsdesk run" in response.json()["detail"]
        settings = (await client.get("/api/settings")).json()
        assert settings["changeable"] is False
        assert settings["api_key_set"] is True
        assert API_KEY not in str(settings)
