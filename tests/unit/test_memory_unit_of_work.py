"""The in-memory unit of work declares every repository of the UnitOfWork port. mypy checks
the types (``deborg.adapters.memory.uow``); this test catches a name that drifts at run time."""

from __future__ import annotations

from deborg.adapters.memory import MemoryUnitOfWork
from deborg.ports.uow import UnitOfWork

#: The repositories of the port: every attribute annotated on the Protocol.
PORT_REPOSITORIES = sorted(UnitOfWork.__annotations__)


def test_the_port_names_its_repositories() -> None:
    assert {"schools", "news", "bookings", "photos"} <= set(PORT_REPOSITORIES)


def test_the_memory_unit_of_work_declares_and_has_every_repository_of_the_port() -> None:
    uow: UnitOfWork = MemoryUnitOfWork()
    assert set(PORT_REPOSITORIES) <= set(MemoryUnitOfWork.__annotations__)
    missing = [name for name in PORT_REPOSITORIES if not hasattr(uow, name)]
    assert missing == []
    with uow:
        assert uow.schools.list() == []
