"""Faults per book, at the configured rate and of every kind the book can show."""

from __future__ import annotations

import asyncio
import time
from collections import Counter

import httpx
import orjson
import pytest

from oddsdesk.domain import Book
from oddsdesk.simulator.app import create_app
from oddsdesk.simulator.config import FaultConfig
from tests.simulator.conftest import BRAND, CACHE_VERSION, make_world

PATHS = {
    Book.BETPAWA: "/api/sportsbook/v4/categories/list/2?includeRegions=true",
    Book.SPORTYBET: "/api/ng/factsCenter/popularAndSportList?sportId=sr:sport:1&timeline=&productId=3",
    Book.BET9JA: f"/desktop/feapi/PalimpsestAjax/GetSports?DISP=0&v_cache_version={CACHE_VERSION}",
}


def classify(book: Book, response: httpx.Response | None) -> str:
    """What a scraper would make of one answer."""
    if response is None:
        return "hang"
    if response.status_code >= 500:
        return "server_error"
    if response.status_code == 429:
        assert response.headers["retry-after"].isdigit()
        return "rate_limited"
    if response.status_code == 403:
        return "forbidden"
    try:
        body = orjson.loads(response.content)
    except orjson.JSONDecodeError:
        return "malformed" if response.content.lstrip().startswith(b"<") else "truncated"
    if book is Book.SPORTYBET and body["bizCode"] != 10000:
        return "book_error"
    if book is Book.BET9JA and body["R"] != "OK":
        return "book_error"
    return "ok"


async def _run(rate: float, requests: int, seed: int = 7) -> dict[Book, list[str]]:
    faults = {book: FaultConfig(rate=rate, hang_seconds=5.0) for book in Book}
    app = create_app(make_world(events=10, seed=seed, faults=faults))
    seen: dict[Book, list[str]] = {book: [] for book in Book}
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://sim"
    ) as client:
        for book, path in PATHS.items():
            for _ in range(requests):
                try:
                    response = await asyncio.wait_for(client.get(path, headers=BRAND), timeout=0.1)
                except TimeoutError:
                    response = None
                seen[book].append(classify(book, response))
    return seen


async def test_faults_come_at_the_configured_rate_and_in_every_kind() -> None:
    seen = await _run(rate=0.4, requests=150)
    for book, kinds in seen.items():
        counts = Counter(kinds)
        failed = 1 - counts["ok"] / len(kinds)
        assert 0.28 < failed < 0.52, (book, counts)
        expected = {"server_error", "rate_limited", "forbidden", "hang", "malformed", "truncated"}
        if book is not Book.BETPAWA:
            expected.add("book_error")
        assert expected <= set(counts), (book, counts)
        if book is Book.BETPAWA:
            assert "book_error" not in counts


async def test_faults_are_seeded() -> None:
    assert await _run(rate=0.3, requests=25) == await _run(rate=0.3, requests=25)
    assert await _run(rate=0.3, requests=25) != await _run(rate=0.3, requests=25, seed=8)


async def test_no_faults_by_default_and_latency_when_asked() -> None:
    seen = await _run(rate=0.0, requests=20)
    assert all(kind == "ok" for kinds in seen.values() for kind in kinds)
    faults = {Book.BET9JA: FaultConfig(latency_ms=40, latency_spread=0.1)}
    app = create_app(make_world(events=5, faults=faults))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://sim"
    ) as client:
        started = time.perf_counter()
        for _ in range(5):
            await client.get(PATHS[Book.BET9JA])
        slow = (time.perf_counter() - started) / 5
        started = time.perf_counter()
        for _ in range(5):
            await client.get(PATHS[Book.SPORTYBET])
        fast = (time.perf_counter() - started) / 5
    assert slow > 0.03
    assert fast < slow


def test_fault_config_is_validated() -> None:
    with pytest.raises(ValueError, match="rate"):
        FaultConfig(rate=2.0)
    with pytest.raises(ValueError, match="unknown fault kinds"):
        FaultConfig(weights={"gremlins": 1})
