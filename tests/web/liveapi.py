"""A stand-in for the API's control and stream endpoints, so the browser tests can drive the
dashboard's live paths (start a scrape, follow its progress, odds-changed refresh) over real SSE.

It speaks the pipeline's progress-event shapes (`oddsdesk.pipeline.progress`); the dashboard
reads nothing else from it. Replaced by the real API app once that serves these endpoints.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import StreamingResponse


class LiveApi:
    def __init__(self, *, events: int = 6, step_s: float = 0.15) -> None:
        self.events = events
        self.step_s = step_s
        self.subscribers: list[asyncio.Queue[dict]] = []
        self.ids = itertools.count(121)
        self.running: int | None = None
        self.router = APIRouter(prefix="/api")
        self.router.add_api_route("/scrape", self.start, methods=["POST"], status_code=202)
        self.router.add_api_route("/stream", self.stream, methods=["GET"])

    def publish(self, event: dict) -> None:
        event.setdefault("at", datetime.now(UTC).isoformat())
        for queue in self.subscribers:
            queue.put_nowait(event)

    async def start(self, request: Request) -> dict:
        if self.running is not None:
            raise HTTPException(409, "a scrape is already running")
        run_id = next(self.ids)
        self.running = run_id
        task = asyncio.get_running_loop().create_task(self._run(run_id))
        request.app.state.tasks = [*getattr(request.app.state, "tasks", []), task]
        return {"run_id": run_id}

    async def _run(self, run_id: int) -> None:
        await asyncio.sleep(0.3)
        self.publish(
            {
                "type": "run_started",
                "run_id": run_id,
                "trigger": "manual",
                "books": ["betpawa", "sportybet", "bet9ja"],
            }
        )
        for book, count in (("betpawa", 5), ("sportybet", 6), ("bet9ja", None)):
            await asyncio.sleep(self.step_s)
            self.publish(
                {
                    "type": "discovery",
                    "run_id": run_id,
                    "book": book,
                    "count": count,
                    "seconds": 0.2,
                    "error": None if count else "HTTP 503",
                }
            )
        self.publish(
            {
                "type": "events_queued",
                "run_id": run_id,
                "total": self.events,
                "by_book": {},
                "by_method": {},
            }
        )
        for index in range(1, self.events + 1):
            await asyncio.sleep(self.step_s)
            self.publish(
                {
                    "type": "event_done",
                    "run_id": run_id,
                    "index": index,
                    "total": self.events,
                    "event_id": 1000 + index,
                    "sr_id": None,
                    "name": f"Match {index}",
                    "books": {"betpawa": "ok", "sportybet": "ok", "bet9ja": "timeout"},
                    "changed": 3,
                }
            )
        self.publish(
            {
                "type": "error",
                "run_id": run_id,
                "kind": "timeout",
                "message": "read timed out",
                "book": "bet9ja",
            }
        )
        self.publish(
            {
                "type": "run_finished",
                "run_id": run_id,
                "status": "partial",
                "seconds": 1.9,
                "summary": {},
            }
        )
        self.running = None

    async def stream(self, request: Request) -> StreamingResponse:
        queue: asyncio.Queue[dict] = asyncio.Queue()
        self.subscribers.append(queue)

        async def body() -> AsyncIterator[bytes]:
            try:
                yield b": connected\n\n"
                while not await request.is_disconnected():
                    try:
                        event = await asyncio.wait_for(queue.get(), timeout=0.5)
                    except TimeoutError:
                        continue
                    yield f"event: {event['type']}\ndata: {json.dumps(event)}\n\n".encode()
            finally:
                self.subscribers.remove(queue)

        return StreamingResponse(
            body(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"}
        )
