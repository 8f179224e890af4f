"""Engines and migrations. Nothing here runs at import time."""

from __future__ import annotations

import select
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Self, overload

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


#: A statement with this function is a full-text search (base.finding): never prepared.
_SEARCH = "websearch_to_tsquery("


class _Cursor(psycopg.RawCursor[Any]):
    """psycopg's raw cursor (the statement goes out as SQLAlchemy wrote it, with PostgreSQL's
    own placeholders) with a description made only when read.

    A full-text search is never prepared: the plan PostgreSQL makes for a prepared statement
    once it has run a few times is generic, made without the searched words, so it cannot
    know whether a word is rare (read the index of all schools' texts) or common (read the
    school's own items and test each): searching "document" with a thousand schools read
    20,000 index entries for the school's 20 documents."""

    def execute(
        self,
        query: Any,
        params: Any = None,
        *,
        prepare: bool | None = None,
        binary: bool | None = None,
    ) -> Self:
        if prepare is None and isinstance(query, str) and _SEARCH in query:
            prepare = False
        return super().execute(query, params, prepare=prepare, binary=binary)

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
    # A pooled connection is checked before each unit of work uses it (see _check_alive), so
    # that after a database restart no request fails on a connection that died with the old
    # server. Connections are also renewed after half an hour (before a server or firewall
    # idle timeout drops them).
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

    if not options.get("pool_pre_ping"):
        event.listen(engine, "checkout", _check_alive)
    return engine


def _check_alive(dbapi_connection: psycopg.Connection[Any], _record: Any, _proxy: Any) -> None:
    """Before a pooled connection is lent: a round trip (``SELECT 1``) only when something has
    arrived on its socket while it lay idle, else none. A server that shuts down or ends the
    session (a restart, a failover, ``pg_terminate_backend``) sends a FATAL message and closes
    the connection, which makes the socket readable; a healthy idle connection receives
    nothing. (go-sql-driver/mysql's connCheck does the same.) SQLAlchemy's ``pool_pre_ping``
    would send the round trip before every unit of work: a ninth of Home's CPU, two on every
    page. When the round trip fails, the pool drops the connection and lends a new one."""
    if _quiet(dbapi_connection):
        return
    try:
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except psycopg.Error as error:
        raise sa_exc.DisconnectionError(str(error)) from error


def _quiet(dbapi_connection: psycopg.Connection[Any]) -> bool:
    """Whether the connection is open, idle, and nothing waits to be read on its socket."""
    pgconn = dbapi_connection.pgconn
    if pgconn.status != pq.ConnStatus.OK or pgconn.transaction_status != pq.TransactionStatus.IDLE:
        return False
    try:
        poller = select.poll()
        poller.register(pgconn.socket, select.POLLIN)
        return not poller.poll(0)
    except (OSError, psycopg.Error):
        return False


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
