"""The SQL unit of work declares every repository of the UnitOfWork port and has each one
inside ``with uow:``. mypy checks the types (``deborg.adapters.sqlalchemy.uow``); this test
catches a name that drifts at run time."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from psycopg import pq
from sqlalchemy import Engine, text

from deborg.adapters.sqlalchemy.database import make_engine
from deborg.adapters.sqlalchemy.tables import SchoolRow
from deborg.adapters.sqlalchemy.uow import SqlAlchemyUnitOfWork
from deborg.domain.model import School
from deborg.ports.uow import UnitOfWork

#: The repositories of the port: every attribute annotated on the Protocol.
PORT_REPOSITORIES = sorted(UnitOfWork.__annotations__)


def test_the_sql_unit_of_work_declares_and_has_every_repository_of_the_port(
    sql_engine: Engine,
) -> None:
    assert set(PORT_REPOSITORIES) <= set(SqlAlchemyUnitOfWork.__annotations__)
    uow: UnitOfWork = SqlAlchemyUnitOfWork(sql_engine)
    with uow:
        missing = [name for name in PORT_REPOSITORIES if not hasattr(uow, name)]
        assert missing == []
        assert uow.schools.list() == []


def _school_names(engine: Engine) -> list[str]:
    with SqlAlchemyUnitOfWork(engine) as uow:
        return [s.name for s in uow.schools.list()]


def test_leaving_without_commit_undoes_what_the_unit_of_work_wrote(sql_engine: Engine) -> None:
    with SqlAlchemyUnitOfWork(sql_engine) as uow:
        school = uow.schools.add(School(name="Kindcentrum De Borg", code="99XX00", city="Assen"))
        uow.commit()
    with SqlAlchemyUnitOfWork(sql_engine) as uow:  # a statement of its own, after a read
        uow.schools.list()
        assert uow.session is not None
        uow.session.execute(text("UPDATE schools SET name = 'Overschreven'"))
    with SqlAlchemyUnitOfWork(sql_engine) as uow:  # a change the session has not flushed
        uow.schools.list()
        assert uow.session is not None
        uow.session.get_one(SchoolRow, school.id).name = "Ook overschreven"
    with pytest.raises(RuntimeError, match="the use case failed"):
        _add_and_fail(sql_engine)
    assert _school_names(sql_engine) == ["Kindcentrum De Borg"]


def _add_and_fail(engine: Engine) -> None:
    with SqlAlchemyUnitOfWork(engine) as uow:
        uow.schools.add(School(name="De Kroonsteen", code="97ZZ22", city="Assen"))
        raise RuntimeError("the use case failed")


def test_statements_stay_prepared_from_one_read_only_unit_of_work_to_the_next(
    sql_engine: Engine,
) -> None:
    """psycopg prepares a statement it has run five times on a connection (PostgreSQL then
    plans it once), and forgets every prepared statement on a rollback: a unit of work that
    only read ends with COMMIT, so the statements every page repeats stay prepared."""
    if sql_engine.dialect.name != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's (psycopg)")
    engine = make_engine(sql_engine.url.render_as_string(hide_password=False), pool_size=1)
    try:
        for _ in range(8):
            _school_names(engine)
        with SqlAlchemyUnitOfWork(engine) as uow:
            assert uow.session is not None
            prepared = uow.session.execute(
                text("SELECT statement FROM pg_prepared_statements")
            ).scalars()
            assert any("FROM schools" in statement for statement in prepared)
    finally:
        engine.dispose()


@pytest.fixture
def one_connection(sql_engine: Engine) -> Iterator[Engine]:
    """An engine of its own with one pooled connection (PostgreSQL): what one unit of work
    leaves on the connection, the next one finds."""
    if sql_engine.dialect.name != "postgresql":
        pytest.skip("reading outside a transaction is PostgreSQL's (psycopg)")
    engine = make_engine(sql_engine.url.render_as_string(hide_password=False), pool_size=1)
    yield engine
    engine.dispose()


def _in_transaction(uow: SqlAlchemyUnitOfWork) -> bool:
    assert uow.session is not None
    dbapi_connection = uow.session.connection().connection.dbapi_connection
    assert isinstance(dbapi_connection, psycopg.Connection)
    return dbapi_connection.info.transaction_status is not pq.TransactionStatus.IDLE


def test_a_unit_of_work_reads_outside_a_transaction_until_it_writes(
    one_connection: Engine,
) -> None:
    """A page that only reads is spared BEGIN and COMMIT; the first write begins the
    transaction, and leaving without commit() still undoes it."""
    with SqlAlchemyUnitOfWork(one_connection) as uow:
        uow.schools.add(School(name="Kindcentrum De Borg", code="99XX00", city="Assen"))
        uow.commit()
    with SqlAlchemyUnitOfWork(one_connection) as uow:
        assert _school_names_in(uow) == ["Kindcentrum De Borg"]
        assert not _in_transaction(uow)
        assert uow.session is not None
        uow.session.execute(text("UPDATE schools SET name = 'Overschreven'"))
        assert _in_transaction(uow)
    assert _school_names(one_connection) == ["Kindcentrum De Borg"]
    with one_connection.connect() as connection:  # not a unit of work: a transaction as ever
        connection.execute(text("SELECT 1"))
        dbapi_connection = connection.connection.dbapi_connection
        assert isinstance(dbapi_connection, psycopg.Connection)
        assert dbapi_connection.info.transaction_status is pq.TransactionStatus.INTRANS


def _school_names_in(uow: SqlAlchemyUnitOfWork) -> list[str]:
    return [s.name for s in uow.schools.list()]


def test_a_lock_taken_by_a_unit_of_work_holds_until_it_ends(one_connection: Engine) -> None:
    with SqlAlchemyUnitOfWork(one_connection) as uow:
        school = uow.schools.add(School(name="Kindcentrum De Borg", code="99XX00", city="Assen"))
        uow.commit()
    url = one_connection.url.set(drivername="postgresql").render_as_string(hide_password=False)
    with SqlAlchemyUnitOfWork(one_connection) as uow, psycopg.connect(url) as other:
        uow.schools.lock(school.id)  # SELECT … FOR UPDATE, the unit of work's first statement
        with pytest.raises(psycopg.errors.LockNotAvailable):
            other.execute("SELECT id FROM schools WHERE id = %s FOR UPDATE NOWAIT", [school.id])
