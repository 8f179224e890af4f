"""SQLite runs each unit of work as BEGIN IMMEDIATE: concurrent writers wait for each other
(busy timeout) instead of failing halfway or losing each other's updates."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

from deborg.adapters.sqlalchemy.database import make_engine
from deborg.adapters.sqlalchemy.uow import SqlAlchemyUnitOfWork
from deborg.domain.model import Group, School

THREADS, INCREMENTS = 4, 15


def test_concurrent_read_modify_write_loses_no_update(
    tmp_path: Path, sqlite_template: Path
) -> None:
    path = tmp_path / "race.sqlite3"
    shutil.copy(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    with SqlAlchemyUnitOfWork(engine) as uow:
        school = uow.schools.add(School(name="De Borg", code="99XX00"))
        group = uow.groups.add(Group(school_id=school.id, name="Teller", description="0"))
        uow.commit()
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def work() -> None:
        try:
            start.wait()
            for _ in range(INCREMENTS):
                with SqlAlchemyUnitOfWork(engine) as uow:
                    counter = uow.groups.get(school.id, group.id)
                    assert counter is not None
                    counter.description = str(int(counter.description) + 1)
                    uow.groups.update(counter)
                    uow.commit()
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with SqlAlchemyUnitOfWork(engine) as uow:
        final = uow.groups.get(school.id, group.id)
    assert final is not None
    assert final.description == str(THREADS * INCREMENTS)
    engine.dispose()
