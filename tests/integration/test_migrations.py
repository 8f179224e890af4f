"""The migrations run up and down on SQLite and on PostgreSQL, each in a database of its
own; at head no table announces its changes any more (0008 dropped 0007's triggers)."""

from __future__ import annotations

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
from tests.conftest import POSTGRES_URL

HEAD = "0015_content_recipients"


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
