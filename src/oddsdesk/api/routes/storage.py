"""Storage: table sizes now, samples over time, growth alerts (and resolving them)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query
from pydantic import BaseModel, Field

from oddsdesk.api.deps import ControlAccess, ReadAccess, SessionDep
from oddsdesk.api.errors import AUTH_RESPONSES, ERROR_RESPONSES, NOT_FOUND
from oddsdesk.api.params import MAX_ID
from oddsdesk.store.health import resolve_alert, sample_storage
from oddsdesk.store.models import StorageAlertRow
from oddsdesk.store.ops_queries import storage_alerts, storage_samples
from oddsdesk.store.queries import table_sizes

router = APIRouter(prefix="/api/storage", tags=["storage"], responses=ERROR_RESPONSES)


def human(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


class TableSizeOut(BaseModel):
    table: str
    rows: int = Field(description="Exact, or the planner's estimate for large PostgreSQL tables.")
    bytes: int = Field(description="Table, indexes and every partition.")
    size: str


class StorageSizes(BaseModel):
    measured_at: datetime
    total_bytes: int
    total: str
    tables: list[TableSizeOut]


class SampleOut(BaseModel):
    id: int
    sampled_at: datetime
    total_bytes: int
    tables: dict[str, Any]


class Samples(BaseModel):
    items: list[SampleOut]
    total: int


class AlertOut(BaseModel):
    id: int
    created_at: datetime
    kind: str
    message: str
    current_bytes: int
    previous_bytes: int | None
    growth_pct: float | None
    resolved_at: datetime | None


class Alerts(BaseModel):
    items: list[AlertOut]
    total: int


class SampleTaken(BaseModel):
    sample_id: int
    total_bytes: int
    previous_bytes: int | None
    alerts: list[str]


@router.get("", response_model=StorageSizes, dependencies=[ReadAccess], summary="Table sizes")
def get_storage(session: SessionDep) -> StorageSizes:
    sizes = table_sizes(session)
    total = sum(s.bytes for s in sizes)
    return StorageSizes(
        measured_at=datetime.now(UTC),
        total_bytes=total,
        total=human(total),
        tables=[
            TableSizeOut(table=s.table, rows=s.rows, bytes=s.bytes, size=human(s.bytes))
            for s in sorted(sizes, key=lambda s: -s.bytes)
        ],
    )


@router.get("/samples", response_model=Samples, dependencies=[ReadAccess], summary="Size over time")
def list_storage_samples(
    session: SessionDep, limit: Annotated[int, Query(ge=1, le=365)] = 30
) -> Samples:
    rows, total = storage_samples(session, limit=limit)
    return Samples(
        items=[
            SampleOut(
                id=r.id, sampled_at=r.sampled_at, total_bytes=r.total_bytes, tables=dict(r.tables)
            )
            for r in rows
        ],
        total=total,
    )


@router.post(
    "/samples",
    response_model=SampleTaken,
    dependencies=[ControlAccess],
    responses=AUTH_RESPONSES,
    summary="Take a size sample now (raises growth alerts as the daily job does)",
)
def take_storage_sample(session: SessionDep) -> SampleTaken:
    result = sample_storage(session)
    return SampleTaken(
        sample_id=result.sample_id,
        total_bytes=result.total_bytes,
        previous_bytes=result.previous_bytes,
        alerts=list(result.alerts),
    )


@router.get("/alerts", response_model=Alerts, dependencies=[ReadAccess], summary="Size alerts")
def list_storage_alerts(
    session: SessionDep,
    include_resolved: Annotated[bool, Query(description="Resolved alerts too.")] = False,
) -> Alerts:
    rows, total = storage_alerts(session, include_resolved=include_resolved)
    return Alerts(
        items=[
            AlertOut(
                id=r.id,
                created_at=r.created_at,
                kind=r.kind,
                message=r.message,
                current_bytes=r.current_bytes,
                previous_bytes=r.previous_bytes,
                growth_pct=r.growth_pct,
                resolved_at=r.resolved_at,
            )
            for r in rows
        ],
        total=total,
    )


@router.post(
    "/alerts/{alert_id}/resolve",
    response_model=AlertOut,
    dependencies=[ControlAccess],
    responses={**AUTH_RESPONSES, **NOT_FOUND},
    summary="Mark an alert resolved",
)
def resolve_storage_alert(
    session: SessionDep, alert_id: Annotated[int, Path(ge=1, le=MAX_ID)]
) -> AlertOut:
    if not resolve_alert(session, alert_id=alert_id):
        raise HTTPException(404, f"no open storage alert {alert_id}")
    row = session.get(StorageAlertRow, alert_id)
    assert row is not None
    return AlertOut(
        id=row.id,
        created_at=row.created_at,
        kind=row.kind,
        message=row.message,
        current_bytes=row.current_bytes,
        previous_bytes=row.previous_bytes,
        growth_pct=row.growth_pct,
        resolved_at=row.resolved_at,
    )
