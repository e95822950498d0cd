"""The dashboard in a real browser, on real data: headless Debian Chromium (Playwright) against
`oddsdesk run`'s app (API + dashboard, `pipeline.server.server_app`) on a uvicorn server on
127.0.0.1, whose runtime scrapes the simulator (in process) with the real pipeline.

The scheduler's first cycle and a second one after the simulated books moved their prices fill
the database and the read model; the tests compare what the browser shows with what is stored.
Screenshots of every page, light and dark, laptop and phone, go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from oddsdesk.config import load_settings
from oddsdesk.domain import Book
from oddsdesk.pipeline.server import server_app
from oddsdesk.runtime import Runtime
from oddsdesk.simulator.app import SimulatorApp
from oddsdesk.simulator.config import SimConfig
from oddsdesk.simulator.world import World
from oddsdesk.store import models as m
from oddsdesk.store.packing import key_line
from oddsdesk.store.queries import event_odds
from tests.support.server import LoopbackServer

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
KEY = "browser-test-key-0123456789"
WAIT_MS = 30_000  # generous: a loaded 2-core machine; every wait is for a condition
RUN_S = 120.0


@dataclass
class Live:
    url: str
    runtime: Runtime
    server: LoopbackServer
    simulator: SimulatorApp
    api: httpx.Client
    runs: list[int]


def wait_for_run(api: httpx.Client, run_id: int | None = None, *, after: int = 0) -> dict:
    """The first finished run (this one, or any newer than `after`), within RUN_S."""
    deadline = time.monotonic() + RUN_S
    while time.monotonic() < deadline:
        for item in api.get("/api/runs", params={"limit": 5}).json()["items"]:
            if item["status"] == "running":
                continue
            if (run_id is not None and item["id"] == run_id) or (
                run_id is None and item["id"] > after
            ):
                return item
        time.sleep(0.25)
    pytest.fail(f"no scrape run finished within {RUN_S:.0f} s")


def on_server_loop(server: LoopbackServer, fn) -> None:  # type: ignore[no-untyped-def]
    done = threading.Event()

    def call() -> None:
        try:
            fn()
        finally:
            done.set()

    server.call(call)
    assert done.wait(30), "the server's loop did not run the call"


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    tmp = tmp_path_factory.mktemp("live")
    world = World(SimConfig(seed=11, events=40, drift=0.3, shallow=True, horizon_hours=30))
    simulator = SimulatorApp(world)
    settings = load_settings(
        database_url=f"sqlite:///{tmp / 'oddsdesk.db'}",
        spool_dir=tmp / "spool",
        api_key=KEY,
        scrape_interval_minutes=60,  # the scheduler's first cycle only; the rest on demand
        backoff_base_s=0.01,
        backoff_max_s=0.05,
        **{f"{book.value}_base_url": "http://simulator.test" for book in Book},
    )
    runtime = Runtime(settings, transport=httpx.ASGITransport(app=simulator), schedule=True)
    server = LoopbackServer(server_app(runtime))
    server.start()
    api = httpx.Client(base_url=server.url, headers={"X-API-Key": KEY}, timeout=30)
    try:
        first = wait_for_run(api)
        assert first["status"] == "succeeded", first
        on_server_loop(server, lambda: simulator.advance(1))  # the books move some prices
        started = api.post("/api/scrape")
        assert started.status_code == 202, started.text
        second = wait_for_run(api, started.json()["run_id"])
        assert second["status"] == "succeeded", second
        yield Live(server.url, runtime, server, simulator, api, [first["id"], second["id"]])
    finally:
        api.close()
        server.stop()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory, live: Live) -> Iterator[object]:
    if not CHROMIUM.is_file():
        pytest.fail(
            "Debian chromium is missing at /usr/bin/chromium: install it with "
            "`apt-get install chromium` (scripts/setup --test does)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=str(CHROMIUM),
            args=ARGS,
            headless=True,
            viewport={"width": 1440, "height": 900},
        )
        context.set_default_timeout(WAIT_MS)
        first = context.new_page()
        first.goto(f"{live.url}/settings#key={KEY}")  # the page keeps the key in this browser
        first.wait_for_function("localStorage.getItem('oddsdesk.key') !== null")
        first.close()
        yield context
        context.close()


@pytest.fixture
def page(browser, live: Live):  # type: ignore[no-untyped-def]
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.base = live.url
    yield page
    page.close()
    assert not errors, f"script errors on the page: {errors}"


def stored_1x2(live: Live, event_id: int) -> dict[str, list[str]]:
    """Each book's 1X2 as stored, formatted as the page prints prices."""
    with live.runtime.session_factory() as session:
        quotes = [
            q
            for q in event_odds(session, event_id=event_id)
            if (q.market, q.line) == ("1x2_ft", None)
        ]
    order = ("home", "draw", "away")
    return {
        q.book: [
            f"{price:.2f}" if (price := {o.outcome: o.price for o in q.outcomes}.get(name)) else "–"
            for name in order
        ]
        for q in quotes
    }


def changed_line(live: Live) -> tuple[int, str, str, float | None]:
    """(event, book, market, line) with the most stored changes: where a history chart has a
    story to tell."""
    h, markets, books = m.HISTORY, m.MarketRow, m.BookRow
    query = (
        sa.select(h.c.event_id, books.slug, markets.code, h.c.line_key, sa.func.count())
        .join(markets, markets.id == h.c.market_id)
        .join(books, books.id == h.c.book_id)
        .group_by(h.c.event_id, books.slug, markets.code, h.c.line_key)
        .order_by(sa.func.count().desc(), markets.code)
        .limit(1)
    )
    with live.runtime.session_factory() as session:
        event_id, book, market, line_key, count = session.execute(query).one()
    assert count >= 2, "the second scrape stored no change at all"
    return event_id, book, market, key_line(line_key)


SHOWN_1X2 = """() => Object.fromEntries([...document.querySelectorAll('#results tbody.match')]
  .map(tb => [tb.dataset.event, Object.fromEntries([...tb.querySelectorAll('tr[data-book]')]
    .filter(tr => !tr.classList.contains('unlisted'))
    .map(tr => [tr.dataset.book, [...tr.querySelectorAll('td.col-1x2.c-px')]
      .map(td => td.textContent.replace(/[▲▼]/g, '').trim())]))]))"""


def differences(live: Live, shown: dict[str, dict[str, list[str]]]) -> list[tuple[str, str]]:
    """(event, book) whose 1X2 on the page is not the stored one."""
    wrong = []
    for event_id, books in shown.items():
        stored = stored_1x2(live, int(event_id))
        wrong.extend(
            (event_id, book)
            for book, prices in books.items()
            if prices != stored.get(book, ["–"] * 3)
        )
    return wrong


def test_prices_shown_equal_the_stored_ones(page, live: Live):
    page.goto(page.base + "/?size=100")
    shown = page.evaluate(SHOWN_1X2)
    assert len(shown) >= 10, "too few matches listed to compare"
    assert sum(len(books) for books in shown.values()) >= 20
    assert differences(live, shown) == []


def test_new_prices_arrive_on_the_open_page_through_the_stream(page, live: Live):
    page.goto(page.base + "/?size=100")
    page.wait_for_function("document.getElementById('live').dataset.state === 'open'")
    before = page.evaluate(SHOWN_1X2)
    on_server_loop(live.server, lambda: live.simulator.advance(1))
    started = live.api.post("/api/scrape")
    assert started.status_code == 202, started.text
    wait_for_run(live.api, started.json()["run_id"])
    page.wait_for_selector("#results button.px.flash")  # a changed price, flashed in place
    deadline = time.monotonic() + 30
    while (wrong := differences(live, page.evaluate(SHOWN_1X2))) and time.monotonic() < deadline:
        time.sleep(0.5)  # odds_changed of the last batches: one more refresh within 4 s
    assert wrong == []
    assert page.evaluate(SHOWN_1X2) != before


def test_filters_narrow_the_list_and_the_url_keeps_them(page):
    page.goto(page.base + "/")

    def total() -> int:
        return int(page.locator("#results .count strong").inner_text().replace(",", ""))

    everything = total()
    page.locator("details.multiselect[data-name='c'] > summary").click()
    box = page.locator("details.multiselect[data-name='c'] input[type=checkbox]").first
    country = box.get_attribute("value")
    with page.expect_response(lambda r: "c=" in r.url):
        box.check()
    page.wait_for_function(f"() => new URL(location.href).searchParams.get('c') === {country!r}")
    page.wait_for_function(
        f"() => Number(document.querySelector('#results .count strong').textContent) < {everything}"
    )
    narrowed = total()
    assert 0 < narrowed < everything
    places = page.locator("#results .tourn").all_inner_texts()
    assert places and all(p.endswith(f"· {country}") for p in places)
    team = page.locator("#results .teams span").first.inner_text()
    with page.expect_response(lambda r: "q=" in r.url):
        page.fill("#q", team)
    page.wait_for_function(
        f"() => [...document.querySelectorAll('#results .teams')].every(t => t.textContent.includes({team!r}))"
    )
    assert 0 < total() <= narrowed


def test_a_match_opens_with_every_market_and_the_quick_filter(page, live: Live):
    page.goto(page.base + "/")
    link = page.locator("#results a.match-link").first
    event_id = int(re.search(r"/matches/(\d+)", link.get_attribute("href")).group(1))
    link.click()
    page.wait_for_url(re.compile(rf"/matches/{event_id}$"))
    with live.runtime.session_factory() as session:
        lines = {(q.market, q.line) for q in event_odds(session, event_id=event_id)}
    assert page.locator("article.market").count() == len(lines)
    page.fill("#market-filter", "double")
    visible = page.locator("article.market:not(.hidden)").evaluate_all(
        "els => els.map(e => e.dataset.market)"
    )
    assert visible and all(v.startswith("double_chance") for v in visible)


def test_clicking_a_price_opens_its_history_chart(page, live: Live):
    event_id, book, market, line = changed_line(live)
    page.goto(f"{page.base}/matches/{event_id}")
    line_attr = "" if line is None else f"{line:g}"
    card = page.locator(f"article.market[data-market='{market}'][data-line='{line_attr}']")
    card.locator(f"tr[data-book='{book}'] button.px").first.click()
    page.locator("dialog#history").wait_for(state="visible")
    page.wait_for_selector("#history-chart .uplot canvas")
    label = Book(book).label
    page.wait_for_function(
        f"() => /{label} \\d+ changes/.test(document.getElementById('history-sub').textContent)"
    )
    changes = int(re.search(rf"{label} (\d+) change", page.inner_text("#history-sub")).group(1))
    assert changes >= 2
    assert label in page.locator("#history-chart .u-legend").inner_text()
    page.locator(".history .seg .tab[data-view='margin']").click()
    page.wait_for_selector("#history-chart .uplot canvas")
    page.keyboard.press("Escape")


def test_a_scrape_started_from_the_page_shows_progress_to_the_end(page, live: Live):
    page.goto(page.base + "/runs")
    page.wait_for_function("document.getElementById('live').dataset.state === 'open'")
    page.locator("[data-start-scrape]").first.click()
    page.wait_for_selector("#progress:not(.hidden)")
    page.wait_for_function(
        "['succeeded', 'failed'].includes(document.getElementById('progress-state').textContent)",
        timeout=RUN_S * 1000,
    )
    assert page.inner_text("#progress-state") == "succeeded"
    assert page.locator("#progress-bar").evaluate("el => el.style.width") == "100%"
    done, total = re.search(
        r"([\d,]+) / ([\d,]+) matches", page.inner_text("#progress-count")
    ).groups()
    assert done == total and int(total) > 0
    run_id = int(page.inner_text("#progress-run").lstrip("#"))
    assert "finished: succeeded" in page.inner_text("#progress-log")
    page.wait_for_selector(f'#runs-table tr[data-run="{run_id}"]')  # the table caught up
    stored = live.api.get(f"/api/runs/{run_id}").json()
    assert stored["status"] == "succeeded" and stored["events_total"] == int(total.replace(",", ""))


def test_settings_change_through_the_api_and_cleanup_previews(page, live: Live):
    before = live.api.get("/api/settings").json()["bet9ja_concurrency"]
    page.goto(page.base + "/settings")
    page.fill("input[name='bet9ja_concurrency']", str(before - 3))
    page.locator("#settings-form button[type=submit]").click()
    page.wait_for_function(
        "document.querySelector('[data-form-status]').textContent.startsWith('Saved')"
    )
    assert live.api.get("/api/settings").json()["bet9ja_concurrency"] == before - 3
    page.fill("#cleanup-days", "1")
    page.locator("[data-cleanup-preview]").click()
    page.wait_for_selector("#cleanup-result .cleanup-preview")
    total = int(page.locator("#cleanup-result .cleanup-preview").get_attribute("data-total"))
    assert page.locator("[data-cleanup-run]").is_disabled() == (total == 0)
    live.api.patch("/api/settings", json={"bet9ja_concurrency": before}).raise_for_status()


def test_column_choice_and_theme_persist_per_browser(page):
    page.goto(page.base + "/")
    page.locator(".columns-menu > summary").click()
    page.locator(".columns-menu input[data-col='dc']").uncheck()
    assert not page.locator("th.col-dc").first.is_visible()
    page.locator("#theme-toggle").click()
    theme = page.evaluate("document.documentElement.dataset.theme")
    page.reload()
    assert not page.locator("th.col-dc").first.is_visible()
    assert page.evaluate("document.documentElement.dataset.theme") == theme
    page.evaluate(
        "localStorage.removeItem('oddsdesk.hidden'); localStorage.removeItem('oddsdesk.theme')"
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1440, 390])
def test_screenshots_of_every_page(page, live: Live, scheme: str, width: int):
    SHOTS.mkdir(parents=True, exist_ok=True)
    kind = "laptop" if width > 800 else "phone"
    event_id, book, market, line = changed_line(live)
    pages = {
        "odds": "/",
        "match": f"/matches/{event_id}",
        "coverage": "/coverage",
        "analysis": "/analysis",
        "runs": "/runs",
        "run": f"/runs/{live.runs[-1]}",
        "settings": "/settings",
        "storage": "/storage",
    }
    page.set_viewport_size({"width": width, "height": 900})
    page.emulate_media(color_scheme=scheme)
    for name, path in pages.items():
        page.goto(page.base + path)
        page.wait_for_load_state("load")
        page.wait_for_function("document.getElementById('live').dataset.state === 'open'")
        page.screenshot(path=str(SHOTS / f"{name}-{kind}-{scheme}.png"))
        assert page.locator("header.top").is_visible()
        if name == "match":
            line_attr = "" if line is None else f"{line:g}"
            card = page.locator(f"article.market[data-market='{market}'][data-line='{line_attr}']")
            card.locator(f"tr[data-book='{book}'] button.px").first.click()
            page.wait_for_selector("#history-chart .uplot canvas")
            page.screenshot(path=str(SHOTS / f"history-{kind}-{scheme}.png"))
            page.keyboard.press("Escape")
