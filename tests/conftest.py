"""Shared fixtures: the real captures, and a real PostgreSQL for the tests that need one."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from tests.support.pgcluster import ThrowawayPostgres

REPO = Path(__file__).resolve().parents[1]
CAPTURES = Path(os.environ.get("ODDSDESK_CAPTURES", REPO.parent / "shared/reference/captures"))


@pytest.fixture(scope="session")
def captures_dir() -> Path:
    """The real bookmaker captures; a missing folder fails loudly, never skips."""
    if not CAPTURES.is_dir():
        pytest.fail(f"bookmaker captures not found at {CAPTURES} (set ODDSDESK_CAPTURES)")
    return CAPTURES


@pytest.fixture(scope="session")
def load_capture(captures_dir: Path):
    """Read one capture as raw bytes or parsed JSON."""

    def load(name: str, *, raw: bool = False):
        path = captures_dir / name
        if not path.is_file():
            pytest.fail(f"capture {name} not found at {path}")
        data = path.read_bytes()
        return data if raw else orjson.loads(data)

    return load


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL: ODDSDESK_TEST_POSTGRES_URL, or a throwaway cluster on loopback."""
    url = os.environ.get("ODDSDESK_TEST_POSTGRES_URL")
    if url:
        yield url
        return
    cluster = ThrowawayPostgres()
    try:
        yield cluster.start()
    finally:
        cluster.stop()


@pytest.fixture(autouse=True)
def _nothing_frozen() -> Iterator[None]:
    """A runtime freezes the heap it keeps (`oddsdesk.heap`); each test starts with nothing
    frozen, so what one test kept never escapes the collector in the next."""
    yield
    gc.unfreeze()
