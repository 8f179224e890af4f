"""What the SQL repositories share: the session they work in, small helpers, and the generic
repository of items that belong to one school."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar, Generic, Protocol, TypeVar, cast

from sqlalchemy import ColumnElement, FromClause, select
from sqlalchemy.engine import CursorResult, Result, Row
from sqlalchemy.orm import InstrumentedAttribute, Session

from deborg.adapters.sqlalchemy.tables import get_in_school
from deborg.domain.content.model import Audience


class SqlRepository:
    def __init__(self, session: Session) -> None:
        self.session = session


def rowcount(result: Result[Any]) -> int:
    """The number of rows an UPDATE or DELETE touched. ``Session.execute`` is typed to return a
    plain Result; for these statements it is a CursorResult, which has the count."""
    return cast(CursorResult[Any], result).rowcount or 0


def values_present(
    session: Session, column: InstrumentedAttribute[str], values: Iterable[str]
) -> set[str]:
    """Which of ``values`` occur in ``column``, asked in chunks of 500 (far below any
    bind-parameter limit)."""
    wanted = sorted(set(values))
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        found.update(session.scalars(select(column).where(column.in_(chunk))))
    return found


def audience_of(group_ids: list[Any]) -> Audience:
    """The audience stored as a JSON list of group ids (empty: the whole school)."""
    return Audience.groups(frozenset(int(g) for g in group_ids))


def group_ids_of(audience: Audience) -> list[Any]:
    return sorted(audience.group_ids)


class ItemRow(Protocol):
    """A mapped row class keyed by one id, with the school it belongs to."""

    __table__: ClassVar[FromClause]
    school_id: Any

    def __init__(self, **values: Any) -> None: ...


RowT = TypeVar("RowT", bound=ItemRow)
ItemT = TypeVar("ItemT")


class SchoolItems(SqlRepository, Generic[RowT, ItemT]):
    """Items of one school kept in rows of ``row_type``: a subclass says how an item becomes
    the values of a row (``_values``) and a row (ORM object or plain row) an item (``_item``)."""

    row_type: type[RowT]

    def _item(self, row: RowT | Row[Any]) -> ItemT:
        raise NotImplementedError

    def _values(self, item: ItemT) -> dict[str, Any]:
        raise NotImplementedError

    def add(self, item: ItemT) -> ItemT:
        row = self.row_type(**self._values(item))
        self.session.add(row)
        self.session.flush()
        return self._item(row)

    def get(self, school_id: int, item_id: int) -> ItemT | None:
        return get_in_school(self.session, self.row_type, item_id, school_id, self._item)

    def _select(
        self,
        school_id: int,
        *where: ColumnElement[bool],
        order_by: Sequence[str],
        descending: bool = False,
        limit: int | None = None,
    ) -> list[ItemT]:
        """Plain rows of the school that match ``where``, in the order of the named columns."""
        table = self.row_type.__table__
        order = [table.c[name].desc() if descending else table.c[name] for name in order_by]
        rows = self.session.execute(
            select(table)
            .where(table.c.school_id == school_id, *where)
            .order_by(*order)
            .limit(limit)
        )
        return [self._item(r) for r in rows]
