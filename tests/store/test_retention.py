"""Retention deletes exactly what its preview announced, in batches, and records the run."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from oddsdesk.domain import Book
from oddsdesk.pipeline.changes import CurrentState
from oddsdesk.store import migrate
from oddsdesk.store import models as m
from oddsdesk.store.batch import (
    ErrorRecord,
    EventRecord,
    EventScrape,
    MatchStatus,
    RunRecord,
    TournamentRef,
    WriteBatch,
)
from oddsdesk.store.retention import apply_retention, preview_retention
from tests.store.helpers import cycle, market

DAYS = 14
NOW = datetime.now(UTC).replace(microsecond=0)
CUTOFF = NOW - timedelta(days=DAYS)


def event(key: str, kickoff: datetime, tournament: str, status=MatchStatus.PREMATCH) -> EventRecord:
    return EventRecord(
        f"sr:{key}",
        key,
        f"{key} home",
        f"{key} away",
        kickoff,
        TournamentRef(Book.BETPAWA, tournament, tournament, "England"),
        status,
    )


def populate(db, tmp_path) -> dict[str, int]:
    if db.dialect == "postgresql":  # day partitions for the whole period; older rows go to DEFAULT
        migrate.ensure_partitions(db.engine, today=(NOW - timedelta(days=21)).date(), days_ahead=22)
    with db.writer(tmp_path / "spool") as writer:
        ids = writer.ensure_events(
            [
                event("old", NOW - timedelta(days=20), "t-old"),
                event("mid", NOW - timedelta(days=14, hours=12), "t-mid"),
                event("done", NOW - timedelta(hours=2), "t-now", MatchStatus.FINISHED),
                event("next", NOW + timedelta(hours=5), "t-now"),
            ]
        )
        every = list(ids.values())

        def two(event_id: int, book: Book) -> list:
            return [market("1x2_ft", None, 1.9, 3.3, 4.0), market("over_under_ft", 2.5, 1.8, 2.0)]

        for age in (
            timedelta(days=400),
            timedelta(days=20),
            timedelta(days=15),
            timedelta(days=14, hours=1),
            timedelta(days=13, hours=23),
            timedelta(hours=1),
        ):
            writer.submit(
                cycle(CurrentState(), [ids["sr:next"]], two, NOW - age, books=[Book.SPORTYBET])
            )
        writer.submit(
            cycle(CurrentState(), every, two, NOW - timedelta(days=21), books=[Book.BETPAWA])
        )
        old_run, new_run = 1, 2
        writer.submit(
            WriteBatch(
                runs=(
                    RunRecord(old_run, "scheduled", "completed", NOW - timedelta(days=20)),
                    RunRecord(new_run, "scheduled", "completed", NOW - timedelta(hours=1)),
                ),
                statuses=(
                    EventScrape(old_run, every[0], "ok"),
                    EventScrape(new_run, every[3], "ok"),
                ),
                errors=(
                    ErrorRecord(NOW - timedelta(days=20), "timeout", "old"),
                    ErrorRecord(NOW - timedelta(hours=1), "timeout", "new"),
                ),
            )
        )
        assert writer.flush(30)
    with db.engine.begin() as conn:
        conn.execute(
            sa.insert(m.WrittenBatchRow).values(
                batch_id="ancient", written_at=NOW - timedelta(days=30)
            )
        )
        conn.execute(
            sa.insert(m.CleanupRunRow).values(
                trigger="scheduled",
                status="completed",
                started_at=NOW - timedelta(days=100),
                retention_days=DAYS,
                cutoff=NOW - timedelta(days=114),
                counts={},
            )
        )
    return ids


def snapshot(db) -> dict[str, int]:
    return {table: db.count(table) for table in m.Base.metadata.tables}


def test_retention_deletes_exactly_its_preview(db, tmp_path) -> None:
    ids = populate(db, tmp_path)
    before = snapshot(db)
    plan = preview_retention(db.engine, retention_days=DAYS, now=NOW)
    assert snapshot(db) == before  # a preview deletes nothing

    report = apply_retention(db.engine, retention_days=DAYS, now=NOW, batch_size=3)
    assert report.status == "completed"
    assert report.counts == plan.counts
    assert report.partitions == plan.partitions
    after = snapshot(db)
    after["cleanup_runs"] -= 1  # this run's own record
    assert {t: before[t] - after[t] for t in plan.counts} == plan.counts

    # what had to go went, and only that
    assert (
        plan.counts["market_odds_history"] == 4 * 2 + 4 * 2
    )  # 4 old SportyBet cycles + the betpawa one
    assert db.count("market_odds_history", "changed_at < :c", c=_ts(db, CUTOFF)) == 0
    assert after["market_odds_history"] == 2 * 2
    assert db.count("market_odds_current", "event_id = :e", e=ids["sr:next"]) == 4
    assert after["market_odds_current"] == 4
    assert after["odds_confirmations"] == 2
    assert plan.counts["events"] == 1 and db.count("events", "event_key = 'sr:old'") == 0
    assert plan.counts["tournaments"] == 1 and db.count("tournaments", "external_id = 't-old'") == 0
    assert (
        plan.counts["scrape_runs"],
        plan.counts["event_scrape_status"],
        plan.counts["scrape_errors"],
    ) == (1, 1, 1)
    assert (plan.counts["write_batches"], plan.counts["cleanup_runs"]) == (1, 1)
    if db.dialect == "postgresql":
        assert plan.partitions and all(not _exists(db, name) for name in plan.partitions)
        assert f"market_odds_history_p{(NOW - timedelta(days=20)):%Y%m%d}" in plan.partitions

    with db.session() as session:
        run = session.get(m.CleanupRunRow, report.run_id)
    assert (run.status, run.retention_days, run.cutoff) == ("completed", DAYS, CUTOFF)
    assert run.counts["market_odds_history"] == plan.counts["market_odds_history"]

    again = apply_retention(db.engine, retention_days=DAYS, now=NOW)
    assert sum(again.counts.values()) == 0


def _ts(db, value):
    return (
        value
        if db.dialect == "postgresql"
        else value.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
    )


def _exists(db, name: str) -> bool:
    with db.engine.connect() as conn:
        return conn.execute(sa.text("SELECT to_regclass(:n)"), {"n": name}).scalar() is not None


def test_a_failing_retention_run_is_recorded_with_its_cause(db, monkeypatch) -> None:
    from oddsdesk.store import retention

    monkeypatch.setattr(retention, "TARGETS", (*retention.TARGETS, ("no_such_table", "true")))
    report = apply_retention(db.engine, retention_days=DAYS, now=NOW)
    assert report.status == "failed" and "no_such_table" in report.error
    with db.session() as session:
        run = session.get(m.CleanupRunRow, report.run_id)
    assert (run.status, run.error) == ("failed", report.error)
    assert run.finished_at is not None
