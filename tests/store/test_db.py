"""Database errors become `StoreError` at one boundary, with the right `transient` flag."""

from __future__ import annotations

import socket
import sqlite3

import psycopg
import pytest
import sqlalchemy as sa
from sqlalchemy import exc

from oddsdesk.errors import StoreError
from oddsdesk.store.db import create_engine, describe, is_transient, store_errors


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (exc.OperationalError("SELECT 1", {}, Exception("server closed the connection")), True),
        (exc.InterfaceError("SELECT 1", {}, Exception("connection already closed")), True),
        (exc.DisconnectionError("gone"), True),
        (exc.TimeoutError("QueuePool limit reached"), True),
        (exc.IntegrityError("INSERT", {}, Exception("duplicate key")), False),
        (exc.DataError("INSERT", {}, Exception("value too long")), False),
        (exc.ProgrammingError("SELEC", {}, Exception("syntax error")), False),
        (exc.NotSupportedError("X", {}, Exception("no")), False),
        (exc.InternalError("X", {}, Exception("internal")), False),
        (exc.NoSuchTableError("nope"), False),
        (psycopg.OperationalError("consuming input failed"), True),
        (psycopg.errors.SerializationFailure("could not serialize"), True),
        (psycopg.errors.UniqueViolation("duplicate key"), False),
        (psycopg.errors.InvalidTextRepresentation("bad copy data"), False),
        (sqlite3.OperationalError("database is locked"), True),
        (sqlite3.IntegrityError("UNIQUE constraint failed"), False),
    ],
)
def test_every_database_error_is_translated(error: Exception, transient: bool) -> None:
    assert is_transient(error) is transient
    with pytest.raises(StoreError) as raised, store_errors("doing it"):
        raise error
    assert raised.value.transient is transient
    assert raised.value.__cause__ is error
    assert str(raised.value).startswith("doing it: ")


def test_a_lost_connection_is_transient_whatever_its_class() -> None:
    error = exc.DBAPIError("SELECT 1", {}, Exception("x"), connection_invalidated=True)
    assert is_transient(error)


def test_the_message_never_carries_the_statement_or_its_parameters() -> None:
    error = exc.IntegrityError(
        "INSERT INTO t VALUES (%s)", {"secret": "x" * 10_000}, Exception("dup\nDETAIL: k")
    )
    assert describe(error) == "Exception: dup"


def test_a_closed_port_is_a_transient_store_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    engine = create_engine(
        f"postgresql+psycopg://nobody@127.0.0.1:{port}/none", connect_timeout_s=1
    )
    with pytest.raises(StoreError) as raised, store_errors("connect"), engine.connect():
        pass
    assert raised.value.transient
    engine.dispose()


def test_sqlite_gets_wal_foreign_keys_and_its_folder(tmp_path) -> None:
    engine = create_engine(f"sqlite+pysqlite:///{tmp_path}/a/b/odds.db", busy_timeout_s=2.5)
    with engine.connect() as conn:
        pragmas = {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "foreign_keys", "busy_timeout")
        }
        assert conn.execute(sa.text("SELECT 1")).scalar() == 1
    assert pragmas == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 2500}
    engine.dispose()
