"""The scheduled jobs hold a school while they do its round (weekmail, cut-off mail,
reminders): two ``deborg mail run`` at once, from two machines' cron, then do each school's
round once, one after the other. Found by the two-node test: the second run's cut-off record
collided with the first's and that run crashed."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import Engine

from deborg.adapters.sqlalchemy.uow import SqlAlchemyUnitOfWork
from deborg.domain.model import School


def test_a_second_unit_of_work_waits_for_the_school_until_the_first_ends(
    sql_engine: Engine,
) -> None:
    if sql_engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer at a time: there is no second run to hold back")
    with SqlAlchemyUnitOfWork(sql_engine) as uow:
        school = uow.schools.add(School(name="De Borg", code="99XX00"))
        uow.commit()
    trying = threading.Event()
    got_it: list[float] = []

    def second_run() -> None:
        with SqlAlchemyUnitOfWork(sql_engine) as uow:
            trying.set()
            uow.schools.lock(school.id)
            got_it.append(time.monotonic())

    with SqlAlchemyUnitOfWork(sql_engine) as first:
        first.schools.lock(school.id)
        other = threading.Thread(target=second_run)
        other.start()
        assert trying.wait(10)
        time.sleep(0.3)  # the second run is asking meanwhile
        first_ended = time.monotonic()
        first.commit()
    other.join(10)

    assert got_it, "the second run never got the school"
    assert got_it[0] >= first_ended
