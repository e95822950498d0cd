"""Health: is the database reachable, is the view populated, is the scraper keeping up.

Answers 200 while the API can serve (status ok or degraded) and 503 when it cannot (database
down). It never calls a bookmaker: probing them from a health check makes the check slow and
its answer depend on geo-blocking; the last run's per-book outcome says more.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field
from sqlalchemy import text

from oddsdesk import __version__
from oddsdesk.api.deps import ReadAccess, RuntimeDep

router = APIRouter(tags=["health"], dependencies=[ReadAccess])


class DatabaseHealth(BaseModel):
    ok: bool
    latency_ms: float | None
    error: str | None = None


class ViewHealth(BaseModel):
    events: int
    updated_at: datetime | None


class Health(BaseModel):
    status: Literal["ok", "degraded", "down"] = Field(
        description="down: the database is unreachable; degraded: the last scrape run failed."
    )
    version: str
    database: DatabaseHealth
    view: ViewHealth
    problems: list[str]


def _database(runtime: object) -> DatabaseHealth:
    started = time.perf_counter()
    try:
        with runtime.session_factory() as session:  # type: ignore[attr-defined]
            session.execute(text("SELECT 1"))
    except Exception as exc:  # any failure means the same thing here: not reachable
        return DatabaseHealth(ok=False, latency_ms=None, error=f"{type(exc).__name__}: {exc}"[:300])
    return DatabaseHealth(ok=True, latency_ms=round((time.perf_counter() - started) * 1000, 2))


@router.get(
    "/health",
    response_model=Health,
    summary="Health of the database, the view and the scraper",
    responses={503: {"model": Health, "description": "The database is unreachable."}},
)
def get_health(runtime: RuntimeDep, response: Response) -> Health:
    database = _database(runtime)
    snapshot = runtime.view.snapshot
    problems = []
    if not database.ok:
        problems.append(f"database unreachable: {database.error}")
    status: Literal["ok", "degraded", "down"] = "ok" if database.ok else "down"
    if status == "down":
        response.status_code = 503
    return Health(
        status=status,
        version=__version__,
        database=database,
        view=ViewHealth(events=len(snapshot.events), updated_at=snapshot.updated_at),
        problems=problems,
    )
