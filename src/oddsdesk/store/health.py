"""Storage health: periodic samples of rows and bytes per table, and alerts on abnormal growth.

Run by the scheduler (hourly is plenty). An alert is raised when the database grew by more than
`growth_pct` since the previous sample while being at least `min_bytes` (small databases grow
fast in relative terms and that is fine), and when it passes `critical_bytes` (once, until that
alert is resolved). Samples and resolved alerts older than `keep_days` are deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from oddsdesk.logging import get_logger
from oddsdesk.store import models as m
from oddsdesk.store.queries import table_sizes

log = get_logger(__name__)

MB = 1024 * 1024
GB = 1024 * MB


@dataclass(frozen=True, slots=True)
class HealthPolicy:
    growth_pct: float = 20.0
    min_bytes: int = 100 * MB
    critical_bytes: int = 20 * GB
    keep_days: int = 90


@dataclass(frozen=True, slots=True)
class SampleResult:
    sample_id: int
    total_bytes: int
    previous_bytes: int | None
    alerts: tuple[str, ...]


def sample_storage(
    session: Session, *, now: datetime | None = None, policy: HealthPolicy | None = None
) -> SampleResult:
    """Take one sample, raise the alerts it calls for, trim old samples; commits."""
    now = now or datetime.now(UTC)
    policy = policy or HealthPolicy()
    sizes = table_sizes(session)
    total = sum(size.bytes for size in sizes)
    previous = session.scalars(
        sa.select(m.StorageSampleRow).order_by(m.StorageSampleRow.sampled_at.desc()).limit(1)
    ).first()
    sample = m.StorageSampleRow(
        sampled_at=now,
        total_bytes=total,
        tables={size.table: {"rows": size.rows, "bytes": size.bytes} for size in sizes},
    )
    session.add(sample)
    alerts = []
    previous_bytes = previous.total_bytes if previous else None
    if previous_bytes and total >= policy.min_bytes:
        growth = (total - previous_bytes) / previous_bytes * 100
        if growth > policy.growth_pct:
            alerts.append(
                _alert(
                    session,
                    now,
                    "growth_warning",
                    f"database grew {growth:.0f}% since {previous.sampled_at:%Y-%m-%d %H:%M} UTC "
                    f"({_size(previous_bytes)} → {_size(total)})",
                    total,
                    previous_bytes,
                    growth,
                )
            )
    if total >= policy.critical_bytes and not _open_alert(session, "size_critical"):
        alerts.append(
            _alert(
                session,
                now,
                "size_critical",
                f"database is {_size(total)}, over the {_size(policy.critical_bytes)} threshold",
                total,
                previous_bytes,
                None,
            )
        )
    old = now - timedelta(days=policy.keep_days)
    session.execute(sa.delete(m.StorageSampleRow).where(m.StorageSampleRow.sampled_at < old))
    session.execute(
        sa.delete(m.StorageAlertRow).where(
            m.StorageAlertRow.resolved_at.is_not(None), m.StorageAlertRow.created_at < old
        )
    )
    session.commit()
    for kind in alerts:
        log.warning("storage alert", kind=kind, total_bytes=total, previous_bytes=previous_bytes)
    return SampleResult(sample.id, total, previous_bytes, tuple(alerts))


def resolve_alert(session: Session, *, alert_id: int, now: datetime | None = None) -> bool:
    """Mark an alert resolved; False when there is no such open alert. Commits."""
    result = session.execute(
        sa.update(m.StorageAlertRow)
        .where(m.StorageAlertRow.id == alert_id, m.StorageAlertRow.resolved_at.is_(None))
        .values(resolved_at=now or datetime.now(UTC))
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return result.rowcount == 1


def _open_alert(session: Session, kind: str) -> bool:
    return (
        session.scalar(
            sa.select(sa.func.count())
            .select_from(m.StorageAlertRow)
            .where(m.StorageAlertRow.kind == kind, m.StorageAlertRow.resolved_at.is_(None))
        )
        > 0
    )


def _alert(
    session: Session,
    now: datetime,
    kind: str,
    message: str,
    current: int,
    previous: int | None,
    growth: float | None,
) -> str:
    session.add(
        m.StorageAlertRow(
            created_at=now,
            kind=kind,
            message=message,
            current_bytes=current,
            previous_bytes=previous,
            growth_pct=growth,
        )
    )
    return kind


def _size(value: int) -> str:
    return f"{value / GB:.2f} GB" if value >= GB else f"{value / MB:.1f} MB"
