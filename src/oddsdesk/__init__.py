"""oddsdesk: competitive odds intelligence for a sportsbook trading team."""

from importlib.metadata import PackageNotFoundError, version

from oddsdesk.domain import (
    Book,
    BookEvent,
    BookMarket,
    BookOutcome,
    EventRef,
    MarketQuote,
    OutcomePrice,
)

try:
    __version__ = version("oddsdesk")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0+source"

__all__ = [
    "Book",
    "BookEvent",
    "BookMarket",
    "BookOutcome",
    "EventRef",
    "MarketQuote",
    "OutcomePrice",
    "__version__",
]
