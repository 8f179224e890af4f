"""Engines and migrations. Nothing here runs at import time."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, overload

import psycopg
from alembic import command
from alembic.config import Config
from psycopg import pq
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL, make_url

MIGRATIONS = Path(__file__).parent / "migrations"

#: One column of a DB-API cursor description: name, type code and five unknowns.
ColumnDescription = tuple[str, int, None, None, None, None, None]
_ROWS = (pq.ExecStatus.TUPLES_OK, pq.ExecStatus.SINGLE_TUPLE, pq.ExecStatus.TUPLES_CHUNK)


class _Description(Sequence[ColumnDescription]):
    """A result's columns, described only when someone looks: SQLAlchemy asks on every
    execution whether a statement returned rows, but reads the columns only the first time it
    runs a statement (it keeps what it learnt with the compiled statement). psycopg's own
    ``description`` describes every column of every result, a third of the driver's time per
    statement."""

    __slots__ = ("_columns", "_connection", "_result")

    def __init__(self, result: pq.abc.PGresult, connection: psycopg.Connection[Any]) -> None:
        self._result = result
        self._connection = connection
        self._columns: list[ColumnDescription] | None = None

    def _described(self) -> list[ColumnDescription]:
        if self._columns is None:
            encoding = self._connection.info.encoding
            result = self._result
            self._columns = [
                (
                    name.decode(encoding) if (name := result.fname(i)) else f"column_{i + 1}",
                    result.ftype(i),
                    None,
                    None,
                    None,
                    None,
                    None,
                )
                for i in range(result.nfields)
            ]
        return self._columns

    def __len__(self) -> int:
        return self._result.nfields

    @overload
    def __getitem__(self, index: int) -> ColumnDescription: ...
    @overload
    def __getitem__(self, index: slice) -> list[ColumnDescription]: ...
    def __getitem__(self, index: int | slice) -> ColumnDescription | list[ColumnDescription]:
        return self._described()[index]


class _Cursor(psycopg.RawCursor[Any]):
    """psycopg's raw cursor (the statement goes out as SQLAlchemy wrote it, with PostgreSQL's
    own placeholders) with a description made only when read."""

    @property
    def description(self) -> _Description | None:  # type: ignore[override]
        result = self.pgresult
        if result is None or not (result.nfields or result.status in _ROWS):
            return None
        return _Description(result, self.connection)


def database_url(url: str) -> URL:
    """``url`` parsed, with plain ``postgresql://`` meaning psycopg 3 (the driver the project
    ships; SQLAlchemy 2.0 would otherwise look for psycopg2)."""
    parsed = make_url(url)
    if parsed.drivername in {"postgresql", "postgres"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def make_engine(url: str, **options: Any) -> Engine:
    """An engine for ``url``. SQLite gets foreign keys, WAL, a busy timeout and immediate
    transactions, so concurrent writers wait for each other instead of failing halfway."""
    parsed = database_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            parsed, connect_args={"check_same_thread": False, "timeout": 30}, **options
        )

        @event.listens_for(engine, "connect")
        def _configure(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(connection: Any) -> None:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    # pool_pre_ping: a pooled connection is checked (one round trip) before each unit of work
    # uses it, so after a database restart no request fails on a connection that died with
    # the old server: the first dead one found makes the pool discard all connections of
    # that age and connect anew. Connections are also renewed after half an hour (before a
    # server or firewall idle timeout drops them).
    options.setdefault("pool_pre_ping", True)
    options.setdefault("pool_recycle", 1800)
    if "poolclass" not in options:
        options.setdefault("pool_size", 10)
        options.setdefault("max_overflow", 20)
    # PostgreSQL's own placeholders ($1, $2 …) and psycopg's raw cursors: psycopg then sends
    # each statement as SQLAlchemy wrote it, instead of parsing it for %(name)s placeholders
    # on every execution (it remembers the parse of statements up to 4 kB only, and Home's
    # read is longer).
    options.setdefault("paramstyle", "numeric_dollar")
    engine = create_engine(parsed, **options)

    @event.listens_for(engine, "connect")
    def _raw_cursors(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.cursor_factory = _Cursor
        dbapi_connection.server_cursor_factory = psycopg.RawServerCursor

    return engine


def database_unavailable(error: BaseException) -> bool:
    """Whether ``error`` means the database cannot be reached right now (down, restarting,
    refusing connections, the pool exhausted), as opposed to a bug or a refused statement."""
    if isinstance(error, sa_exc.DBAPIError):
        return error.connection_invalidated or isinstance(
            error, sa_exc.OperationalError | sa_exc.InterfaceError
        )
    return isinstance(error, sa_exc.TimeoutError)


def database_ready(engine: Engine) -> bool:
    """One round trip to the database; False when it cannot be reached."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except sa_exc.SQLAlchemyError as error:
        if database_unavailable(error):
            return False
        raise
    return True


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "heads") -> None:
    """Apply the migrations up to ``revision`` (all branches by default)."""
    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    command.downgrade(alembic_config(engine), revision)


def current_revisions(engine: Engine) -> set[str]:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())
