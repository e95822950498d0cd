"""What the pipeline remembers between cycles: the last known odds and each event's kickoff.

Warmed from the database at start-up, updated as batches go to the writer, and trimmed every
cycle: an event that kicks off leaves (its last prematch prices stay stored as its closing
prices), so memory holds only upcoming events and stays flat from cycle to cycle.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from oddsdesk.domain import Book
from oddsdesk.pipeline.changes import ChangeSet, CurrentState, apply_changes


class KnownOdds:
    def __init__(self, state: CurrentState | None = None) -> None:
        self.state = state if state is not None else CurrentState()
        self.kickoffs: dict[int, datetime] = {}

    def note_kickoff(self, event_id: int, kickoff: datetime) -> None:
        self.kickoffs[event_id] = kickoff

    def apply(self, change_sets: Iterable[ChangeSet]) -> None:
        for change_set in change_sets:
            apply_changes(self.state, change_set)

    def offered_on(self, book: Book) -> set[int]:
        """Events the state holds a market for on `book` that is still available."""
        state = self.state
        return {
            event_id
            for event_id, pair_book in state.pairs()
            if pair_book is book
            and any(quote.available for quote in state.quotes(event_id, book).values())
        }

    def started(self, now: datetime) -> list[int]:
        """Events that have kicked off (or whose kickoff is unknown to memory)."""
        known = self.kickoffs
        events = {event_id for event_id, _ in self.state.pairs()} | set(known)
        return [e for e in events if e not in known or known[e] <= now]

    def forget(self, event_ids: Iterable[int]) -> int:
        """Drop events from memory; returns the quotes dropped."""
        dropped = 0
        for event_id in set(event_ids):
            dropped += self.state.drop_event(event_id)
            self.kickoffs.pop(event_id, None)
        return dropped
