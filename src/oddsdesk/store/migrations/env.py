"""Alembic environment: the package's metadata, on the connection `store.migrate` hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from oddsdesk.store.migrate import include_object
from oddsdesk.store.models import Base


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
