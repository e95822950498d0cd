"""The pages over the real read model and store: what they show is what was stored."""

from __future__ import annotations

import re

import httpx
import pytest

from oddsdesk.domain import Book
from tests.web.conftest import BP, SB, World

PAGES = [
    "/",
    "/?mode=competitor",
    "/?mode=alerts",
    "/?sort=gap",
    "/?sort=margin",
    "/?sort=tournament",
    "/coverage",
    "/analysis",
    "/analysis?market=ou25",
    "/runs",
    "/settings",
    "/storage",
    "/ui/status",
    "/settings/cleanup-preview?days=7",
]


def match_block(html: str, event_id: int) -> str:
    found = re.search(rf'<tbody class="match" data-event="{event_id}">(.*?)</tbody>', html, re.S)
    assert found, f"match {event_id} is not on the page"
    return found.group(1)


def row_prices(block: str, book: Book, column: str) -> list[str]:
    row = re.search(rf'<tr data-book="{book.value}"(.*?)</tr>', block, re.S)
    assert row, f"no {book.value} row"
    cells = re.findall(rf'<td class="col-{column} c-px">(.*?)</td>', row.group(1), re.S)
    return [re.sub(r"<[^>]+>", "", c).strip() for c in cells]


def listed_ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<tbody class="match" data-event="(\d+)">', html)]


@pytest.mark.parametrize("path", PAGES)
async def test_every_page_renders(client: httpx.AsyncClient, world: World, path: str):
    response = await client.get(path)
    assert response.status_code == 200, response.text[:800]
    assert "text/html" in response.headers["content-type"]


async def test_run_and_match_pages_render(client: httpx.AsyncClient, world: World):
    for path in (f"/runs/{world.runs[1]}", f"/matches/{world.ids['arsenal']}"):
        response = await client.get(path)
        assert response.status_code == 200, response.text[:800]


async def test_unknown_match_and_run_are_404_pages(client: httpx.AsyncClient, world: World):
    for path in ("/matches/999999", "/runs/999999"):
        response = await client.get(path)
        assert response.status_code == 404
        assert "<html" in response.text


async def test_list_shows_the_stored_prices_and_overrounds(client: httpx.AsyncClient, world: World):
    html = (await client.get("/")).text
    block = match_block(html, world.ids["arsenal"])
    for book in (BP, SB, Book.BET9JA):
        stored = world.price("arsenal", book, "1x2_ft")
        assert [p.rstrip("▲▼") for p in row_prices(block, book, "1x2")] == [
            f"{p:.2f}" for p in stored
        ]
    overround = sum(1 / p for p in world.price("arsenal", BP, "1x2_ft")) - 1
    bp_row = re.search(r'<tr data-book="betpawa"(.*?)</tr>', block, re.S).group(1)
    assert f"{overround * 100:.1f}%" in bp_row


async def test_a_withdrawn_market_is_struck_through_and_never_offered_is_a_dash(
    client: httpx.AsyncClient, world: World
):
    block = match_block((await client.get("/")).text, world.ids["arsenal"])
    bp = re.search(r'<tr data-book="betpawa"(.*?)</tr>', block, re.S).group(1)
    btts = re.findall(r'<td class="col-btts c-px">(.*?)</td>', bp, re.S)
    assert all('class="px off"' in cell for cell in btts)  # BetPawa dropped BTTS in scrape two
    b9 = re.search(r'<tr data-book="bet9ja"(.*?)</tr>', block, re.S).group(1)
    assert (
        re.findall(r'<td class="col-ou25 c-px">(.*?)</td>', b9, re.S)
        == ['<span class="dash">–</span>'] * 2
    )  # Bet9ja never priced O/U 2.5 here


async def test_competitor_prices_are_judged_against_betpawa(
    client: httpx.AsyncClient, world: World
):
    block = match_block((await client.get("/")).text, world.ids["arsenal"])
    sb = re.search(r'<tr data-book="sportybet"(.*?)</tr>', block, re.S).group(1)
    home = re.search(r'<button type="button" class="px ([a-z ]+)" data-o="home">', sb).group(1)
    # SportyBet's 2.25 against BetPawa's 2.05: pays the bettor more, and is the best price
    assert home.split() == ["better", "best"]
    bp = re.search(r'<tr data-book="betpawa"(.*?)</tr>', block, re.S).group(1)
    assert 'class="px worse" data-o="home"' in bp


async def test_filters_narrow_the_list(client: httpx.AsyncClient, world: World):
    async def ids(query: str) -> list[int]:
        return listed_ids((await client.get("/" + query)).text)

    everything = await ids("")
    assert set(everything) == {world.ids[k] for k in ("arsenal", "lazio", "everton")}
    assert await ids("?c=Italy") == [world.ids["lazio"]]
    assert await ids("?t=england/premier-league") == [world.ids["arsenal"], world.ids["everton"]]
    assert await ids("?q=roma") == [world.ids["lazio"]]
    assert await ids("?mode=competitor") == [world.ids["npfl"]]
    assert world.ids["arsenal"] in await ids("?mode=alerts")


async def test_sort_by_gap_puts_the_largest_competitor_lead_first(
    client: httpx.AsyncClient, world: World
):
    def gap(name: str) -> float:
        best = 0.0
        for (event_id, book, market, line), quote in world.latest.items():
            if event_id != world.ids[name] or book is BP or (market, line) != ("1x2_ft", None):
                continue
            mine = world.price(name, BP, market, line)
            for theirs, own in zip([o.price for o in quote.outcomes], mine, strict=True):
                best = max(best, theirs / own - 1)
        return best

    order = listed_ids((await client.get("/?sort=gap")).text)
    expected = sorted(("arsenal", "lazio", "everton"), key=lambda n: -gap(n))
    assert order == [world.ids[n] for n in expected]


async def test_htmx_request_for_the_results_gets_only_the_results(
    client: httpx.AsyncClient, world: World
):
    response = await client.get("/?c=Italy", headers={"HX-Request": "true", "HX-Target": "results"})
    assert response.text.lstrip().startswith('<section id="results"')
    assert "<html" not in response.text


async def test_match_page_lists_every_stored_market_with_fair_odds_and_alerts(
    client: httpx.AsyncClient, world: World
):
    event_id = world.ids["arsenal"]
    html = (await client.get(f"/matches/{event_id}")).text
    keys = {(market, line) for (eid, _, market, line) in world.latest if eid == event_id}
    keys.add(("btts_ft", None))  # withdrawn on BetPawa, still priced by SportyBet
    assert html.count('<article class="market"') == len(keys)
    one_x_two = re.search(r'<article class="market" data-market="1x2_ft".*?</article>', html, re.S)
    card = one_x_two.group(0)
    assert '<tr class="fair">' in card  # consensus fair odds from the aligned competitors
    assert "Behind best" in card  # BetPawa's home price is more than 3% below SportyBet's
    assert 'data-tab="popular"' in html


async def test_history_json_has_both_scrapes_aligned_for_the_chart(
    client: httpx.AsyncClient, world: World
):
    event_id = world.ids["arsenal"]
    data = (await client.get(f"/matches/{event_id}/history", params={"market": "1x2_ft"})).json()
    books = {b["book"]: b for b in data["books"]}
    assert books["betpawa"]["changes"] == 2 and books["bet9ja"]["changes"] == 1
    assert all(len(b["prices"]["home"]["live"]) == len(data["x"]) for b in data["books"])
    home = [v for v in books["betpawa"]["prices"]["home"]["live"] if v is not None]
    assert home[0] == 2.0 and home[-1] == 2.05
    response = await client.get(f"/matches/{event_id}/history")
    assert response.status_code == 422


async def test_runs_and_status_strip_show_the_recorded_runs(
    client: httpx.AsyncClient, world: World
):
    html = (await client.get("/runs")).text
    assert all(f'data-run="{run}"' in html for run in world.runs)
    strip = (await client.get("/ui/status")).text
    assert f"Last run #{world.runs[1]} succeeded" in strip
    health = dict(re.findall(r'data-book="(\w+)" data-health="(\w+)"', strip))
    assert health == {"betpawa": "ok", "sportybet": "ok", "bet9ja": "failed"}
    assert "Read-only server" in strip  # this runtime has no scheduler
    detail = (await client.get(f"/runs/{world.runs[1]}")).text
    assert "HTTP 503 from the listing" in detail


async def test_coverage_counts_the_books_and_what_betpawa_lacks(
    client: httpx.AsyncClient, world: World
):
    html = (await client.get("/coverage")).text
    assert "Enyimba v Rivers United" in html  # the competitor-only match
    row = re.search(r'<tr data-text="npfl nigeria".*?</tr>', html, re.S).group(0)
    cells = re.findall(r'<td class="num[^"]*">(\d+)</td>', row)
    assert cells[:3] == ["0", "1", "1"]  # BetPawa, SportyBet, Bet9ja


async def test_margin_statistics_come_from_the_stored_history(
    client: httpx.AsyncClient, world: World
):
    html = (await client.get("/analysis")).text
    row = re.search(r'<tr data-text="premier league england".*?</tr>', html, re.S).group(0)
    everton = sum(1 / p for p in world.price("everton", BP, "1x2_ft")) - 1
    arsenal = [sum(1 / p for p in (2.0, 3.4, 3.9)) - 1, sum(1 / p for p in (2.05, 3.4, 3.9)) - 1]
    values = [everton, *arsenal]
    assert f"{sum(values) / len(values) * 100:.2f}%" in row  # BetPawa's average over every set
    assert f"{min(values) * 100:.2f}%" in row and f"{max(values) * 100:.2f}%" in row


async def test_cleanup_preview_counts_without_deleting(client: httpx.AsyncClient, world: World):
    before = (await client.get("/storage")).text
    html = (await client.get("/settings/cleanup-preview", params={"days": 1})).text
    assert 'class="cleanup-preview"' in html
    assert (await client.get("/storage")).text.count("<tr>") == before.count("<tr>")
    assert (await client.get("/settings/cleanup-preview", params={"days": 0})).status_code == 422
