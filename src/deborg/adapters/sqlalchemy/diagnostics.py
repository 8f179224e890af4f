"""Counting the SQL statements a piece of work runs, and the rows they read (tests and
benchmarks use it to prove that pages run a constant number of queries, and read a bounded
number of rows, whatever the data size)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import attrs
from sqlalchemy import Engine, event


@attrs.define
class StatementCount:
    statements: list[str] = attrs.field(factory=list)
    #: The parameters each statement was sent with (same order).
    parameters: list[Any] = attrs.field(factory=list)

    @property
    def count(self) -> int:
        return len(self.statements)


@contextmanager
def count_statements(engine: Engine) -> Iterator[StatementCount]:
    """Counts every statement sent to ``engine`` inside the block (BEGIN/COMMIT excluded)."""
    counted = StatementCount()

    def before(conn: Any, cursor: Any, statement: str, parameters: Any, *args: Any) -> None:
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA")):
            counted.statements.append(statement)
            counted.parameters.append(parameters)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield counted
    finally:
        event.remove(engine, "before_cursor_execute", before)


def rows_returned(engine: Engine, counted: StatementCount) -> list[tuple[str, int]]:
    """Each counted SELECT with the number of rows it returns, found by running it again
    (with the same parameters) inside ``SELECT count(*)``: run it right after the work, before
    the data changes."""
    found = []
    with engine.connect() as connection:
        for statement, parameters in zip(counted.statements, counted.parameters, strict=True):
            if not statement.lstrip().upper().startswith("SELECT"):
                continue
            wrapped = f"SELECT count(*) FROM ({statement}) AS counted"  # noqa: S608 - our own SQL
            rows = connection.exec_driver_sql(wrapped, parameters).scalar_one()
            found.append((statement, int(rows)))
    return found
