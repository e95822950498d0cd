"""Health: is the database reachable, is the view populated, is the scraper keeping up, and how
did each book fare lately.

Answers 200 while the API can serve (status ok or degraded) and 503 when it cannot (database
down). It never calls a bookmaker: probing them from a health check makes the check slow and its
answer depend on geo-blocking; the recent runs' per-book outcomes say more.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field
from sqlalchemy import text

from oddsdesk import __version__
from oddsdesk.api.deps import ReadAccess, RuntimeDep
from oddsdesk.domain import Book
from oddsdesk.store.run_queries import runs_page

router = APIRouter(tags=["health"], dependencies=[ReadAccess])

RECENT_RUNS = 20


class DatabaseHealth(BaseModel):
    ok: bool
    latency_ms: float | None
    error: str | None = None


class ViewHealth(BaseModel):
    events: int
    updated_at: datetime | None


class SchedulerHealth(BaseModel):
    paused: bool
    interval_minutes: int
    next_run: datetime | None
    current_run_id: int | None


class LastRun(BaseModel):
    id: int
    trigger: str
    status: str
    started_at: datetime
    finished_at: datetime | None


class BookHealth(BaseModel):
    book: Book
    ok: bool | None = Field(
        description="The book answered in the last finished run; null: unknown."
    )
    last_success_at: datetime | None = Field(
        description="Start of the latest of the recent runs in which the book answered."
    )
    problem: str | None


class Health(BaseModel):
    status: Literal["ok", "degraded", "down"] = Field(
        description="down: the database is unreachable; degraded: the last run failed, a book "
        "did not answer in it, or the scheduler is paused."
    )
    version: str
    database: DatabaseHealth
    view: ViewHealth
    scheduler: SchedulerHealth | None
    last_run: LastRun | None
    books: list[BookHealth]
    problems: list[str]


def _database(runtime: Any) -> tuple[DatabaseHealth, list[Any]]:
    started = time.perf_counter()
    try:
        with runtime.session_factory() as session:
            session.execute(text("SELECT 1"))
            latency = round((time.perf_counter() - started) * 1000, 2)
            recent = runs_page(session, limit=RECENT_RUNS).runs
    except Exception as exc:  # any failure means the same thing here: not reachable
        return DatabaseHealth(
            ok=False, latency_ms=None, error=f"{type(exc).__name__}: {exc}"[:300]
        ), []
    return DatabaseHealth(ok=True, latency_ms=latency), recent


def _book_stats(run: Any) -> dict[str, dict[str, Any]]:
    books = (run.books or {}).get("books") if run is not None else None
    return books if isinstance(books, dict) else {}


def _books(finished: list[Any], enabled: list[Book]) -> list[BookHealth]:
    last = _book_stats(finished[0]) if finished else {}
    result = []
    for book in enabled:
        stats = last.get(book.value)
        ok: bool | None = None
        problem = None
        if stats is not None:
            answered = int(stats.get("ok") or 0) > 0 or (
                stats.get("discovered") is not None and not stats.get("requested")
            )
            ok = answered and not stats.get("discovery_error")
            if not ok:
                errors = stats.get("errors") or {}
                problem = stats.get("discovery_error") or (
                    "no answer: " + ", ".join(f"{k} × {v}" for k, v in sorted(errors.items()))
                    if errors
                    else "no answer"
                )
        success = next(
            (
                run.started_at
                for run in finished
                if int((_book_stats(run).get(book.value) or {}).get("ok") or 0) > 0
            ),
            None,
        )
        result.append(BookHealth(book=book, ok=ok, last_success_at=success, problem=problem))
    return result


@router.get(
    "/health",
    response_model=Health,
    summary="Health of the database, the view, the scheduler and each book",
    responses={503: {"model": Health, "description": "The database is unreachable."}},
)
def get_health(runtime: RuntimeDep, response: Response) -> Health:
    database, recent = _database(runtime)
    snapshot = runtime.view.snapshot
    problems = []
    if not database.ok:
        problems.append(f"database unreachable: {database.error}")
    scheduler = None
    if getattr(runtime, "scheduler", None) is not None:
        raw = runtime.scheduler.status()
        next_run = raw.get("next_run")
        scheduler = SchedulerHealth(
            paused=raw["paused"],
            interval_minutes=raw["interval_minutes"],
            next_run=datetime.fromisoformat(next_run) if isinstance(next_run, str) else next_run,
            current_run_id=raw.get("current_run_id"),
        )
        if scheduler.paused:
            problems.append("the scheduler is paused")
    finished = [run for run in recent if run.status != "running"]
    last = finished[0] if finished else None
    if last is not None and last.status == "failed":
        problems.append(f"the last run ({last.id}) failed: {last.error or 'no cause recorded'}")
    live = getattr(runtime, "live_settings", None)
    enabled = list((live.current if live else runtime.settings).enabled_books)
    books = _books(finished, enabled)
    problems.extend(f"{b.book.label}: {b.problem}" for b in books if b.ok is False)
    status: Literal["ok", "degraded", "down"] = (
        "down" if not database.ok else "degraded" if problems else "ok"
    )
    if status == "down":
        response.status_code = 503
    return Health(
        status=status,
        version=__version__,
        database=database,
        view=ViewHealth(events=len(snapshot.events), updated_at=snapshot.updated_at),
        scheduler=scheduler,
        last_run=(
            LastRun(
                id=last.id,
                trigger=last.trigger,
                status=last.status,
                started_at=last.started_at,
                finished_at=last.finished_at,
            )
            if last is not None
            else None
        ),
        books=books,
        problems=problems,
    )
