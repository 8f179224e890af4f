"""Rows and SQL repositories of news, messages with their replies (and what each staff member
read of them), and the agenda.

The lists that Home reads on every visit select plain rows (``select(XRow.__table__)``), not
ORM objects: the mapping functions read the same attribute names, and a row costs a fraction
of an ORM instance to build."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    bindparam,
    delete,
    select,
)
from sqlalchemy.engine import Row
from sqlalchemy.orm import Mapped, mapped_column

from deborg.adapters.sqlalchemy.base import (
    ItemT,
    ListedRows,
    RowT,
    SchoolItems,
    SqlRepository,
    audience_of,
    group_ids_of,
)
from deborg.adapters.sqlalchemy.tables import Base, get_in_school
from deborg.domain.content.model import AgendaItem, Message, NewsItem, Reply, RichText

# --- rows -----------------------------------------------------------------------------------


class NewsRow(Base):
    __tablename__ = "news_items"
    __table_args__ = (Index(None, "school_id", "published_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    title: Mapped[str] = mapped_column(String(200))
    body_html: Mapped[str] = mapped_column(Text)
    body_text: Mapped[str] = mapped_column(Text)
    body_source: Mapped[str] = mapped_column(Text, default="")
    group_ids: Mapped[list[Any]]
    published_at: Mapped[dt.datetime]
    author_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class MessageRow(Base):
    __tablename__ = "messages"
    __table_args__ = (Index(None, "school_id", "published_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    title: Mapped[str] = mapped_column(String(200))
    body_html: Mapped[str] = mapped_column(Text)
    body_text: Mapped[str] = mapped_column(Text)
    body_source: Mapped[str] = mapped_column(Text, default="")
    group_ids: Mapped[list[Any]]
    published_at: Mapped[dt.datetime]
    urgent: Mapped[bool]
    allow_replies: Mapped[bool]
    author_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class ReplyRow(Base):
    __tablename__ = "message_replies"
    __table_args__ = (Index(None, "message_id"), Index(None, "parent_id", "answered_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"))
    parent_id: Mapped[int] = mapped_column(ForeignKey("parents.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime]
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[dt.datetime | None]
    answered_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class ReplyReadRow(Base):
    """Up to when a staff member read the replies to a message (they opened its thread)."""

    __tablename__ = "reply_reads"

    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"), primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    read_at: Mapped[dt.datetime]


class AgendaRow(Base):
    __tablename__ = "agenda_items"
    __table_args__ = (Index(None, "school_id", "starts_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    title: Mapped[str] = mapped_column(String(200))
    description_html: Mapped[str] = mapped_column(Text)
    description_text: Mapped[str] = mapped_column(Text)
    group_ids: Mapped[list[Any]]
    starts_at: Mapped[dt.datetime]
    ends_at: Mapped[dt.datetime | None]
    #: The moment after which the item is over (for "coming" queries).
    over_at: Mapped[dt.datetime] = mapped_column(index=True)
    all_day: Mapped[bool]
    location: Mapped[str] = mapped_column(String(200))
    published_at: Mapped[dt.datetime]
    changed_at: Mapped[dt.datetime | None]
    revision: Mapped[int]


# --- translation ----------------------------------------------------------------------------


def _news(row: NewsRow | Row[Any]) -> NewsItem:
    return NewsItem(
        id=row.id,
        school_id=row.school_id,
        title=row.title,
        body=RichText(row.body_html, row.body_text, row.body_source or ""),
        audience=audience_of(row.group_ids),
        published_at=row.published_at,
        author_id=row.author_id,
    )


def _news_values(item: NewsItem | Message) -> dict[str, Any]:
    """The columns of a news item; a message has these too."""
    return {
        "school_id": item.school_id,
        "title": item.title,
        "body_html": item.body.html,
        "body_text": item.body.text,
        "body_source": item.body.source,
        "group_ids": group_ids_of(item.audience),
        "published_at": item.published_at,
        "author_id": item.author_id,
    }


def _message(row: MessageRow | Row[Any]) -> Message:
    return Message(
        id=row.id,
        school_id=row.school_id,
        title=row.title,
        body=RichText(row.body_html, row.body_text, row.body_source or ""),
        audience=audience_of(row.group_ids),
        published_at=row.published_at,
        urgent=row.urgent,
        allow_replies=row.allow_replies,
        author_id=row.author_id,
    )


def _message_values(message: Message) -> dict[str, Any]:
    return {
        **_news_values(message),
        "urgent": message.urgent,
        "allow_replies": message.allow_replies,
    }


def _agenda_values(item: AgendaItem) -> dict[str, Any]:
    return {
        "school_id": item.school_id,
        "title": item.title,
        "description_html": item.description.html,
        "description_text": item.description.text,
        "group_ids": group_ids_of(item.audience),
        "starts_at": item.starts_at,
        "ends_at": item.ends_at,
        "over_at": item.over_at,
        "all_day": item.all_day,
        "location": item.location,
        "published_at": item.published_at,
        "changed_at": item.changed_at,
        "revision": item.revision,
    }


def _agenda(row: AgendaRow | Row[Any]) -> AgendaItem:
    return AgendaItem(
        id=row.id,
        school_id=row.school_id,
        title=row.title,
        description=RichText(row.description_html, row.description_text),
        audience=audience_of(row.group_ids),
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        all_day=row.all_day,
        over_at=row.over_at,
        location=row.location,
        published_at=row.published_at,
        changed_at=row.changed_at,
        revision=row.revision,
    )


def _reply(row: ReplyRow) -> Reply:
    return Reply(
        id=row.id,
        school_id=row.school_id,
        message_id=row.message_id,
        parent_id=row.parent_id,
        text=row.text,
        created_at=row.created_at,
        answer=row.answer or "",
        answered_at=row.answered_at,
        answered_by=row.answered_by,
    )


# --- repositories ---------------------------------------------------------------------------

# Statements of every page, built once with bound parameters (building a statement costs
# more Python than running it).


@functools.cache
def _coming(after: bool, limited: bool) -> Any:
    table = AgendaRow.__table__
    query = select(table).where(table.c.school_id == bindparam("school_id"))
    if after:
        query = query.where(table.c.over_at > bindparam("after", type_=table.c.over_at.type))
    query = query.order_by(table.c.starts_at, table.c.id)
    return query.limit(bindparam("limit", type_=Integer)) if limited else query


class _Published(ListedRows[RowT, ItemT]):
    """News items and messages: listed newest first."""

    text_column = "body_text"

    def _newest_first(
        self, school_id: int, *where: ColumnElement[bool], limit: int | None = None
    ) -> list[ItemT]:
        return self._select(
            school_id, *where, order_by=("published_at", "id"), descending=True, limit=limit
        )

    def list(self, school_id: int, *, limit: int | None = None) -> Sequence[ItemT]:
        return self._newest_first(school_id, limit=limit)


class SqlNewsRepository(_Published[NewsRow, NewsItem]):
    row_type = NewsRow

    def _item(self, row: NewsRow | Row[Any]) -> NewsItem:
        return _news(row)

    def _values(self, item: NewsItem) -> dict[str, Any]:
        return _news_values(item)

    def update(self, item: NewsItem) -> None:
        row = self.session.get_one(NewsRow, item.id)
        for key, value in _news_values(item).items():
            setattr(row, key, value)

    def remove(self, school_id: int, item_id: int) -> None:
        self.session.execute(
            delete(NewsRow).where(NewsRow.id == item_id, NewsRow.school_id == school_id)
        )


class SqlMessageRepository(_Published[MessageRow, Message]):
    row_type = MessageRow

    def _item(self, row: MessageRow | Row[Any]) -> Message:
        return _message(row)

    def _values(self, item: Message) -> dict[str, Any]:
        return _message_values(item)

    def list_urgent(self, school_id: int, *, since: dt.datetime) -> Sequence[Message]:
        return self._newest_first(
            school_id, MessageRow.published_at >= since, MessageRow.urgent.is_(True)
        )

    def update(self, message: Message) -> None:
        row = self.session.get_one(MessageRow, message.id)
        for key, value in _message_values(message).items():
            setattr(row, key, value)

    def remove(self, school_id: int, message_id: int) -> None:
        self.session.execute(
            delete(ReplyReadRow).where(
                ReplyReadRow.message_id == message_id, ReplyReadRow.school_id == school_id
            )
        )
        self.session.execute(
            delete(ReplyRow).where(
                ReplyRow.message_id == message_id, ReplyRow.school_id == school_id
            )
        )
        self.session.execute(
            delete(MessageRow).where(MessageRow.id == message_id, MessageRow.school_id == school_id)
        )


class SqlReplyRepository(SqlRepository):
    def add(self, reply: Reply) -> Reply:
        row = ReplyRow(
            school_id=reply.school_id,
            message_id=reply.message_id,
            parent_id=reply.parent_id,
            text=reply.text,
            created_at=reply.created_at,
            answer=reply.answer,
            answered_at=reply.answered_at,
            answered_by=reply.answered_by,
        )
        self.session.add(row)
        self.session.flush()
        return _reply(row)

    def get(self, school_id: int, reply_id: int) -> Reply | None:
        return get_in_school(self.session, ReplyRow, reply_id, school_id, _reply)

    def update(self, reply: Reply) -> None:
        row = self.session.get_one(ReplyRow, reply.id)
        row.answer = reply.answer
        row.answered_at = reply.answered_at
        row.answered_by = reply.answered_by

    def list_for_messages(self, school_id: int, message_ids: Iterable[int]) -> Sequence[Reply]:
        wanted = sorted(set(message_ids))
        if not wanted:
            return []
        return self._replies(ReplyRow.school_id == school_id, ReplyRow.message_id.in_(wanted))

    def list_for_message(self, school_id: int, message_id: int) -> Sequence[Reply]:
        return self._replies(ReplyRow.school_id == school_id, ReplyRow.message_id == message_id)

    def list_by_parent(self, school_id: int, parent_id: int) -> Sequence[Reply]:
        return self._replies(ReplyRow.school_id == school_id, ReplyRow.parent_id == parent_id)

    def _replies(self, *where: ColumnElement[bool]) -> list[Reply]:
        rows = self.session.scalars(
            select(ReplyRow).where(*where).order_by(ReplyRow.created_at, ReplyRow.id)
        )
        return [_reply(r) for r in rows]


class SqlReplyReadRepository(SqlRepository):
    def for_staff(
        self, school_id: int, staff_id: int, message_ids: Iterable[int]
    ) -> Mapping[int, dt.datetime]:
        wanted = sorted(set(message_ids))
        if not wanted:
            return {}
        rows = self.session.execute(
            select(ReplyReadRow.message_id, ReplyReadRow.read_at).where(
                ReplyReadRow.school_id == school_id,
                ReplyReadRow.staff_id == staff_id,
                ReplyReadRow.message_id.in_(wanted),
            )
        )
        return {r.message_id: r.read_at for r in rows}

    def mark_read(self, school_id: int, staff_id: int, message_id: int, until: dt.datetime) -> None:
        row = self.session.get(ReplyReadRow, (staff_id, message_id))
        if row is None:
            self.session.add(
                ReplyReadRow(
                    staff_id=staff_id, message_id=message_id, school_id=school_id, read_at=until
                )
            )
        elif row.school_id == school_id and row.read_at < until:
            row.read_at = until
        self.session.flush()


class SqlAgendaRepository(SchoolItems[AgendaRow, AgendaItem]):
    row_type = AgendaRow

    def _item(self, row: AgendaRow | Row[Any]) -> AgendaItem:
        return _agenda(row)

    def _values(self, item: AgendaItem) -> dict[str, Any]:
        return _agenda_values(item)

    def list(
        self, school_id: int, *, ending_after: dt.datetime | None = None, limit: int | None = None
    ) -> Sequence[AgendaItem]:
        rows = self.session.execute(
            _coming(ending_after is not None, limit is not None),
            {"school_id": school_id, "after": ending_after, "limit": limit},
        )
        return [_agenda(r) for r in rows]

    def update(self, item: AgendaItem) -> None:
        row = self.session.get_one(AgendaRow, item.id)
        for key, value in _agenda_values(item).items():
            setattr(row, key, value)

    def remove(self, school_id: int, item_id: int) -> None:
        self.session.execute(
            delete(AgendaRow).where(AgendaRow.id == item_id, AgendaRow.school_id == school_id)
        )
