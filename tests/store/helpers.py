"""Builders for store tests: quotes, events, and cycles run the way the pipeline runs them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta

from oddsdesk.domain import Book, MarketQuote, OutcomePrice
from oddsdesk.pipeline.changes import ChangeSet, CurrentState, apply_changes, detect_changes
from oddsdesk.store.batch import EventRecord, TournamentRef, WriteBatch, event_key

T0 = datetime(2026, 5, 6, 9, 0, tzinfo=UTC)


def outcomes(*pairs: tuple[str, float | None]) -> tuple[OutcomePrice, ...]:
    return tuple(OutcomePrice(name, price, price is not None) for name, price in pairs)


def market(code: str, line: float | None, *prices: float) -> MarketQuote:
    """A quote with outcomes o0, o1, … at the given prices."""
    return MarketQuote(code, line, outcomes(*((f"o{i}", p) for i, p in enumerate(prices))))


def event_records(count: int, *, kickoff: datetime = T0 + timedelta(hours=6)) -> list[EventRecord]:
    return [
        EventRecord(
            key=event_key(sr_id=str(1000 + i)),
            sr_id=str(1000 + i),
            home=f"Home {i}",
            away=f"Away {i}",
            kickoff=kickoff,
            tournament=TournamentRef(Book.BETPAWA, f"t{i % 3}", f"League {i % 3}", "England"),
        )
        for i in range(count)
    ]


def cycle(
    state: CurrentState,
    event_ids: Iterable[int],
    quotes: Callable[[int, Book], list[MarketQuote]],
    now: datetime,
    books: Iterable[Book] = tuple(Book),
) -> WriteBatch:
    """Diff every (event, book) against `state`, apply, and return the batch to submit."""
    change_sets: list[ChangeSet] = []
    for event_id in event_ids:
        for book in books:
            cs = detect_changes(
                state, event_id=event_id, book=book, quotes=quotes(event_id, book), now=now
            )
            apply_changes(state, cs)
            change_sets.append(cs)
    return WriteBatch(changes=tuple(change_sets))
