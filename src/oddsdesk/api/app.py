"""The FastAPI application, built around a runtime (settings, database, view, scraper,
scheduler). `oddsdesk serve`, `run` and `demo` build it the same way; the dashboard adds its
pages through `routers` and its assets through `static`."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles

from oddsdesk import __version__
from oddsdesk.api import errors
from oddsdesk.api.metrics import ApiMetrics, RequestMetricsMiddleware
from oddsdesk.api.routes import ROUTERS
from oddsdesk.api.routes.cleanup import CleanupJob
from oddsdesk.logging import get_logger
from oddsdesk.readmodel.precompute import Precomputer

log = get_logger(__name__)

DESCRIPTION = """
Competitive odds intelligence: BetPawa against SportyBet and Bet9ja.

* **Margins** are overrounds: `(Σ 1/odds − 1) × 100`, in percent, over a market's complete
  price set (divided by the number of winners where several outcomes win, e.g. Double Chance).
* **Times** are UTC (ISO 8601); a query datetime without an offset is read as UTC.
* **Access**: control endpoints need the `X-API-Key` header (`ODDSDESK_API_KEY`); reads need it
  only when `ODDSDESK_API_KEY_FOR_READS` is true.
* **Errors** answer `{"detail": "..."}` saying what is wrong (validation adds `errors`).
"""


def operation_id(route: APIRoute) -> str:
    """Stable operation ids: the endpoint function's name, unique across the API."""
    return route.name


def create_app(
    runtime: Any,
    *,
    routers: Sequence[APIRouter] = (),
    static: Mapping[str, Path] | None = None,
    precompute: bool = True,
) -> FastAPI:
    """The API over `runtime`; `routers` and `static` (URL prefix → directory) are mounted too.

    The server's lifespan awaits `runtime.start()` and `runtime.stop()` when the runtime has them,
    so a scheduler or scraper starts on the server's own event loop; then, with `precompute`, a
    background `Precomputer` compares every event's lines before anyone asks.
    """
    metrics = ApiMetrics(runtime)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        start, stop = getattr(runtime, "start", None), getattr(runtime, "stop", None)
        if start is not None:
            await start()
        computer = Precomputer(runtime.view).start() if precompute else None
        watcher = _watch_runs(runtime, metrics)
        try:
            yield
        finally:
            if computer is not None:
                computer.stop()
            if watcher is not None:
                watcher.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await watcher
            if stop is not None:
                await stop()

    app = FastAPI(
        title="oddsdesk",
        version=__version__,
        description=DESCRIPTION,
        generate_unique_id_function=operation_id,
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.runtime = runtime
    app.state.metrics = metrics
    app.state.cleanup_job = CleanupJob()
    errors.install(app)
    app.add_middleware(RequestMetricsMiddleware, metrics=lambda: metrics)
    for router in (*ROUTERS, *routers):
        app.include_router(router)
    for prefix, directory in (static or {}).items():
        name = prefix.strip("/").replace("/", "-") or "static"
        app.mount(prefix, StaticFiles(directory=directory), name=name)
    return app


def _watch_runs(runtime: Any, metrics: ApiMetrics) -> asyncio.Task[None] | None:
    """Feed finished runs from the progress bus into the cycle-duration histogram."""
    bus = getattr(runtime, "progress", None)
    if bus is None:
        return None
    subscription = bus.subscribe()
    triggers: dict[int, str] = {}

    async def watch() -> None:
        try:
            async for event in subscription:
                kind = getattr(event, "type", "")
                if kind == "run_started":
                    triggers[event.run_id] = event.trigger
                elif kind == "run_finished":
                    trigger = triggers.pop(event.run_id, "unknown")
                    metrics.observe_run(event.status, trigger, event.seconds)
        finally:
            subscription.close()

    return asyncio.create_task(watch(), name="api-run-metrics")
