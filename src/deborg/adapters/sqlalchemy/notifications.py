"""Rows and SQL repositories of notifications: each parent's preferences, the lines waiting
for the digest and its state per school, and calendar feeds."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, cast

import attrs
from sqlalchemy import (
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    bindparam,
    delete,
    false,
    func,
    insert,
    literal,
    null,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy import cast as sql_cast
from sqlalchemy.engine import Row
from sqlalchemy.orm import Mapped, mapped_column

from deborg.adapters.sqlalchemy.base import SqlRepository, audience_of_json, rowcount
from deborg.adapters.sqlalchemy.news import MessageRow, NewsRow, ReplyRow
from deborg.adapters.sqlalchemy.profiles import ProfilePhotoRow
from deborg.adapters.sqlalchemy.schools import SqlSchoolRepository
from deborg.adapters.sqlalchemy.tables import (
    Base,
    ChildRow,
    GuardianshipRow,
    get_in_school,
)
from deborg.domain.content.model import (
    Audience,
    CalendarFeed,
    ContentKind,
    Message,
    NewsItem,
    RichText,
)
from deborg.domain.content.reads import ReadState, UnreadBasis
from deborg.domain.mail import MailCategory
from deborg.domain.notifications.model import (
    Delivery,
    DigestEntry,
    DigestState,
    NotificationPreferences,
)
from deborg.domain.profiles.model import SubjectType

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
        SqlSchoolRepository(self.session).lock(school_id)  # concurrent runs queue
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

    def basis(
        self,
        school_id: int,
        parent_id: int,
        *,
        window: int,
        newest: int = 0,
        urgent_since: dt.datetime | None = None,
    ) -> UnreadBasis:
        rows = self.session.execute(
            _basis_statement(newest > 0, urgent_since is not None),
            {
                "school_id": school_id,
                "parent_id": parent_id,
                "window": window,
                "newest": newest,
                "since": urgent_since,
            },
        ).all()
        groups: set[int] = set()
        has_photo = False
        marks: dict[ContentKind, dt.datetime] = {}
        opened: dict[tuple[ContentKind, int], dt.datetime] = {}
        answered: dict[int, dt.datetime] = {}
        counts: list[tuple[ContentKind, Audience, int]] = []
        news: list[NewsItem] = []
        found: dict[str, list[Message]] = {"message": [], "urgent": []}
        for part, number, at, audience, urgent, *text in rows:
            if part == "group":
                groups.add(number)
            elif part == "photo":
                has_photo = True
            elif part == _ANSWER:
                answered[number] = at
            elif part.startswith("read:"):
                kind = ContentKind(part[5:])
                if number == 0:
                    marks[kind] = at
                else:
                    opened[(kind, number)] = at
            elif part.startswith("unread:"):
                counts.append((ContentKind(part[7:]), audience_of_json(audience), number))
            else:
                title, html, plain, source, allow_replies, author_id = text
                # Any: the fields a news item and a bericht share, from this row.
                shared: dict[str, Any] = {
                    "id": number,
                    "school_id": school_id,
                    "title": title,
                    "body": RichText(html, plain, source or ""),
                    "audience": audience_of_json(audience),
                    "published_at": at,
                    "author_id": author_id,
                }
                if part == "news":
                    news.append(NewsItem(**shared))
                else:
                    found[part].append(
                        Message(**shared, urgent=bool(urgent), allow_replies=bool(allow_replies))
                    )
        news.sort(key=_newest_first, reverse=True)
        for items in found.values():
            items.sort(key=_newest_first, reverse=True)
        return UnreadBasis(
            frozenset(groups),
            ReadState(marks, opened, answered),
            tuple(counts),
            tuple(news),
            tuple(found["message"]),
            tuple(found["urgent"]),
            has_photo,
        )

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


def _newest_first(item: NewsItem | Message) -> tuple[dt.datetime, int]:
    return (item.published_at, item.id)


@functools.cache
def _basis_statement(with_newest: bool, with_urgent: bool) -> Any:
    """The query of :meth:`SqlReadStateRepository.basis`, built once (it is asked for on every
    page): one UNION ALL of parts told apart by ``part``; columns: part, a number (an id or a
    count), a moment, an audience (the JSON list as text) and the urgent flag; with the newest
    items or the spoedberichten (Home) also the items' text: title, the body's HTML, text and
    source, whether replies are allowed, the author. The first part's column types apply to
    all rows, so it is one with real columns."""
    school_id = bindparam("school_id", type_=Integer)
    parent_id = bindparam("parent_id", type_=Integer)
    reads = ContentReadRow.__table__
    children = ChildRow.__table__
    news, messages = NewsRow.__table__, MessageRow.__table__
    photos = ProfilePhotoRow.__table__
    tables = ((ContentKind.NEWS, news), (ContentKind.MESSAGE, messages))

    with_text = with_newest or with_urgent
    #: The text columns of the parts that are no items.
    no_text = (null(),) * 6 if with_text else ()

    def listed(part: str, table: Any, *where: Any, limit: Any = None) -> Any:
        urgent = table.c.urgent if table is messages else false()
        allow_replies = table.c.allow_replies if table is messages else false()
        text = (
            (
                table.c.title,
                table.c.body_html,
                table.c.body_text,
                table.c.body_source,
                allow_replies.label("allow_replies"),
                table.c.author_id,
            )
            if with_text
            else ()
        )
        inner = (
            select(
                literal(part).label("part"),
                table.c.id.label("number"),
                table.c.published_at.label("at"),
                sql_cast(table.c.group_ids, Text).label("audience"),
                urgent.label("urgent"),
                *text,
            )
            .where(table.c.school_id == school_id, *where)
            .order_by(table.c.published_at.desc(), table.c.id.desc())
            .limit(limit)
            .subquery()
        )
        return select(inner)

    def unread(kind: ContentKind, table: Any) -> Any:
        # ReadState.is_unread in SQL: not opened, and not before the "Alles gelezen".
        items = (
            select(table.c.id, table.c.published_at, sql_cast(table.c.group_ids, Text).label("a"))
            .where(table.c.school_id == school_id)
            .order_by(table.c.published_at.desc(), table.c.id.desc())
            .limit(bindparam("window", type_=Integer))
            .subquery()
        )
        read = (
            select(reads.c.item_id)
            .where(
                reads.c.school_id == school_id,
                reads.c.parent_id == parent_id,
                reads.c.kind == kind.value,
                or_(
                    reads.c.item_id == items.c.id,
                    and_(reads.c.item_id == 0, items.c.published_at <= reads.c.read_at),
                ),
            )
            .exists()
        )
        unread_rule = ~read
        if kind is ContentKind.MESSAGE:
            # ReadState.has_unread_answer: the school answered the parent's reply after they
            # last opened the bericht and after their "Alles gelezen".
            replies = ReplyRow.__table__
            seen = (
                select(reads.c.item_id)
                .where(
                    reads.c.school_id == school_id,
                    reads.c.parent_id == parent_id,
                    reads.c.kind == kind.value,
                    reads.c.item_id.in_([0, items.c.id]),
                    replies.c.answered_at <= reads.c.read_at,
                )
                .exists()
            )
            answered = (
                select(replies.c.id)
                .where(
                    replies.c.school_id == school_id,
                    replies.c.parent_id == parent_id,
                    replies.c.message_id == items.c.id,
                    replies.c.answered_at.is_not(None),
                    ~seen,
                )
                .exists()
            )
            unread_rule = or_(unread_rule, answered)
        return (
            select(
                literal(f"unread:{kind.value}"), func.count(), null(), items.c.a, false(), *no_text
            )
            .where(unread_rule)
            .group_by(items.c.a)
        )

    since = bindparam("since", type_=messages.c.published_at.type)

    def shown(kind: ContentKind, table: Any) -> list[Any]:
        """Queries of the ids of the items the basis holds of ``kind``: the newest, and the
        spoedberichten."""
        ids = []
        if with_newest:
            ids.append(
                select(table.c.id)
                .where(table.c.school_id == school_id)
                .order_by(table.c.published_at.desc(), table.c.id.desc())
                .limit(bindparam("newest", type_=Integer))
            )
        if kind is ContentKind.MESSAGE and with_urgent:
            ids.append(
                select(table.c.id).where(
                    table.c.school_id == school_id, table.c.urgent, table.c.published_at >= since
                )
            )
        return ids

    def read_state() -> list[Any]:
        """The read state of the items the basis holds and the "Alles gelezen" marks: what
        the parent opened of them, and the answers to their replies to those berichten
        (ReadState.answers); never the whole history, which grows with every item opened."""
        opened = or_(
            reads.c.item_id == 0,
            *(
                and_(reads.c.kind == kind.value, reads.c.item_id.in_(ids))
                for kind, table in tables
                for ids in shown(kind, table)
            ),
        )
        return [
            select(
                ("read:" + reads.c.kind),
                reads.c.item_id,
                reads.c.read_at,
                null(),
                false(),
                *no_text,
            ).where(reads.c.school_id == school_id, reads.c.parent_id == parent_id, opened),
            select(
                literal(_ANSWER),
                ReplyRow.message_id,
                func.max(ReplyRow.answered_at),
                null(),
                false(),
                *no_text,
            )
            .where(
                ReplyRow.school_id == school_id,
                ReplyRow.parent_id == parent_id,
                ReplyRow.answered_at.is_not(None),
                or_(
                    *(ReplyRow.message_id.in_(ids) for ids in shown(ContentKind.MESSAGE, messages))
                ),
            )
            .group_by(ReplyRow.message_id),
        ]

    parts = [
        listed("urgent", messages, messages.c.published_at >= since, messages.c.urgent)
        if with_urgent
        else listed("urgent", messages, false()),
        *(
            listed(kind.value, table, limit=bindparam("newest", type_=Integer))
            for kind, table in tables
            if with_newest
        ),
        *(unread(kind, table) for kind, table in tables),
        *(read_state() if with_text else ()),
        select(literal("group"), children.c.group_id, null(), null(), false(), *no_text)
        .join_from(GuardianshipRow, children, GuardianshipRow.child_id == children.c.id)
        .where(
            GuardianshipRow.school_id == school_id,
            GuardianshipRow.parent_id == parent_id,
            children.c.school_id == school_id,
            children.c.archived.is_(False),
        ),
        select(literal("photo"), photos.c.subject_id, null(), null(), false(), *no_text).where(
            photos.c.school_id == school_id,
            photos.c.subject_type == SubjectType.PARENT.value,
            photos.c.subject_id == parent_id,
        ),
    ]
    return union_all(*parts)
