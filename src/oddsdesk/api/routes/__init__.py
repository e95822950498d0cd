"""One router per resource, gathered here in the order the API documentation lists them."""

from __future__ import annotations

from oddsdesk.api.routes import (
    cleanup,
    coverage,
    events,
    filters,
    health,
    history,
    metrics,
    runs,
    scheduler,
    scrape,
    settings,
    storage,
    stream,
)

ROUTERS = (
    events.router,
    history.router,
    coverage.router,
    filters.router,
    scrape.router,
    runs.router,
    stream.router,
    scheduler.router,
    settings.router,
    cleanup.router,
    storage.router,
    health.router,
    metrics.router,
)
