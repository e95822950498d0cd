"""The scheduler: its state, pause/resume, and the interval between scheduled scrapes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, HTTPException

from oddsdesk.api.deps import (
    ControlAccess,
    LiveSettingsDep,
    ReadAccess,
    RuntimeDep,
    SchedulerDep,
)
from oddsdesk.api.errors import AUTH_RESPONSES, BAD_BODY, ERROR_RESPONSES
from oddsdesk.api.schemas import IntervalChange, SchedulerJob, SchedulerStatus
from oddsdesk.errors import ConfigError

router = APIRouter(
    prefix="/api/scheduler",
    tags=["scheduler"],
    responses={**ERROR_RESPONSES, 503: {"description": "No scheduler runs in this process."}},
)


def _when(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)


def status_of(scheduler: SchedulerDep) -> SchedulerStatus:
    raw = scheduler.status()
    return SchedulerStatus(
        running=raw["running"],
        paused=raw["paused"],
        interval_minutes=raw["interval_minutes"],
        next_run=_when(raw.get("next_run")),
        current_run_id=raw.get("current_run_id"),
        jobs=[SchedulerJob(id=j["id"], next_run=_when(j.get("next_run"))) for j in raw["jobs"]],
    )


@router.get(
    "", response_model=SchedulerStatus, dependencies=[ReadAccess], summary="Scheduler state"
)
async def get_scheduler(scheduler: SchedulerDep) -> SchedulerStatus:
    return status_of(scheduler)


@router.post(
    "/pause",
    response_model=SchedulerStatus,
    dependencies=[ControlAccess],
    responses=AUTH_RESPONSES,
    summary="Pause scheduled scrapes (a running cycle finishes)",
)
async def pause_scheduler(runtime: RuntimeDep, scheduler: SchedulerDep) -> SchedulerStatus:
    pause = getattr(runtime, "pause", None)  # the runtime's also survives a restart
    if pause is not None:
        await pause()
    else:
        scheduler.pause()
    return status_of(scheduler)


@router.post(
    "/resume",
    response_model=SchedulerStatus,
    dependencies=[ControlAccess],
    responses=AUTH_RESPONSES,
    summary="Resume scheduled scrapes at the next tick",
)
async def resume_scheduler(runtime: RuntimeDep, scheduler: SchedulerDep) -> SchedulerStatus:
    resume = getattr(runtime, "resume", None)
    if resume is not None:
        await resume()
    else:
        scheduler.resume()
    return status_of(scheduler)


@router.put(
    "/interval",
    response_model=SchedulerStatus,
    dependencies=[ControlAccess],
    responses={**AUTH_RESPONSES, **BAD_BODY},
    summary="Change the interval between scheduled scrapes (kept across restarts)",
)
async def set_scheduler_interval(
    scheduler: SchedulerDep, live: LiveSettingsDep, change: IntervalChange
) -> SchedulerStatus:
    try:
        await live.update({"scrape_interval_minutes": change.minutes})
    except ConfigError as exc:
        raise HTTPException(422, str(exc)) from exc
    scheduler.set_interval(change.minutes)
    return status_of(scheduler)
