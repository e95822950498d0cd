"""The dashboard: server-rendered pages over the read model, live through the API's stream."""

from oddsdesk.web.routes import dashboard_parts, install_dashboard
from oddsdesk.web.source import DashboardSource

__all__ = ["DashboardSource", "dashboard_parts", "install_dashboard"]
