"""Repositories of the content area and of notifications. School-scoped like the rest:
every read takes the ``school_id``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol, TypeVar

from deborg.domain.content.audience import Viewer
from deborg.domain.content.listing import Search
from deborg.domain.content.model import (
    AgendaItem,
    Album,
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


class ReadStateRepository(Protocol):
    """What each parent has read (news and berichten)."""

    def get(self, school_id: int, parent_id: int) -> ReadState:
        """The parent's read state with, per bericht, when the school last answered the
        parent's replies to it; in one query; empty when nothing read or answered."""
        ...

    def basis(
        self,
        school_id: int,
        parent_id: int,
        *,
        window: int,
        newest: int = 0,
        urgent_since: dt.datetime | None = None,
    ) -> UnreadBasis:
        """In one query: the parent's children's groups and read state; per kind (news,
        berichten) and audience, how many of the newest ``window`` items the parent has not
        read (:meth:`ReadState.is_unread`); the newest ``newest`` items of each kind; the
        spoedberichten published at or after ``urgent_since`` (none without it); whether the
        parent has a profile photo."""
        ...

    def mark_read(
        self, school_id: int, parent_id: int, kind: ContentKind, item_id: int, at: dt.datetime
    ) -> None:
        """The parent opened this item (again: it counts as opened at the later moment)."""
        ...

    def mark_all_read(
        self, school_id: int, parent_id: int, kind: ContentKind, until: dt.datetime
    ) -> None:
        """ "Alles gelezen": everything of ``kind`` published up to ``until`` is read; the
        single marks it covers are dropped."""
        ...


class ReplyReadRepository(Protocol):
    """What each staff member has read of the parents' replies: per bericht, the moment up to
    which its replies are read."""

    def for_staff(
        self, school_id: int, staff_id: int, message_ids: Iterable[int]
    ) -> Mapping[int, dt.datetime]:
        """bericht id -> read up to, for those of ``message_ids`` the staff member opened (one
        query)."""
        ...

    def mark_read(self, school_id: int, staff_id: int, message_id: int, until: dt.datetime) -> None:
        """The staff member read the replies to this bericht up to ``until`` (an earlier
        moment than already stored changes nothing)."""
        ...


Listed = TypeVar("Listed", covariant=True)


class ListedItems(Protocol[Listed]):
    """A list page's read: the audience rule and the search are part of the query, so the
    rows read are at most ``limit`` whatever the school ever posted."""

    def listed(
        self, viewer: Viewer, *, search: Search, offset: int, limit: int
    ) -> Sequence[Listed]:
        """Newest first, only what ``viewer`` may see (:func:`~deborg.domain.content.audience.
        can_see`) and what ``search`` finds; ``limit`` items from ``offset``."""
        ...

    def count_listed(self, viewer: Viewer, *, search: Search) -> int:
        """How many items :meth:`listed` pages through."""
        ...


class NewsRepository(ListedItems[NewsItem], Protocol):
    def add(self, item: NewsItem) -> NewsItem: ...
    def get(self, school_id: int, item_id: int) -> NewsItem | None: ...
    def list(self, school_id: int, *, limit: int | None = None) -> Sequence[NewsItem]:
        """Newest first; with ``limit``, only the newest ``limit``."""
        ...

    def update(self, item: NewsItem) -> None: ...
    def remove(self, school_id: int, item_id: int) -> None: ...


class MessageRepository(ListedItems[Message], Protocol):
    def add(self, message: Message) -> Message: ...
    def get(self, school_id: int, message_id: int) -> Message | None: ...
    def list(self, school_id: int, *, limit: int | None = None) -> Sequence[Message]:
        """Newest first; with ``limit``, only the newest ``limit``."""
        ...

    def list_urgent(self, school_id: int, *, since: dt.datetime) -> Sequence[Message]:
        """The spoedberichten published at or after ``since``, newest first."""
        ...

    def update(self, message: Message) -> None: ...
    def remove(self, school_id: int, message_id: int) -> None:
        """Remove the message with its replies and the staff's read markers on them."""
        ...


class ReplyRepository(Protocol):
    def add(self, reply: Reply) -> Reply: ...
    def get(self, school_id: int, reply_id: int) -> Reply | None: ...
    def update(self, reply: Reply) -> None:
        """Write back the answer of a reply read earlier."""
        ...

    def list_for_messages(self, school_id: int, message_ids: Iterable[int]) -> Sequence[Reply]:
        """The replies to any of these messages, oldest first (one query)."""
        ...

    def list_for_message(self, school_id: int, message_id: int) -> Sequence[Reply]:
        """Oldest first."""
        ...

    def list_by_parent(self, school_id: int, parent_id: int) -> Sequence[Reply]:
        """The replies this parent sent, to any message; oldest first."""
        ...


class AgendaRepository(Protocol):
    def add(self, item: AgendaItem) -> AgendaItem: ...
    def get(self, school_id: int, item_id: int) -> AgendaItem | None: ...
    def list(
        self, school_id: int, *, ending_after: dt.datetime | None = None, limit: int | None = None
    ) -> Sequence[AgendaItem]:
        """By start, earliest first; with ``ending_after``, only items not over by then; with
        ``limit``, only the first ``limit``."""
        ...

    def update(self, item: AgendaItem) -> None: ...
    def remove(self, school_id: int, item_id: int) -> None: ...


class AlbumRepository(Protocol):
    def add(self, album: Album) -> Album: ...
    def get(self, school_id: int, album_id: int) -> Album | None: ...
    def list(self, school_id: int) -> Sequence[Album]:
        """Newest first."""
        ...

    def update(self, album: Album) -> None: ...
    def remove(self, school_id: int, album_id: int) -> None:
        """Remove the album with its photos (their files are the caller's)."""
        ...


class PhotoRepository(Protocol):
    def add(self, photo: Photo) -> Photo: ...
    def get(self, school_id: int, photo_id: int) -> Photo | None: ...
    def list_for_album(self, school_id: int, album_id: int) -> Sequence[Photo]:
        """In the order they were added."""
        ...

    def remove(self, school_id: int, photo_id: int) -> None: ...


class DocumentRepository(ListedItems[Document], Protocol):
    def add(self, document: Document) -> Document: ...
    def get(self, school_id: int, document_id: int) -> Document | None: ...
    def list(self, school_id: int) -> Sequence[Document]:
        """Newest first."""
        ...

    def update(self, document: Document) -> None: ...
    def remove(self, school_id: int, document_id: int) -> None: ...


class ContentRecipientRepository(Protocol):
    """The parents who had an item (its audience when it changed) or were told of it after a
    change of its audience: a parent who gains an item hears of it at most once."""

    def list(self, school_id: int, kind: ContentKind, item_id: int) -> frozenset[int]: ...
    def add(
        self, school_id: int, kind: ContentKind, item_id: int, parent_ids: Iterable[int]
    ) -> None:
        """Record these parents too (one already recorded stays once)."""
        ...

    def remove_item(self, school_id: int, kind: ContentKind, item_id: int) -> None:
        """Forget the item's parents (the item was withdrawn)."""
        ...


class NotificationPreferenceRepository(Protocol):
    def get(self, school_id: int, parent_id: int) -> NotificationPreferences | None: ...
    def list_for_school(self, school_id: int) -> Mapping[int, NotificationPreferences]:
        """Parent id -> stored preferences (parents who never chose are absent)."""
        ...

    def get_many(
        self, school_id: int, parent_ids: Iterable[int]
    ) -> Mapping[int, NotificationPreferences]:
        """:meth:`list_for_school` for these parents only."""
        ...

    def save(self, preferences: NotificationPreferences) -> None: ...


class DigestEntryRepository(Protocol):
    def add(self, entry: DigestEntry) -> DigestEntry: ...
    def pending(self, school_id: int) -> Sequence[DigestEntry]:
        """Entries not yet in a digest, oldest first."""
        ...

    def pending_parents(self, school_id: int, up_to: dt.datetime) -> Sequence[int]:
        """The parents with a line not yet in a digest and kept at or before ``up_to``, by
        id."""
        ...

    def take(
        self, school_id: int, parent_ids: tuple[int, int], up_to: dt.datetime, at: dt.datetime
    ) -> Sequence[DigestEntry]:
        """The lines not yet in a digest and kept at or before ``up_to`` of the parents whose
        ids are in ``parent_ids`` (first, last; both included), marked as included ``at`` and
        returned so, oldest first: in one statement where the database can."""
        ...

    def delete_included_before(self, moment: dt.datetime) -> int:
        """Remove the lines that went out in a digest before ``moment``; returns how many."""
        ...


class DigestStateRepository(Protocol):
    def get_for_update(self, school_id: int) -> DigestState | None:
        """The school's digest state, locking the school so that two runs at once queue
        nothing twice (the second waits, then finds the digest done)."""
        ...

    def save(self, state: DigestState) -> None: ...


class CalendarFeedRepository(Protocol):
    def get_by_hash(self, token_hash: str) -> CalendarFeed | None: ...
    def get_for_parent(self, school_id: int, parent_id: int) -> CalendarFeed | None: ...
    def save(self, feed: CalendarFeed) -> None:
        """Insert or replace the parent's one feed."""
        ...
