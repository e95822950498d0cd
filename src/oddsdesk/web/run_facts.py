"""Stored scrape runs as the pages' facts: per-book figures from the summary the pipeline
recorded, and each book's health as the latest runs left it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from oddsdesk.domain import Book
from oddsdesk.store import models as m
from oddsdesk.web.views import BookHealth, RunBookFact, RunErrorFact, RunFact


def per_book(data: Mapping[str, Any] | None) -> dict[Book, dict[str, Any]]:
    """The per-book part of a run's stored summary (the whole summary, or its `books`)."""
    data = dict(data or {})
    nested = data.get("books")
    if isinstance(nested, dict):
        data = nested
    out = {}
    for name, value in data.items():
        try:
            book = Book(name)
        except ValueError:
            continue
        if isinstance(value, dict):
            out[book] = value
    return out


def _int(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def run_book(book: Book, stats: Mapping[str, Any]) -> RunBookFact:
    errors = {str(k): _int(v) for k, v in (stats.get("errors") or {}).items()}
    problem = stats.get("discovery_error")
    if not problem and errors:
        problem = ", ".join(
            f"{n} {kind}" for kind, n in sorted(errors.items(), key=lambda i: -i[1])
        )
    discovered = stats.get("discovered")
    return RunBookFact(
        book=book,
        discovered=None if discovered is None else _int(discovered),
        requested=_int(stats.get("requested")),
        fetched=_int(stats.get("ok")),
        failed=_int(stats.get("failed")),
        markets=_int(stats.get("quotes")),
        changed=_int(stats.get("changed")),
        discovery_seconds=stats.get("discovery_seconds"),
        avg_fetch_ms=stats.get("avg_fetch_ms"),
        error=problem,
        errors=errors,
    )


def run_fact(
    row: m.ScrapeRunRow,
    *,
    errors: list[m.ScrapeErrorRow] = (),  # type: ignore[assignment]
    error_count: int = 0,
    outcomes: dict[str, int] | None = None,
) -> RunFact:
    books = tuple(run_book(book, stats) for book, stats in per_book(row.books).items() if stats)
    return RunFact(
        run_id=row.id,
        trigger=row.trigger,
        status=row.status,
        started_at=row.started_at,
        finished_at=row.finished_at,
        events=row.events_total,
        failed=row.events_failed,
        changes=sum(b.changed for b in books),
        books=books,
        errors=tuple(
            RunErrorFact(
                at=e.occurred_at,
                kind=e.kind,
                message=e.message,
                book=Book(e.book) if e.book in Book._value2member_map_ else None,
                event=str(e.event_id) if e.event_id is not None else None,
            )
            for e in errors
        ),
        error_count=error_count,
        error=row.error,
        outcomes=dict(outcomes or {}),
    )


def book_health(book: Book, runs: list[m.ScrapeRunRow], enabled: bool) -> BookHealth:
    """A book as the last finished run left it, and when it last answered in a run."""
    if not enabled:
        return BookHealth(book, "disabled", None, message="disabled in settings")
    last_success = None
    for row in runs:
        stats = per_book(row.books).get(book)
        if stats and _int(stats.get("ok")) > 0:
            last_success = row.finished_at or row.started_at
            break
    for row in runs:
        stats = per_book(row.books).get(book)
        if not stats:
            continue
        fact = run_book(book, stats)
        if (fact.discovered is None and fact.error) or (fact.requested and not fact.fetched):
            status = "failed"
        elif fact.failed:
            status = "partial"
        else:
            status = "ok"
        return BookHealth(book, status, last_success, errors=fact.failed, message=fact.error)
    return BookHealth(book, "idle", last_success)
