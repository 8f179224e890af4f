"""The SQL unit of work declares every repository of the UnitOfWork port and has each one
inside ``with uow:``. mypy checks the types (``deborg.adapters.sqlalchemy.uow``); this test
catches a name that drifts at run time."""

from __future__ import annotations

import pytest
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
