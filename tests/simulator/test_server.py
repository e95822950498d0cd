"""`oddsdesk simulate` as a real server on loopback, as the demo and the benchmarks run it."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from oddsdesk.cli import app as cli_app
from oddsdesk.config import load_settings
from oddsdesk.domain import Book
from oddsdesk.simulator.app import create_app
from tests.simulator.conftest import BRAND, make_world

SRC = Path(__file__).resolve().parents[2] / "src"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, list[str]]]:
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "oddsdesk",
            "simulate",
            "--port",
            str(port),
            "--events",
            "20",
            "--seed",
            "3",
            "--tick-seconds",
            "0.5",
            "--shallow",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{base}/_simulator/status", timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"simulator did not start: {proc.stderr.read() if proc.stderr else ''}"
                    ) from None
                time.sleep(0.2)
        lines = [proc.stdout.readline().strip() for _ in range(4)] if proc.stdout else []
        yield base, lines
    finally:
        proc.terminate()
        proc.communicate(timeout=10)  # waits, and closes the pipes


def test_prints_the_settings_that_point_oddsdesk_at_it(server: tuple[str, list[str]]) -> None:
    base, lines = server
    env = dict(line.split("=", 1) for line in lines)
    settings = load_settings(**{k.removeprefix("ODDSDESK_").lower(): v for k, v in env.items()})
    for book in Book:
        assert settings.base_url(book) == base
    assert settings.enabled_books == list(Book)


def test_serves_all_three_books_over_loopback_and_keeps_time(server: tuple[str, list[str]]) -> None:
    base, _ = server
    with httpx.Client(base_url=base, timeout=5) as client:
        tree = client.get(
            "/api/sportsbook/v4/categories/list/2?includeRegions=true", headers=BRAND
        ).json()
        assert tree["withRegions"][0]["regions"]
        sporty = client.get(
            "/api/ng/factsCenter/popularAndSportList?sportId=sr:sport:1&timeline=&productId=3"
        ).json()
        assert sporty["bizCode"] == 10000
        bet9ja = client.get(
            "/desktop/feapi/PalimpsestAjax/GetSports?DISP=0&v_cache_version=1.301.2.225"
        ).json()
        assert bet9ja["R"] == "OK"
        first = client.get("/_simulator/status").json()["tick"]
        time.sleep(1.3)
        assert client.get("/_simulator/status").json()["tick"] > first


def test_rejects_unknown_books() -> None:
    result = CliRunner().invoke(cli_app, ["simulate", "--books", "betpawa,bet365"])
    assert result.exit_code != 0
    assert "bet365" in result.output


async def test_prewarm_renders_every_listed_detail_then_says_so() -> None:
    """Benchmarks wait for `prewarmed` so that a first cycle measures the scraper; it must
    be false until every listed detail is cached, and true once they all are."""
    world = make_world(events=12, shallow=True)
    app = create_app(world, prewarm=True)
    started = asyncio.Event()
    messages = iter([{"type": "lifespan.startup"}])

    async def receive() -> dict:
        return next(messages, None) or await asyncio.Future()  # then wait for shutdown

    async def send(message: dict) -> None:
        started.set()

    lifespan = asyncio.create_task(app({"type": "lifespan"}, receive, send))
    await started.wait()
    assert app.prewarmed is False  # started: one render per loop turn, 36 to go
    for _ in range(10_000):
        if app.prewarmed:
            break
        await asyncio.sleep(0)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://sim"
    ) as client:
        status = (await client.get("/_simulator/status")).json()
    lifespan.cancel()
    assert status["prewarmed"] is True
    listed = sum(len(list(world.listed(book))) for book in world.config.books)
    betpawa = len(list(world.listed(Book.BETPAWA)))
    assert len(app._details) == listed + betpawa  # BetPawa's v3 and v4 bodies
