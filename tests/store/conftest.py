"""The `db` fixture: every store test runs on SQLite and on the real PostgreSQL.

Each test module gets its own migrated database (a SQLite file; a fresh PostgreSQL database on
the session's throwaway cluster); each test starts from empty tables.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session

from oddsdesk.config import normalise_database_url
from oddsdesk.store import migrate
from oddsdesk.store.db import create_engine
from oddsdesk.store.models import Base
from oddsdesk.store.writer import BatchWriter, RetryPolicy

FAST = RetryPolicy(attempts=2, backoff_s=0.01, backoff_max_s=0.05, park_s=0.05, park_max_s=0.2)
KEPT = {"books", "alembic_version"}


@dataclass
class Database:
    url: str
    engine: Engine

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    def count(self, table: str, where: str = "true", **params: object) -> int:
        with self.engine.connect() as conn:
            sql = sa.text(f"SELECT count(*) FROM {table} WHERE {where}")
            return conn.execute(sql, params).scalar_one()

    def writer(self, spool: Path, **kw: object) -> BatchWriter:
        kw.setdefault("retry", FAST)
        return BatchWriter(self.engine, spool, **kw)  # type: ignore[arg-type]

    def clean(self) -> None:
        tables = [t.name for t in Base.metadata.sorted_tables if t.name not in KEPT]
        with self.engine.begin() as conn:
            if self.dialect == "postgresql":
                conn.execute(sa.text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
            else:
                for table in reversed(tables):
                    conn.execute(sa.text(f"DELETE FROM {table}"))


def postgres_database(base_url: str, name: str) -> Iterator[str]:
    """A fresh database on the test cluster, dropped afterwards."""
    admin = sa.create_engine(normalise_database_url(base_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield (
            make_url(normalise_database_url(base_url))
            .set(database=name)
            .render_as_string(hide_password=False)
        )
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def migrated(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Database]:
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("sqlite") / "oddsdesk.db"
        urls: Iterator[str] = iter([f"sqlite+pysqlite:///{path}"])
    else:
        name = f"store_{request.module.__name__.rsplit('.', 1)[-1]}_{uuid.uuid4().hex[:8]}"
        urls = postgres_database(request.getfixturevalue("postgres_url"), name)
    url = next(urls)
    engine = create_engine(url)
    migrate.upgrade(engine)
    try:
        yield Database(url, engine)
    finally:
        engine.dispose()
        next(urls, None)


@pytest.fixture(scope="module")
def pg(request: pytest.FixtureRequest) -> Iterator[Database]:
    """A migrated PostgreSQL database alone, for what only PostgreSQL has (partitions)."""
    name = f"store_pg_{request.module.__name__.rsplit('.', 1)[-1]}_{uuid.uuid4().hex[:8]}"
    for url in postgres_database(request.getfixturevalue("postgres_url"), name):
        engine = create_engine(url)
        migrate.upgrade(engine)
        yield Database(url, engine)
        engine.dispose()


@pytest.fixture
def db(migrated: Database) -> Database:
    migrated.clean()
    return migrated
