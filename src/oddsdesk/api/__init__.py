"""The HTTP API: comparisons, history, coverage and control, over the read model."""

from oddsdesk.api.app import create_app

__all__ = ["create_app"]
