"""Databases for the pipeline tests: a migrated SQLite file, or a fresh PostgreSQL database."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from oddsdesk.config import normalise_database_url
from oddsdesk.store.db import create_engine
from oddsdesk.store.migrate import upgrade


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'oddsdesk.db'}"


@pytest.fixture
def postgres_db(postgres_url: str) -> Iterator[str]:
    """A fresh database on the test cluster, dropped afterwards."""
    name = f"pipeline_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(normalise_database_url(postgres_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = (
        make_url(normalise_database_url(postgres_url))
        .set(database=name)
        .render_as_string(hide_password=False)
    )
    engine = create_engine(url)
    try:
        upgrade(engine)  # production databases are upgraded by `oddsdesk db upgrade`
        engine.dispose()
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def count(engine: sa.Engine, table: str, where: str = "1=1", **params: object) -> int:
    with engine.connect() as conn:
        return conn.execute(
            sa.text(f"SELECT count(*) FROM {table} WHERE {where}"), params
        ).scalar_one()
