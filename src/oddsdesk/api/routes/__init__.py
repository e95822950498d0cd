"""One router per resource, gathered here in the order the API documentation lists them."""

from __future__ import annotations

from oddsdesk.api.routes import (
    coverage,
    events,
    filters,
    health,
    metrics,
    runs,
    scheduler,
    scrape,
    settings,
    stream,
)

ROUTERS = (
    events.router,
    coverage.router,
    filters.router,
    scrape.router,
    runs.router,
    stream.router,
    scheduler.router,
    settings.router,
    health.router,
    metrics.router,
)
