"""The dashboard in a real browser: headless Debian Chromium driven by Playwright, against a
uvicorn server on 127.0.0.1. Screenshots of every page, light and dark, laptop and phone, go to
test-artifacts/screenshots/."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI

from oddsdesk.domain import Book
from oddsdesk.web import install_dashboard
from tests.web.fixtures import FixtureSource
from tests.web.liveapi import LiveApi

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PAGES = {
    "odds": "/",
    "match": "/matches/1001",
    "coverage": "/coverage",
    "analysis": "/analysis",
    "runs": "/runs",
    "run": "/runs/118",
    "settings": "/settings",
    "storage": "/storage",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def source() -> FixtureSource:
    return FixtureSource(count=60)


@pytest.fixture(scope="module")
def server(source: FixtureSource) -> Iterator[str]:
    app = FastAPI()
    live = LiveApi()
    app.include_router(live.router)
    install_dashboard(app, source)
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not srv.started:
        if time.monotonic() > deadline:
            pytest.fail("dashboard server did not start on 127.0.0.1")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser(tmp_path_factory) -> Iterator[object]:
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
        yield context
        context.close()


@pytest.fixture
def page(browser, server):
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.base = server
    yield page
    page.close()
    assert not errors, f"script errors on the page: {errors}"


def test_prices_shown_equal_the_stored_ones(page, source: FixtureSource):
    page.goto(page.base + "/?size=100")
    for event in list(source.events_by_id.values())[:8]:
        if not event.book(Book.BETPAWA):
            continue
        for fact in event.books:
            row = page.locator(
                f'tbody[data-event="{event.event_id}"] tr[data-book="{fact.book.value}"]'
            )
            shown = row.locator("td.col-1x2 button.px").all_inner_texts()
            stored = [f"{o.price:.2f}" for o in fact.quotes[("1x2_ft", None)].outcomes]
            assert [s.strip("▲▼ ") for s in shown] == stored


def test_filters_narrow_the_list_and_the_url_keeps_them(page):
    page.goto(page.base + "/")

    def total() -> int:
        return int(page.locator("#results .count strong").inner_text().replace(",", ""))

    everything = total()
    page.locator("details.multiselect[data-name='c'] > summary").click()
    with page.expect_response(lambda r: "c=Italy" in r.url):
        page.locator("details.multiselect[data-name='c'] input[value='Italy']").check()
    page.wait_for_function("document.querySelectorAll('#results tbody.match').length > 0")
    italy = total()
    assert 0 < italy < everything
    assert "c=Italy" in page.url
    teams = page.locator("#results .teams span").first.inner_text()
    with page.expect_response(lambda r: "q=" in r.url):
        page.fill("#q", teams)
    page.wait_for_timeout(200)
    assert total() <= italy
    assert all(teams in t for t in page.locator("#results .teams").all_inner_texts())


def test_a_match_opens_and_the_quick_filter_finds_markets(page):
    page.goto(page.base + "/")
    first = page.locator("#results a.match-link").first
    first.click()
    page.wait_for_url(re.compile(r"/matches/\d+$"))
    assert page.locator("article.market").count() > 3
    page.fill("#market-filter", "o25")
    visible = page.locator("article.market:not(.hidden) h3").all_inner_texts()
    assert visible and all("2.5" in v for v in visible)
    page.fill("#market-filter", "")
    page.locator(".tabs .tab[data-tab='goals']").click()
    cats = page.locator("article.market:not(.hidden)").evaluate_all(
        "els => els.map(e => e.dataset.category)"
    )
    assert cats and set(cats) == {"goals"}


def test_clicking_a_price_opens_its_history_chart(page):
    page.goto(page.base + "/matches/1001")
    page.locator("article.market tr[data-book='betpawa'] button.px").first.click()
    dialog = page.locator("dialog#history")
    dialog.wait_for(state="visible")
    page.wait_for_selector("#history-chart .uplot canvas")
    assert "change" in page.locator("#history-sub").inner_text()
    legend = page.locator("#history-chart .u-legend").inner_text()
    assert "BetPawa" in legend and "SportyBet" in legend
    page.locator(".history .seg .tab[data-view='margin']").click()
    page.wait_for_selector("#history-chart .uplot canvas")
    page.keyboard.press("Escape")


def test_a_scrape_started_from_the_page_shows_progress_to_the_end(page):
    page.goto(page.base + "/runs")
    page.wait_for_function("document.getElementById('live').dataset.state === 'open'")
    page.locator("[data-start-scrape]").first.click()
    page.wait_for_selector("#progress:not(.hidden)")
    page.wait_for_function(
        "document.getElementById('progress-state').textContent === 'partial'", timeout=15000
    )
    assert page.locator("#progress-bar").evaluate("el => el.style.width") == "100%"
    assert "6 / 6" in page.locator("#progress-count").inner_text()
    log = page.locator("#progress-log").inner_text()
    assert "finished: partial" in log and "timeout" in log
    assert page.locator('.pbook[data-book="bet9ja"] [data-k="failed"]').inner_text() == "6"


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
    page.evaluate("localStorage.clear()")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1440, 390])
def test_screenshots_of_every_page(page, scheme: str, width: int):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    page.emulate_media(color_scheme=scheme)
    for name, path in PAGES.items():
        page.goto(page.base + path)
        page.wait_for_load_state("load")
        page.wait_for_timeout(150)
        kind = "laptop" if width > 800 else "phone"
        page.screenshot(path=str(SHOTS / f"{name}-{kind}-{scheme}.png"))
        assert page.locator("header.top").is_visible()
    page.goto(page.base + "/matches/1001")
    page.locator("article.market tr[data-book='betpawa'] button.px").first.click()
    page.wait_for_selector("#history-chart .uplot canvas")
    page.wait_for_timeout(150)
    page.screenshot(
        path=str(SHOTS / f"history-{'laptop' if width > 800 else 'phone'}-{scheme}.png")
    )
