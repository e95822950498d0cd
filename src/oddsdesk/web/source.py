"""What the pages ask of the rest of oddsdesk, as one small interface.

`ReadModelSource` (`readmodel_source.py`) answers it from the read model the API serves (the same
query functions, the same in-memory view) and the store. Control actions (start a scrape,
change settings, cleanup) are not here: the pages call the API's control endpoints, so the API key
and the validation are enforced in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from oddsdesk.domain import Book
from oddsdesk.web.views import (
    CleanupPreview,
    CleanupRunFact,
    CoverageFact,
    EventFact,
    EventPage,
    HistorySeries,
    RunFact,
    SettingsFact,
    StatusFact,
    StorageFact,
    TournamentMargins,
    TournamentOption,
)


class Mode(StrEnum):
    BETPAWA = "betpawa"
    COMPETITOR = "competitor"
    ALERTS = "alerts"


class Sort(StrEnum):
    KICKOFF = "kickoff"
    TOURNAMENT = "tournament"
    GAP = "gap"  # where a competitor beats BetPawa's headline prices by the most
    MARGIN = "margin"  # BetPawa's highest 1X2 overround first


@dataclass(frozen=True, slots=True)
class ListQuery:
    mode: Mode = Mode.BETPAWA
    tournaments: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    kickoff_from: datetime | None = None
    kickoff_to: datetime | None = None
    search: str | None = None
    sort: Sort = Sort.KICKOFF
    page: int = 1
    page_size: int = 50
    books: tuple[Book, ...] = field(default_factory=lambda: tuple(Book))


class DashboardSource(Protocol):
    def status(self) -> StatusFact: ...

    def events(self, query: ListQuery) -> EventPage: ...

    def alert_count(self) -> int: ...

    def tournaments(self, mode: Mode) -> tuple[TournamentOption, ...]: ...

    def countries(self, mode: Mode) -> tuple[str, ...]: ...

    def event(self, event_id: int) -> EventFact | None: ...

    def history(
        self, event_id: int, market: str, line: float | None, books: tuple[Book, ...]
    ) -> tuple[HistorySeries, ...]: ...

    def coverage(self) -> CoverageFact: ...

    def margins(
        self, tournament: str | None = None, market: str = "1x2"
    ) -> tuple[TournamentMargins, ...]: ...

    def runs(self, limit: int, offset: int) -> tuple[tuple[RunFact, ...], int]: ...

    def run(self, run_id: int) -> RunFact | None: ...

    def settings(self) -> SettingsFact: ...

    def storage(self) -> StorageFact: ...

    def cleanup_preview(self, retention_days: int) -> CleanupPreview: ...

    def cleanups(self, limit: int) -> tuple[CleanupRunFact, ...]: ...
