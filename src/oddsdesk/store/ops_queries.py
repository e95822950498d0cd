"""Reads for the operations endpoints: cleanup runs, storage samples and storage alerts.
Keyword-only, session first, newest first."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from oddsdesk.store import models as m


def _page(session: Session, query: sa.Select, limit: int) -> tuple[list, int]:
    total = session.execute(sa.select(sa.func.count()).select_from(query.subquery())).scalar_one()
    return list(session.scalars(query.limit(limit))), int(total)


def cleanup_runs(session: Session, *, limit: int = 10) -> tuple[list[m.CleanupRunRow], int]:
    run = m.CleanupRunRow
    return _page(session, sa.select(run).order_by(run.started_at.desc(), run.id.desc()), limit)


def storage_samples(session: Session, *, limit: int = 30) -> tuple[list[m.StorageSampleRow], int]:
    sample = m.StorageSampleRow
    query = sa.select(sample).order_by(sample.sampled_at.desc(), sample.id.desc())
    return _page(session, query, limit)


def storage_alerts(
    session: Session, *, include_resolved: bool = False, limit: int = 100
) -> tuple[list[m.StorageAlertRow], int]:
    alert = m.StorageAlertRow
    query = sa.select(alert).order_by(alert.created_at.desc(), alert.id.desc())
    if not include_resolved:
        query = query.where(alert.resolved_at.is_(None))
    return _page(session, query, limit)
