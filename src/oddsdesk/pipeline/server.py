"""The HTTP server of `oddsdesk run` and `oddsdesk demo`: the API, and the dashboard at `/`."""

from __future__ import annotations

from fastapi import FastAPI

from oddsdesk.api.app import create_app
from oddsdesk.runtime import Runtime
from oddsdesk.web import dashboard_parts


def server_app(runtime: Runtime) -> FastAPI:
    """The API and the dashboard over the runtime; its lifespan starts and stops the runtime
    (scheduler included) on the server's own event loop."""
    return create_app(runtime, **dashboard_parts(runtime))
