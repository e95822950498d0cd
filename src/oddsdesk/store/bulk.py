"""The SQL behind a write batch: a fixed handful of statements, whatever the batch's size.

Current prices are one `INSERT … ON CONFLICT DO UPDATE` per batch and history one `INSERT` (on
PostgreSQL from `unnest` of column arrays: one round trip; on SQLite one prepared statement run
over the rows). Confirmations are one row per (event, book). The upsert of a current row only
applies when it is not older than the stored one, so a late replay never rolls prices back.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy import Connection
from sqlalchemy.dialects import postgresql, sqlite

from oddsdesk.domain import Book
from oddsdesk.pipeline.changes import ChangeKind, ChangeSet
from oddsdesk.store import models as m
from oddsdesk.store.batch import (
    ErrorRecord,
    EventRecord,
    EventScrape,
    LinkRecord,
    RunRecord,
    TournamentRef,
    WriteBatch,
)
from oddsdesk.store.packing import line_key, pack_prices

CHUNK = 500


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _insert(conn: Connection, table: sa.Table) -> Any:
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


def sqlite_timestamp(value: datetime | None) -> str | None:
    """The text SQLAlchemy's SQLite DateTime stores, for raw statements that bypass it."""
    if value is None:
        return None
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def outcome_names_text(names: tuple[str, ...]) -> str:
    return orjson.dumps(names).decode()


class Lookups:
    """Small-integer ids of books, markets and outcome sets, created on first use.

    Ids found or made inside a transaction are cached only once it commits (`absorb`): a rolled
    back id may be handed out again by SQLite. Shared by the writer thread and `ensure_events`.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.books: dict[str, int] = {}
        self.markets: dict[str, int] = {}
        self.outcome_sets: dict[str, int] = {}

    def begin(self, conn: Connection) -> LookupTx:
        with self._lock:
            return LookupTx(conn, dict(self.books), dict(self.markets), dict(self.outcome_sets))

    def absorb(self, tx: LookupTx) -> None:
        with self._lock:
            self.books.update(tx.books)
            self.markets.update(tx.markets)
            self.outcome_sets.update(tx.outcome_sets)


class LookupTx:
    """Lookups as seen inside one transaction."""

    def __init__(
        self,
        conn: Connection,
        books: dict[str, int],
        markets: dict[str, int],
        outcome_sets: dict[str, int],
    ) -> None:
        self.conn = conn
        self.books = books
        self.markets = markets
        self.outcome_sets = outcome_sets

    def _ensure(
        self,
        table: sa.Table,
        column: str,
        wanted: Iterable[str],
        known: dict[str, int],
        extra: Callable[[str], dict[str, Any]] = lambda _value: {},
    ) -> None:
        missing = sorted({value for value in wanted if value not in known})
        if not missing:
            return
        col = table.c[column]
        self.conn.execute(
            _insert(self.conn, table).on_conflict_do_nothing(index_elements=[column]),
            [{column: value, **extra(value)} for value in missing],
        )
        for part in _chunks(missing):
            for row_id, value in self.conn.execute(sa.select(table.c.id, col).where(col.in_(part))):
                known[value] = row_id

    def ensure_books(self, books: Iterable[Book]) -> None:
        labels = {book.value: book.label for book in Book}
        self._ensure(
            m.BookRow.__table__,
            "slug",
            (Book(book).value for book in books),
            self.books,
            lambda slug: {"name": labels.get(slug, slug)},
        )

    def ensure_markets(self, codes: Iterable[str]) -> None:
        self._ensure(m.MarketRow.__table__, "code", codes, self.markets)

    def ensure_outcome_sets(self, names: Iterable[str]) -> None:
        self._ensure(m.OutcomeSetRow.__table__, "names", names, self.outcome_sets)


@dataclass(frozen=True, slots=True)
class WriteCounts:
    """Rows one batch wrote, by kind."""

    current: int = 0
    history: int = 0
    confirmations: int = 0
    events: int = 0
    links: int = 0
    statuses: int = 0
    errors: int = 0


def claim_batch(conn: Connection, batch_id: str, now: datetime) -> bool:
    """Record the batch in the ledger; False when it was applied before (skip it whole)."""
    table = m.WrittenBatchRow.__table__
    stmt = _insert(conn, table).values(batch_id=batch_id, written_at=now)
    stmt = stmt.on_conflict_do_nothing(index_elements=["batch_id"]).returning(table.c.batch_id)
    return conn.execute(stmt).first() is not None


def write_batch(conn: Connection, tx: LookupTx, batch: WriteBatch, now: datetime) -> WriteCounts:
    """Apply one batch inside the caller's transaction (after `claim_batch`)."""
    upsert_runs(conn, batch.runs)
    event_ids = upsert_events(conn, tx, batch.events, now) if batch.events else {}
    upsert_links(conn, tx, batch.links)
    current, history, confirmations = write_changes(conn, tx, batch.changes)
    upsert_statuses(conn, batch.statuses)
    insert_errors(conn, batch.errors)
    return WriteCounts(
        current=current,
        history=history,
        confirmations=confirmations,
        events=len(event_ids),
        links=len(batch.links),
        statuses=len(batch.statuses),
        errors=len(batch.errors),
    )


def upsert_tournaments(
    conn: Connection, tx: LookupTx, refs: Iterable[TournamentRef]
) -> dict[tuple[Book, str], int]:
    found = {(ref.book, ref.external_id): ref for ref in refs}
    if not found:
        return {}
    unique = dict(sorted(found.items()))  # one lock order for every writer: no deadlocks
    tx.ensure_books(book for book, _ in unique)
    table = m.TournamentRow.__table__
    stmt = _insert(conn, table)
    stmt = stmt.on_conflict_do_update(
        index_elements=["book_id", "external_id"],
        set_={"name": stmt.excluded.name, "country": stmt.excluded.country},
    )
    conn.execute(
        stmt,
        [
            {
                "book_id": tx.books[ref.book.value],
                "external_id": ref.external_id,
                "name": ref.name,
                "country": ref.country,
            }
            for ref in unique.values()
        ],
    )
    ids: dict[tuple[Book, str], int] = {}
    for book in {book for book, _ in unique}:
        externals = [external for b, external in unique if b is book]
        for part in _chunks(externals):
            query = sa.select(table.c.id, table.c.external_id).where(
                table.c.book_id == tx.books[book.value], table.c.external_id.in_(part)
            )
            for row_id, external in conn.execute(query):
                ids[(book, external)] = row_id
    return ids


def upsert_events(
    conn: Connection, tx: LookupTx, records: Iterable[EventRecord], now: datetime
) -> dict[str, int]:
    """Create or refresh events by key; returns the id of every key given, in input order."""
    unique = {record.key: record for record in records}
    if not unique:
        return {}
    tournaments = upsert_tournaments(
        conn, tx, (r.tournament for r in unique.values() if r.tournament is not None)
    )
    table = m.EventRow.__table__
    stmt = _insert(conn, table)
    stmt = stmt.on_conflict_do_update(
        index_elements=["event_key"],
        set_={
            "home": stmt.excluded.home,
            "away": stmt.excluded.away,
            "kickoff": stmt.excluded.kickoff,
            "status": stmt.excluded.status,
            "tournament_id": sa.func.coalesce(stmt.excluded.tournament_id, table.c.tournament_id),
            "updated_at": stmt.excluded.updated_at,
        },
    )
    conn.execute(
        stmt,
        [
            {
                "event_key": record.key,
                "sr_id": record.sr_id if record.key.startswith("sr:") else None,
                "home": record.home,
                "away": record.away,
                "kickoff": record.kickoff,
                "tournament_id": (
                    tournaments[(record.tournament.book, record.tournament.external_id)]
                    if record.tournament
                    else None
                ),
                "status": record.status.value,
                "created_at": now,
                "updated_at": now,
            }
            for record in sorted(unique.values(), key=lambda r: r.key)  # one lock order
        ],
    )
    ids: dict[str, int] = {}
    for part in _chunks(list(unique)):
        query = sa.select(table.c.id, table.c.event_key).where(table.c.event_key.in_(part))
        ids.update({key: row_id for row_id, key in conn.execute(query)})
    return {key: ids[key] for key in unique}


def upsert_links(conn: Connection, tx: LookupTx, records: Iterable[LinkRecord]) -> None:
    by_pair = {(r.event_id, r.book): r for r in records}
    unique = sorted(
        {(r.book, r.book_event_id): r for r in by_pair.values()}.values(),
        key=lambda r: (r.event_id, r.book),
    )
    if not unique:
        return
    tournaments = upsert_tournaments(
        conn, tx, (r.tournament for r in unique if r.tournament is not None)
    )
    tx.ensure_books(r.book for r in unique)
    table = m.EventLinkRow.__table__
    rows = [
        {
            "event_id": r.event_id,
            "book_id": tx.books[r.book.value],
            "book_event_id": r.book_event_id,
            "tournament_id": (
                tournaments[(r.tournament.book, r.tournament.external_id)] if r.tournament else None
            ),
            "home": r.home,
            "away": r.away,
            "kickoff": r.kickoff,
            "match_method": r.method.value,
            "confidence": r.confidence,
            "first_seen_at": r.seen_at,
            "last_seen_at": r.seen_at,
        }
        for r in unique
    ]
    # A book event re-matched to another canonical event moves: drop its old link first.
    conn.execute(
        sa.delete(table).where(
            table.c.book_id == sa.bindparam("b_book"),
            table.c.book_event_id == sa.bindparam("b_external"),
            table.c.event_id != sa.bindparam("b_event"),
        ),
        [
            {"b_book": r["book_id"], "b_external": r["book_event_id"], "b_event": r["event_id"]}
            for r in rows
        ],
    )
    stmt = _insert(conn, table)
    stmt = stmt.on_conflict_do_update(
        index_elements=["event_id", "book_id"],
        set_={
            name: getattr(stmt.excluded, name)
            for name in (
                "book_event_id",
                "home",
                "away",
                "kickoff",
                "match_method",
                "confidence",
                "last_seen_at",
            )
        }
        | {"tournament_id": sa.func.coalesce(stmt.excluded.tournament_id, table.c.tournament_id)},
    )
    conn.execute(stmt, rows)


_CURRENT_COLUMNS = (
    "event_id, book_id, market_id, line_key, outcome_set_id, prices, available, "
    "unavailable_since, last_changed_at, last_confirmed_at"
)
_CURRENT_TYPES = (
    "int4",
    "int2",
    "int2",
    "int2",
    "int4",
    "bytea",
    "bool",
    "timestamptz",
    "timestamptz",
    "timestamptz",
)
_CURRENT_CONFLICT = """
ON CONFLICT (event_id, book_id, market_id, line_key) DO UPDATE SET
    outcome_set_id = excluded.outcome_set_id,
    prices = excluded.prices,
    available = excluded.available,
    unavailable_since = excluded.unavailable_since,
    last_changed_at = excluded.last_changed_at,
    last_confirmed_at = CASE WHEN excluded.available THEN excluded.last_confirmed_at
                             ELSE cur.last_confirmed_at END
WHERE cur.last_changed_at <= excluded.last_changed_at
"""
_HISTORY_COLUMNS = (
    "changed_at, event_id, outcome_set_id, book_id, market_id, line_key, available, prices"
)
_HISTORY_TYPES = ("timestamptz", "int4", "int4", "int2", "int2", "int2", "bool", "bytea")
_CONFIRM_COLUMNS = "event_id, book_id, confirmed_at"
_CONFIRM_TYPES = ("int4", "int2", "timestamptz")
_CONFIRM_CONFLICT = """
ON CONFLICT (event_id, book_id) DO UPDATE SET confirmed_at = excluded.confirmed_at
WHERE c.confirmed_at <= excluded.confirmed_at
"""
_SQLITE_CURRENT = (
    f"INSERT INTO market_odds_current AS cur ({_CURRENT_COLUMNS}) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" + _CURRENT_CONFLICT
)
_SQLITE_HISTORY = (
    f"INSERT INTO market_odds_history ({_HISTORY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
_SQLITE_CONFIRM = (
    f"INSERT INTO odds_confirmations AS c ({_CONFIRM_COLUMNS}) VALUES (?, ?, ?)" + _CONFIRM_CONFLICT
)


def _write_sqlite(
    conn: Connection, current: list[tuple], history: list[tuple], confirmations: list[tuple]
) -> None:
    for sql, rows in (
        (_SQLITE_CURRENT, current),
        (_SQLITE_HISTORY, history),
        (_SQLITE_CONFIRM, confirmations),
    ):
        if rows:
            conn.exec_driver_sql(sql, rows)


def _write_postgres(
    conn: Connection, current: list[tuple], history: list[tuple], confirmations: list[tuple]
) -> None:
    """Binary COPY (the fastest way in, and C-encoded by psycopg): history straight into its
    partitions; current rows and confirmations into per-session staging tables, then one
    INSERT … SELECT … ON CONFLICT each. Staging rows go at commit or rollback."""
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        for target, columns, types, rows, conflict in (
            (
                "market_odds_current AS cur",
                _CURRENT_COLUMNS,
                _CURRENT_TYPES,
                current,
                _CURRENT_CONFLICT,
            ),
            (
                "odds_confirmations AS c",
                _CONFIRM_COLUMNS,
                _CONFIRM_TYPES,
                confirmations,
                _CONFIRM_CONFLICT,
            ),
        ):
            if not rows:
                continue
            table = target.split()[0]
            stage = f"stage_{table}"
            cursor.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS {stage} (LIKE {table}) ON COMMIT DELETE ROWS"
            )
            _copy(cursor, stage, columns, types, rows)
            cursor.execute(
                f"INSERT INTO {target} ({columns}) SELECT {columns} FROM {stage} {conflict}"
            )
        if history:
            _copy(cursor, "market_odds_history", _HISTORY_COLUMNS, _HISTORY_TYPES, history)
    finally:
        cursor.close()


def _copy(cursor: Any, table: str, columns: str, types: Sequence[str], rows: list[tuple]) -> None:
    with cursor.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)") as copy:
        copy.set_types(list(types))
        for row in rows:
            copy.write_row(row)


def write_changes(
    conn: Connection, tx: LookupTx, change_sets: Sequence[ChangeSet]
) -> tuple[int, int, int]:
    """Current upserts and history rows for every change, one confirmation per (event, book).

    Returns (current rows, history rows, confirmations) written.
    """
    if not change_sets:
        return 0, 0, 0
    names_of: dict[tuple[str, ...], str] = {}
    changes = []
    for cs in change_sets:
        for change in cs.changes:
            names = tuple([o.outcome for o in change.state.outcomes])
            text = names_of.get(names)
            if text is None:
                text = names_of[names] = outcome_names_text(names)
            changes.append((cs, change, text))
    tx.ensure_books(cs.book for cs in change_sets)
    tx.ensure_markets({change.market for _, change, _ in changes})
    tx.ensure_outcome_sets(names_of.values())
    sqlite_ = conn.dialect.name == "sqlite"
    stamps: dict[datetime | None, Any] = {None: None}

    def ts(value: datetime | None) -> Any:
        stamp = stamps.get(value, stamps)
        if stamp is stamps:
            stamp = stamps[value] = sqlite_timestamp(value) if sqlite_ else value
        return stamp

    books, markets, sets, vanished = tx.books, tx.markets, tx.outcome_sets, ChangeKind.VANISHED
    current: dict[tuple[int, int, int, int], tuple[Any, ...]] = {}
    history: list[tuple[Any, ...]] = []
    for cs, change, text in changes:
        state = change.state
        event_id, book_id, market_id = cs.event_id, books[cs.book.value], markets[change.market]
        line = line_key(change.line)
        set_id = sets[text]
        prices = pack_prices(state.outcomes)
        changed = ts(state.changed_at)
        current[(event_id, book_id, market_id, line)] = (
            event_id,
            book_id,
            market_id,
            line,
            set_id,
            prices,
            state.available,
            ts(state.unavailable_since),
            changed,
            ts(cs.at),
        )
        vanished = change.kind is ChangeKind.VANISHED
        history.append(
            (
                changed,
                event_id,
                set_id,
                book_id,
                market_id,
                line,
                state.available,
                b"" if vanished else prices,
            )
        )
    confirmations = {(cs.event_id, books[cs.book.value]): ts(cs.at) for cs in change_sets}
    confirm_rows = [(event_id, book_id, at) for (event_id, book_id), at in confirmations.items()]
    write = _write_sqlite if sqlite_ else _write_postgres
    write(conn, list(current.values()), history, confirm_rows)
    return len(current), len(history), len(confirm_rows)


def upsert_runs(conn: Connection, runs: Iterable[RunRecord]) -> None:
    latest = {run.id: run for run in runs}
    if not latest:
        return
    table = m.ScrapeRunRow.__table__
    rows = [
        {
            "id": run.id,
            "trigger": run.trigger,
            "status": run.status,
            "started_at": run.started_at,
            "finished_at": run.finished_at,
            "events_total": run.events_total,
            "events_ok": run.events_ok,
            "events_failed": run.events_failed,
            "books": dict(run.books),
            "error": run.error,
        }
        for run in latest.values()
    ]
    stmt = _insert(conn, table)
    columns = [name for name in rows[0] if name != "id"]
    stmt = stmt.on_conflict_do_update(
        index_elements=["id"], set_={name: getattr(stmt.excluded, name) for name in columns}
    )
    conn.execute(stmt, rows)


def upsert_statuses(conn: Connection, statuses: Iterable[EventScrape]) -> None:
    latest = {(s.run_id, s.event_id): s for s in statuses}
    if not latest:
        return
    table = m.EventScrapeStatusRow.__table__
    rows = [
        {
            "run_id": s.run_id,
            "event_id": s.event_id,
            "status": s.status,
            "books": dict(s.books),
            "markets": s.markets,
            "duration_ms": s.duration_ms,
            "error": s.error,
        }
        for s in latest.values()
    ]
    stmt = _insert(conn, table)
    columns = ("status", "books", "markets", "duration_ms", "error")
    stmt = stmt.on_conflict_do_update(
        index_elements=["run_id", "event_id"],
        set_={name: getattr(stmt.excluded, name) for name in columns},
    )
    conn.execute(stmt, rows)


def insert_errors(conn: Connection, errors: Sequence[ErrorRecord]) -> None:
    if not errors:
        return
    conn.execute(
        sa.insert(m.ScrapeErrorRow.__table__),
        [
            {
                "occurred_at": e.occurred_at,
                "kind": e.kind,
                "message": e.message,
                "cause": e.cause,
                "run_id": e.run_id,
                "book": e.book.value if e.book else None,
                "event_id": e.event_id,
            }
            for e in errors
        ],
    )
