"""Schema upgrades and upkeep: Alembic from the installed package, history partitions ahead.

`prepare_database` is what every process calls at start-up: a SQLite file (the demo's default) is
created or upgraded on the spot; a PostgreSQL database must have been upgraded with
`oddsdesk db upgrade` (schema changes there are an operator's decision), and gets its
partitions for the days ahead.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from importlib.resources import files

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text
from sqlalchemy.engine import Engine

from oddsdesk.errors import StoreError
from oddsdesk.logging import get_logger
from oddsdesk.store.db import store_errors

log = get_logger(__name__)

PARTITION_DAYS_AHEAD = 7


def include_object(obj, name, type_, reflected, compare_to) -> bool:  # type: ignore[no-untyped-def]
    """For autogenerate: day partitions of the history come from the maintenance function,
    not from the models."""
    return not (type_ == "table" and reflected and str(name).startswith("market_odds_history_"))


def alembic_config(connection: Connection | None = None) -> Config:
    """A config that finds the migrations inside the package, wherever it is installed."""
    config = Config()
    config.set_main_option("script_location", str(files("oddsdesk.store") / "migrations"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with store_errors("read schema revision"), engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply the migrations up to `revision` in one transaction (both dialects do DDL in one)."""
    with store_errors("upgrade schema"), engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)
    log.info("schema upgraded", revision=current_revision(engine))


def downgrade(engine: Engine, revision: str) -> None:
    with store_errors("downgrade schema"), engine.begin() as connection:
        command.downgrade(alembic_config(connection), revision)


def ensure_partitions(
    engine: Engine, *, today: date | None = None, days_ahead: int = PARTITION_DAYS_AHEAD
) -> int:
    """Create the history's day partitions from yesterday to `days_ahead` (PostgreSQL only).

    Idempotent; rows the DEFAULT partition caught for a new day are moved into it. Returns how
    many partitions were created.
    """
    if engine.dialect.name != "postgresql":
        return 0
    today = today or datetime.now(UTC).date()
    with store_errors("create history partitions"), engine.begin() as connection:
        created = connection.execute(
            text("SELECT oddsdesk_ensure_history_partitions(:first, :last)"),
            {"first": today - timedelta(days=1), "last": today + timedelta(days=days_ahead)},
        ).scalar_one()
    if created:
        log.info(
            "history partitions created",
            count=created,
            through=str(today + timedelta(days=days_ahead)),
        )
    return int(created)


def prepare_database(engine: Engine) -> None:
    """Make the database usable by this version, or say exactly what the operator must do."""
    head = head_revision()
    current = current_revision(engine)
    if engine.dialect.name == "sqlite":
        if current != head:
            upgrade(engine)
        return
    if current != head:
        raise StoreError(
            f"database schema is at {current or 'nothing'}, this oddsdesk needs {head}: "
            "run `oddsdesk db upgrade`"
        )
    ensure_partitions(engine)
