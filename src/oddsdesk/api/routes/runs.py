"""Scrape runs: the list, one run with its per-book stats, errors and event outcomes, aggregates
over a period, a retry, and a run's live progress (server-sent events until it ends)."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from fastapi.sse import EventSourceResponse, ServerSentEvent
from pydantic import BaseModel, Field

from oddsdesk.api.deps import ControlAccess, ReadAccess, ScraperDep, SessionDep, get_progress
from oddsdesk.api.errors import AUTH_RESPONSES, ERROR_RESPONSES, NOT_FOUND, json_errors
from oddsdesk.api.params import RunId
from oddsdesk.api.routes.scrape import start_run
from oddsdesk.api.schemas import RunConflict, RunStarted
from oddsdesk.store import models as m
from oddsdesk.store import run_queries as q

router = APIRouter(prefix="/api/runs", tags=["runs"], responses=ERROR_RESPONSES)

RunStatus = Literal["running", "succeeded", "failed"]


class RunSummary(BaseModel):
    id: int
    trigger: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    duration_s: float | None
    events_total: int
    events_ok: int
    events_failed: int
    error: str | None
    summary: dict[str, Any] = Field(
        description="What the run recorded: per-book counts (discovered, requested, ok, failed, "
        "errors by kind, timings), phases, matching methods."
    )


class RunPageOut(BaseModel):
    items: list[RunSummary]
    total: int
    limit: int
    offset: int


class RunError(BaseModel):
    occurred_at: datetime
    kind: str
    message: str
    cause: str | None
    book: str | None
    event_id: int | None


class RunDetail(RunSummary):
    live: bool = Field(description="The run is in progress in this process.")
    errors: list[RunError] = Field(description="The first 200 errors, oldest first.")
    errors_total: int
    event_outcomes: dict[str, int] = Field(description="Events per final status.")


class RunEventOut(BaseModel):
    event_id: int
    status: str
    books: dict[str, str] = Field(description="Per book: ok, an error kind, or absent.")
    markets: int
    duration_ms: int
    error: str | None


class RunEventPage(BaseModel):
    items: list[RunEventOut]
    total: int


class DailyRunsOut(BaseModel):
    date: str
    runs: int
    succeeded: int
    failed: int
    avg_duration_s: float | None
    events: int


class BookPeriod(BaseModel):
    book: str
    runs: int
    requested: int
    ok: int
    failed: int
    success_rate_pct: float | None


class RunAnalytics(BaseModel):
    period_start: datetime
    period_end: datetime
    total_runs: int
    runs_24h: int
    avg_duration_s: float | None = Field(description="Mean duration of the period's runs.")
    daily: list[DailyRunsOut]
    books: list[BookPeriod] = Field(description="Per book over the period's latest 200 runs.")
    event_outcomes: dict[str, int]


def _summary(row: m.ScrapeRunRow) -> dict[str, Any]:
    return dict(row.books or {})


def run_summary(row: m.ScrapeRunRow) -> RunSummary:
    duration = (row.finished_at - row.started_at).total_seconds() if row.finished_at else None
    return RunSummary(
        id=row.id,
        trigger=row.trigger,
        status=row.status,
        started_at=row.started_at,
        finished_at=row.finished_at,
        duration_s=None if duration is None else round(duration, 3),
        events_total=row.events_total,
        events_ok=row.events_ok,
        events_failed=row.events_failed,
        error=row.error,
        summary=_summary(row),
    )


def _running_id(request: Request) -> int | None:
    scraper = getattr(request.app.state.runtime, "scraper", None)
    running = scraper.running if scraper is not None else None
    return running.run_id if running is not None else None


@router.get("", response_model=RunPageOut, dependencies=[ReadAccess], summary="Scrape runs")
def list_runs(
    session: SessionDep,
    status: Annotated[RunStatus | None, Query(description="Only runs in this state.")] = None,
    trigger: Annotated[
        Literal["scheduled", "manual", "event"] | None, Query(description="Only these runs.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> RunPageOut:
    page = q.runs_page(session, limit=limit, offset=offset, status=status, trigger=trigger)
    return RunPageOut(
        items=[run_summary(r) for r in page.runs], total=page.total, limit=limit, offset=offset
    )


@router.get(
    "/analytics",
    response_model=RunAnalytics,
    dependencies=[ReadAccess],
    summary="Runs per day and per book over a period",
)
def get_run_analytics(
    session: SessionDep, days: Annotated[int, Query(ge=1, le=30)] = 14
) -> RunAnalytics:
    end = datetime.now(UTC)
    start = end - timedelta(days=days)
    recent = q.runs_page(session, limit=200, since=start).runs
    books: dict[str, BookPeriod] = {}
    for row in recent:
        for book, stats in (_summary(row).get("books") or {}).items():
            if not isinstance(stats, dict):
                continue
            entry = books.setdefault(
                book,
                BookPeriod(book=book, runs=0, requested=0, ok=0, failed=0, success_rate_pct=None),
            )
            entry.runs += 1
            entry.requested += int(stats.get("requested") or 0)
            entry.ok += int(stats.get("ok") or 0)
            entry.failed += int(stats.get("failed") or 0)
    for entry in books.values():
        tried = entry.ok + entry.failed
        entry.success_rate_pct = round(entry.ok / tried * 100, 2) if tried else None
    daily = q.daily_runs(session, since=start)
    timed = [(d.avg_seconds, d.finished) for d in daily if d.avg_seconds is not None]
    weight = sum(runs for _, runs in timed)
    return RunAnalytics(
        period_start=start,
        period_end=end,
        total_runs=q.runs_page(session, limit=1).total,
        runs_24h=q.runs_page(session, limit=1, since=end - timedelta(hours=24)).total,
        avg_duration_s=(
            round(sum(avg * runs for avg, runs in timed) / weight, 3) if weight else None
        ),
        daily=[
            DailyRunsOut(
                date=d.day,
                runs=d.runs,
                succeeded=d.succeeded,
                failed=d.failed,
                avg_duration_s=d.avg_seconds,
                events=d.events,
            )
            for d in daily
        ],
        books=sorted(books.values(), key=lambda b: b.book),
        event_outcomes=q.event_status_counts(session, since_run_id=int(start.timestamp() * 1000)),
    )


def existing_run(session: SessionDep, run_id: RunId) -> m.ScrapeRunRow:
    row = q.run_by_id(session, run_id=run_id)
    if row is None:
        raise HTTPException(404, f"run {run_id} does not exist")
    return row


ExistingRun = Annotated[m.ScrapeRunRow, Depends(existing_run)]


@router.get(
    "/{run_id}",
    response_model=RunDetail,
    dependencies=[ReadAccess],
    responses=NOT_FOUND,
    summary="One run: per-book stats, errors, event outcomes",
)
def get_run(request: Request, session: SessionDep, run: ExistingRun) -> RunDetail:
    return RunDetail(
        **run_summary(run).model_dump(),
        live=_running_id(request) == run.id,
        errors=[
            RunError(
                occurred_at=e.occurred_at,
                kind=e.kind,
                message=e.message,
                cause=e.cause,
                book=e.book,
                event_id=e.event_id,
            )
            for e in q.run_errors(session, run_id=run.id)
        ],
        errors_total=q.run_error_count(session, run_id=run.id),
        event_outcomes=q.event_status_counts(session, run_id=run.id),
    )


@router.get(
    "/{run_id}/events",
    response_model=RunEventPage,
    dependencies=[ReadAccess],
    responses=NOT_FOUND,
    summary="How each event fared in one run",
)
def list_run_events(
    session: SessionDep,
    run: ExistingRun,
    status: Annotated[str | None, Query(max_length=32)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> RunEventPage:
    page = q.run_events(session, run_id=run.id, status=status, limit=limit, offset=offset)
    return RunEventPage(
        items=[
            RunEventOut(
                event_id=r.event_id,
                status=r.status,
                books={str(k): str(v) for k, v in (r.books or {}).items()},
                markets=r.markets,
                duration_ms=r.duration_ms,
                error=r.error,
            )
            for r in page.rows
        ],
        total=page.total,
    )


@router.post(
    "/{run_id}/retry",
    status_code=202,
    response_model=RunStarted,
    dependencies=[ControlAccess],
    responses={
        **NOT_FOUND,
        **AUTH_RESPONSES,
        409: {"model": RunConflict, "description": "A run is in progress."},
        503: {"description": "No scraper runs in this process."},
    },
    summary="Run again what a run covered: a new cycle, or the same match for a refresh",
)
async def retry_run(scraper: ScraperDep, run: ExistingRun) -> JSONResponse:
    if run.trigger != "event":
        return await start_run(scraper, "manual")
    sr_id = _summary(run).get("sr_id")
    if not sr_id:
        raise HTTPException(
            422, f"run {run.id} refreshed a match it did not record; refresh it by id"
        )
    return await start_run(scraper, "event", str(sr_id))


class StreamSource:
    """Where a run's events come from: the bus while it runs here, else its stored record."""

    def __init__(self, subscription: Any, record: RunSummary | None) -> None:
        self.subscription = subscription
        self.record = record


def stream_source(request: Request, session: SessionDep, run_id: RunId) -> StreamSource:
    bus = get_progress(request)
    subscription = bus.subscribe() if bus is not None else None  # before looking: miss nothing
    if subscription is not None and _running_id(request) == run_id:
        return StreamSource(subscription, None)
    row = q.run_by_id(session, run_id=run_id)
    if subscription is not None:
        subscription.close()
    if row is None:
        raise HTTPException(404, f"run {run_id} does not exist")
    return StreamSource(None, run_summary(row))


@router.get(
    "/{run_id}/stream",
    response_class=EventSourceResponse,
    dependencies=[ReadAccess],
    responses=json_errors(404, 422),
    summary="A run's progress as server-sent events, ending with its run_finished",
)
async def stream_run(
    run_id: RunId, source: Annotated[StreamSource, Depends(stream_source)]
) -> AsyncIterator[ServerSentEvent]:
    counter = itertools.count(1)
    if source.record is not None:  # not running here: say how it stands, and end
        kind = "run_state" if source.record.status == "running" else "run_finished"
        yield ServerSentEvent(
            event=kind, raw_data=source.record.model_dump_json(), id=str(next(counter))
        )
        return
    subscription = source.subscription
    try:
        async for event in subscription:
            if event.run_id != run_id:
                continue
            data = event.to_dict()
            yield ServerSentEvent(
                event=data["type"], raw_data=orjson.dumps(data).decode(), id=str(next(counter))
            )
            if data["type"] == "run_finished":
                return
    finally:
        subscription.close()
