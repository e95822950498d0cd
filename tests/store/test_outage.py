"""A database outage in the middle of a stream of batches loses nothing and applies nothing twice.

On PostgreSQL the writer talks to the server through a loopback proxy that is cut (open
connections reset, then "connection refused") and restored; on SQLite another connection holds
an exclusive lock ("database is locked").
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url
from structlog.testing import capture_logs

from oddsdesk.domain import Book
from oddsdesk.errors import StoreError
from oddsdesk.pipeline.changes import CurrentState
from oddsdesk.store import models as m
from oddsdesk.store.db import create_engine
from oddsdesk.store.spool import Spool
from oddsdesk.store.warmup import load_current_state
from oddsdesk.store.writer import BatchWriter, RetryPolicy
from tests.store.conftest import FAST
from tests.store.helpers import T0, cycle, event_records, market
from tests.support.tcpproxy import TcpProxy

EVENTS = 5


@dataclass
class Outage:
    engine: Engine
    cut: Callable[[], None]
    restore: Callable[[], None]


@contextmanager
def outage(db) -> Iterator[Outage]:
    """An engine for the writer, and switches to take its database away and back."""
    if db.dialect == "postgresql":
        url = make_url(db.url)
        proxy = TcpProxy(url.host, url.port).start()
        engine = create_engine(url.set(port=proxy.port).render_as_string(hide_password=False))
        try:
            yield Outage(engine, proxy.cut, proxy.restore)
        finally:
            proxy.close()
            engine.dispose()
        return
    engine = create_engine(db.url, busy_timeout_s=0.05)
    holder = db.engine.connect()

    def lock() -> None:
        holder.exec_driver_sql("BEGIN EXCLUSIVE")

    def unlock() -> None:
        holder.exec_driver_sql("ROLLBACK")

    try:
        yield Outage(engine, lock, unlock)
    finally:
        holder.close()
        engine.dispose()


def prices(step: int) -> Callable[[int, Book], list]:
    """Every step moves one over/under line per (event, book) and keeps the rest."""

    def quotes(event_id: int, book: Book) -> list:
        return [
            market(
                "over_under_ft", 0.5 + i, round(1.5 + (step if i == step % 6 else 0) / 100, 2), 2.4
            )
            for i in range(6)
        ]

    return quotes


def wait_for(condition: Callable[[], bool], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.01)


def history_by_time(db) -> dict:
    with db.engine.connect() as conn:
        rows = conn.execute(
            sa.select(m.HISTORY.c.changed_at, sa.func.count()).group_by(m.HISTORY.c.changed_at)
        ).all()
    return dict(rows)


def test_an_outage_mid_stream_loses_no_batch_and_applies_each_once(db, tmp_path) -> None:
    with outage(db) as out:
        writer = BatchWriter(out.engine, tmp_path / "spool", retry=FAST, max_queue=4).start()
        ids = list(writer.ensure_events(event_records(EVENTS)).values())
        state = CurrentState()
        batches = []
        for step in range(14):
            if step == 4:
                out.cut()
            if step == 10:
                wait_for(lambda: writer.stats().spool_depth >= 5)
                out.restore()
            batch = cycle(state, ids, prices(step), T0 + timedelta(minutes=5 * step))
            writer.submit(batch)
            batches.append(batch)
            if step == 6:
                wait_for(lambda: writer.stats().outage)
        assert writer.flush(60)
        stats = writer.stats()
        writer.close()

    assert (stats.lost, stats.dead, stats.written, stats.duplicates) == (0, 0, 14, 0)
    assert stats.spooled >= 5 and stats.replayed == stats.spooled
    assert stats.failed >= 1 and not stats.outage
    assert not Spool(tmp_path / "spool").sequences()
    expected = {b.changes[0].at: sum(len(cs.changes) for cs in b.changes) for b in batches}
    assert history_by_time(db) == expected  # every batch's history, exactly once
    with db.engine.connect() as conn:
        ledger = conn.execute(
            sa.select(m.WrittenBatchRow.batch_id).order_by(m.WrittenBatchRow.written_at)
        ).scalars()
        assert list(ledger) == [b.batch_id for b in batches]  # applied in submission order
        assert dict(load_current_state(conn, since=T0)) == dict(state)


def test_spooled_batches_survive_a_restart_and_replay_once(db, tmp_path) -> None:
    with outage(db) as out:
        writer = BatchWriter(out.engine, tmp_path / "spool", retry=FAST).start()
        ids = list(writer.ensure_events(event_records(EVENTS)).values())
        state = CurrentState()
        out.cut()
        batches = [
            cycle(state, ids, prices(step), T0 + timedelta(minutes=5 * step)) for step in range(3)
        ]
        for batch in batches:
            writer.submit(batch)
        writer.close(timeout=0.3)  # gives up on the database, keeps everything on disk
        assert writer.stats().lost == 0
        assert len(Spool(tmp_path / "spool").sequences()) == 3
        out.restore()

        # the first batch was in fact applied before the crash: replay must skip it
        with out.engine.begin() as conn:
            conn.execute(
                sa.insert(m.WrittenBatchRow).values(batch_id=batches[0].batch_id, written_at=T0)
            )
        with BatchWriter(out.engine, tmp_path / "spool", retry=FAST) as again:
            assert again.flush(30)
            stats = again.stats()
    assert (stats.replayed, stats.written, stats.duplicates, stats.lost) == (3, 2, 1, 0)
    assert set(history_by_time(db)) == {b.changes[0].at for b in batches[1:]}


def test_a_full_queue_goes_to_disk_at_once(db, tmp_path) -> None:
    patient = RetryPolicy(attempts=1000, backoff_s=0.02, backoff_max_s=0.02)
    with outage(db) as out:
        writer = BatchWriter(out.engine, tmp_path / "spool", retry=patient, max_queue=2).start()
        ids = list(writer.ensure_events(event_records(EVENTS)).values())
        state = CurrentState()
        out.cut()
        batches = [
            cycle(state, ids, prices(step), T0 + timedelta(minutes=5 * step)) for step in range(6)
        ]
        for batch in batches:
            writer.submit(batch)
        wait_for(lambda: writer.stats().retries >= 2)
        stats = writer.stats()
        assert stats.queue_depth <= 2
        assert stats.spool_depth >= 6 - 1 - 2  # one in flight, two in memory, the rest on disk
        out.restore()
        assert writer.flush(30)
        writer.close()
    assert writer.stats().written == 6
    assert len(history_by_time(db)) == 6


def test_a_batch_is_lost_only_with_a_log_line_and_a_counter(db, tmp_path) -> None:
    with outage(db) as out:
        writer = BatchWriter(out.engine, tmp_path / "spool", retry=FAST).start()
        ids = list(writer.ensure_events(event_records(1)).values())
        pending = tmp_path / "spool" / "pending"
        shutil.rmtree(pending)
        pending.write_text("not a folder")  # the disk refuses the spool too
        out.cut()
        with capture_logs() as logs:
            writer.submit(cycle(CurrentState(), ids, prices(0), T0))
            wait_for(lambda: writer.stats().lost == 1)
        out.restore()
        writer.close(timeout=1)
    assert any(entry["log_level"] == "error" and "LOST" in entry["event"] for entry in logs)


def test_ensure_events_reports_an_outage_as_transient(db, tmp_path) -> None:
    with outage(db) as out:
        writer = BatchWriter(out.engine, tmp_path / "spool", retry=FAST)
        out.cut()
        with pytest.raises(StoreError) as raised:
            writer.ensure_events(event_records(1))
        out.restore()
        assert writer.ensure_events(event_records(1))  # and works again once it is back
    assert raised.value.transient


def test_batches_accepted_by_a_writer_that_never_ran_are_kept(db, tmp_path) -> None:
    writer = db.writer(tmp_path / "spool")
    ids = list(writer.ensure_events(event_records(1)).values())
    writer.submit(cycle(CurrentState(), ids, prices(0), T0))
    writer.close()
    assert (writer.stats().spool_depth, writer.stats().lost) == (1, 0)
    with db.writer(tmp_path / "spool") as again:
        assert again.flush(30)
    assert db.count("market_odds_history") == 6 * len(Book)
