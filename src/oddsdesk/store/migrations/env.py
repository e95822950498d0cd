"""Alembic environment: the package's metadata, on the connection `store.migrate` hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from oddsdesk.store.models import Base


def include_object(obj, name, type_, reflected, compare_to) -> bool:  # type: ignore[no-untyped-def]
    """Day partitions of the history are made by the maintenance function, not by the models."""
    return not (type_ == "table" and reflected and str(name).startswith("market_odds_history_"))


def run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        include_object=include_object,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("oddsdesk migrations run online only: use `oddsdesk db upgrade`")
run(context.config.attributes["connection"])
