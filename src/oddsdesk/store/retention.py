"""Retention: history older than N days goes, and so does what belongs only to finished events.

Applied in small transactions so the writer is never blocked for long. On PostgreSQL a day
partition wholly older than the cutoff is dropped at once (no dead rows, no VACUUM); what remains
(the partition the cutoff falls in, the DEFAULT one, SQLite) is deleted in batches.

What goes, for `cutoff = now − retention_days`:

* history rows changed before the cutoff;
* current prices and confirmations of events finished, or kicked off more than
  `FINISHED_AFTER` ago (pawaRisk never cleaned them);
* links, and the events themselves, that kicked off a day before the cutoff (a day after their
  history, so no history row outlives its event); tournaments no longer referenced;
* runs, their per-event statuses, errors and the write ledger older than the cutoff; cleanup
  runs older than 90 days.

`preview_retention` counts exactly what `apply_retention` then deletes at the same `now`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from time import monotonic
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection
from sqlalchemy.engine import Engine

from oddsdesk.errors import StoreError
from oddsdesk.logging import get_logger
from oddsdesk.store import models as m
from oddsdesk.store.db import store_errors
from oddsdesk.store.migrate import ensure_partitions

log = get_logger(__name__)

FINISHED_AFTER = timedelta(hours=6)
EVENT_GRACE = timedelta(days=1)
CLEANUP_RUNS_KEPT = timedelta(days=90)
BATCH_SIZE = 5000

_PARTITION = re.compile(r"^market_odds_history_p(\d{8})$")
_FINISHED = "(SELECT id FROM events WHERE status = 'finished' OR kickoff < :finished_before)"
_OLD_EVENTS = "(SELECT id FROM events WHERE kickoff < :events_before)"
_KEPT_TOURNAMENTS = (
    "(SELECT tournament_id FROM events WHERE kickoff >= :events_before "
    "AND tournament_id IS NOT NULL UNION SELECT l.tournament_id FROM event_links l "
    "JOIN events e ON e.id = l.event_id WHERE e.kickoff >= :events_before "
    "AND l.tournament_id IS NOT NULL)"
)
TARGETS: tuple[tuple[str, str], ...] = (
    ("market_odds_current", f"event_id IN {_FINISHED}"),
    ("odds_confirmations", f"event_id IN {_FINISHED}"),
    ("event_links", f"event_id IN {_OLD_EVENTS}"),
    ("events", "kickoff < :events_before"),
    ("tournaments", f"id NOT IN {_KEPT_TOURNAMENTS}"),
    ("event_scrape_status", "run_id IN (SELECT id FROM scrape_runs WHERE started_at < :cutoff)"),
    ("scrape_runs", "started_at < :cutoff"),
    ("scrape_errors", "occurred_at < :cutoff"),
    ("write_batches", "written_at < :cutoff"),
    ("cleanup_runs", "started_at < :cleanup_before AND status <> 'running'"),
)
"""(table, condition) in deletion order: children before the rows they reference."""


@dataclass(frozen=True, slots=True)
class RetentionPlan:
    """What a retention run at `now` deletes: rows per table, and the partitions dropped whole."""

    now: datetime
    cutoff: datetime
    counts: dict[str, int]
    partitions: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True, slots=True)
class CleanupReport:
    run_id: int
    status: str
    counts: dict[str, int] = field(default_factory=dict)
    partitions: tuple[str, ...] = ()
    error: str | None = None


def _params(now: datetime, retention_days: int) -> dict[str, datetime]:
    cutoff = now - timedelta(days=retention_days)
    return {
        "cutoff": cutoff,
        "finished_before": now - FINISHED_AFTER,
        "events_before": cutoff - EVENT_GRACE,
        "cleanup_before": now - CLEANUP_RUNS_KEPT,
    }


def _text(sql: str) -> sa.TextClause:
    clause = sa.text(sql)
    for name in ("cutoff", "finished_before", "events_before", "cleanup_before"):
        if f":{name}" in sql:
            clause = clause.bindparams(sa.bindparam(name, type_=m.UTCDateTime()))
    return clause


def _history_tables(conn: Connection, cutoff: datetime) -> tuple[list[str], list[str]]:
    """(partitions to drop, tables to delete old rows from)."""
    if conn.dialect.name != "postgresql":
        return [], ["market_odds_history"]
    names = conn.execute(
        sa.text(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = 'market_odds_history'::regclass ORDER BY c.relname"
        )
    ).scalars()
    drop, trim = [], []
    for name in names:
        match = _PARTITION.match(name)
        if match is None:
            trim.append(name)  # the DEFAULT partition, or one made by hand
            continue
        day = date(int(match[1][:4]), int(match[1][4:6]), int(match[1][6:]))
        end = datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(days=1)
        if end <= cutoff:
            drop.append(name)
        elif end - timedelta(days=1) < cutoff:
            trim.append(name)
    return drop, trim


def _count(conn: Connection, table: str, where: str, params: dict[str, Any]) -> int:
    return int(
        conn.execute(_text(f"SELECT count(*) FROM {table} WHERE {where}"), params).scalar_one()
    )


def preview_retention(
    engine: Engine, *, retention_days: int, now: datetime | None = None
) -> RetentionPlan:
    """Count what `apply_retention` would delete, deleting nothing."""
    now = now or datetime.now(UTC)
    params = _params(now, retention_days)
    counts: dict[str, int] = {}
    with store_errors("preview retention"), engine.connect() as conn:
        drop, trim = _history_tables(conn, params["cutoff"])
        history = sum(_count(conn, name, "true", {}) for name in drop)
        history += sum(_count(conn, name, "changed_at < :cutoff", params) for name in trim)
        counts["market_odds_history"] = history
        for table, where in TARGETS:
            counts[table] = _count(conn, table, where, params)
    return RetentionPlan(now, params["cutoff"], counts, tuple(drop))


def _delete_batched(
    engine: Engine, table: str, where: str, params: dict[str, Any], batch_size: int
) -> int:
    if engine.dialect.name == "postgresql":
        sql = (
            f"DELETE FROM {table} WHERE ctid = ANY(ARRAY("
            f"SELECT ctid FROM {table} WHERE {where} LIMIT :batch))"
        )
    else:
        sql = f"DELETE FROM {table} WHERE rowid IN (SELECT rowid FROM {table} WHERE {where} LIMIT :batch)"
    statement = _text(sql)
    total = 0
    while True:
        with engine.begin() as conn:
            deleted = conn.execute(statement, {**params, "batch": batch_size}).rowcount
        total += deleted
        if deleted < batch_size:
            return total


def _drop_partition(engine: Engine, name: str) -> int:
    with engine.begin() as conn:
        rows = _count(conn, name, "true", {})
        conn.execute(sa.text(f'DROP TABLE "{name}"'))
    return rows


def apply_retention(
    engine: Engine,
    *,
    retention_days: int,
    now: datetime | None = None,
    trigger: str = "scheduled",
    batch_size: int = BATCH_SIZE,
) -> CleanupReport:
    """Delete what `preview_retention` counts and record the run in `cleanup_runs`.

    Also creates the history partitions ahead (this is the daily maintenance job). A database
    failure along the way is recorded on the run (status "failed", with its cause), not raised;
    `StoreError` is raised only when the run cannot be recorded at all.
    """
    now = now or datetime.now(UTC)
    params = _params(now, retention_days)
    started = monotonic()
    table = m.CleanupRunRow.__table__
    with store_errors("record cleanup run"), engine.begin() as conn:
        run_id = conn.execute(
            sa.insert(table)
            .values(
                trigger=trigger,
                status="running",
                started_at=now,
                retention_days=retention_days,
                cutoff=params["cutoff"],
                counts={},
            )
            .returning(table.c.id)
        ).scalar_one()
    counts: dict[str, int] = {}
    dropped: list[str] = []
    status, error = "completed", None
    try:
        with store_errors("apply retention"):
            ensure_partitions(engine, today=now.date())
            with engine.connect() as conn:
                drop, trim = _history_tables(conn, params["cutoff"])
            history = 0
            for name in drop:
                history += _drop_partition(engine, name)
                dropped.append(name)
            for name in trim:
                history += _delete_batched(engine, name, "changed_at < :cutoff", params, batch_size)
            counts["market_odds_history"] = history
            for target, where in TARGETS:
                counts[target] = _delete_batched(engine, target, where, params, batch_size)
    except StoreError as exc:
        status, error = "failed", str(exc)
        log.error("retention failed", error=error, counts=counts)
    with store_errors("record cleanup run"), engine.begin() as conn:
        conn.execute(
            sa.update(table)
            .where(table.c.id == run_id)
            .values(
                status=status,
                finished_at=now + timedelta(seconds=monotonic() - started),
                counts={**counts, "partitions_dropped": len(dropped)},
                error=error,
            )
        )
    log.info("retention applied", status=status, deleted=sum(counts.values()), partitions=dropped)
    return CleanupReport(run_id, status, counts, tuple(dropped), error)
