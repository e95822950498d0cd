"""Live streams (server-sent events): one run's progress to its end, and a general stream of
progress and odds changes for dashboards.

Odds changes come from the view (after a batch is in it), not from the progress bus, so a client
that refetches on `odds_changed` always sees the new prices. A client that reads too slowly loses
its oldest events (counted in a `dropped` event) rather than slowing the scraper.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Query, Request
from fastapi.sse import EventSourceResponse, ServerSentEvent

from oddsdesk.api.deps import ProgressDep, ReadAccess, ViewDep
from oddsdesk.api.errors import json_errors

router = APIRouter(
    prefix="/api", tags=["stream"], dependencies=[ReadAccess], responses=json_errors(422)
)

QUEUE = 1000


def _event(kind: str, data: dict[str, Any], counter: itertools.count) -> ServerSentEvent:
    return ServerSentEvent(raw_data=orjson.dumps(data).decode(), event=kind, id=str(next(counter)))


def _progress_dict(event: Any) -> dict[str, Any]:
    return event.to_dict() if hasattr(event, "to_dict") else dict(event)


class _Merged:
    """One client's queue, fed by the progress bus (on the loop) and the view (any thread)."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self.queue: asyncio.Queue[tuple[str, dict[str, Any]]] = asyncio.Queue(QUEUE)
        self.dropped = 0

    def put(self, kind: str, data: dict[str, Any]) -> None:
        try:
            self.queue.put_nowait((kind, data))
        except asyncio.QueueFull:
            self.dropped += 1

    def from_thread(self, kind: str, data: dict[str, Any]) -> None:
        self._loop.call_soon_threadsafe(self.put, kind, data)


@router.get(
    "/stream",
    response_class=EventSourceResponse,
    summary="Live stream: run progress and odds changes (server-sent events)",
)
async def stream_events(
    request: Request,
    view: ViewDep,
    bus: ProgressDep,
    topic: Annotated[
        list[Literal["progress", "odds"]],
        Query(
            max_length=2,
            description="progress (scrape run events), odds (ids of events whose odds changed). "
            "Default: both.",
        ),
    ] = [],  # noqa: B006 - FastAPI copies defaults per request
) -> AsyncIterator[ServerSentEvent]:
    topics = set(topic) or {"progress", "odds"}
    merged = _Merged(asyncio.get_running_loop())
    counter = itertools.count(1)
    remove = None
    pump = None
    if "odds" in topics:

        def on_change(ids: frozenset[int]) -> None:
            merged.from_thread(
                "odds_changed",
                {"event_ids": sorted(ids), "at": datetime.now(UTC).isoformat()},
            )

        remove = view.add_listener(on_change)
    subscription = bus.subscribe() if bus is not None and "progress" in topics else None
    if subscription is not None:

        async def forward() -> None:
            async for event in subscription:
                data = _progress_dict(event)
                if data.get("type") != "odds_changed":
                    merged.put(data.get("type", "progress"), data)

        pump = asyncio.create_task(forward())
    try:
        yield _event("hello", {"topics": sorted(topics)}, counter)
        reported = 0
        while True:
            kind, data = await merged.queue.get()
            if merged.dropped > reported:
                yield _event("dropped", {"count": merged.dropped - reported}, counter)
                reported = merged.dropped
            yield _event(kind, data, counter)
    finally:
        if remove is not None:
            remove()
        if subscription is not None:
            subscription.close()
        if pump is not None:
            pump.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await pump
