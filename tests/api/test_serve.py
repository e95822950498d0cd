"""`oddsdesk serve` as a real process on loopback, over a database another writer fills."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from oddsdesk.domain import Book
from oddsdesk.store.writer import BatchWriter
from tests.api.conftest import NOW, q
from tests.support.odds import event
from tests.support.runtime import API_KEY
from tests.support.server import free_port
from tests.support.stored import Database, Store

REPO = Path(__file__).resolve().parents[2]


def _env(db: Database, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ODDSDESK_")}
    env.update(
        PYTHONPATH=str(REPO / "src") + os.pathsep + env.get("PYTHONPATH", ""),
        ODDSDESK_DATABASE_URL=db.url,
        ODDSDESK_LOG_LEVEL="warning",
        **extra,
    )
    return env


@pytest.fixture
def server(sqlite_db: Database, tmp_path: Path) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "oddsdesk", "serve", "--port", str(port), "--follow-every", "0.5"],
        env=_env(sqlite_db, ODDSDESK_API_KEY=API_KEY),
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()  # reading the output of a live server would wait forever
                output = process.communicate(timeout=15)[0].decode()
                raise AssertionError(f"oddsdesk serve did not start:\n{output}")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()


def test_serve_answers_and_follows_what_another_process_writes(
    sqlite_db: Database, tmp_path: Path, server: str
) -> None:
    with BatchWriter(sqlite_db.engine, tmp_path / "spool") as writer:
        store = Store(writer)
        (event_id,) = store.events([event(1, kickoff=NOW + timedelta(hours=3))], at=NOW).values()
        store.cycle([(event_id, Book.BETPAWA, q("btts_ft", yes=1.8, no=1.9))], at=NOW)

        def btts_yes() -> float | None:
            items = httpx.get(f"{server}/api/events", timeout=5).json()["items"]
            for item in items:
                for row in item["rows"]:
                    for market in row["markets"]:
                        if market["market"] == "btts_ft":
                            return market["prices"][0]["price"]
            return None

        def wait_for(value: float) -> None:
            deadline = time.monotonic() + 60  # a loaded 2-core CI machine
            while btts_yes() != value:
                assert time.monotonic() < deadline, f"the API never showed {value}"
                time.sleep(0.2)

        wait_for(1.8)
        store.cycle(
            [(event_id, Book.BETPAWA, q("btts_ft", yes=1.75, no=1.95))],
            at=NOW + timedelta(seconds=30),
        )
        wait_for(1.75)

    page = httpx.get(f"{server}/", timeout=10)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    refused = httpx.post(f"{server}/api/scrape", headers={"X-API-Key": API_KEY}, timeout=5)
    assert refused.status_code == 503
    assert "oddsdesk run" in refused.json()["detail"]


def test_serve_refuses_to_listen_off_loopback_without_a_key(
    sqlite_db: Database, tmp_path: Path
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "oddsdesk", "serve", "--host", "0.0.0.0"],
        env=_env(sqlite_db),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "api_key is required when api_host is not a loopback address" in result.stderr
