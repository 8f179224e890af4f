"""In-memory repositories of the content area and notifications."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol, TypeVar

from deborg.adapters.memory.store import MemoryRepository
from deborg.domain.content.audience import Viewer, can_see
from deborg.domain.content.listing import Search, searched_text
from deborg.domain.content.model import (
    AgendaItem,
    Album,
    Audience,
    CalendarFeed,
    ContentKind,
    Document,
    Message,
    NewsItem,
    Photo,
    Reply,
)
from deborg.domain.content.reads import ReadState, UnreadBasis
from deborg.domain.notifications.model import DigestEntry, DigestState, NotificationPreferences
from deborg.domain.profiles.model import SubjectType


class _PublishedItem(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def school_id(self) -> int: ...
    @property
    def published_at(self) -> dt.datetime: ...


P = TypeVar("P", bound=_PublishedItem)


class _Published(MemoryRepository[P]):
    """Items ``P`` of a school, listed newest first."""

    def add(self, item: P) -> P:
        return self._insert(item)

    def get(self, school_id: int, item_id: int) -> P | None:
        return self._one(lambda i: i.id == item_id and i.school_id == school_id)

    def list(self, school_id: int, *, limit: int | None = None) -> Sequence[P]:
        found = self._select(lambda i: i.school_id == school_id)
        return sorted(found, key=lambda i: (i.published_at, i.id), reverse=True)[:limit]

    def update(self, item: P) -> None:
        self._replace(item)


L = TypeVar("L", NewsItem, Message, Document)


class _Listed(_Published[L]):
    """News, messages and documents: paged for a viewer, searched in title and text."""

    def listed(self, viewer: Viewer, *, search: Search, offset: int, limit: int) -> Sequence[L]:
        return self._found(viewer, search)[offset : offset + limit]

    def count_listed(self, viewer: Viewer, *, search: Search) -> int:
        return len(self._found(viewer, search))

    def _found(self, viewer: Viewer, search: Search) -> list[L]:
        return [
            item
            for item in self.list(viewer.school_id)
            if can_see(viewer, item) and (not search or search.finds(*searched_text(item)))
        ]


class MemoryNewsRepository(_Listed[NewsItem]):
    table_name = "news"

    def remove(self, school_id: int, item_id: int) -> None:
        self._delete_where(lambda i: i.id == item_id and i.school_id == school_id)


class MemoryMessageRepository(_Listed[Message]):
    table_name = "messages"

    def list_urgent(self, school_id: int, *, since: dt.datetime) -> Sequence[Message]:
        return [m for m in self.list(school_id) if m.urgent and m.published_at >= since]

    def remove(self, school_id: int, message_id: int) -> None:
        if self._delete_where(lambda m: m.id == message_id and m.school_id == school_id):
            replies = self._tx().table("replies")
            for key in [k for k, r in replies.items() if r.message_id == message_id]:
                del replies[key]
            marks = self._tx().table(MemoryReplyReadRepository.table_name)
            for key in [k for k in marks if k[2] == message_id]:
                del marks[key]


class MemoryAlbumRepository(_Published[Album]):
    table_name = "albums"

    def remove(self, school_id: int, album_id: int) -> None:
        if self._delete_where(lambda a: a.id == album_id and a.school_id == school_id):
            photos = self._tx().table("photos")
            for key in [k for k, p in photos.items() if p.album_id == album_id]:
                del photos[key]


class MemoryDocumentRepository(_Listed[Document]):
    table_name = "documents"

    def remove(self, school_id: int, document_id: int) -> None:
        self._delete_where(lambda d: d.id == document_id and d.school_id == school_id)


class MemoryContentRecipientRepository(MemoryRepository[frozenset[int]]):
    """Keyed (school, kind, item id): the parent ids recorded for the item."""

    table_name = "content_recipients"

    def list(self, school_id: int, kind: ContentKind, item_id: int) -> frozenset[int]:
        return self._rows.get((school_id, kind.value, item_id), frozenset())

    def add(
        self, school_id: int, kind: ContentKind, item_id: int, parent_ids: Iterable[int]
    ) -> None:
        key = (school_id, kind.value, item_id)
        self._rows[key] = self._rows.get(key, frozenset()) | frozenset(parent_ids)

    def remove_item(self, school_id: int, kind: ContentKind, item_id: int) -> None:
        self._rows.pop((school_id, kind.value, item_id), None)


class MemoryReplyRepository(MemoryRepository[Reply]):
    table_name = "replies"

    def add(self, reply: Reply) -> Reply:
        return self._insert(reply)

    def get(self, school_id: int, reply_id: int) -> Reply | None:
        return self._one(lambda r: r.id == reply_id and r.school_id == school_id)

    def update(self, reply: Reply) -> None:
        self._replace(reply)

    def list_for_messages(self, school_id: int, message_ids: Iterable[int]) -> Sequence[Reply]:
        wanted = set(message_ids)
        found = self._select(lambda r: r.school_id == school_id and r.message_id in wanted)
        return sorted(found, key=lambda r: (r.created_at, r.id))

    def list_for_message(self, school_id: int, message_id: int) -> Sequence[Reply]:
        found = self._select(lambda r: r.school_id == school_id and r.message_id == message_id)
        return sorted(found, key=lambda r: (r.created_at, r.id))

    def list_by_parent(self, school_id: int, parent_id: int) -> Sequence[Reply]:
        found = self._select(lambda r: r.school_id == school_id and r.parent_id == parent_id)
        return sorted(found, key=lambda r: (r.created_at, r.id))


class MemoryAgendaRepository(MemoryRepository[AgendaItem]):
    table_name = "agenda"

    def add(self, item: AgendaItem) -> AgendaItem:
        return self._insert(item)

    def get(self, school_id: int, item_id: int) -> AgendaItem | None:
        return self._one(lambda i: i.id == item_id and i.school_id == school_id)

    def list(
        self, school_id: int, *, ending_after: dt.datetime | None = None, limit: int | None = None
    ) -> Sequence[AgendaItem]:
        def keep(i: AgendaItem) -> bool:
            if i.school_id != school_id:
                return False
            return ending_after is None or i.over_at > ending_after

        return sorted(self._select(keep), key=lambda i: (i.starts_at, i.id))[:limit]

    def update(self, item: AgendaItem) -> None:
        self._replace(item)

    def remove(self, school_id: int, item_id: int) -> None:
        found = self._rows.get(item_id)
        if found is not None and found.school_id == school_id:
            del self._rows[item_id]


class MemoryPhotoRepository(MemoryRepository[Photo]):
    table_name = "photos"

    def add(self, photo: Photo) -> Photo:
        return self._insert(photo)

    def get(self, school_id: int, photo_id: int) -> Photo | None:
        return self._one(lambda p: p.id == photo_id and p.school_id == school_id)

    def list_for_album(self, school_id: int, album_id: int) -> Sequence[Photo]:
        found = self._select(lambda p: p.school_id == school_id and p.album_id == album_id)
        return sorted(found, key=lambda p: p.id)

    def remove(self, school_id: int, photo_id: int) -> None:
        self._delete_where(lambda p: p.id == photo_id and p.school_id == school_id)


class MemoryNotificationPreferenceRepository(MemoryRepository[NotificationPreferences]):
    table_name = "notification_preferences"

    def get(self, school_id: int, parent_id: int) -> NotificationPreferences | None:
        found = self._rows.get((school_id, parent_id))
        return copy.deepcopy(found)

    def list_for_school(self, school_id: int) -> Mapping[int, NotificationPreferences]:
        return {
            p.parent_id: copy.deepcopy(p) for p in self._rows.values() if p.school_id == school_id
        }

    def get_many(
        self, school_id: int, parent_ids: Iterable[int]
    ) -> Mapping[int, NotificationPreferences]:
        wanted = set(parent_ids)
        return {
            p.parent_id: copy.deepcopy(p)
            for p in self._rows.values()
            if p.school_id == school_id and p.parent_id in wanted
        }

    def save(self, preferences: NotificationPreferences) -> None:
        self._rows[(preferences.school_id, preferences.parent_id)] = copy.deepcopy(preferences)


class MemoryDigestEntryRepository(MemoryRepository[DigestEntry]):
    table_name = "digest_entries"

    def add(self, entry: DigestEntry) -> DigestEntry:
        return self._insert(entry)

    def pending(self, school_id: int) -> Sequence[DigestEntry]:
        found = self._select(lambda e: e.school_id == school_id and e.included_at is None)
        return sorted(found, key=lambda e: (e.created_at, e.id))

    def pending_parents(self, school_id: int, up_to: dt.datetime) -> Sequence[int]:
        return sorted({e.parent_id for e in self._due(school_id, up_to, None)})

    def take(
        self, school_id: int, parent_ids: tuple[int, int], up_to: dt.datetime, at: dt.datetime
    ) -> Sequence[DigestEntry]:
        taken = self._due(school_id, up_to, parent_ids)
        for entry in taken:
            entry.included_at = at
        return [copy.deepcopy(e) for e in sorted(taken, key=lambda e: (e.created_at, e.id))]

    def _due(
        self, school_id: int, up_to: dt.datetime, parent_ids: tuple[int, int] | None
    ) -> list[DigestEntry]:
        return [
            e
            for e in self._rows.values()
            if e.school_id == school_id
            and e.included_at is None
            and e.created_at <= up_to
            and (parent_ids is None or parent_ids[0] <= e.parent_id <= parent_ids[1])
        ]

    def delete_included_before(self, moment: dt.datetime) -> int:
        return self._delete_where(lambda e: e.included_at is not None and e.included_at < moment)


class MemoryDigestStateRepository(MemoryRepository[DigestState]):
    table_name = "digest_state"

    def get_for_update(self, school_id: int) -> DigestState | None:
        return copy.deepcopy(self._rows.get(school_id))

    def save(self, state: DigestState) -> None:
        self._rows[state.school_id] = copy.deepcopy(state)


class MemoryCalendarFeedRepository(MemoryRepository[CalendarFeed]):
    table_name = "calendar_feeds"

    def get_by_hash(self, token_hash: str) -> CalendarFeed | None:
        return self._one(lambda f: f.token_hash == token_hash)

    def get_for_parent(self, school_id: int, parent_id: int) -> CalendarFeed | None:
        return copy.deepcopy(self._rows.get((school_id, parent_id)))

    def save(self, feed: CalendarFeed) -> None:
        self._rows[(feed.school_id, feed.parent_id)] = copy.deepcopy(feed)


class MemoryReadStateRepository(MemoryRepository[dt.datetime]):
    """Rows keyed (school, parent, kind, item id); item id 0 holds the "all read" moment."""

    table_name = "content_reads"

    def get(self, school_id: int, parent_id: int) -> ReadState:
        marks: dict[ContentKind, dt.datetime] = {}
        opened: dict[tuple[ContentKind, int], dt.datetime] = {}
        for (school, parent, kind, item_id), at in self._rows.items():
            if (school, parent) != (school_id, parent_id):
                continue
            if item_id == 0:
                marks[ContentKind(kind)] = at
            else:
                opened[(ContentKind(kind), item_id)] = at
        answers: dict[int, dt.datetime] = {}
        reply: Reply
        for reply in self._tx().table(MemoryReplyRepository.table_name).values():
            if (reply.school_id, reply.parent_id) != (school_id, parent_id):
                continue
            if reply.answered_at is not None:
                known = answers.get(reply.message_id)
                answers[reply.message_id] = max(known or reply.answered_at, reply.answered_at)
        return ReadState(marks, opened, answers)

    def basis(
        self,
        school_id: int,
        parent_id: int,
        *,
        window: int,
        newest: int = 0,
        urgent_since: dt.datetime | None = None,
    ) -> UnreadBasis:
        tx = self._tx()
        own = {
            g.child_id
            for g in tx.table("guardianships").values()
            if g.parent_id == parent_id and g.school_id == school_id
        }
        groups = frozenset(
            c.group_id
            for c in tx.table("children").values()
            if c.id in own and c.school_id == school_id and not c.archived
        )
        state = self.get(school_id, parent_id)
        unread: list[tuple[ContentKind, Audience, int]] = []

        def newest_first(kind: ContentKind, items: Iterable[L]) -> list[L]:
            """The school's items of one kind newest first; counts the unread ones."""
            mine = sorted(
                (i for i in items if i.school_id == school_id),
                key=lambda i: (i.published_at, i.id),
                reverse=True,
            )
            per_audience: dict[Audience, int] = {}
            for item in mine[:window]:
                if state.is_unread(kind, item.id, item.published_at):
                    per_audience[item.audience] = per_audience.get(item.audience, 0) + 1
            unread.extend((kind, audience, n) for audience, n in per_audience.items())
            return mine

        news: list[NewsItem] = newest_first(ContentKind.NEWS, tx.table("news").values())
        messages: list[Message] = newest_first(ContentKind.MESSAGE, tx.table("messages").values())
        urgent: tuple[Message, ...] = ()
        if urgent_since is not None:
            urgent = tuple(m for m in messages if m.urgent and m.published_at >= urgent_since)
        held: tuple[NewsItem | Message, ...] = (*news[:newest], *messages[:newest], *urgent)
        shown = {(i.kind, i.id) for i in held}
        return UnreadBasis(
            groups,
            ReadState(
                state.all_read_until if newest > 0 or urgent_since is not None else {},
                {key: at for key, at in state.opened.items() if key in shown},
                {m: at for m, at in state.answers.items() if (ContentKind.MESSAGE, m) in shown},
            ),
            tuple(unread),
            tuple(news[:newest]),
            tuple(messages[:newest]),
            urgent,
            (school_id, SubjectType.PARENT, parent_id) in tx.table("profile_photos"),
        )

    def mark_read(
        self, school_id: int, parent_id: int, kind: ContentKind, item_id: int, at: dt.datetime
    ) -> None:
        key = (school_id, parent_id, kind.value, item_id)
        self._rows[key] = max(self._rows.get(key, at), at)

    def mark_all_read(
        self, school_id: int, parent_id: int, kind: ContentKind, until: dt.datetime
    ) -> None:
        for key in [k for k in self._rows if k[:3] == (school_id, parent_id, kind.value)]:
            del self._rows[key]
        self._rows[(school_id, parent_id, kind.value, 0)] = until


class MemoryReplyReadRepository(MemoryRepository[dt.datetime]):
    """Rows keyed (school, staff member, bericht id): its replies read up to then."""

    table_name = "reply_reads"

    def for_staff(
        self, school_id: int, staff_id: int, message_ids: Iterable[int]
    ) -> Mapping[int, dt.datetime]:
        wanted = set(message_ids)
        return {
            message_id: at
            for (school, staff, message_id), at in self._rows.items()
            if (school, staff) == (school_id, staff_id) and message_id in wanted
        }

    def mark_read(self, school_id: int, staff_id: int, message_id: int, until: dt.datetime) -> None:
        key = (school_id, staff_id, message_id)
        self._rows[key] = max(self._rows.get(key, until), until)
