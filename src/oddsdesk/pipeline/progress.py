"""The progress bus: what a scrape cycle is doing, as a stream of small JSON-ready events.

The cycle publishes without ever waiting: each subscriber (the CLI display, an SSE client of the
API) has its own bounded queue, and a subscriber that falls behind loses its oldest events, which
are counted, rather than slowing the cycle down. Every publish is also a heartbeat: the watchdog
judges a run hung by the time since its last event, never by how long it has been running.

Publish and subscribe from the event loop that owns the bus (the one process loop).
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True, kw_only=True)
class ProgressEvent:
    """Base of every progress event; `type` names it on the wire."""

    type: ClassVar[str] = "event"
    run_id: int
    at: datetime = field(default_factory=_now)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["type"] = self.type
        data["at"] = self.at.isoformat().replace("+00:00", "Z")
        return data


@dataclass(frozen=True, slots=True, kw_only=True)
class RunStarted(ProgressEvent):
    type: ClassVar[str] = "run_started"
    trigger: str
    books: list[str]


@dataclass(frozen=True, slots=True, kw_only=True)
class DiscoveryDone(ProgressEvent):
    """One book's discovery: its event count, or the error that stopped it."""

    type: ClassVar[str] = "discovery"
    book: str
    count: int | None
    seconds: float
    error_kind: str | None = None
    error: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class EventsQueued(ProgressEvent):
    """Discovery merged: how many matches the cycle will fetch, and how they were matched."""

    type: ClassVar[str] = "events_queued"
    total: int
    by_book: dict[str, int]
    by_method: dict[str, int]


@dataclass(frozen=True, slots=True, kw_only=True)
class EventDone(ProgressEvent):
    """Event `index` of `total`, with each book's outcome: "ok", an error kind, or "absent"."""

    type: ClassVar[str] = "event_done"
    index: int
    total: int
    event_id: int | None
    sr_id: str | None
    name: str
    books: dict[str, str]
    changed: int


@dataclass(frozen=True, slots=True, kw_only=True)
class CycleError(ProgressEvent):
    """A failure worth showing on its own line: a book, an event, or the store."""

    type: ClassVar[str] = "error"
    kind: str
    message: str
    book: str | None = None
    event_id: int | None = None
    sr_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class OddsChanged(ProgressEvent):
    """Events whose stored odds changed in a batch just written."""

    type: ClassVar[str] = "odds_changed"
    event_ids: list[int]


@dataclass(frozen=True, slots=True, kw_only=True)
class RunFinished(ProgressEvent):
    """The run's end: status (ok / partial / failed) and the summary recorded with it."""

    type: ClassVar[str] = "run_finished"
    status: str
    seconds: float
    summary: dict[str, Any]
    error: str | None = None


class Subscription:
    """One subscriber's bounded queue; when full, the oldest event goes and `dropped` counts it."""

    def __init__(self, bus: ProgressBus, maxsize: int) -> None:
        self._bus = bus
        self._items: deque[ProgressEvent] = deque(maxlen=maxsize)
        self._ready = asyncio.Event()
        self.dropped = 0
        self.closed = False

    def _put(self, event: ProgressEvent) -> None:
        if len(self._items) == self._items.maxlen:
            self.dropped += 1
        self._items.append(event)
        self._ready.set()

    async def get(self, max_wait: float | None = None) -> ProgressEvent | None:
        """The next event; None when `max_wait` seconds pass first or the subscription is closed."""
        while not self._items:
            if self.closed:
                return None
            self._ready.clear()
            try:
                await asyncio.wait_for(self._ready.wait(), max_wait)
            except TimeoutError:
                return None
        return self._items.popleft()

    def drain(self) -> list[ProgressEvent]:
        items = list(self._items)
        self._items.clear()
        return items

    def close(self) -> None:
        self._bus._subscribers.discard(self)
        self.closed = True
        self._ready.set()

    def __aiter__(self) -> AsyncIterator[ProgressEvent]:
        return self._iterate()

    async def _iterate(self) -> AsyncIterator[ProgressEvent]:
        while (event := await self.get()) is not None:
            yield event

    def __enter__(self) -> Subscription:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class ProgressBus:
    """Fan-out of progress events to subscribers, plus the heartbeat the watchdog reads."""

    def __init__(self) -> None:
        self._subscribers: set[Subscription] = set()
        self.last_event_at = time.monotonic()
        self.last_run_event: dict[int, float] = {}

    def subscribe(self, *, maxsize: int = 1000) -> Subscription:
        sub = Subscription(self, maxsize)
        self._subscribers.add(sub)
        return sub

    def publish(self, event: ProgressEvent) -> None:
        now = time.monotonic()
        self.last_event_at = now
        if isinstance(event, RunFinished):
            self.last_run_event.pop(event.run_id, None)
        else:
            self.last_run_event[event.run_id] = now
        for sub in tuple(self._subscribers):
            sub._put(event)

    def beat(self, run_id: int) -> None:
        """Record activity of a run without an event (e.g. a slow book still answering)."""
        self.last_run_event[run_id] = time.monotonic()

    def idle_seconds(self, run_id: int) -> float | None:
        """Seconds since the run's last event; None for a run the bus has not seen running."""
        last = self.last_run_event.get(run_id)
        return None if last is None else time.monotonic() - last

    @property
    def subscriber_count(self) -> int:
        return len(self._subscribers)
