"""Retention: preview exactly what a cleanup would delete, run one (in the background; the
request returns at once), and read past cleanup runs."""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.engine import Engine

from oddsdesk.api.deps import ControlAccess, ReadAccess, RuntimeDep, SessionDep, SettingsDep
from oddsdesk.api.errors import AUTH_RESPONSES, BAD_BODY, ERROR_RESPONSES, ErrorBody
from oddsdesk.logging import get_logger
from oddsdesk.store.ops_queries import cleanup_runs
from oddsdesk.store.retention import apply_retention, preview_retention

log = get_logger(__name__)

router = APIRouter(prefix="/api/cleanup", tags=["cleanup"], responses=ERROR_RESPONSES)

Days = Annotated[int, Field(ge=1, le=365, strict=True)]


class CleanupPreview(BaseModel):
    now: datetime
    cutoff: datetime = Field(description="History changed before this goes.")
    retention_days: int
    counts: dict[str, int] = Field(description="Rows that would be deleted, per table.")
    partitions: list[str] = Field(description="History partitions that would be dropped whole.")
    total: int


class CleanupRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    retention_days: Days | None = Field(
        None, description="Days of history to keep; the setting in force when omitted."
    )


class CleanupStarted(BaseModel):
    retention_days: int
    runs: str = Field(description="Where the run's record appears.")


class CleanupRun(BaseModel):
    id: int
    trigger: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    retention_days: int
    cutoff: datetime
    counts: dict[str, Any]
    error: str | None


class CleanupRuns(BaseModel):
    running: bool = Field(description="A cleanup started here is in progress.")
    items: list[CleanupRun]
    total: int


class CleanupJob:
    """At most one cleanup at a time per process, run on its own thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.running = False

    def start(self, engine: Engine, retention_days: int) -> bool:
        with self._lock:
            if self.running:
                return False
            self.running = True
        threading.Thread(
            target=self._run, args=(engine, retention_days), name="oddsdesk-cleanup", daemon=True
        ).start()
        return True

    def _run(self, engine: Engine, retention_days: int) -> None:
        try:
            apply_retention(engine, retention_days=retention_days, trigger="manual")
        except Exception:  # recorded by apply_retention when it can be; never kills the server
            log.exception("cleanup failed")
        finally:
            with self._lock:
                self.running = False


def _job(request: Request) -> CleanupJob:
    return request.app.state.cleanup_job


def _engine(runtime: Any) -> Engine:
    with runtime.session_factory() as session:
        return session.get_bind()


@router.get(
    "/preview",
    response_model=CleanupPreview,
    dependencies=[ReadAccess],
    summary="What a cleanup would delete now (deletes nothing)",
)
async def preview_cleanup(
    runtime: RuntimeDep,
    settings: SettingsDep,
    retention_days: Annotated[int | None, Query(ge=1, le=365)] = None,
) -> CleanupPreview:
    days = retention_days or settings.history_retention_days
    plan = await run_in_threadpool(preview_retention, _engine(runtime), retention_days=days)
    return CleanupPreview(
        now=plan.now,
        cutoff=plan.cutoff,
        retention_days=days,
        counts=plan.counts,
        partitions=list(plan.partitions),
        total=plan.total,
    )


@router.post(
    "",
    status_code=202,
    response_model=CleanupStarted,
    dependencies=[ControlAccess],
    responses={
        **AUTH_RESPONSES,
        **BAD_BODY,
        409: {"model": ErrorBody, "description": "A cleanup is already running."},
    },
    summary="Run a cleanup now (returns at once; see /api/cleanup/runs)",
)
async def run_cleanup(
    request: Request,
    runtime: RuntimeDep,
    settings: SettingsDep,
    body: CleanupRequest | None = None,
) -> JSONResponse:
    days = (body.retention_days if body else None) or settings.history_retention_days
    if not _job(request).start(_engine(runtime), days):
        return JSONResponse(status_code=409, content={"detail": "a cleanup is already running"})
    started = CleanupStarted(retention_days=days, runs="/api/cleanup/runs")
    return JSONResponse(status_code=202, content=started.model_dump())


@router.get("/runs", response_model=CleanupRuns, dependencies=[ReadAccess], summary="Cleanup runs")
def list_cleanup_runs(
    request: Request, session: SessionDep, limit: Annotated[int, Query(ge=1, le=100)] = 10
) -> CleanupRuns:
    running = _job(request).running  # read first: once it is False, the run's record is final
    rows, total = cleanup_runs(session, limit=limit)
    return CleanupRuns(
        running=running,
        items=[
            CleanupRun(
                id=r.id,
                trigger=r.trigger,
                status=r.status,
                started_at=r.started_at,
                finished_at=r.finished_at,
                retention_days=r.retention_days,
                cutoff=r.cutoff,
                counts=dict(r.counts or {}),
                error=r.error,
            )
            for r in rows
        ],
        total=total,
    )
