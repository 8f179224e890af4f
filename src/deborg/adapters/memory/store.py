"""The in-memory store: the committed state, one unit of work's private copy of it, and the
base of every in-memory repository."""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from typing import Any, Generic, Protocol, TypeVar, cast

import attrs

E = TypeVar("E")


@attrs.define
class MemoryDatabase:
    """Committed state: table name -> primary key -> entity; plus id sequences."""

    tables: dict[str, dict[Any, Any]] = attrs.field(factory=dict)
    sequences: dict[str, int] = attrs.field(factory=dict)
    lock: threading.Lock = attrs.field(factory=threading.Lock)

    def snapshot(self) -> tuple[dict[str, dict[Any, Any]], dict[str, int]]:
        """The committed tables (shared: a transaction copies a table before it reads it,
        see Transaction.table, so a published table is never changed) and sequences."""
        with self.lock:
            return dict(self.tables), dict(self.sequences)

    def publish(self, tables: dict[str, dict[Any, Any]], sequences: dict[str, int]) -> None:
        with self.lock:
            self.tables = tables
            self.sequences = sequences


class Transaction:
    """The working copy of one unit of work: the committed state as it was when the unit of
    work began, each table deep-copied when the transaction first uses it (copying every
    table every time made the unit tier quadratic in the size of the data)."""

    def __init__(self, database: MemoryDatabase) -> None:
        self._committed, self.sequences = database.snapshot()
        self._copied: dict[str, dict[Any, Any]] = {}

    def table(self, name: str) -> dict[Any, Any]:
        if name not in self._copied:
            self._copied[name] = copy.deepcopy(self._committed.get(name, {}))
        return self._copied[name]

    def tables_to_publish(self) -> dict[str, dict[Any, Any]]:
        """Every table as this transaction sees it, the ones it used copied once more (it
        may go on changing them after a commit)."""
        return {**self._committed, **copy.deepcopy(self._copied)}

    def next_id(self, name: str) -> int:
        self.sequences[name] = self.sequences.get(name, 0) + 1
        return self.sequences[name]


class _Identified(Protocol):
    @property
    def id(self) -> Any: ...


class MemoryRepository(Generic[E]):
    """One table of entities ``E`` in the current transaction (``tx`` fails outside one)."""

    table_name = ""

    def __init__(self, tx: Callable[[], Transaction]) -> None:
        self._tx = tx

    @property
    def _rows(self) -> dict[Any, E]:
        return self._tx().table(self.table_name)

    def _insert(self, entity: E) -> E:
        new_id = self._tx().next_id(self.table_name)
        # Any: mypy's attrs plugin cannot evolve an instance of a type variable.
        stored: E = attrs.evolve(cast(Any, entity), id=new_id)
        self._rows[new_id] = stored
        return copy.deepcopy(stored)

    def _replace(self, entity: E) -> None:
        key = cast(_Identified, entity).id
        if key not in self._rows:
            raise KeyError(f"{self.table_name} {key} does not exist")
        self._rows[key] = copy.deepcopy(entity)

    def _select(self, predicate: Callable[[E], bool]) -> list[E]:
        return [copy.deepcopy(row) for row in self._rows.values() if predicate(row)]

    def _one(self, predicate: Callable[[E], bool]) -> E | None:
        found = self._select(predicate)
        return found[0] if found else None

    def _delete_where(self, predicate: Callable[[E], bool]) -> int:
        doomed = [key for key, row in self._rows.items() if predicate(row)]
        for key in doomed:
            del self._rows[key]
        return len(doomed)
