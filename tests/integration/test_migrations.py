"""The migrations run up and down on SQLite and on PostgreSQL, each in a database of its
own; at head no table announces its changes any more (0008 dropped 0007's triggers)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import make_url

from deborg.adapters.sqlalchemy.database import (
    current_revisions,
    downgrade,
    make_engine,
    upgrade,
)
from deborg.adapters.sqlalchemy.uow import SqlAlchemyUnitOfWork
from deborg.domain.content.model import AgendaItem, Audience, Message, Reply, RichText
from deborg.domain.model import Parent, School, StaffMember
from tests.conftest import POSTGRES_URL

HEAD = "0020_stored_search_documents"


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'migrations.sqlite3'}")
        yield engine
        engine.dispose()
        return
    if not POSTGRES_URL:
        pytest.skip("DEBORG_TEST_DATABASE_URL is not set")
    url = make_url(POSTGRES_URL)
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    name = f"deborg_migrations_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    engine = make_engine(url.set(database=name).render_as_string(hide_password=False))
    yield engine
    engine.dispose()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def notify_triggers(engine: Engine) -> tuple[int, int]:
    """(triggers named deborg_changes, functions named deborg_notify_change) on PostgreSQL."""
    if engine.dialect.name != "postgresql":
        return 0, 0
    with engine.connect() as connection:
        triggers = connection.execute(
            text("SELECT count(*) FROM pg_trigger WHERE tgname = 'deborg_changes'")
        ).scalar_one()
        functions = connection.execute(
            text("SELECT count(*) FROM pg_proc WHERE proname = 'deborg_notify_change'")
        ).scalar_one()
    return triggers, functions


def test_the_migrations_run_up_and_down(empty_engine: Engine) -> None:
    upgrade(empty_engine)
    assert current_revisions(empty_engine) == {HEAD}
    tables = set(inspect(empty_engine).get_table_names())
    assert notify_triggers(empty_engine) == (0, 0)

    downgrade(empty_engine, "0007_change_notifications")
    if empty_engine.dialect.name == "postgresql":
        triggers, functions = notify_triggers(empty_engine)
        assert triggers > 20
        assert functions == 1
    upgrade(empty_engine)
    assert notify_triggers(empty_engine) == (0, 0)

    downgrade(empty_engine, "base")
    assert set(inspect(empty_engine).get_table_names()) <= {"alembic_version"}
    upgrade(empty_engine)
    assert set(inspect(empty_engine).get_table_names()) == tables
    assert notify_triggers(empty_engine) == (0, 0)


def test_0015_moves_an_all_day_items_end_to_midnight_in_the_schools_time(
    empty_engine: Engine,
) -> None:
    """An all-day item on the day winter time starts (25 hours) ended an hour early by the
    old rule (start + 24 h): the migration recomputes it, its downgrade restores the old."""
    upgrade(empty_engine)
    sunday = dt.datetime(2026, 10, 24, 22, 0, tzinfo=dt.UTC)  # 25 October, 0.00 in Assen
    with SqlAlchemyUnitOfWork(empty_engine) as uow:
        school = uow.schools.add(School(name="De Borg", code="99XX00"))
        item = uow.agenda.add(
            AgendaItem(school.id, "Herfstmarkt", RichText("", ""), Audience.whole_school(),
                       starts_at=sunday, ends_at=sunday, published_at=sunday, all_day=True)
        )  # fmt: skip
        uow.commit()

    def over_at() -> dt.datetime:
        with SqlAlchemyUnitOfWork(empty_engine) as uow:
            found = uow.agenda.get(school.id, item.id)
            assert found is not None
            return found.over_at

    downgrade(empty_engine, "0014_content_reads")
    assert over_at() == sunday + dt.timedelta(hours=24)  # 23.00 on Sunday in Assen
    upgrade(empty_engine)
    assert over_at() == sunday + dt.timedelta(hours=25)  # midnight in Assen


def test_replies_from_before_0016_count_as_read_by_every_staff_member_of_their_school(
    empty_engine: Engine,
) -> None:
    upgrade(empty_engine, "0014_content_reads")
    at = dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)
    with SqlAlchemyUnitOfWork(empty_engine) as uow:
        school = uow.schools.add(School(name="De Borg", code="99XX00"))
        other = uow.schools.add(School(name="De Esch", code="98YY11"))
        parent = uow.parents.add(Parent(school_id=school.id, login_name="p@example.nl"))
        anja = uow.staff.add(StaffMember(school_id=school.id, name="Anja", email="a@borg.nl"))
        wendy = uow.staff.add(StaffMember(school_id=school.id, name="Wendy", email="w@borg.nl"))
        uow.staff.add(StaffMember(school_id=other.id, name="Olga", email="o@esch.nl"))
        message = uow.messages.add(
            Message(school.id, "Oproep", RichText("x", "x"), Audience(), at, allow_replies=True)
        )
        uow.messages.add(Message(school.id, "Zonder reacties", RichText("x", "x"), Audience(), at))
        for minutes in (5, 30, 10):
            uow.replies.add(
                Reply(school.id, message.id, parent.id, "Ja.", at + dt.timedelta(minutes=minutes))
            )
        uow.commit()
    upgrade(empty_engine)
    with empty_engine.connect() as connection:
        rows = connection.execute(
            text("SELECT staff_id, message_id, school_id FROM reply_reads ORDER BY staff_id")
        ).all()
    assert [tuple(r) for r in rows] == [
        (anja.id, message.id, school.id),
        (wendy.id, message.id, school.id),
    ]
    with SqlAlchemyUnitOfWork(empty_engine) as uow:
        read = uow.reply_reads.for_staff(school.id, anja.id, [message.id])
    assert read == {message.id: at + dt.timedelta(minutes=30)}
