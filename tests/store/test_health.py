from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from oddsdesk.store import models as m
from oddsdesk.store.health import HealthPolicy, resolve_alert, sample_storage
from tests.store.helpers import T0


def test_growth_and_size_alerts(db) -> None:
    with db.session() as session:
        first = sample_storage(session, now=T0, policy=HealthPolicy(min_bytes=0))
        assert first.previous_bytes is None and first.alerts == ()
        assert first.total_bytes > 0
        # pretend the previous sample was much smaller: abnormal growth
        session.execute(sa.update(m.StorageSampleRow).values(total_bytes=first.total_bytes // 2))
        session.commit()
        grown = sample_storage(
            session, now=T0 + timedelta(hours=1), policy=HealthPolicy(min_bytes=0)
        )
        assert grown.alerts == ("growth_warning",)
        steady = sample_storage(
            session, now=T0 + timedelta(hours=2), policy=HealthPolicy(min_bytes=0)
        )
        assert steady.alerts == ()
        small_db = HealthPolicy(growth_pct=0.0, min_bytes=10**15)
        session.execute(sa.update(m.StorageSampleRow).values(total_bytes=1))
        session.commit()
        assert sample_storage(session, now=T0 + timedelta(hours=3), policy=small_db).alerts == ()

        tiny_limit = HealthPolicy(critical_bytes=1)
        assert sample_storage(session, now=T0 + timedelta(hours=4), policy=tiny_limit).alerts == (
            "size_critical",
        )
        assert (
            sample_storage(session, now=T0 + timedelta(hours=5), policy=tiny_limit).alerts == ()
        )  # once
        critical = session.scalars(
            sa.select(m.StorageAlertRow).where(m.StorageAlertRow.kind == "size_critical")
        ).one()
        assert resolve_alert(session, alert_id=critical.id, now=T0 + timedelta(hours=6))
        assert not resolve_alert(session, alert_id=critical.id)
        assert sample_storage(session, now=T0 + timedelta(hours=7), policy=tiny_limit).alerts == (
            "size_critical",
        )
        sample = session.scalars(
            sa.select(m.StorageSampleRow).order_by(m.StorageSampleRow.id.desc())
        ).first()
        assert sample.tables["books"]["rows"] == 3


def test_samples_and_resolved_alerts_are_kept_bounded(db) -> None:
    policy = HealthPolicy(critical_bytes=1, keep_days=30)
    with db.session() as session:
        sample_storage(session, now=T0, policy=policy)
        alert = session.scalars(sa.select(m.StorageAlertRow)).one()
        resolve_alert(session, alert_id=alert.id, now=T0)
        sample_storage(session, now=T0 + timedelta(days=31), policy=policy)
        assert session.scalar(sa.select(sa.func.count()).select_from(m.StorageSampleRow)) == 1
        kinds = session.scalars(sa.select(m.StorageAlertRow.resolved_at)).all()
    assert kinds == [None]  # the old resolved alert went; the new open one stays
