"""Shared fixtures: small seeded worlds at a fixed moment, and an in-process client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest

from oddsdesk.simulator.app import SimulatorApp, create_app
from oddsdesk.simulator.config import SimConfig
from oddsdesk.simulator.world import World

START = datetime(2026, 5, 6, 9, 0, tzinfo=UTC)
BRAND = {"x-pawa-brand": "betpawa-nigeria", "accept": "application/json"}
CACHE_VERSION = "1.301.2.225"


def make_world(**overrides: object) -> World:
    values: dict[str, object] = {"seed": 7, "events": 60, "start": START}
    values.update(overrides)
    return World(SimConfig(**values))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def world() -> World:
    return make_world()


@pytest.fixture
def app(world: World) -> SimulatorApp:
    return create_app(world)


@pytest.fixture
async def client(app: SimulatorApp) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://sim"
    ) as c:
        yield c
