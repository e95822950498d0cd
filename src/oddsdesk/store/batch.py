"""What the pipeline hands the storage writer: one `WriteBatch` of plain values at a time.

A batch is written in one transaction, in this order: runs, events, links, current prices and
history (from `changes`), confirmations, per-event statuses, errors. It is applied at most once:
its `batch_id` goes into a ledger in the same transaction, so replaying it after an outage is a
no-op. Batches are applied in the order they were submitted.

How the pipeline uses it, per cycle:

1. `RunRecord(status="running")` in the first batch; the same id with the final counts at the end
   (a run is upserted whole each time). `new_run_id()` gives the id without a database.
2. Events need database ids before their quotes can be diffed: known events come from
   `warmup.load_event_ids` at start-up; new ones from `BatchWriter.ensure_events` (synchronous).
   Every cycle's `EventRecord`s (status, kickoff moves) and `LinkRecord`s (last seen) then go in
   batches like everything else.
3. Per event and book: `changes.detect_changes` → `ChangeSet` → into a batch, then
   `changes.apply_changes` on the in-memory state. A `ChangeSet` whose quotes did not change
   still confirms the pair: one row, whatever the number of markets.
4. Batches of ~20–100 events keep transactions short and the ledger small.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import uuid4

from oddsdesk.domain import Book, EventRef
from oddsdesk.pipeline.changes import ChangeSet


class MatchStatus(StrEnum):
    PREMATCH = "prematch"
    LIVE = "live"
    FINISHED = "finished"


class MatchMethod(StrEnum):
    SR_ID = "sr_id"
    GENIUS_ID = "genius_id"
    FALLBACK = "fallback"


def event_key(*, sr_id: str | None, fallback: str | None = None) -> str:
    """The canonical identity of a match: its SportRadar id when any book gives one."""
    if sr_id:
        return f"sr:{sr_id}"
    if fallback:
        return f"fb:{fallback}"
    raise ValueError("an event needs a SportRadar id or a fallback key")


@dataclass(frozen=True, slots=True)
class TournamentRef:
    """A tournament on one book. Without a book id, the country and name stand in for it."""

    book: Book
    external_id: str
    name: str
    country: str | None = None

    @classmethod
    def of(cls, ref: EventRef) -> TournamentRef:
        external = ref.tournament_id or f"name:{ref.country or ''}|{ref.tournament}"
        return cls(ref.book, external, ref.tournament, ref.country)


@dataclass(frozen=True, slots=True)
class EventRecord:
    """A canonical match to create or refresh, keyed by `key` (see `event_key`)."""

    key: str
    sr_id: str | None
    home: str
    away: str
    kickoff: datetime
    tournament: TournamentRef | None = None
    status: MatchStatus = MatchStatus.PREMATCH

    @classmethod
    def of(cls, ref: EventRef, *, fallback: str | None = None) -> EventRecord:
        return cls(
            key=event_key(sr_id=ref.sr_id, fallback=fallback),
            sr_id=ref.sr_id,
            home=ref.home,
            away=ref.away,
            kickoff=ref.kickoff,
            tournament=TournamentRef.of(ref),
            status=MatchStatus.LIVE if ref.live else MatchStatus.PREMATCH,
        )


@dataclass(frozen=True, slots=True)
class LinkRecord:
    """An event as one book lists it. A book event linked elsewhere before is moved here."""

    event_id: int
    book: Book
    book_event_id: str
    home: str
    away: str
    kickoff: datetime
    seen_at: datetime
    method: MatchMethod = MatchMethod.SR_ID
    confidence: float = 1.0
    tournament: TournamentRef | None = None

    @classmethod
    def of(
        cls,
        event_id: int,
        ref: EventRef,
        *,
        seen_at: datetime,
        method: MatchMethod = MatchMethod.SR_ID,
        confidence: float = 1.0,
    ) -> LinkRecord:
        return cls(
            event_id=event_id,
            book=ref.book,
            book_event_id=ref.book_event_id,
            home=ref.home,
            away=ref.away,
            kickoff=ref.kickoff,
            seen_at=seen_at,
            method=method,
            confidence=confidence,
            tournament=TournamentRef.of(ref),
        )


@dataclass(frozen=True, slots=True)
class RunRecord:
    """A scrape run, written whole each time (start, progress, end). `books` is free-form JSON:
    per book its counts, errors and timings."""

    id: int
    trigger: str
    status: str
    started_at: datetime
    finished_at: datetime | None = None
    events_total: int = 0
    events_ok: int = 0
    events_failed: int = 0
    books: Mapping[str, Any] = field(default_factory=dict)
    error: str | None = None


@dataclass(frozen=True, slots=True)
class EventScrape:
    """How one event fared in one run: overall status and, per book, "ok" or the error kind."""

    run_id: int
    event_id: int
    status: str
    books: Mapping[str, str] = field(default_factory=dict)
    markets: int = 0
    duration_ms: int = 0
    error: str | None = None


@dataclass(frozen=True, slots=True)
class ErrorRecord:
    """Anything that went wrong, with its cause, attached to what it concerns."""

    occurred_at: datetime
    kind: str
    message: str
    cause: str | None = None
    run_id: int | None = None
    book: Book | None = None
    event_id: int | None = None


@dataclass(frozen=True, slots=True)
class WriteBatch:
    changes: tuple[ChangeSet, ...] = ()
    events: tuple[EventRecord, ...] = ()
    links: tuple[LinkRecord, ...] = ()
    runs: tuple[RunRecord, ...] = ()
    statuses: tuple[EventScrape, ...] = ()
    errors: tuple[ErrorRecord, ...] = ()
    batch_id: str = field(default_factory=lambda: uuid4().hex)

    @property
    def size(self) -> int:
        """Market lines carried (changed + confirmed), for counters and logs."""
        return sum(len(cs.changes) + len(cs.unchanged) for cs in self.changes)


_run_lock = threading.Lock()
_last_run_id = 0


def new_run_id() -> int:
    """A run id from the clock in milliseconds, strictly increasing within the process."""
    global _last_run_id
    with _run_lock:
        _last_run_id = max(_last_run_id + 1, time.time_ns() // 1_000_000)
        return _last_run_id
