"""What the SQL repositories share: the session they work in, small helpers, and the generic
repository of items that belong to one school."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Sequence
from typing import Any, ClassVar, Generic, Protocol, TypeVar, cast

from sqlalchemy import (
    ColumnElement,
    FromClause,
    and_,
    exists,
    func,
    literal_column,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.engine import CursorResult, Result, Row
from sqlalchemy.orm import InstrumentedAttribute, Session

from deborg.adapters.sqlalchemy.tables import get_in_school
from deborg.domain.content.audience import Viewer
from deborg.domain.content.listing import Search
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


def audience_of(group_ids: Sequence[Any]) -> Audience:
    """The audience stored as a JSON list of group ids (empty: the whole school)."""
    return _audience(tuple(group_ids))


@functools.lru_cache(maxsize=4096)
def audience_of_json(text: str) -> Audience:
    """The audience of a JSON list of group ids read as text. A school has few distinct
    audiences and a page reads each many times: they are decoded once (an Audience is frozen)."""
    return _audience(tuple(json.loads(text)))


@functools.lru_cache(maxsize=4096)
def _audience(group_ids: tuple[Any, ...]) -> Audience:
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
        offset: int | None = None,
    ) -> list[ItemT]:
        """Plain rows of the school that match ``where``, in the order of the named columns."""
        table = self.row_type.__table__
        order = [table.c[name].desc() if descending else table.c[name] for name in order_by]
        rows = self.session.execute(
            select(table)
            .where(table.c.school_id == school_id, *where)
            .order_by(*order)
            .offset(offset)
            .limit(limit)
        )
        return [self._item(r) for r in rows]


def reaching(group_ids: ColumnElement[Any], viewer: Viewer, dialect: str) -> ColumnElement[bool]:
    """The audience rule (:func:`deborg.domain.content.audience.reaches`) on the JSON list of
    group ids: empty (the whole school) or holding one of the viewer's groups."""
    school_wide = func.json_array_length(group_ids) == 0
    if not viewer.group_ids:
        return school_wide
    if dialect == "postgresql":
        elements = func.json_array_elements_text(group_ids).table_valued("value")
        wanted: list[Any] = sorted(str(g) for g in viewer.group_ids)
    else:
        elements = func.json_each(group_ids).table_valued("value")
        wanted = sorted(viewer.group_ids)
    one_of_them = exists(select(1).select_from(elements).where(elements.c.value.in_(wanted)))
    return or_(school_wide, one_of_them)


def finding(
    title: ColumnElement[str], text: ColumnElement[str], search: Search, dialect: str
) -> ColumnElement[bool]:
    """What ``search`` finds: on PostgreSQL the Dutch full-text search (``websearch_to_tsquery``
    reads any input without an error) in the item's stored document (``search_document``,
    migration 0020: to_tsvector of the title and the text, indexed with GIN); elsewhere every
    word in the title or the text."""
    if dialect == "postgresql":
        query = func.websearch_to_tsquery(literal_column("'dutch'"), search.text)
        table = title.table.name
        document = literal_column(f"{table}.search_document", TSVECTOR)
        return document.bool_op("@@")(query)
    return and_(
        *(
            or_(title.icontains(word, autoescape=True), text.icontains(word, autoescape=True))
            for word in search.words
        )
    )


class ListedRows(SchoolItems[RowT, ItemT]):
    """Items a parent pages through (news, messages, documents): the audience rule and the
    search in the query, newest first, so that a page reads at most its own rows."""

    #: The column with the item's text (besides the title).
    text_column: ClassVar[str]

    def _listed_where(self, viewer: Viewer, search: Search) -> list[ColumnElement[bool]]:
        table = self.row_type.__table__
        dialect = self.session.get_bind().dialect.name
        where = [
            table.c.school_id == viewer.school_id,
            reaching(table.c.group_ids, viewer, dialect),
        ]
        if search:
            where.append(finding(table.c.title, table.c[self.text_column], search, dialect))
        return where

    def listed(self, viewer: Viewer, *, search: Search, offset: int, limit: int) -> list[ItemT]:
        if search.finds_nothing:
            return []
        return self._select(
            viewer.school_id,
            *self._listed_where(viewer, search),
            order_by=("published_at", "id"),
            descending=True,
            offset=offset,
            limit=limit,
        )

    def count_listed(self, viewer: Viewer, *, search: Search) -> int:
        if search.finds_nothing:
            return 0
        table = self.row_type.__table__
        found = select(func.count()).select_from(table).where(*self._listed_where(viewer, search))
        return self.session.execute(found).scalar_one()
