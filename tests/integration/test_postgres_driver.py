"""How the portal talks to PostgreSQL (adapters/sqlalchemy/database.py): PostgreSQL's own
placeholders through psycopg's raw cursors, and result columns described only when read.
What SQLAlchemy learns from a result must not change: the column names (also for a text
statement it has not seen before), whether rows came back, and the parameters of a statement
longer than psycopg's 4 kB parse cache."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, Integer, bindparam, text


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
