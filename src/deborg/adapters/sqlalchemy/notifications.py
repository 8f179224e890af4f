"""Rows and SQL repositories of notifications: each parent's preferences, the lines waiting
for the digest and its state per school, and calendar feeds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, cast

import attrs
from sqlalchemy import (
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
    delete,
    func,
    insert,
    literal,
    select,
    union_all,
    update,
)
from sqlalchemy.engine import Row
from sqlalchemy.orm import Mapped, mapped_column

from deborg.adapters.sqlalchemy.base import SqlRepository, rowcount
from deborg.adapters.sqlalchemy.news import ReplyRow
from deborg.adapters.sqlalchemy.tables import Base, SchoolRow, get_in_school
from deborg.domain.content.model import (
    CalendarFeed,
    ContentKind,
)
from deborg.domain.content.reads import ReadState
from deborg.domain.mail import MailCategory
from deborg.domain.notifications.model import (
    Delivery,
    DigestEntry,
    DigestState,
    NotificationPreferences,
)

# --- rows -----------------------------------------------------------------------------------


class NotificationPreferenceRow(Base):
    __tablename__ = "notification_preferences"

    parent_id: Mapped[int] = mapped_column(ForeignKey("parents.id"), primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    choices: Mapped[dict[str, Any]]


class DigestEntryRow(Base):
    __tablename__ = "digest_entries"
    __table_args__ = (Index(None, "school_id", "included_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    parent_id: Mapped[int] = mapped_column(ForeignKey("parents.id"))
    category: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text)
    link: Mapped[str] = mapped_column(String(500))
    ref_kind: Mapped[str] = mapped_column(String(32))
    ref_id: Mapped[int | None]
    created_at: Mapped[dt.datetime]
    included_at: Mapped[dt.datetime | None]


class DigestStateRow(Base):
    __tablename__ = "digest_state"

    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), primary_key=True)
    last_digest_at: Mapped[dt.datetime | None]


class CalendarFeedRow(Base):
    __tablename__ = "calendar_feeds"
    __table_args__ = (UniqueConstraint("token_hash"),)

    parent_id: Mapped[int] = mapped_column(ForeignKey("parents.id"), primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    token_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime]
    last_used_at: Mapped[dt.datetime | None]


class ContentReadRow(Base):
    """What a parent read: item_id 0 holds the "Alles gelezen" moment of its kind."""

    __tablename__ = "content_reads"

    parent_id: Mapped[int] = mapped_column(ForeignKey("parents.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    item_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    read_at: Mapped[dt.datetime]


# --- translation ----------------------------------------------------------------------------


def _digest_entry(row: DigestEntryRow | Row[Any]) -> DigestEntry:
    return DigestEntry(
        id=row.id,
        school_id=row.school_id,
        parent_id=row.parent_id,
        category=MailCategory(row.category),
        title=row.title,
        summary=row.summary,
        link=row.link,
        ref_kind=row.ref_kind,
        ref_id=row.ref_id,
        created_at=row.created_at,
        included_at=row.included_at,
    )


def _preferences(row: NotificationPreferenceRow) -> NotificationPreferences:
    return NotificationPreferences(
        school_id=row.school_id,
        parent_id=row.parent_id,
        choices={MailCategory(k): Delivery(v) for k, v in row.choices.items()},
    )


def _feed(row: CalendarFeedRow) -> CalendarFeed:
    return CalendarFeed(
        school_id=row.school_id,
        parent_id=row.parent_id,
        token_hash=row.token_hash,
        created_at=row.created_at,
        last_used_at=row.last_used_at,
    )


# --- repositories ---------------------------------------------------------------------------


class SqlNotificationPreferenceRepository(SqlRepository):
    def get(self, school_id: int, parent_id: int) -> NotificationPreferences | None:
        return get_in_school(
            self.session, NotificationPreferenceRow, parent_id, school_id, _preferences
        )

    def list_for_school(self, school_id: int) -> Mapping[int, NotificationPreferences]:
        rows = self.session.scalars(
            select(NotificationPreferenceRow).where(
                NotificationPreferenceRow.school_id == school_id
            )
        )
        return {r.parent_id: _preferences(r) for r in rows}

    def get_many(
        self, school_id: int, parent_ids: Iterable[int]
    ) -> Mapping[int, NotificationPreferences]:
        ids = list(set(parent_ids))
        if not ids:
            return {}
        rows = self.session.scalars(
            select(NotificationPreferenceRow).where(
                NotificationPreferenceRow.school_id == school_id,
                NotificationPreferenceRow.parent_id.in_(ids),
            )
        )
        return {r.parent_id: _preferences(r) for r in rows}

    def save(self, preferences: NotificationPreferences) -> None:
        choices = {k.value: v.value for k, v in preferences.choices.items()}
        row = self.session.get(NotificationPreferenceRow, preferences.parent_id)
        if row is None:
            self.session.add(
                NotificationPreferenceRow(
                    parent_id=preferences.parent_id,
                    school_id=preferences.school_id,
                    choices=choices,
                )
            )
        else:
            row.choices = choices
        self.session.flush()


_DIGEST_ENTRIES = cast(Table, DigestEntryRow.__table__)  # typed as a FromClause on the class
_INSERT_DIGEST_ENTRY = insert(_DIGEST_ENTRIES).returning(_DIGEST_ENTRIES.c.id)


class SqlDigestEntryRepository(SqlRepository):
    """Plain rows, not ORM objects: publishing to a school keeps a line for every parent and
    the digest reads them all back, in one transaction each."""

    def add(self, entry: DigestEntry) -> DigestEntry:
        new_id = self.session.execute(
            _INSERT_DIGEST_ENTRY,
            {
                "school_id": entry.school_id,
                "parent_id": entry.parent_id,
                "category": entry.category.value,
                "title": entry.title[:300],
                "summary": entry.summary,
                "link": entry.link,
                "ref_kind": entry.ref_kind,
                "ref_id": entry.ref_id,
                "created_at": entry.created_at,
                "included_at": entry.included_at,
            },
        ).scalar_one()
        return attrs.evolve(entry, id=new_id, title=entry.title[:300])

    def pending(self, school_id: int) -> Sequence[DigestEntry]:
        rows = self.session.execute(
            select(_DIGEST_ENTRIES)
            .where(
                _DIGEST_ENTRIES.c.school_id == school_id, _DIGEST_ENTRIES.c.included_at.is_(None)
            )
            .order_by(_DIGEST_ENTRIES.c.created_at, _DIGEST_ENTRIES.c.id)
        )
        return [_digest_entry(r) for r in rows]

    def mark_included(self, entry_ids: Iterable[int], at: dt.datetime) -> None:
        ids = list(entry_ids)
        for start in range(0, len(ids), 500):
            self.session.execute(
                update(_DIGEST_ENTRIES)
                .where(_DIGEST_ENTRIES.c.id.in_(ids[start : start + 500]))
                .values(included_at=at)
            )

    def pending_parents(self, school_id: int, up_to: dt.datetime) -> Sequence[int]:
        c = _DIGEST_ENTRIES.c
        return list(
            self.session.scalars(
                select(c.parent_id)
                .where(c.school_id == school_id, c.included_at.is_(None), c.created_at <= up_to)
                .distinct()
                .order_by(c.parent_id)
            )
        )

    def take(
        self, school_id: int, parent_ids: tuple[int, int], up_to: dt.datetime, at: dt.datetime
    ) -> Sequence[DigestEntry]:
        c = _DIGEST_ENTRIES.c
        # UPDATE … RETURNING (PostgreSQL, SQLite ≥ 3.35): the lines are read and marked in one
        # statement, so they are never in memory for more than one batch of parents.
        rows = self.session.execute(
            update(_DIGEST_ENTRIES)
            .where(
                c.school_id == school_id,
                c.parent_id.between(*parent_ids),
                c.included_at.is_(None),
                c.created_at <= up_to,
            )
            .values(included_at=at)
            .returning(*_DIGEST_ENTRIES.c)
        )
        return sorted((_digest_entry(r) for r in rows), key=lambda e: (e.created_at, e.id))

    def delete_included_before(self, moment: dt.datetime) -> int:
        return rowcount(
            self.session.execute(
                delete(_DIGEST_ENTRIES).where(_DIGEST_ENTRIES.c.included_at < moment)
            )
        )


class SqlDigestStateRepository(SqlRepository):
    def get_for_update(self, school_id: int) -> DigestState | None:
        # Lock the school row (it always exists), so concurrent runs queue one after another.
        self.session.scalar(select(SchoolRow.id).where(SchoolRow.id == school_id).with_for_update())
        row = self.session.get(DigestStateRow, school_id)
        return DigestState(row.school_id, row.last_digest_at) if row else None

    def save(self, state: DigestState) -> None:
        row = self.session.get(DigestStateRow, state.school_id)
        if row is None:
            self.session.add(
                DigestStateRow(school_id=state.school_id, last_digest_at=state.last_digest_at)
            )
        else:
            row.last_digest_at = state.last_digest_at
        self.session.flush()


class SqlCalendarFeedRepository(SqlRepository):
    def get_by_hash(self, token_hash: str) -> CalendarFeed | None:
        row = self.session.scalar(
            select(CalendarFeedRow).where(CalendarFeedRow.token_hash == token_hash)
        )
        return _feed(row) if row else None

    def get_for_parent(self, school_id: int, parent_id: int) -> CalendarFeed | None:
        return get_in_school(self.session, CalendarFeedRow, parent_id, school_id, _feed)

    def save(self, feed: CalendarFeed) -> None:
        row = self.session.get(CalendarFeedRow, feed.parent_id)
        if row is None:
            self.session.add(
                CalendarFeedRow(
                    parent_id=feed.parent_id,
                    school_id=feed.school_id,
                    token_hash=feed.token_hash,
                    created_at=feed.created_at,
                    last_used_at=feed.last_used_at,
                )
            )
        else:
            row.school_id = feed.school_id
            row.token_hash = feed.token_hash
            row.created_at = feed.created_at
            row.last_used_at = feed.last_used_at
        self.session.flush()


#: The kind column of the answer rows in :meth:`SqlReadStateRepository.get`'s union.
_ANSWER = "answer"


class SqlReadStateRepository(SqlRepository):
    def get(self, school_id: int, parent_id: int) -> ReadState:
        reads = select(ContentReadRow.kind, ContentReadRow.item_id, ContentReadRow.read_at).where(
            ContentReadRow.school_id == school_id, ContentReadRow.parent_id == parent_id
        )
        # The answers to the parent's replies, in the same statement (every page reads this).
        answers = (
            select(literal(_ANSWER), ReplyRow.message_id, func.max(ReplyRow.answered_at))
            .where(
                ReplyRow.parent_id == parent_id,
                ReplyRow.answered_at.is_not(None),
                ReplyRow.school_id == school_id,
            )
            .group_by(ReplyRow.message_id)
        )
        # Any: the union's rows type as Never, though its columns are (kind, item id, moment).
        rows: Sequence[Any] = self.session.execute(union_all(reads, answers)).all()
        marks: dict[ContentKind, dt.datetime] = {}
        opened: dict[tuple[ContentKind, int], dt.datetime] = {}
        answered: dict[int, dt.datetime] = {}
        for kind, item_id, at in rows:
            if kind == _ANSWER:
                answered[item_id] = at
            elif item_id == 0:
                marks[ContentKind(kind)] = at
            else:
                opened[(ContentKind(kind), item_id)] = at
        return ReadState(marks, opened, answered)

    def mark_read(
        self, school_id: int, parent_id: int, kind: ContentKind, item_id: int, at: dt.datetime
    ) -> None:
        row = self.session.get(ContentReadRow, (parent_id, kind.value, item_id))
        if row is None:
            self.session.add(
                ContentReadRow(
                    parent_id=parent_id,
                    kind=kind.value,
                    item_id=item_id,
                    school_id=school_id,
                    read_at=at,
                )
            )
        elif row.read_at < at:
            row.read_at = at
        self.session.flush()

    def mark_all_read(
        self, school_id: int, parent_id: int, kind: ContentKind, until: dt.datetime
    ) -> None:
        self.session.execute(
            delete(ContentReadRow).where(
                ContentReadRow.school_id == school_id,
                ContentReadRow.parent_id == parent_id,
                ContentReadRow.kind == kind.value,
            )
        )
        self.session.add(
            ContentReadRow(
                parent_id=parent_id, kind=kind.value, item_id=0, school_id=school_id, read_at=until
            )
        )
        self.session.flush()
