"""One fetched event, all its books: map each answer (unless it was mapped on arrival) and diff
it against the known state.

Pure apart from reading the state: the cycle hands the result to the writer and only then
applies it to the state. Per book, the outcome is one of
* "ok": the book answered; its markets were mapped and diffed (unchanged prices are confirmed);
* "not_found": the book no longer has the event; its markets become unavailable;
* another error kind (timeout, server_error, bad_payload, mapping, …): nothing is known, so
  nothing changes — an unreachable book is not a book that withdrew its prices.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from oddsdesk.domain import Book, MappedEvent
from oddsdesk.errors import NotFound
from oddsdesk.pipeline.changes import ChangeSet, CurrentState, detect_changes
from oddsdesk.pipeline.fetch import BookFetch, MapEvent, map_answer


@dataclass(frozen=True, slots=True)
class BookStatus:
    """What happened to one book of one event in this run (the per-event status record)."""

    event_id: int
    book: Book
    outcome: str
    seconds: float
    quotes: int = 0
    unmapped: int = 0
    changed: int = 0
    error: str | None = None


@dataclass(slots=True)
class Processed:
    event_id: int
    statuses: list[BookStatus] = field(default_factory=list)
    change_sets: list[ChangeSet] = field(default_factory=list)
    mapped: dict[Book, MappedEvent] = field(default_factory=dict)
    rejected: int = 0

    @property
    def changed(self) -> int:
        return sum(len(cs.changes) for cs in self.change_sets)

    @property
    def outcomes(self) -> dict[str, str]:
        return {status.book.value: status.outcome for status in self.statuses}

    @property
    def ok_books(self) -> int:
        return sum(status.outcome == "ok" for status in self.statuses)


def process_event(
    event_id: int,
    results: Mapping[Book, BookFetch],
    *,
    state: CurrentState,
    now: datetime,
    map_event: MapEvent,
) -> Processed:
    out = Processed(event_id)
    for book, result in results.items():
        if result.error is None:
            mapped, failed = result.mapped, result.mapping_error
            if result.event is not None:  # not mapped on arrival
                mapped, failed = map_answer(map_event, result.event)
            if mapped is None:
                out.statuses.append(
                    BookStatus(event_id, book, "mapping", result.seconds, error=_text(failed))
                )
                continue
            change_set = detect_changes(
                state, event_id=event_id, book=book, quotes=mapped.quotes, now=now
            )
            out.mapped[book] = mapped
            out.change_sets.append(change_set)
            out.rejected += len(change_set.rejected)
            out.statuses.append(
                BookStatus(
                    event_id,
                    book,
                    "ok",
                    result.seconds,
                    quotes=len(mapped.quotes),
                    unmapped=sum(u.count for u in mapped.unmapped),
                    changed=len(change_set.changes),
                )
            )
        elif isinstance(result.error, NotFound):
            change_set = withdrawn(state, event_id, book, now)
            out.change_sets.append(change_set)
            out.statuses.append(
                BookStatus(
                    event_id,
                    book,
                    "not_found",
                    result.seconds,
                    changed=len(change_set.changes),
                    error=_text(result.error),
                )
            )
        else:
            out.statuses.append(
                BookStatus(
                    event_id, book, result.outcome, result.seconds, error=_text(result.error)
                )
            )
    return out


def withdrawn(state: CurrentState, event_id: int, book: Book, now: datetime) -> ChangeSet:
    """A book no longer offers the event: every market it still had becomes unavailable."""
    return detect_changes(state, event_id=event_id, book=book, quotes=(), now=now)


def _text(error: BaseException | None) -> str:
    if error is None:
        return ""
    text = str(error) or type(error).__name__
    return text if len(text) <= 500 else text[:497] + "..."
