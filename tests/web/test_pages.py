"""Every page renders from the source's facts; partial requests get only their region."""

from __future__ import annotations

import re

import httpx
import pytest
from fastapi import FastAPI

from oddsdesk.domain import Book
from oddsdesk.web import install_dashboard
from tests.web.fixtures import NOW, FixtureSource

PAGES = [
    "/",
    "/?mode=competitor",
    "/?mode=alerts",
    "/matches/1001",
    "/coverage",
    "/analysis",
    "/runs",
    "/runs/118",
    "/settings",
    "/storage",
    "/ui/status",
]


@pytest.fixture(scope="module")
def source() -> FixtureSource:
    return FixtureSource(count=40)


@pytest.fixture
async def client(source: FixtureSource):
    app = FastAPI()
    install_dashboard(app, source, clock=lambda: NOW)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://dash") as http:
        yield http


@pytest.mark.parametrize("path", PAGES)
async def test_every_page_renders(client: httpx.AsyncClient, path: str):
    response = await client.get(path)
    assert response.status_code == 200, response.text[:500]
    assert "text/html" in response.headers["content-type"]


async def test_unknown_match_and_run_are_404_pages(client: httpx.AsyncClient):
    for path in ("/matches/999999", "/runs/999999"):
        response = await client.get(path)
        assert response.status_code == 404
        assert "<html" in response.text


async def test_list_shows_the_stored_prices_and_overrounds(
    client: httpx.AsyncClient, source: FixtureSource
):
    html = (await client.get("/?size=100")).text
    first = min(
        (e for e in source.events_by_id.values() if e.book(Book.BETPAWA)), key=lambda e: e.kickoff
    )
    block = re.search(
        rf'<tbody class="match" data-event="{first.event_id}">(.*?)</tbody>', html, re.S
    ).group(1)
    rows = re.findall(r'<tr data-book="(\w+)"(.*?)</tr>', block, re.S)
    for book, row in rows:
        fact = first.book(Book(book))
        if fact is None:
            assert "not listed" in row
            continue
        one_x_two = fact.quotes[("1x2_ft", None)]
        shown = re.findall(r'data-o="(\w+)"[^>]*>([\d.]+)<', row)[:3]
        assert shown == [(o.outcome, f"{o.price:.2f}") for o in one_x_two.outcomes]
        assert f"{one_x_two.margin * 100:.1f}%" in row


async def test_filters_narrow_the_list(client: httpx.AsyncClient, source: FixtureSource):
    async def count(query: str) -> int:
        html = (await client.get("/" + query)).text
        return int(re.search(r"<strong>(\d+)</strong> match", html).group(1))

    everything = await count("?size=100")
    assert await count("?c=Italy") < everything
    assert await count("?t=england/premier-league") < everything
    team = next(iter(source.events_by_id.values())).home
    assert 0 < await count(f"?q={team}") < everything
    assert await count("?mode=competitor") == sum(
        1 for e in source.events_by_id.values() if not e.book(Book.BETPAWA)
    )


async def test_htmx_request_for_the_results_gets_only_the_results(client: httpx.AsyncClient):
    response = await client.get("/?c=Italy", headers={"HX-Request": "true", "HX-Target": "results"})
    assert response.text.lstrip().startswith('<section id="results"')
    assert "<html" not in response.text


async def test_match_page_lists_every_market_with_a_category(
    client: httpx.AsyncClient, source: FixtureSource
):
    html = (await client.get("/matches/1001")).text
    event = source.events_by_id[1001]
    keys = {k for b in event.books for k in b.quotes}
    assert html.count('<article class="market"') == len(keys)
    assert 'data-category="popular"' in html and 'data-tab="goals"' in html


async def test_history_json_is_aligned_for_the_chart(client: httpx.AsyncClient):
    data = (await client.get("/matches/1001/history", params={"market": "1x2_ft"})).json()
    assert data["books"] and all(
        len(b["prices"]["home"]["live"]) == len(data["x"]) for b in data["books"]
    )
    assert (await client.get("/matches/1001/history")).status_code == 422


async def test_sort_choice_is_read_from_the_cookie(client: httpx.AsyncClient):
    html = (await client.get("/", headers={"Cookie": "od_sort=tournament"})).text
    assert '<option value="tournament" selected>' in html
