"""Initial schema: books, events, links, current odds, partitioned change history, runs, upkeep.

Revision ID: 0001
Revises:
Create Date: 2026-05-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

from oddsdesk.store.models import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SmallId = sa.SmallInteger().with_variant(sa.Integer(), "sqlite")
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Json = sa.JSON().with_variant(JSONB(), "postgresql")


def _ts(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, UTCDateTime(), nullable=nullable)


PARTITION_FUNCTION = """
CREATE OR REPLACE FUNCTION oddsdesk_ensure_history_partitions(first_day date, last_day date)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    day date;
    part text;
    low timestamptz;
    high timestamptz;
    created integer := 0;
BEGIN
    -- One maintainer at a time: start-up, the daily job and an upgrade may overlap.
    PERFORM pg_advisory_xact_lock(hashtext('oddsdesk_ensure_history_partitions'));
    day := first_day;
    WHILE day <= last_day LOOP
        part := 'market_odds_history_p' || to_char(day, 'YYYYMMDD');
        IF to_regclass(part) IS NULL THEN
            low := day::timestamp AT TIME ZONE 'UTC';
            high := (day + 1)::timestamp AT TIME ZONE 'UTC';
            EXECUTE format(
                'CREATE TABLE %I (LIKE market_odds_history INCLUDING DEFAULTS INCLUDING CONSTRAINTS)',
                part);
            -- Rows the DEFAULT partition caught for this day move in before the attach.
            EXECUTE format(
                'WITH moved AS (DELETE FROM market_odds_history_default '
                'WHERE changed_at >= %L AND changed_at < %L RETURNING *) '
                'INSERT INTO %I SELECT * FROM moved', low, high, part);
            EXECUTE format(
                'ALTER TABLE market_odds_history ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
                part, low, high);
            created := created + 1;
        END IF;
        day := day + 1;
    END LOOP;
    RETURN created;
END
$$;
"""


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"

    books = op.create_table(
        "books",
        sa.Column("id", SmallId, nullable=False),
        sa.Column("slug", sa.String(32), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_books"),
        sa.UniqueConstraint("slug", name="uq_books_slug"),
    )
    op.bulk_insert(
        books,
        [
            {"id": 1, "slug": "betpawa", "name": "BetPawa"},
            {"id": 2, "slug": "sportybet", "name": "SportyBet"},
            {"id": 3, "slug": "bet9ja", "name": "Bet9ja"},
        ],
    )
    if postgres:
        op.execute("SELECT setval(pg_get_serial_sequence('books', 'id'), 3)")
    op.create_table(
        "markets",
        sa.Column("id", SmallId, nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_markets"),
        sa.UniqueConstraint("code", name="uq_markets_code"),
    )
    op.create_table(
        "outcome_sets",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("names", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_outcome_sets"),
        sa.UniqueConstraint("names", name="uq_outcome_sets_names"),
    )
    op.create_table(
        "tournaments",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("book_id", SmallId, nullable=False),
        sa.Column("external_id", sa.String(128), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("country", sa.String(128), nullable=True),
        sa.ForeignKeyConstraint(["book_id"], ["books.id"], name="fk_tournaments_book_id_books"),
        sa.PrimaryKeyConstraint("id", name="pk_tournaments"),
        sa.UniqueConstraint("book_id", "external_id", name="uq_tournaments_book_id_external_id"),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("event_key", sa.String(160), nullable=False),
        sa.Column("sr_id", sa.String(64), nullable=True),
        sa.Column("home", sa.String(255), nullable=False),
        sa.Column("away", sa.String(255), nullable=False),
        _ts("kickoff"),
        sa.Column("tournament_id", sa.Integer, nullable=True),
        sa.Column("status", sa.String(16), server_default="prematch", nullable=False),
        _ts("created_at"),
        _ts("updated_at"),
        sa.CheckConstraint("status IN ('prematch', 'live', 'finished')", name="ck_events_status"),
        sa.ForeignKeyConstraint(
            ["tournament_id"],
            ["tournaments.id"],
            name="fk_events_tournament_id_tournaments",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_events"),
        sa.UniqueConstraint("event_key", name="uq_events_event_key"),
        sa.UniqueConstraint("sr_id", name="uq_events_sr_id"),
    )
    op.create_index("ix_events_kickoff", "events", ["kickoff"])
    op.create_index("ix_events_tournament_id", "events", ["tournament_id"])
    op.create_table(
        "event_links",
        sa.Column("event_id", sa.Integer, nullable=False),
        sa.Column("book_id", SmallId, nullable=False),
        sa.Column("book_event_id", sa.String(64), nullable=False),
        sa.Column("tournament_id", sa.Integer, nullable=True),
        sa.Column("home", sa.String(255), nullable=False),
        sa.Column("away", sa.String(255), nullable=False),
        _ts("kickoff"),
        sa.Column("match_method", sa.String(16), nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        _ts("first_seen_at"),
        _ts("last_seen_at"),
        sa.CheckConstraint(
            "match_method IN ('sr_id', 'genius_id', 'fallback')", name="ck_event_links_method"
        ),
        sa.ForeignKeyConstraint(["book_id"], ["books.id"], name="fk_event_links_book_id_books"),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name="fk_event_links_event_id_events",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tournament_id"],
            ["tournaments.id"],
            name="fk_event_links_tournament_id_tournaments",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("event_id", "book_id", name="pk_event_links"),
        sa.UniqueConstraint(
            "book_id", "book_event_id", name="uq_event_links_book_id_book_event_id"
        ),
    )
    op.create_index("ix_event_links_tournament_id", "event_links", ["tournament_id"])
    op.create_table(
        "market_odds_current",
        sa.Column("event_id", sa.Integer, nullable=False),
        sa.Column("book_id", sa.SmallInteger, nullable=False),
        sa.Column("market_id", sa.SmallInteger, nullable=False),
        sa.Column("line_key", sa.SmallInteger, nullable=False),
        sa.Column("outcome_set_id", sa.Integer, nullable=False),
        sa.Column("prices", sa.LargeBinary, nullable=False),
        sa.Column("available", sa.Boolean, nullable=False),
        _ts("unavailable_since", nullable=True),
        _ts("last_changed_at"),
        _ts("last_confirmed_at"),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name="fk_market_odds_current_event_id_events",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "event_id", "book_id", "market_id", "line_key", name="pk_market_odds_current"
        ),
    )
    op.create_table(
        "odds_confirmations",
        sa.Column("event_id", sa.Integer, nullable=False),
        sa.Column("book_id", sa.SmallInteger, nullable=False),
        _ts("confirmed_at"),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name="fk_odds_confirmations_event_id_events",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", "book_id", name="pk_odds_confirmations"),
    )
    op.create_table(
        "market_odds_history",
        _ts("changed_at"),
        sa.Column("event_id", sa.Integer, nullable=False),
        sa.Column("outcome_set_id", sa.Integer, nullable=False),
        sa.Column("book_id", sa.SmallInteger, nullable=False),
        sa.Column("market_id", sa.SmallInteger, nullable=False),
        sa.Column("line_key", sa.SmallInteger, nullable=False),
        sa.Column("available", sa.Boolean, nullable=False),
        sa.Column("prices", sa.LargeBinary, nullable=False),
        postgresql_partition_by="RANGE (changed_at)",
    )
    op.create_index("ix_market_odds_history_event_id", "market_odds_history", ["event_id"])
    if postgres:
        op.execute(
            "CREATE TABLE market_odds_history_default PARTITION OF market_odds_history DEFAULT"
        )
        op.execute(PARTITION_FUNCTION)
        op.execute(
            "SELECT oddsdesk_ensure_history_partitions("
            "(now() AT TIME ZONE 'UTC')::date - 1, (now() AT TIME ZONE 'UTC')::date + 7)"
        )
    op.create_table(
        "scrape_runs",
        sa.Column("id", sa.BigInteger, autoincrement=False, nullable=False),
        sa.Column("trigger", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        _ts("started_at"),
        _ts("finished_at", nullable=True),
        sa.Column("events_total", sa.Integer, server_default="0", nullable=False),
        sa.Column("events_ok", sa.Integer, server_default="0", nullable=False),
        sa.Column("events_failed", sa.Integer, server_default="0", nullable=False),
        sa.Column("books", Json, nullable=False),
        sa.Column("error", sa.Text, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_scrape_runs"),
    )
    op.create_index("ix_scrape_runs_started_at", "scrape_runs", ["started_at"])
    op.create_index("ix_scrape_runs_status", "scrape_runs", ["status"])
    op.create_table(
        "event_scrape_status",
        sa.Column("run_id", sa.BigInteger, autoincrement=False, nullable=False),
        sa.Column("event_id", sa.Integer, autoincrement=False, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("books", Json, nullable=False),
        sa.Column("markets", sa.Integer, server_default="0", nullable=False),
        sa.Column("duration_ms", sa.Integer, server_default="0", nullable=False),
        sa.Column("error", sa.Text, nullable=True),
        sa.PrimaryKeyConstraint("run_id", "event_id", name="pk_event_scrape_status"),
    )
    op.create_index("ix_event_scrape_status_event_id", "event_scrape_status", ["event_id"])
    op.create_table(
        "scrape_errors",
        sa.Column("id", BigId, nullable=False),
        _ts("occurred_at"),
        sa.Column("run_id", sa.BigInteger, nullable=True),
        sa.Column("book", sa.String(32), nullable=True),
        sa.Column("event_id", sa.Integer, nullable=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("cause", sa.Text, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_scrape_errors"),
    )
    op.create_index("ix_scrape_errors_occurred_at", "scrape_errors", ["occurred_at"])
    op.create_index("ix_scrape_errors_run_id", "scrape_errors", ["run_id"])
    op.create_table(
        "app_settings",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("value", Json, nullable=False),
        _ts("updated_at"),
        sa.PrimaryKeyConstraint("key", name="pk_app_settings"),
    )
    op.create_table(
        "cleanup_runs",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("trigger", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        _ts("started_at"),
        _ts("finished_at", nullable=True),
        sa.Column("retention_days", sa.Integer, nullable=False),
        _ts("cutoff"),
        sa.Column("counts", Json, nullable=False),
        sa.Column("error", sa.Text, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_cleanup_runs"),
    )
    op.create_index("ix_cleanup_runs_started_at", "cleanup_runs", ["started_at"])
    op.create_table(
        "storage_samples",
        sa.Column("id", sa.Integer, nullable=False),
        _ts("sampled_at"),
        sa.Column("total_bytes", sa.BigInteger, nullable=False),
        sa.Column("tables", Json, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_storage_samples"),
    )
    op.create_index("ix_storage_samples_sampled_at", "storage_samples", ["sampled_at"])
    op.create_table(
        "storage_alerts",
        sa.Column("id", sa.Integer, nullable=False),
        _ts("created_at"),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("current_bytes", sa.BigInteger, nullable=False),
        sa.Column("previous_bytes", sa.BigInteger, nullable=True),
        sa.Column("growth_pct", sa.Float, nullable=True),
        _ts("resolved_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_storage_alerts"),
    )
    op.create_index("ix_storage_alerts_created_at", "storage_alerts", ["created_at"])
    op.create_table(
        "write_batches",
        sa.Column("batch_id", sa.String(32), nullable=False),
        _ts("written_at"),
        sa.PrimaryKeyConstraint("batch_id", name="pk_write_batches"),
    )
    op.create_index("ix_write_batches_written_at", "write_batches", ["written_at"])


def downgrade() -> None:
    for table in (
        "write_batches",
        "storage_alerts",
        "storage_samples",
        "cleanup_runs",
        "app_settings",
        "scrape_errors",
        "event_scrape_status",
        "scrape_runs",
        "market_odds_history",
        "odds_confirmations",
        "market_odds_current",
        "event_links",
        "events",
        "tournaments",
        "outcome_sets",
        "markets",
        "books",
    ):
        op.drop_table(table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS oddsdesk_ensure_history_partitions(date, date)")
