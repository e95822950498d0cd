from __future__ import annotations

from typing import Any

import pytest

from oddsdesk.config import load_settings
from oddsdesk.domain import Book
from oddsdesk.errors import ConfigError
from oddsdesk.pipeline.tuning import LiveSettings, apply_overrides, tunables


class Box:
    def __init__(self, stored: dict[str, Any] | None = None) -> None:
        self.stored = stored or {}

    async def load(self) -> dict[str, Any]:
        return dict(self.stored)

    async def save(self, values: dict[str, Any]) -> None:
        self.stored = values


def test_overrides_are_validated_like_start_up_settings() -> None:
    base = load_settings()
    changed = apply_overrides(base, {"scrape_interval_minutes": 10, "enabled_books": ["bet9ja"]})
    assert changed.scrape_interval_minutes == 10 and changed.enabled_books == [Book.BET9JA]
    with pytest.raises(ConfigError, match="SCRAPE_INTERVAL_MINUTES"):
        apply_overrides(base, {"scrape_interval_minutes": 61})
    with pytest.raises(ConfigError, match="at least one book"):
        apply_overrides(base, {"enabled_books": []})
    with pytest.raises(ConfigError, match="database_url"):
        apply_overrides(base, {"database_url": "sqlite:///elsewhere.db"})
    assert tunables(changed)["enabled_books"] == ["bet9ja"]


async def test_changes_persist_notify_and_survive_a_restart() -> None:
    box = Box()
    live = LiveSettings(load_settings(), load=box.load, save=box.save)
    await live.restore()
    heard = []
    live.on_change(lambda old, new: heard.append((old.bet9ja_concurrency, new.bet9ja_concurrency)))
    await live.update({"bet9ja_concurrency": 5})
    with pytest.raises(ConfigError):
        await live.update({"bet9ja_concurrency": 0})
    assert live.current.bet9ja_concurrency == 5
    assert heard == [(15, 5)]
    restarted = LiveSettings(load_settings(), load=box.load, save=box.save)
    assert (await restarted.restore()).bet9ja_concurrency == 5


async def test_an_invalid_stored_value_is_dropped_and_the_rest_kept() -> None:
    box = Box({"scrape_interval_minutes": 500, "sportybet_spacing_ms": 40, "api_port": 1})
    live = LiveSettings(load_settings(), load=box.load, save=box.save)
    current = await live.restore()
    assert current.scrape_interval_minutes == 5 and current.sportybet_spacing_ms == 40
