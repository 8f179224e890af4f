"""Rows and repositories of the content area and notifications."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
from sqlalchemy import (
    ColumnElement,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Row
from sqlalchemy.orm import Mapped, Session, mapped_column

from deborg.adapters.sqlalchemy.tables import Base, SchoolRow, get_in_school
from deborg.domain.content.model import (
    AgendaItem,
    Album,
    Audience,
    CalendarFeed,
    Document,
    Message,
    NewsItem,
    Photo,
    Reply,
    RichText,
)
from deborg.domain.mail import MailCategory
from deborg.domain.notifications.model import (
    Delivery,
    DigestEntry,
    DigestState,
    NotificationPreferences,
)

# --- rows -----------------------------------------------------------------------------------


class NewsRow(Base):
    __tablename__ = "news_items"
    __table_args__ = (Index(None, "school_id", "published_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    title: Mapped[str] = mapped_column(String(200))
    body_html: Mapped[str] = mapped_column(Text)
    body_text: Mapped[str] = mapped_column(Text)
    group_ids: Mapped[list[Any]]
    published_at: Mapped[dt.datetime]
    author_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class MessageRow(Base):
    __tablename__ = "messages"
    __table_args__ = (Index(None, "school_id", "published_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    title: Mapped[str] = mapped_column(String(200))
    body_html: Mapped[str] = mapped_column(Text)
    body_text: Mapped[str] = mapped_column(Text)
    group_ids: Mapped[list[Any]]
    published_at: Mapped[dt.datetime]
    urgent: Mapped[bool]
    allow_replies: Mapped[bool]
    author_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class ReplyRow(Base):
    __tablename__ = "message_replies"
    __table_args__ = (Index(None, "message_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"))
    parent_id: Mapped[int] = mapped_column(ForeignKey("parents.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime]


class AgendaRow(Base):
    __tablename__ = "agenda_items"
    __table_args__ = (Index(None, "school_id", "starts_at"),)

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


class AlbumRow(Base):
    __tablename__ = "albums"
    __table_args__ = (Index(None, "school_id", "published_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    group_ids: Mapped[list[Any]]
    published_at: Mapped[dt.datetime]
    photo_count: Mapped[int]
    cover_photo_id: Mapped[int | None]


class PhotoRow(Base):
    __tablename__ = "photos"
    __table_args__ = (Index(None, "album_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    album_id: Mapped[int] = mapped_column(ForeignKey("albums.id"))
    file_key: Mapped[str] = mapped_column(String(300))
    thumbnail_key: Mapped[str] = mapped_column(String(300))
    content_type: Mapped[str] = mapped_column(String(64))
    width: Mapped[int]
    height: Mapped[int]
    caption: Mapped[str] = mapped_column(String(300))
    added_at: Mapped[dt.datetime]


class DocumentRow(Base):
    __tablename__ = "documents"
    __table_args__ = (Index(None, "school_id", "published_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    group_ids: Mapped[list[Any]]
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(128))
    size: Mapped[int]
    file_key: Mapped[str] = mapped_column(String(300))
    published_at: Mapped[dt.datetime]


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


# --- translation ----------------------------------------------------------------------------
# The lists that Home reads on every visit select plain rows (``select(XRow.__table__)``), not
# ORM objects: the mapping functions read the same attribute names, and a row costs a fraction
# of an ORM instance to build.


def _audience(group_ids: list[Any]) -> Audience:
    return Audience.groups(frozenset(int(g) for g in group_ids))


def _groups(audience: Audience) -> list[Any]:
    return sorted(audience.group_ids)


def _news(row: NewsRow | Row[Any]) -> NewsItem:
    return NewsItem(
        id=row.id,
        school_id=row.school_id,
        title=row.title,
        body=RichText(row.body_html, row.body_text),
        audience=_audience(row.group_ids),
        published_at=row.published_at,
        author_id=row.author_id,
    )


def _message(row: MessageRow | Row[Any]) -> Message:
    return Message(
        id=row.id,
        school_id=row.school_id,
        title=row.title,
        body=RichText(row.body_html, row.body_text),
        audience=_audience(row.group_ids),
        published_at=row.published_at,
        urgent=row.urgent,
        allow_replies=row.allow_replies,
        author_id=row.author_id,
    )


def _over_at(item: AgendaItem) -> dt.datetime:
    end = item.ends_at or item.starts_at
    return end + dt.timedelta(days=1) if item.all_day else end


def _agenda_values(item: AgendaItem) -> dict[str, Any]:
    return {
        "school_id": item.school_id,
        "title": item.title,
        "description_html": item.description.html,
        "description_text": item.description.text,
        "group_ids": _groups(item.audience),
        "starts_at": item.starts_at,
        "ends_at": item.ends_at,
        "over_at": _over_at(item),
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
        audience=_audience(row.group_ids),
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        all_day=row.all_day,
        location=row.location,
        published_at=row.published_at,
        changed_at=row.changed_at,
        revision=row.revision,
    )


def _album_values(album: Album) -> dict[str, Any]:
    return {
        "school_id": album.school_id,
        "title": album.title,
        "description": album.description,
        "group_ids": _groups(album.audience),
        "published_at": album.published_at,
        "photo_count": album.photo_count,
        "cover_photo_id": album.cover_photo_id,
    }


def _album(row: AlbumRow) -> Album:
    return Album(
        id=row.id,
        school_id=row.school_id,
        title=row.title,
        description=row.description,
        audience=_audience(row.group_ids),
        published_at=row.published_at,
        photo_count=row.photo_count,
        cover_photo_id=row.cover_photo_id,
    )


def _photo(row: PhotoRow) -> Photo:
    return Photo(
        id=row.id,
        school_id=row.school_id,
        album_id=row.album_id,
        file_key=row.file_key,
        thumbnail_key=row.thumbnail_key,
        content_type=row.content_type,
        width=row.width,
        height=row.height,
        caption=row.caption,
        added_at=row.added_at,
    )


def _document(row: DocumentRow) -> Document:
    return Document(
        id=row.id,
        school_id=row.school_id,
        title=row.title,
        description=row.description,
        audience=_audience(row.group_ids),
        filename=row.filename,
        content_type=row.content_type,
        size=row.size,
        file_key=row.file_key,
        published_at=row.published_at,
    )


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


class _Sql:
    def __init__(self, session: Session) -> None:
        self.session = session


class SqlNewsRepository(_Sql):
    def add(self, item: NewsItem) -> NewsItem:
        row = NewsRow(
            school_id=item.school_id,
            title=item.title,
            body_html=item.body.html,
            body_text=item.body.text,
            group_ids=_groups(item.audience),
            published_at=item.published_at,
            author_id=item.author_id,
        )
        self.session.add(row)
        self.session.flush()
        return _news(row)

    def get(self, school_id: int, item_id: int) -> NewsItem | None:
        return get_in_school(self.session, NewsRow, item_id, school_id, _news)

    def list(self, school_id: int, *, limit: int | None = None) -> Sequence[NewsItem]:
        rows = self.session.execute(
            select(NewsRow.__table__)
            .where(NewsRow.school_id == school_id)
            .order_by(NewsRow.published_at.desc(), NewsRow.id.desc())
            .limit(limit)
        )
        return [_news(r) for r in rows]


class SqlMessageRepository(_Sql):
    def add(self, message: Message) -> Message:
        row = MessageRow(
            school_id=message.school_id,
            title=message.title,
            body_html=message.body.html,
            body_text=message.body.text,
            group_ids=_groups(message.audience),
            published_at=message.published_at,
            urgent=message.urgent,
            allow_replies=message.allow_replies,
            author_id=message.author_id,
        )
        self.session.add(row)
        self.session.flush()
        return _message(row)

    def get(self, school_id: int, message_id: int) -> Message | None:
        return get_in_school(self.session, MessageRow, message_id, school_id, _message)

    def list(self, school_id: int, *, limit: int | None = None) -> Sequence[Message]:
        rows = self.session.execute(
            select(MessageRow.__table__)
            .where(MessageRow.school_id == school_id)
            .order_by(MessageRow.published_at.desc(), MessageRow.id.desc())
            .limit(limit)
        )
        return [_message(r) for r in rows]

    def list_urgent(self, school_id: int, *, since: dt.datetime) -> Sequence[Message]:
        rows = self.session.execute(
            select(MessageRow.__table__)
            .where(
                MessageRow.school_id == school_id,
                MessageRow.published_at >= since,
                MessageRow.urgent.is_(True),
            )
            .order_by(MessageRow.published_at.desc(), MessageRow.id.desc())
        )
        return [_message(r) for r in rows]


class SqlReplyRepository(_Sql):
    def add(self, reply: Reply) -> Reply:
        row = ReplyRow(
            school_id=reply.school_id,
            message_id=reply.message_id,
            parent_id=reply.parent_id,
            text=reply.text,
            created_at=reply.created_at,
        )
        self.session.add(row)
        self.session.flush()
        return Reply(
            id=row.id,
            school_id=row.school_id,
            message_id=row.message_id,
            parent_id=row.parent_id,
            text=row.text,
            created_at=row.created_at,
        )

    def list_for_message(self, school_id: int, message_id: int) -> Sequence[Reply]:
        return self._replies(ReplyRow.school_id == school_id, ReplyRow.message_id == message_id)

    def list_by_parent(self, school_id: int, parent_id: int) -> Sequence[Reply]:
        return self._replies(ReplyRow.school_id == school_id, ReplyRow.parent_id == parent_id)

    def _replies(self, *where: ColumnElement[bool]) -> list[Reply]:
        rows = self.session.scalars(
            select(ReplyRow).where(*where).order_by(ReplyRow.created_at, ReplyRow.id)
        )
        return [
            Reply(
                id=r.id,
                school_id=r.school_id,
                message_id=r.message_id,
                parent_id=r.parent_id,
                text=r.text,
                created_at=r.created_at,
            )
            for r in rows
        ]


class SqlAgendaRepository(_Sql):
    def add(self, item: AgendaItem) -> AgendaItem:
        row = AgendaRow(**_agenda_values(item))
        self.session.add(row)
        self.session.flush()
        return _agenda(row)

    def get(self, school_id: int, item_id: int) -> AgendaItem | None:
        return get_in_school(self.session, AgendaRow, item_id, school_id, _agenda)

    def list(
        self, school_id: int, *, ending_after: dt.datetime | None = None, limit: int | None = None
    ) -> Sequence[AgendaItem]:
        query = select(AgendaRow.__table__).where(AgendaRow.school_id == school_id)
        if ending_after is not None:
            query = query.where(AgendaRow.over_at > ending_after)
        rows = self.session.execute(query.order_by(AgendaRow.starts_at, AgendaRow.id).limit(limit))
        return [_agenda(r) for r in rows]

    def update(self, item: AgendaItem) -> None:
        row = self.session.get_one(AgendaRow, item.id)
        for key, value in _agenda_values(item).items():
            setattr(row, key, value)

    def remove(self, school_id: int, item_id: int) -> None:
        self.session.execute(
            delete(AgendaRow).where(AgendaRow.id == item_id, AgendaRow.school_id == school_id)
        )


class SqlAlbumRepository(_Sql):
    def add(self, album: Album) -> Album:
        row = AlbumRow(**_album_values(album))
        self.session.add(row)
        self.session.flush()
        return _album(row)

    def get(self, school_id: int, album_id: int) -> Album | None:
        return get_in_school(self.session, AlbumRow, album_id, school_id, _album)

    def list(self, school_id: int) -> Sequence[Album]:
        rows = self.session.scalars(
            select(AlbumRow)
            .where(AlbumRow.school_id == school_id)
            .order_by(AlbumRow.published_at.desc(), AlbumRow.id.desc())
        )
        return [_album(r) for r in rows]

    def update(self, album: Album) -> None:
        row = self.session.get_one(AlbumRow, album.id)
        for key, value in _album_values(album).items():
            setattr(row, key, value)


class SqlPhotoRepository(_Sql):
    def add(self, photo: Photo) -> Photo:
        row = PhotoRow(
            school_id=photo.school_id,
            album_id=photo.album_id,
            file_key=photo.file_key,
            thumbnail_key=photo.thumbnail_key,
            content_type=photo.content_type,
            width=photo.width,
            height=photo.height,
            caption=photo.caption,
            added_at=photo.added_at,
        )
        self.session.add(row)
        self.session.flush()
        return _photo(row)

    def get(self, school_id: int, photo_id: int) -> Photo | None:
        return get_in_school(self.session, PhotoRow, photo_id, school_id, _photo)

    def list_for_album(self, school_id: int, album_id: int) -> Sequence[Photo]:
        rows = self.session.scalars(
            select(PhotoRow)
            .where(PhotoRow.school_id == school_id, PhotoRow.album_id == album_id)
            .order_by(PhotoRow.id)
        )
        return [_photo(r) for r in rows]


class SqlDocumentRepository(_Sql):
    def add(self, document: Document) -> Document:
        row = DocumentRow(
            school_id=document.school_id,
            title=document.title,
            description=document.description,
            group_ids=_groups(document.audience),
            filename=document.filename,
            content_type=document.content_type,
            size=document.size,
            file_key=document.file_key,
            published_at=document.published_at,
        )
        self.session.add(row)
        self.session.flush()
        return _document(row)

    def get(self, school_id: int, document_id: int) -> Document | None:
        return get_in_school(self.session, DocumentRow, document_id, school_id, _document)

    def list(self, school_id: int) -> Sequence[Document]:
        rows = self.session.scalars(
            select(DocumentRow)
            .where(DocumentRow.school_id == school_id)
            .order_by(DocumentRow.published_at.desc(), DocumentRow.id.desc())
        )
        return [_document(r) for r in rows]


class SqlNotificationPreferenceRepository(_Sql):
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


_DIGEST_ENTRIES = DigestEntryRow.__table__
_INSERT_DIGEST_ENTRY = insert(_DIGEST_ENTRIES).returning(_DIGEST_ENTRIES.c.id)


class SqlDigestEntryRepository(_Sql):
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

    def delete_included_before(self, moment: dt.datetime) -> int:
        result = self.session.execute(
            delete(_DIGEST_ENTRIES).where(_DIGEST_ENTRIES.c.included_at < moment)
        )
        return result.rowcount or 0  # type: ignore[attr-defined]


class SqlDigestStateRepository(_Sql):
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


class SqlCalendarFeedRepository(_Sql):
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


def wire(uow: Any, session: Session) -> None:
    """Attach the content repositories to a SqlAlchemyUnitOfWork."""
    uow.news = SqlNewsRepository(session)
    uow.messages = SqlMessageRepository(session)
    uow.replies = SqlReplyRepository(session)
    uow.agenda = SqlAgendaRepository(session)
    uow.albums = SqlAlbumRepository(session)
    uow.album_photos = SqlPhotoRepository(session)
    uow.documents = SqlDocumentRepository(session)
    uow.notification_preferences = SqlNotificationPreferenceRepository(session)
    uow.digest_entries = SqlDigestEntryRepository(session)
    uow.digest_state = SqlDigestStateRepository(session)
    uow.calendar_feeds = SqlCalendarFeedRepository(session)
