"""What a run did, counted as it goes: per-book counts, timings, and every failure with its cause.

The summary is plain JSON: it is stored with the run, shown by the CLI and served by the API.
Errors are kept in full up to a cap and counted beyond it, so a book that fails 2,000 times does
not write 2,000 error messages, yet none goes uncounted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from oddsdesk.domain import Book

MAX_ERRORS_KEPT = 200


@dataclass(slots=True)
class BookStats:
    discovered: int | None = None
    discovery_seconds: float = 0.0
    discovery_error: str | None = None
    requested: int = 0
    ok: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    fetch_seconds: float = 0.0
    quotes: int = 0
    unmapped: int = 0
    changed: int = 0
    gone: int = 0

    @property
    def failed(self) -> int:
        return sum(self.errors.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "discovered": self.discovered,
            "discovery_seconds": round(self.discovery_seconds, 3),
            "discovery_error": self.discovery_error,
            "requested": self.requested,
            "ok": self.ok,
            "failed": self.failed,
            "errors": dict(self.errors),
            "avg_fetch_ms": round(1000 * self.fetch_seconds / self.requested, 1)
            if self.requested
            else None,
            "quotes": self.quotes,
            "unmapped": self.unmapped,
            "changed": self.changed,
            "gone": self.gone,
        }


@dataclass(slots=True)
class RunStats:
    books: dict[Book, BookStats]
    targets: int = 0
    events_ok: int = 0
    events_partial: int = 0
    events_failed: int = 0
    history_rows: int = 0
    batches: int = 0
    phases: dict[str, float] = field(default_factory=dict)
    by_method: dict[str, int] = field(default_factory=dict)
    unmatched: dict[str, int] = field(default_factory=dict)
    window: dict[str, int] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)
    errors_not_kept: int = 0

    @classmethod
    def for_books(cls, books: list[Book]) -> RunStats:
        return cls(books={book: BookStats() for book in books})

    @property
    def events_done(self) -> int:
        return self.events_ok + self.events_partial + self.events_failed

    @property
    def failures(self) -> int:
        return len(self.errors) + self.errors_not_kept

    def error(
        self,
        kind: str,
        message: str,
        *,
        book: Book | None = None,
        sr_id: str | None = None,
        event_id: int | None = None,
        book_event_id: str | None = None,
    ) -> dict[str, Any]:
        record = {
            "kind": kind,
            "message": message[:500],
            "book": book.value if book else None,
            "sr_id": sr_id,
            "event_id": event_id,
            "book_event_id": book_event_id,
        }
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(record)
        else:
            self.errors_not_kept += 1
        return record

    def succeeded(self) -> bool:
        """A run succeeds when it stored something; failures are then listed, not fatal."""
        return self.events_ok + self.events_partial > 0 or (
            self.targets == 0 and any(s.discovered is not None for s in self.books.values())
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "targets": self.targets,
            "events_ok": self.events_ok,
            "events_partial": self.events_partial,
            "events_failed": self.events_failed,
            "history_rows": self.history_rows,
            "batches": self.batches,
            "matched_by": dict(self.by_method),
            "unmatched": dict(self.unmatched),
            "phases": {name: round(sec, 3) for name, sec in self.phases.items()},
            "window": dict(self.window),
            "books": {book.value: stats.to_dict() for book, stats in self.books.items()},
            "failures": self.failures,
            "errors": self.errors,
            "errors_not_kept": self.errors_not_kept,
        }
