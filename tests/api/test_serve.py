"""`oddsdesk serve` as a real process on loopback, over a database another writer fills."""

from __future__ import annotations

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
from tests.support.server import cli_env, serve_process
from tests.support.stored import Database, Store


@pytest.fixture
def server(sqlite_db: Database, tmp_path: Path) -> Iterator[str]:
    with serve_process(
        sqlite_db.url, tmp_path, "--follow-every", "0.5", ODDSDESK_API_KEY=API_KEY
    ) as url:
        yield url


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
        env=cli_env(sqlite_db.url),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "api_key is required when api_host is not a loopback address" in result.stderr
