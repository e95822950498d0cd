"""The storage writer: a thread that applies `WriteBatch`es while the cycle goes on.

Accepted batches are never silently lost:

* each batch is one transaction; transient failures (server away, locks, disk) are retried with
  exponential backoff;
* a batch that still fails is *parked*: it and every batch queued behind it are spooled to disk,
  and later batches go to disk too until the spool is replayed, in order, once the database is
  back (the writer keeps retrying, backing off to `park_max_s`);
* the in-memory queue is bounded; when it is full batches go straight to disk;
* a batch the database refuses for good (constraint, bad data) is moved to the spool's `dead/`
  folder with the reason; only a spool that cannot be written loses a batch — and that is
  logged as an error and counted in `lost`;
* replay is idempotent: the batch id is recorded in the same transaction (see `bulk.claim_batch`).

A hard kill loses at most the in-memory queue; `close()` spools whatever it cannot write.
"""

from __future__ import annotations

import random
import threading
from bisect import insort
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import Engine

from oddsdesk.errors import StoreError
from oddsdesk.logging import get_logger
from oddsdesk.store.batch import EventRecord, WriteBatch
from oddsdesk.store.bulk import Lookups, WriteCounts, claim_batch, upsert_events, write_batch
from oddsdesk.store.db import store_errors
from oddsdesk.store.spool import Spool

log = get_logger(__name__)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts: int = 3
    backoff_s: float = 0.25
    backoff_max_s: float = 4.0
    park_s: float = 2.0
    park_max_s: float = 60.0


@dataclass(frozen=True, slots=True)
class WriterStats:
    """Counters since start, for metrics and the run summary.

    `written`: batches applied (`replayed` of them from the spool); `duplicates`: batches found
    already applied and skipped; `retries`: failed attempts; `failed`: batches parked after
    their retries; `spooled`: batches put on disk; `dead`: batches refused for good (kept in
    `dead/`); `lost`: batches that could not be kept anywhere (each also logged as an error).
    `outage` is true from a parked batch until the next successful write.
    """

    submitted: int = 0
    written: int = 0
    replayed: int = 0
    duplicates: int = 0
    retries: int = 0
    failed: int = 0
    spooled: int = 0
    dead: int = 0
    lost: int = 0
    rows_current: int = 0
    rows_history: int = 0
    rows_confirmations: int = 0
    queue_depth: int = 0
    spool_depth: int = 0
    outage: bool = False
    last_error: str | None = None


class _Fatal(Exception):
    """A batch that will fail however often it is tried."""


class BatchWriter:
    """Applies batches in submission order on its own thread. Use as a context manager, or
    `start()` … `close()`."""

    def __init__(
        self,
        engine: Engine,
        spool_dir: Path,
        *,
        max_queue: int = 64,
        retry: RetryPolicy | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._engine = engine
        self._spool = Spool(spool_dir)
        self._max_queue = max_queue
        self._retry = retry or RetryPolicy()
        self._clock = clock
        self._lookups = Lookups()
        self._cond = threading.Condition()
        self._queue: deque[tuple[int, WriteBatch]] = deque()
        self._spooled: list[int] = self._spool.sequences()
        self._seq = (self._spooled[-1] + 1) if self._spooled else 1
        self._busy = False
        self._closing = False
        self._abort = threading.Event()
        self._stats = WriterStats(spool_depth=len(self._spooled))
        self._thread: threading.Thread | None = None
        if self._spooled:
            log.warning("spooled batches found; they will be replayed", count=len(self._spooled))

    # -- the caller's side ------------------------------------------------------------------

    def start(self) -> BatchWriter:
        self._thread = threading.Thread(target=self._run, name="oddsdesk-writer", daemon=True)
        self._thread.start()
        return self

    def __enter__(self) -> BatchWriter:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def submit(self, batch: WriteBatch) -> None:
        """Accept a batch; returns at once (a full queue or a pending spool means a disk write)."""
        with self._cond:
            seq = self._seq
            self._seq += 1
            self._count(submitted=1)
            if self._spooled or self._closing or len(self._queue) >= self._max_queue:
                self._to_spool(seq, batch)
            else:
                self._queue.append((seq, batch))
            self._count()
            self._cond.notify_all()

    def ensure_events(self, records: Iterable[EventRecord]) -> dict[str, int]:
        """Create or refresh events now and return their ids by key (raises `StoreError`)."""
        with store_errors("upsert events"):
            with self._engine.begin() as conn:
                tx = self._lookups.begin(conn)
                ids = upsert_events(conn, tx, list(records), self._clock())
            self._lookups.absorb(tx)
        return ids

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every accepted batch is written (or dead); False on timeout."""
        with self._cond:
            return self._cond.wait_for(
                lambda: not (self._queue or self._spooled or self._busy), timeout
            )

    def close(self, timeout: float = 30.0) -> None:
        """Write what can be written within `timeout`, spool the rest, stop the thread."""
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                self._abort.set()
                with self._cond:
                    self._cond.notify_all()
                self._thread.join()
        with self._cond:  # never started, or stopped early: keep what is left on disk
            while self._queue:
                self._to_spool(*self._queue.popleft())
            self._count()
        log.info("writer closed", **_summary(self.stats()))

    def stats(self) -> WriterStats:
        with self._cond:
            return self._stats

    # -- the writer thread ------------------------------------------------------------------

    def _count(self, **deltas: int) -> None:
        stats = self._stats
        changes = {name: getattr(stats, name) + delta for name, delta in deltas.items()}
        self._stats = replace(
            stats, **changes, queue_depth=len(self._queue), spool_depth=len(self._spooled)
        )

    def _to_spool(self, seq: int, batch: WriteBatch) -> None:
        """Called with the lock held."""
        try:
            self._spool.write(seq, batch)
        except (OSError, TypeError, ValueError) as exc:  # disk, or a value JSON cannot hold
            self._count(lost=1)
            log.error(
                "batch LOST: spool not writable",
                batch=batch.batch_id,
                error=str(exc),
                markets=batch.size,
            )
            return
        insort(self._spooled, seq)
        self._count(spooled=1)

    def _next(self) -> tuple[int, WriteBatch | None] | None:
        with self._cond:
            while True:
                if self._abort.is_set():
                    return None
                if self._queue:
                    self._busy = True
                    return self._queue.popleft()
                if self._spooled:
                    self._busy = True
                    return self._spooled[0], None
                self._busy = False
                self._cond.notify_all()
                if self._closing:
                    return None
                self._cond.wait()

    def _run(self) -> None:
        park = self._retry.park_s
        while (job := self._next()) is not None:
            seq, batch = job
            from_spool = batch is None
            try:
                if batch is None:
                    batch = self._read_spooled(seq)
                counts = self._write_with_retries(batch)
            except _Fatal as exc:
                self._bury(seq, batch, str(exc))
                continue
            except StoreError as exc:
                self._park(seq, batch, from_spool, exc)
                self._abort.wait(park * random.uniform(0.8, 1.2))
                park = min(park * 2, self._retry.park_max_s)
                continue
            park = self._retry.park_s
            self._done(seq, batch, from_spool, counts)
        with self._cond:
            while self._queue:
                self._to_spool(*self._queue.popleft())
            self._busy = False
            self._count()
            self._cond.notify_all()

    def _read_spooled(self, seq: int) -> WriteBatch:
        try:
            return self._spool.read(seq)
        except (OSError, ValueError, TypeError, KeyError) as exc:
            raise _Fatal(f"unreadable spool file: {exc}") from exc

    def _write_with_retries(self, batch: WriteBatch) -> WriteCounts | None:
        delay = self._retry.backoff_s
        for attempt in range(1, self._retry.attempts + 1):
            try:
                return self._write_once(batch)
            except StoreError as exc:
                if not exc.transient:
                    raise _Fatal(str(exc)) from exc
                with self._cond:
                    self._count(retries=1)
                    self._stats = replace(self._stats, last_error=str(exc))
                if attempt == self._retry.attempts or self._abort.is_set():
                    raise
                log.warning("batch write failed, retrying", attempt=attempt, error=str(exc))
                self._abort.wait(delay * random.uniform(0.8, 1.2))
                delay = min(delay * 2, self._retry.backoff_max_s)
            except Exception as exc:  # a bug or bad data: never kill the thread
                raise _Fatal(f"{type(exc).__name__}: {exc}") from exc
        raise AssertionError("unreachable")

    def _write_once(self, batch: WriteBatch) -> WriteCounts | None:
        with store_errors("write batch"):
            with self._engine.begin() as conn:
                tx = self._lookups.begin(conn)
                if not claim_batch(conn, batch.batch_id, self._clock()):
                    return None
                counts = write_batch(conn, tx, batch, self._clock())
            self._lookups.absorb(tx)
        return counts

    def _done(
        self, seq: int, batch: WriteBatch, from_spool: bool, counts: WriteCounts | None
    ) -> None:
        with self._cond:
            if from_spool:
                self._spool.remove(seq)
                self._spooled.remove(seq)
                self._count(replayed=1)
            if self._stats.outage:
                log.info("database back; writing again", spooled_left=len(self._spooled))
                self._stats = replace(self._stats, outage=False)
            if counts is None:
                self._count(duplicates=1)
                log.info("batch already applied; skipped", batch=batch.batch_id)
            else:
                self._count(
                    written=1,
                    rows_current=counts.current,
                    rows_history=counts.history,
                    rows_confirmations=counts.confirmations,
                )

    def _park(self, seq: int, batch: WriteBatch, from_spool: bool, error: StoreError) -> None:
        """Keep a batch that keeps failing, and everything behind it, on disk."""
        with self._cond:
            if not self._stats.outage:
                log.error("database unavailable; spooling batches", error=str(error))
            self._stats = replace(self._stats, outage=True, last_error=str(error))
            self._count(failed=1)
            if not from_spool:
                self._to_spool(seq, batch)
            while self._queue:
                self._to_spool(*self._queue.popleft())
            self._count()

    def _bury(self, seq: int, batch: WriteBatch | None, reason: str) -> None:
        with self._cond:
            try:
                path = self._spool.bury(seq, reason, batch)
            except OSError as exc:
                self._count(lost=1)
                log.error("batch LOST: rejected and not storable", reason=reason, error=str(exc))
            else:
                self._count(dead=1)
                log.error("batch rejected by the database; kept", path=str(path), reason=reason)
            if seq in self._spooled:
                self._spooled.remove(seq)
            self._count()


def _summary(stats: WriterStats) -> dict[str, object]:
    return {
        "written": stats.written,
        "replayed": stats.replayed,
        "spooled_left": stats.spool_depth,
        "dead": stats.dead,
        "lost": stats.lost,
    }
