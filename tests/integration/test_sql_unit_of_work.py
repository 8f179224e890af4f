"""The SQL unit of work declares every repository of the UnitOfWork port and has each one
inside ``with uow:``. mypy checks the types (``deborg.adapters.sqlalchemy.uow``); this test
catches a name that drifts at run time."""

from __future__ import annotations

from sqlalchemy import Engine

from deborg.adapters.sqlalchemy.uow import SqlAlchemyUnitOfWork
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
