"""The dashboard: server-rendered pages over the read model, live through the API's stream.

`create_app(runtime, **dashboard_parts(runtime))` serves it at `/` (`oddsdesk serve/run/demo`).
"""

from oddsdesk.web.readmodel_source import ReadModelSource
from oddsdesk.web.routes import dashboard_parts, dashboard_router
from oddsdesk.web.source import DashboardSource

__all__ = ["DashboardSource", "ReadModelSource", "dashboard_parts", "dashboard_router"]
