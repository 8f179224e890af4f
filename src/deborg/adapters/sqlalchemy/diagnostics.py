"""Counting the SQL statements a piece of work runs (tests and benchmarks use it to prove
that pages run a constant number of queries whatever the data size)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import attrs
from sqlalchemy import Engine, event


@attrs.define
class StatementCount:
    statements: list[str] = attrs.field(factory=list)

    @property
    def count(self) -> int:
        return len(self.statements)


@contextmanager
def count_statements(engine: Engine) -> Iterator[StatementCount]:
    """Counts every statement sent to ``engine`` inside the block (BEGIN/COMMIT excluded)."""
    counted = StatementCount()

    def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA")):
            counted.statements.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield counted
    finally:
        event.remove(engine, "before_cursor_execute", before)
