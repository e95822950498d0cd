"""Storage: write throughput for one scrape cycle, and history growth over a simulated day.

1. Throughput (SQLite and PostgreSQL). One cycle's worth of data — by default 2,000 events × 3
   books × 150 market lines (900,000 market rows) — through the real path: `detect_changes`,
   then `BatchWriter` batches of 50 events. Three cycles: all new, the same prices again, and 5 %
   of lines moved. Baseline, in the same run on the same database: pawaRisk's write path, one
   UPSERT per market row (every row, every cycle) plus one multi-row history INSERT per batch,
   on a subset of events (it is too slow for the whole cycle).
2. History growth (PostgreSQL). A day of 288 five-minute cycles for N events × 3 books × 50
   market lines, with the change rate tuned to pawaRisk's 277 history rows per event-day (of
   which 10 % are markets vanishing or coming back). Bytes are table plus indexes, all
   partitions. Baseline: the same rows in pawaRisk's history layout (BIGSERIAL id, text slugs
   and market ids, JSONB outcomes, its two indexes and primary key), and pawaRisk's reported
   ~154 KB per event-day.

The PostgreSQL is the tests' throwaway cluster (fsync off), for both oddsdesk and the baseline.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_store.py [--events 2000] [--day-events 300]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine

from oddsdesk.domain import Book, MarketQuote, OutcomePrice
from oddsdesk.pipeline.changes import CurrentState, apply_changes, detect_changes
from oddsdesk.store import migrate
from oddsdesk.store import models as m
from oddsdesk.store.batch import EventRecord, WriteBatch, event_key
from oddsdesk.store.db import create_engine
from oddsdesk.store.packing import key_line, unpack_prices
from oddsdesk.store.writer import BatchWriter

BATCH_EVENTS = 50
PAWARISK_ROWS_PER_EVENT_DAY = 277
PAWARISK_BYTES_PER_EVENT_DAY = 200 * 1024 * 1024 / 1300  # "~200 MB a day for ~1,300 events"
SHAPES = [2] * 70 + [3] * 20 + [6] * 5 + [10] * 3 + [32] * 2  # outcomes per market line


def make_event_quotes(rng: random.Random, lines: int) -> dict[Book, list[MarketQuote]]:
    """`lines` market lines per book: half of them lineless markets, half over/under lines."""
    quotes: dict[Book, list[MarketQuote]] = {}
    for book in Book:
        book_quotes = []
        for i in range(lines):
            size = SHAPES[(i * 7) % len(SHAPES)]
            line = None if i % 2 else (i % 40) / 4 - 5
            book_quotes.append(MarketQuote(f"market_{i // 2}", line, _prices(rng, size)))
        quotes[book] = book_quotes
    return quotes


def _prices(rng: random.Random, size: int) -> tuple[OutcomePrice, ...]:
    return tuple(
        OutcomePrice(f"o{k}", round(rng.uniform(1.05, 3.0 if size < 4 else 60.0), 2), True)
        for k in range(size)
    )


def moved(rng: random.Random, quote: MarketQuote) -> MarketQuote:
    return MarketQuote(quote.market, quote.line, _prices(rng, len(quote.outcomes)))


def events(count: int, kickoff: datetime) -> list[EventRecord]:
    return [
        EventRecord(event_key(sr_id=str(10_000 + i)), str(10_000 + i), f"H{i}", f"A{i}", kickoff)
        for i in range(count)
    ]


def run_cycle(
    writer: BatchWriter,
    state: CurrentState,
    world: dict[int, dict[Book, list[MarketQuote]]],
    now: datetime,
) -> tuple[float, float, int]:
    """Diff and write one cycle; returns (diff seconds, wall seconds, market lines)."""
    started = time.perf_counter()
    diff = 0.0
    lines = 0
    event_ids = list(world)
    for start in range(0, len(event_ids), BATCH_EVENTS):
        t = time.perf_counter()
        change_sets = []
        for event_id in event_ids[start : start + BATCH_EVENTS]:
            for book, quotes in world[event_id].items():
                cs = detect_changes(state, event_id=event_id, book=book, quotes=quotes, now=now)
                apply_changes(state, cs)
                change_sets.append(cs)
                lines += len(quotes)
        diff += time.perf_counter() - t
        writer.submit(WriteBatch(changes=tuple(change_sets)))
    assert writer.flush(3600)
    return diff, time.perf_counter() - started, lines


def naive_cycle(
    engine: Engine,
    world: dict[int, dict[Book, list[MarketQuote]]],
    seen: dict[tuple, tuple],
    now: datetime,
) -> tuple[float, int, int]:
    """pawaRisk's write path: per market row one UPSERT round trip (JSON outcomes, text keys),
    then one multi-row INSERT of the changed markets per batch, one transaction per batch.
    Returns (seconds, current rows, history rows)."""
    dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(NAIVE_CURRENT)
    stmt = stmt.on_conflict_do_update(
        index_elements=["event_id", "bookmaker_slug", "market_id", "line_key"],
        set_={
            "outcomes": stmt.excluded.outcomes,
            "last_confirmed_at": stmt.excluded.last_confirmed_at,
        },
    )
    started = time.perf_counter()
    rows = changed = 0
    event_ids = list(world)
    for start in range(0, len(event_ids), BATCH_EVENTS):
        with engine.begin() as conn:
            history = []
            for event_id in event_ids[start : start + BATCH_EVENTS]:
                for book, quotes in world[event_id].items():
                    for q in quotes:
                        row = {
                            "event_id": event_id,
                            "bookmaker_slug": book.value,
                            "market_id": q.market,
                            "line_key": q.line if q.line is not None else 0.0,
                            "outcomes": _pawarisk_outcomes(q.outcomes),
                            "last_confirmed_at": now,
                        }
                        conn.execute(stmt, row)
                        rows += 1
                        key = (event_id, book, q.market, q.line)
                        if seen.get(key) != q.outcomes:
                            seen[key] = q.outcomes
                            history.append(
                                {
                                    "event_id": event_id,
                                    "bookmaker_slug": book.value,
                                    "market_id": q.market,
                                    "line": q.line,
                                    "outcomes": row["outcomes"],
                                    "captured_at": now,
                                }
                            )
            if history:
                conn.execute(sa.insert(NAIVE_HISTORY), history)
                changed += len(history)
    return time.perf_counter() - started, rows, changed


def _pawarisk_outcomes(outcomes: tuple[OutcomePrice, ...]) -> list[dict[str, object]]:
    return [{"name": o.outcome, "odds": o.price, "is_active": o.available} for o in outcomes]


naive_metadata = sa.MetaData()
NAIVE_CURRENT = sa.Table(
    "naive_current",
    naive_metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("event_id", sa.Integer, nullable=False),
    sa.Column("bookmaker_slug", sa.String(20), nullable=False),
    sa.Column("market_id", sa.String(50), nullable=False),
    sa.Column("line_key", sa.Float, nullable=False),
    sa.Column("outcomes", sa.JSON().with_variant(postgresql.JSONB(), "postgresql")),
    sa.Column("last_confirmed_at", m.UTCDateTime()),
    sa.UniqueConstraint("event_id", "bookmaker_slug", "market_id", "line_key"),
)
NAIVE_HISTORY = sa.Table(
    "naive_history",
    naive_metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True),
    sa.Column("event_id", sa.Integer, nullable=False),
    sa.Column("bookmaker_slug", sa.String(20), nullable=False),
    sa.Column("market_id", sa.String(50), nullable=False),
    sa.Column("line", sa.Float),
    sa.Column("outcomes", sa.JSON().with_variant(postgresql.JSONB(), "postgresql")),
    sa.Column("captured_at", m.UTCDateTime(), nullable=False),
)


def throughput(label: str, engine: Engine, n_events: int, lines: int, naive_events: int) -> None:
    rng = random.Random(7)
    now = datetime.now(UTC).replace(microsecond=0)
    with tempfile.TemporaryDirectory() as spool, BatchWriter(engine, Path(spool)) as writer:
        ids = writer.ensure_events(events(n_events, now + timedelta(hours=6)))
        world = {ids[r.key]: make_event_quotes(rng, lines) for r in events(n_events, now)}
        state = CurrentState()
        print(f"\n== {label}: one cycle = {n_events:,} events × 3 books × {lines} lines")
        print(
            f"{'cycle':<26}{'lines':>10}{'written rows':>14}{'wall s':>9}{'lines/s':>11}{'diff s':>8}"
        )
        for name, mutate in (
            ("1 all new", None),
            ("2 same prices", lambda q: q),
            ("3 5% of lines moved", lambda q: moved(rng, q) if rng.random() < 0.05 else q),
        ):
            if mutate is not None:
                for per_book in world.values():
                    for book, quotes in per_book.items():
                        per_book[book] = [mutate(q) for q in quotes]
            before = writer.stats()
            now += timedelta(minutes=5)
            diff, wall, n = run_cycle(writer, state, world, now)
            after = writer.stats()
            written = sum(
                getattr(after, f) - getattr(before, f)
                for f in ("rows_current", "rows_history", "rows_confirmations")
            )
            print(f"{name:<26}{n:>10,}{written:>14,}{wall:>9.2f}{n / wall:>11,.0f}{diff:>8.2f}")

    naive_metadata.create_all(engine)
    subset = dict(list(world.items())[:naive_events])
    seen: dict[tuple, tuple] = {}
    print(f"baseline: pawaRisk's row-by-row write path, first {naive_events} events")
    for name in ("1 all new", "2 same prices"):
        wall, n, changed = naive_cycle(engine, subset, seen, now)
        print(f"{name:<26}{n:>10,}{n + changed:>14,}{wall:>9.2f}{n / wall:>11,.0f}")
    naive_metadata.drop_all(engine)


def history_size(engine: Engine, tables: tuple[str, ...]) -> int:
    with engine.connect() as conn:
        return sum(
            int(
                conn.execute(
                    sa.text(
                        "SELECT coalesce(sum(pg_total_relation_size(relid)), 0) FROM "
                        "(SELECT relid FROM pg_partition_tree(CAST(:t AS regclass)) "
                        "UNION SELECT CAST(:t AS regclass)) x"
                    ),
                    {"t": table},
                ).scalar_one()
            )
            for table in tables
        )


def copy_into_pawarisk_layout(engine: Engine, day: datetime) -> None:
    """The day's history rows as pawaRisk stored them: text keys, float line, JSONB outcomes."""
    with engine.begin() as conn:
        names = {
            i: tuple(orjson.loads(n))
            for i, n in conn.execute(sa.select(m.OutcomeSetRow.id, m.OutcomeSetRow.names))
        }
        rows = conn.execute(
            sa.select(
                m.HISTORY.c.event_id,
                m.BookRow.slug,
                m.MarketRow.code,
                m.HISTORY.c.line_key,
                m.HISTORY.c.outcome_set_id,
                m.HISTORY.c.prices,
                m.HISTORY.c.changed_at,
            )
            .join(m.BookRow, m.BookRow.id == m.HISTORY.c.book_id)
            .join(m.MarketRow, m.MarketRow.id == m.HISTORY.c.market_id)
            .where(m.HISTORY.c.changed_at >= day, m.HISTORY.c.changed_at < day + timedelta(days=1))
            .order_by(m.HISTORY.c.changed_at)
        ).all()
        conn.execute(
            sa.text(
                "INSERT INTO pawarisk_history (event_id, bookmaker_slug, betpawa_market_id, line, "
                "outcomes, captured_at) VALUES (:e, :b, :mk, :l, CAST(:o AS jsonb), :t)"
            ),
            [
                {
                    "e": event_id,
                    "b": slug,
                    "mk": code,
                    "l": key_line(line),
                    "o": orjson.dumps(
                        _pawarisk_outcomes(unpack_prices(prices, names[set_id]))
                    ).decode(),
                    "t": changed_at,
                }
                for event_id, slug, code, line, set_id, prices, changed_at in rows
            ],
        )


def growth_day(engine: Engine, n_events: int) -> None:
    """A day of cycles after a first sighting the evening before; today's partition measured."""
    lines, cycles = 50, 288
    rate = PAWARISK_ROWS_PER_EVENT_DAY / (3 * lines * cycles)
    rng = random.Random(11)
    day = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    partition = f"market_odds_history_p{day:%Y%m%d}"
    with engine.begin() as conn:
        conn.execute(sa.text(PAWARISK_HISTORY))
        for index in PAWARISK_INDEXES:
            conn.execute(sa.text(index))
    with tempfile.TemporaryDirectory() as spool, BatchWriter(engine, Path(spool)) as writer:
        ids = writer.ensure_events(events(n_events, day + timedelta(days=1)))
        world = {ids[r.key]: make_event_quotes(rng, lines) for r in events(n_events, day)}
        present = {(e, b, i): True for e in world for b in Book for i in range(lines)}
        full = {(e, b): list(q) for e, per in world.items() for b, q in per.items()}
        state = CurrentState()
        run_cycle(writer, state, world, day - timedelta(minutes=5))  # first sight: yesterday
        empty = _sizes(engine, partition)
        first = writer.stats().rows_history
        started = time.perf_counter()
        for step in range(cycles):
            for (e, b), quotes in full.items():
                for i in range(lines):
                    if rng.random() < rate:
                        if rng.random() < 0.1:  # a market vanishing or coming back
                            present[(e, b, i)] = not present[(e, b, i)]
                        else:
                            quotes[i] = moved(rng, quotes[i])
                world[e][b] = [q for i, q in enumerate(quotes) if present[(e, b, i)]]
            run_cycle(writer, state, world, day + timedelta(minutes=5 * step))
        elapsed = time.perf_counter() - started
        rows = writer.stats().rows_history - first
    heap, total = (
        after - before for after, before in zip(_sizes(engine, partition), empty, strict=True)
    )
    copy_into_pawarisk_layout(engine, day)
    theirs = history_size(engine, ("pawarisk_history",))
    with engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE pawarisk_history"))
    target = PAWARISK_BYTES_PER_EVENT_DAY
    print(
        f"\n== PostgreSQL history growth: one day, {n_events} events × 3 books × {lines} lines, "
        f"{cycles} cycles ({elapsed:.0f} s)"
    )
    print(f"{'':<36}{'rows/event-day':>15}{'bytes/row':>10}{'KB/event-day':>13}{'of pawaRisk':>13}")
    for label, row_count, size in (
        ("oddsdesk: table + index", rows, total),
        ("  of which the table", rows, heap),
        ("pawaRisk's layout, same rows", rows, theirs),
    ):
        print(
            f"{label:<36}{row_count / n_events:>15,.0f}{size / row_count:>10,.0f}"
            f"{size / n_events / 1024:>13,.1f}{size / n_events / target:>13.1%}"
        )
    print(
        f"{'pawaRisk reported (~200 MB / 1,300)':<36}{PAWARISK_ROWS_PER_EVENT_DAY:>15,}"
        f"{target / PAWARISK_ROWS_PER_EVENT_DAY:>10,.0f}{target / 1024:>13,.1f}{1:>13.0%}"
    )
    at_their_rate = total / rows * PAWARISK_ROWS_PER_EVENT_DAY
    print(
        f"{'oddsdesk at pawaRisk rows/event-day':<36}{PAWARISK_ROWS_PER_EVENT_DAY:>15,}"
        f"{total / rows:>10,.0f}{at_their_rate / 1024:>13,.1f}{at_their_rate / target:>13.1%}"
    )
    verdict = "met" if max(total / n_events, at_their_rate) <= target / 5 else "NOT met"
    print(f"target, at most 1/5 of pawaRisk's bytes per event-day: {verdict}")


PAWARISK_HISTORY = (
    "CREATE TABLE pawarisk_history (id BIGSERIAL, event_id INT NOT NULL, "
    "bookmaker_slug VARCHAR(20) NOT NULL, betpawa_market_id VARCHAR(50) NOT NULL, line FLOAT, "
    "outcomes JSONB NOT NULL, captured_at TIMESTAMPTZ NOT NULL DEFAULT now(), "
    "PRIMARY KEY (id, captured_at))"
)
PAWARISK_INDEXES = (
    "CREATE INDEX ON pawarisk_history (event_id, betpawa_market_id, captured_at DESC)",
    "CREATE INDEX ON pawarisk_history (bookmaker_slug, betpawa_market_id)",
)


def _sizes(engine: Engine, table: str) -> tuple[int, int]:
    """(table bytes, table + index bytes)."""
    with engine.connect() as conn:
        heap, total = conn.execute(
            sa.text(
                "SELECT pg_relation_size(CAST(:t AS regclass)), pg_total_relation_size(CAST(:t AS regclass))"
            ),
            {"t": table},
        ).one()
    return int(heap), int(total)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--lines", type=int, default=150)
    parser.add_argument("--naive-events", type=int, default=100)
    parser.add_argument("--day-events", type=int, default=300)
    parser.add_argument(
        "--skip", choices=["sqlite", "postgres", "growth"], action="append", default=[]
    )
    args = parser.parse_args()

    def fresh(url: str, prepare: Callable[[Engine], None] = migrate.upgrade) -> Engine:
        engine = create_engine(url)
        prepare(engine)
        return engine

    if "sqlite" not in args.skip:
        with tempfile.TemporaryDirectory() as folder:
            engine = fresh(f"sqlite+pysqlite:///{folder}/bench.db")
            throughput(
                "SQLite (WAL, synchronous=NORMAL)",
                engine,
                args.events,
                args.lines,
                args.naive_events,
            )
            engine.dispose()
    if {"postgres", "growth"} <= set(args.skip):
        return
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.support.pgcluster import ThrowawayPostgres

    cluster = ThrowawayPostgres("bench")
    base = cluster.start().replace("postgresql://", "postgresql+psycopg://")
    try:
        admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
        for name in ("throughput", "growth"):
            with admin.connect() as conn:
                conn.execute(sa.text(f"CREATE DATABASE {name}"))
        admin.dispose()
        if "postgres" not in args.skip:
            engine = fresh(base.rsplit("/", 1)[0] + "/throughput")
            throughput("PostgreSQL 15", engine, args.events, args.lines, args.naive_events)
            engine.dispose()
        if "growth" not in args.skip:
            engine = fresh(base.rsplit("/", 1)[0] + "/growth")
            growth_day(engine, args.day_events)
            engine.dispose()
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
