"""The migrations build exactly the models' schema, on both dialects, from the installed package."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from oddsdesk.errors import StoreError
from oddsdesk.store import migrate
from oddsdesk.store.db import create_engine
from oddsdesk.store.migrate import include_object
from oddsdesk.store.models import Base
from tests.store.conftest import postgres_database


def test_the_migrated_schema_is_the_models_schema(db) -> None:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_object": include_object, "compare_type": True}
        )
        assert compare_metadata(context, Base.metadata) == []
    assert migrate.current_revision(db.engine) == migrate.head_revision()


def test_books_are_seeded(db) -> None:
    with db.engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT id, slug FROM books ORDER BY id")).all()
    assert [tuple(r) for r in rows] == [(1, "betpawa"), (2, "sportybet"), (3, "bet9ja")]


def test_migrations_ship_inside_the_package() -> None:
    location = Path(migrate.alembic_config().get_main_option("script_location"))
    assert (location / "env.py").is_file()
    assert location.parent == Path(migrate.__file__).parent
    assert list((location / "versions").glob("0001_*.py"))


def test_a_fresh_sqlite_file_is_created_and_upgraded_on_start(tmp_path) -> None:
    engine = create_engine(f"sqlite+pysqlite:///{tmp_path}/deep/demo.db")
    migrate.prepare_database(engine)
    migrate.prepare_database(engine)  # and again: nothing to do
    assert migrate.current_revision(engine) == migrate.head_revision()
    engine.dispose()


@pytest.mark.postgres
def test_postgres_is_never_upgraded_behind_the_operators_back(postgres_url) -> None:
    for url in postgres_database(postgres_url, "store_not_upgraded"):
        engine = create_engine(url)
        with pytest.raises(StoreError, match="oddsdesk db upgrade"):
            migrate.prepare_database(engine)
        migrate.upgrade(engine)
        migrate.prepare_database(engine)
        engine.dispose()


def test_downgrade_and_upgrade_again(db) -> None:
    migrate.downgrade(db.engine, "base")
    with db.engine.connect() as conn:
        assert set(sa.inspect(conn).get_table_names()) == {"alembic_version"}
    migrate.upgrade(db.engine)
    assert migrate.current_revision(db.engine) == migrate.head_revision()
    test_the_migrated_schema_is_the_models_schema(db)


@pytest.mark.postgres
def test_partitions_exist_ahead_and_the_default_catches_the_rest(pg) -> None:
    db = pg
    today = datetime.now(UTC).date()
    names = _partitions(db)
    for offset in range(-1, migrate.PARTITION_DAYS_AHEAD + 1):
        assert f"market_odds_history_p{today + timedelta(days=offset):%Y%m%d}" in names
    assert "market_odds_history_default" in names

    far = datetime.now(UTC).replace(microsecond=0) + timedelta(days=60)
    _insert_history(db, far)
    assert _where(db, far) == "market_odds_history_default"  # an insert never fails

    assert migrate.ensure_partitions(db.engine, today=far.date(), days_ahead=0) == 2
    assert _where(db, far) == f"market_odds_history_p{far:%Y%m%d}"  # moved, not lost
    assert db.count("market_odds_history") == 1
    assert migrate.ensure_partitions(db.engine, today=far.date(), days_ahead=0) == 0


def _partitions(db) -> set[str]:
    with db.engine.connect() as conn:
        return set(
            conn.execute(
                sa.text(
                    "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                    "WHERE i.inhparent = 'market_odds_history'::regclass"
                )
            ).scalars()
        )


def _insert_history(db, when: datetime) -> None:
    with db.engine.begin() as conn:
        conn.execute(
            sa.text("INSERT INTO market_odds_history VALUES (:t, 1, 1, 1, 1, 1, true, :p)"),
            {"t": when, "p": b"\x01"},
        )


def _where(db, when: datetime) -> str:
    with db.engine.connect() as conn:
        return conn.execute(
            sa.text(
                "SELECT tableoid::regclass::text FROM market_odds_history WHERE changed_at = :t"
            ),
            {"t": when},
        ).scalar_one()
