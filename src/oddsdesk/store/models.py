"""The schema. Every book is a peer: one current table and one history table for all of them.

Keys are small integers (books and markets SMALLINT, outcome sets and events INTEGER), a line is
a SMALLINT of hundredths with `packing.NO_LINE` for "no line", and prices are packed bytes, so a
history row is ~60 bytes on PostgreSQL. `market_odds_history` is created by the migrations as a
table partitioned by day on PostgreSQL (with a DEFAULT partition); on SQLite it is a plain table.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """`timestamptz` on PostgreSQL, naive-UTC text on SQLite; aware UTC in and out on both."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: oddsdesk stores aware UTC only")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


SmallId = sa.SmallInteger().with_variant(sa.Integer(), "sqlite")
"""SMALLINT on PostgreSQL; INTEGER on SQLite, where only that is an autoincrementing rowid."""
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Json = sa.JSON().with_variant(JSONB(), "postgresql")

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime()}


class BookRow(Base):
    __tablename__ = "books"

    id: Mapped[int] = mapped_column(SmallId, primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(32), unique=True)
    name: Mapped[str] = mapped_column(sa.String(64))


class MarketRow(Base):
    """Canonical market ids (`1x2_ft`) as SMALLINTs, created on first use."""

    __tablename__ = "markets"

    id: Mapped[int] = mapped_column(SmallId, primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(64), unique=True)


class OutcomeSetRow(Base):
    """An ordered list of outcome names (JSON array text); packed prices follow its order."""

    __tablename__ = "outcome_sets"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    names: Mapped[str] = mapped_column(sa.Text, unique=True)


class TournamentRow(Base):
    """A tournament as one book lists it; the same name in two countries is two rows."""

    __tablename__ = "tournaments"
    __table_args__ = (sa.UniqueConstraint("book_id", "external_id"),)

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    book_id: Mapped[int] = mapped_column(SmallId, sa.ForeignKey("books.id"))
    external_id: Mapped[str] = mapped_column(sa.String(128))
    name: Mapped[str] = mapped_column(sa.String(255))
    country: Mapped[str | None] = mapped_column(sa.String(128))


class EventRow(Base):
    """One canonical match. `event_key` is `sr:<SportRadar id>` or `fb:<fallback key>`."""

    __tablename__ = "events"
    __table_args__ = (
        sa.CheckConstraint("status IN ('prematch', 'live', 'finished')", name="status"),
    )

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    event_key: Mapped[str] = mapped_column(sa.String(160), unique=True)
    sr_id: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    home: Mapped[str] = mapped_column(sa.String(255))
    away: Mapped[str] = mapped_column(sa.String(255))
    kickoff: Mapped[datetime] = mapped_column(index=True)
    tournament_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("tournaments.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(sa.String(16), server_default="prematch")
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class EventLinkRow(Base):
    """One event on one book: the book's ids and spellings, and how the match was made."""

    __tablename__ = "event_links"
    __table_args__ = (
        sa.UniqueConstraint("book_id", "book_event_id"),
        sa.CheckConstraint("match_method IN ('sr_id', 'genius_id', 'fallback')", name="method"),
    )

    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    book_id: Mapped[int] = mapped_column(SmallId, sa.ForeignKey("books.id"), primary_key=True)
    book_event_id: Mapped[str] = mapped_column(sa.String(64))
    tournament_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("tournaments.id", ondelete="SET NULL"), index=True
    )
    home: Mapped[str] = mapped_column(sa.String(255))
    away: Mapped[str] = mapped_column(sa.String(255))
    kickoff: Mapped[datetime]
    match_method: Mapped[str] = mapped_column(sa.String(16))
    confidence: Mapped[float] = mapped_column(sa.Float)
    first_seen_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]


class CurrentOddsRow(Base):
    """The latest prices of one (event, book, market, line).

    `last_confirmed_at` is when this row was last written as seen; while `available`, the
    (event, book) row of `odds_confirmations` may be later, and the later of the two counts.
    """

    __tablename__ = "market_odds_current"

    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    book_id: Mapped[int] = mapped_column(sa.SmallInteger, primary_key=True, autoincrement=False)
    market_id: Mapped[int] = mapped_column(sa.SmallInteger, primary_key=True, autoincrement=False)
    line_key: Mapped[int] = mapped_column(sa.SmallInteger, primary_key=True, autoincrement=False)
    outcome_set_id: Mapped[int] = mapped_column(sa.Integer)
    prices: Mapped[bytes] = mapped_column(sa.LargeBinary)
    available: Mapped[bool] = mapped_column(sa.Boolean)
    unavailable_since: Mapped[datetime | None]
    last_changed_at: Mapped[datetime]
    last_confirmed_at: Mapped[datetime]


class ConfirmationRow(Base):
    """ "Every available market of this event on this book was seen at `confirmed_at`"."""

    __tablename__ = "odds_confirmations"

    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    book_id: Mapped[int] = mapped_column(sa.SmallInteger, primary_key=True, autoincrement=False)
    confirmed_at: Mapped[datetime]


market_odds_history = sa.Table(
    "market_odds_history",
    Base.metadata,
    # Column order is storage order on PostgreSQL: widest alignment first, bytes last.
    sa.Column("changed_at", UTCDateTime(), nullable=False),
    sa.Column("event_id", sa.Integer, nullable=False),
    sa.Column("outcome_set_id", sa.Integer, nullable=False),
    sa.Column("book_id", sa.SmallInteger, nullable=False),
    sa.Column("market_id", sa.SmallInteger, nullable=False),
    sa.Column("line_key", sa.SmallInteger, nullable=False),
    sa.Column("available", sa.Boolean, nullable=False),
    sa.Column("prices", sa.LargeBinary, nullable=False),
    sa.Index("ix_market_odds_history_event_id", "event_id"),
    postgresql_partition_by="RANGE (changed_at)",
)
"""Append-only, one row per change; no foreign keys (it outlives nothing and is dropped by day)."""


class ScrapeRunRow(Base):
    """One cycle. The id is allocated by the process (`batch.new_run_id`), not the database."""

    __tablename__ = "scrape_runs"

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=False)
    trigger: Mapped[str] = mapped_column(sa.String(32))
    status: Mapped[str] = mapped_column(sa.String(16), index=True)
    started_at: Mapped[datetime] = mapped_column(index=True)
    finished_at: Mapped[datetime | None]
    events_total: Mapped[int] = mapped_column(sa.Integer, server_default="0")
    events_ok: Mapped[int] = mapped_column(sa.Integer, server_default="0")
    events_failed: Mapped[int] = mapped_column(sa.Integer, server_default="0")
    books: Mapped[dict[str, Any]] = mapped_column(Json)
    error: Mapped[str | None] = mapped_column(sa.Text)


class EventScrapeStatusRow(Base):
    """How one event fared in one run. Like `scrape_errors`, a log: no foreign keys, so a
    batch can never fail on the order runs and events were written in; retention trims it."""

    __tablename__ = "event_scrape_status"

    run_id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=False)
    event_id: Mapped[int] = mapped_column(
        sa.Integer, primary_key=True, autoincrement=False, index=True
    )
    status: Mapped[str] = mapped_column(sa.String(16))
    books: Mapped[dict[str, Any]] = mapped_column(Json)
    markets: Mapped[int] = mapped_column(sa.Integer, server_default="0")
    duration_ms: Mapped[int] = mapped_column(sa.Integer, server_default="0")
    error: Mapped[str | None] = mapped_column(sa.Text)


class ScrapeErrorRow(Base):
    __tablename__ = "scrape_errors"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(index=True)
    run_id: Mapped[int | None] = mapped_column(sa.BigInteger, index=True)
    book: Mapped[str | None] = mapped_column(sa.String(32))
    event_id: Mapped[int | None] = mapped_column(sa.Integer)
    kind: Mapped[str] = mapped_column(sa.String(32))
    message: Mapped[str] = mapped_column(sa.Text)
    cause: Mapped[str | None] = mapped_column(sa.Text)


class AppSettingRow(Base):
    """Settings changed at runtime (interval, books, limits), one JSON value per key."""

    __tablename__ = "app_settings"

    key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(Json)
    updated_at: Mapped[datetime]


class CleanupRunRow(Base):
    __tablename__ = "cleanup_runs"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    trigger: Mapped[str] = mapped_column(sa.String(16))
    status: Mapped[str] = mapped_column(sa.String(16))
    started_at: Mapped[datetime] = mapped_column(index=True)
    finished_at: Mapped[datetime | None]
    retention_days: Mapped[int] = mapped_column(sa.Integer)
    cutoff: Mapped[datetime]
    counts: Mapped[dict[str, Any]] = mapped_column(Json)
    error: Mapped[str | None] = mapped_column(sa.Text)


class StorageSampleRow(Base):
    __tablename__ = "storage_samples"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    sampled_at: Mapped[datetime] = mapped_column(index=True)
    total_bytes: Mapped[int] = mapped_column(sa.BigInteger)
    tables: Mapped[dict[str, Any]] = mapped_column(Json)


class StorageAlertRow(Base):
    __tablename__ = "storage_alerts"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(sa.String(32))
    message: Mapped[str] = mapped_column(sa.Text)
    current_bytes: Mapped[int] = mapped_column(sa.BigInteger)
    previous_bytes: Mapped[int | None] = mapped_column(sa.BigInteger)
    growth_pct: Mapped[float | None] = mapped_column(sa.Float)
    resolved_at: Mapped[datetime | None]


class WrittenBatchRow(Base):
    """Ledger of applied write batches: a replayed batch already here is skipped whole."""

    __tablename__ = "write_batches"

    batch_id: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    written_at: Mapped[datetime] = mapped_column(index=True)


HISTORY = market_odds_history
CURRENT = CurrentOddsRow.__table__
CONFIRMATIONS = ConfirmationRow.__table__
