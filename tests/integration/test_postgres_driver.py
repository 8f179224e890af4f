"""How the portal talks to PostgreSQL (adapters/sqlalchemy/database.py): PostgreSQL's own
placeholders through psycopg's raw cursors, and result columns described only when read.
What SQLAlchemy learns from a result must not change: the column names (also for a text
statement it has not seen before), whether rows came back, and the parameters of a statement
longer than psycopg's 4 kB parse cache. A pooled connection is lent without a round trip while
it is healthy, and replaced when the server has ended it."""

from __future__ import annotations

import time
from typing import Any

import psycopg
import pytest
from sqlalchemy import Engine, Integer, bindparam, text

from deborg.adapters.sqlalchemy import database
from deborg.adapters.sqlalchemy.uow import SqlAlchemyUnitOfWork
from deborg.domain.content.audience import Viewer
from deborg.domain.content.listing import Search


@pytest.fixture
def postgres(sql_engine: Engine) -> Engine:
    if sql_engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's driver settings")
    return sql_engine


def test_a_result_is_described_by_the_names_the_statement_gives(postgres: Engine) -> None:
    with postgres.connect() as connection:
        result = connection.execute(
            text("SELECT :n AS aantal, 'Één' AS \"naam van de groep\", NULL AS leeg"), {"n": 3}
        )
        assert list(result.keys()) == ["aantal", "naam van de groep", "leeg"]
        assert result.one() == (3, "Één", None)
        assert connection.execute(text("SELECT")).keys() == []  # rows of no columns


def test_a_statement_without_rows_says_so(postgres: Engine) -> None:
    with postgres.begin() as connection:
        result = connection.execute(
            text("UPDATE schools SET name = name WHERE id = :id"), {"id": 0}
        )
        assert not result.returns_rows
        assert result.rowcount == 0


def test_a_long_statement_takes_its_parameters_in_order(postgres: Engine) -> None:
    values = list(range(600))  # 600 placeholders: far beyond 4 kB of SQL
    sums = " + ".join(f":v{i}" for i in values)
    statement = text(f"SELECT {sums} AS total, :v599 - :v1 AS spread").bindparams(
        *(bindparam(f"v{i}", type_=Integer) for i in values)
    )
    with postgres.connect() as connection:
        total = connection.execute(statement, {f"v{i}": i for i in values}).one()
    assert total == (sum(values), 598)


def test_a_healthy_pooled_connection_is_lent_without_a_round_trip(
    postgres: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    with postgres.connect() as connection:
        connection.execute(text("SELECT 1 AS warm"))
    sent: list[str] = []
    execute = database._Cursor.execute

    def spy(cursor: Any, query: Any, *args: Any, **kwargs: Any) -> Any:
        sent.append(str(query))
        return execute(cursor, query, *args, **kwargs)

    monkeypatch.setattr(database._Cursor, "execute", spy)
    for _ in range(3):
        with postgres.connect() as connection:
            assert connection.execute(text("SELECT 2 AS answer")).scalar_one() == 2
    assert sent == ["SELECT 2 AS answer"] * 3


def test_a_connection_the_server_ended_is_replaced_before_it_is_lent(postgres: Engine) -> None:
    with postgres.connect() as connection:
        ended = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
    # From outside the pool, as a restart or an administrator would.
    url = postgres.url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [ended])
        for _ in range(100):
            gone = admin.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [ended])
            if gone.fetchone() == (0,):
                break
            time.sleep(0.02)
    with postgres.connect() as connection:
        now = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
    assert now != ended


def test_a_full_text_search_is_planned_for_its_words_every_time(postgres: Engine) -> None:
    """A prepared statement gets a generic plan that cannot tell a rare word from a common
    one, so a search is never prepared, while the page's other statements are."""
    single = database.make_engine(postgres.url.render_as_string(hide_password=False), pool_size=1)
    try:
        for _ in range(8):
            with SqlAlchemyUnitOfWork(single) as uow:
                viewer = Viewer(school_id=1, parent_id=1, group_ids=frozenset())
                uow.documents.listed(viewer, search=Search.typed("verlof"), offset=0, limit=20)
                uow.documents.listed(viewer, search=Search(), offset=0, limit=20)
        with single.connect() as connection:
            prepared = connection.execute(text("SELECT statement FROM pg_prepared_statements"))
            statements = list(prepared.scalars())
    finally:
        single.dispose()
    assert [s for s in statements if "FROM documents" in s], "the list without a search"
    # Any full-text match, whichever function makes its query.
    assert not [s for s in statements if "@@" in s]
