"""Engines and sessions, and the one boundary where database errors become `StoreError`."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import sqlalchemy as sa
from sqlalchemy import event, exc
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from oddsdesk.errors import StoreError

_TRANSIENT = (
    exc.OperationalError,
    exc.InterfaceError,
    exc.DisconnectionError,
    exc.TimeoutError,
    # raised by the drivers directly where we use them directly (COPY on PostgreSQL)
    psycopg.OperationalError,
    psycopg.InterfaceError,
    sqlite3.OperationalError,
)
_DRIVER_ERRORS = (psycopg.Error, sqlite3.Error)


def create_engine(
    url: str, *, busy_timeout_s: float = 10.0, connect_timeout_s: float = 5.0, echo: bool = False
) -> Engine:
    """An engine for a normalised URL (`sqlite+pysqlite:///…` or `postgresql+psycopg://…`).

    SQLite gets WAL (readers never block the writer), foreign keys and a busy timeout; its
    folder is created. PostgreSQL sessions run in UTC and dead pooled connections are replaced.
    """
    if url.startswith("sqlite"):
        path = sa.make_url(url).database
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, echo=echo, connect_args={"timeout": busy_timeout_s})
        _sqlite_pragmas(engine, busy_timeout_s)
        return engine
    return sa.create_engine(
        url,
        echo=echo,
        pool_pre_ping=True,
        pool_size=5,
        max_overflow=5,
        connect_args={
            "connect_timeout": max(1, round(connect_timeout_s)),
            "application_name": "oddsdesk",
            "options": "-c timezone=UTC",
        },
    )


def _sqlite_pragmas(engine: Engine, busy_timeout_s: float) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_s * 1000)}")
        cursor.close()


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def is_transient(error: BaseException) -> bool:
    """Worth retrying: the server is unreachable, restarting, locked, out of disk or a
    transaction lost a race — not a statement or data that would fail again."""
    if isinstance(error, exc.DBAPIError) and error.connection_invalidated:
        return True
    return isinstance(error, _TRANSIENT)


def describe(error: BaseException) -> str:
    """A one-line cause without the statement or its parameters (they may be megabytes)."""
    cause = getattr(error, "orig", None) or error
    text = str(cause).strip().splitlines()
    return f"{type(cause).__name__}: {text[0] if text else ''}".rstrip(": ")


@contextmanager
def store_errors(action: str) -> Iterator[None]:
    """Translate SQLAlchemy and driver errors raised inside into `StoreError(transient=…)`."""
    try:
        yield
    except StoreError:
        raise
    except (exc.SQLAlchemyError, *_DRIVER_ERRORS) as error:
        raise StoreError(f"{action}: {describe(error)}", transient=is_transient(error)) from error
