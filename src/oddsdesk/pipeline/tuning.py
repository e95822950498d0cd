"""The settings a running deployment may change: interval, books, per-book limits, retention.

Changes are validated by the same rules as start-up settings, persisted (so a restart keeps them),
and take effect at the next cycle: the runtime reads `current` when a cycle starts and rebuilds
the book clients when their limits changed. pawaRisk saved `enabled_platforms` and never read it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from oddsdesk.config import Settings, load_settings
from oddsdesk.domain import Book
from oddsdesk.errors import ConfigError
from oddsdesk.logging import get_logger

log = get_logger(__name__)

TUNABLE = (
    "scrape_interval_minutes",
    "enabled_books",
    "history_retention_days",
    *(f"{book.value}_{knob}" for book in Book for knob in ("concurrency", "spacing_ms")),
)

Load = Callable[[], Awaitable[dict[str, Any]]]
Save = Callable[[dict[str, Any]], Awaitable[None]]
Listener = Callable[[Settings, Settings], None]


def apply_overrides(base: Settings, overrides: Mapping[str, Any]) -> Settings:
    """`base` with `overrides` applied and validated; unknown or fixed keys are refused."""
    unknown = sorted(set(overrides) - set(TUNABLE))
    if unknown:
        raise ConfigError(
            f"not changeable at run time: {', '.join(unknown)} (changeable: {', '.join(TUNABLE)})"
        )
    values = base.model_dump()
    values.update(overrides)
    if not values["enabled_books"]:
        raise ConfigError("invalid settings:\n  ODDSDESK_ENABLED_BOOKS: at least one book")
    return load_settings(**values)


def tunables(settings: Settings) -> dict[str, Any]:
    """The changeable part of `settings`, as JSON-ready values."""
    data = settings.model_dump(mode="json", include=set(TUNABLE))
    return {key: data[key] for key in TUNABLE}


class LiveSettings:
    """The current settings of this process: start-up settings plus persisted changes."""

    def __init__(self, base: Settings, *, load: Load, save: Save) -> None:
        self._base = base
        self._load = load
        self._save = save
        self._overrides: dict[str, Any] = {}
        self.current = base
        self._listeners: list[Listener] = []

    def on_change(self, listener: Listener) -> None:
        self._listeners.append(listener)

    async def restore(self) -> Settings:
        """Apply the persisted changes at start-up; invalid persisted values are dropped."""
        kept: dict[str, Any] = {}
        for key, value in (await self._load()).items():
            try:
                apply_overrides(self._base, {**kept, key: value})
            except ConfigError as exc:
                log.warning("ignoring a stored setting", setting=key, problem=str(exc))
            else:
                kept[key] = value
        self._overrides = kept
        self.current = apply_overrides(self._base, kept)
        return self.current

    async def update(self, changes: Mapping[str, Any]) -> Settings:
        """Validate, persist, then publish; an invalid change raises ConfigError and changes nothing."""
        overrides = {**self._overrides, **changes}
        updated = apply_overrides(self._base, overrides)
        await self._save(dict(overrides))
        previous, self.current, self._overrides = self.current, updated, overrides
        for listener in self._listeners:
            listener(previous, updated)
        return updated
