"""What a parent has read: per kind of item (news, berichten) a moment up to which everything
counts as read ("Alles gelezen"), and the items opened one by one after it. A bericht is
unread again when the school answers the parent's reply to it after they last opened it.

What a staff member has read of the parents' replies: per bericht the moment up to which its
replies are read (they opened the thread)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

import attrs

from deborg.domain.content.model import Audience, ContentKind, Message, NewsItem

#: The kinds that have unread markers.
TRACKED = (ContentKind.NEWS, ContentKind.MESSAGE)
#: Counts above this show as "99+": a count reads at most this many newest items.
COUNT_CAP = 99


@attrs.frozen
class ReadState:
    #: kind -> everything published up to then is read.
    all_read_until: Mapping[ContentKind, dt.datetime] = attrs.field(factory=dict)
    #: (kind, item id) opened after that moment -> when last opened.
    opened: Mapping[tuple[ContentKind, int], dt.datetime] = attrs.field(factory=dict)
    #: bericht id -> when the school last answered one of the parent's replies to it.
    answers: Mapping[int, dt.datetime] = attrs.field(factory=dict)

    def is_unread(self, kind: ContentKind, item_id: int, published_at: dt.datetime) -> bool:
        """Never opened (nor covered by "Alles gelezen"), or a bericht with an answer the
        parent has not read."""
        return self._is_new(kind, item_id, published_at) or (
            kind is ContentKind.MESSAGE and self.has_unread_answer(item_id)
        )

    def has_unread_answer(self, message_id: int) -> bool:
        """The school answered one of the parent's replies to this bericht, and the parent
        has not read that answer."""
        answered_at = self.answers.get(message_id)
        return answered_at is not None and self.answer_is_unread(message_id, answered_at)

    def _is_new(self, kind: ContentKind, item_id: int, published_at: dt.datetime) -> bool:
        until = self.all_read_until.get(kind)
        if until is not None and published_at <= until:
            return False
        return (kind, item_id) not in self.opened

    def answer_is_unread(self, message_id: int, answered_at: dt.datetime) -> bool:
        """The school's answer (at ``answered_at``) to the parent's reply to this bericht came
        after the parent last opened it and after their "Alles gelezen"."""
        until = self.all_read_until.get(ContentKind.MESSAGE)
        if until is not None and answered_at <= until:
            return False
        opened = self.opened.get((ContentKind.MESSAGE, message_id))
        return opened is None or answered_at > opened


@attrs.frozen
class Unread:
    """How many items of a kind are unread, capped (:data:`COUNT_CAP`)."""

    count: int
    more: bool = False

    @property
    def label(self) -> str:
        """'3', '99+', or '' for none."""
        if not self.count:
            return ""
        return f"{self.count}+" if self.more else str(self.count)


def count_unread(
    state: ReadState, kind: ContentKind, items: Iterable[tuple[int, dt.datetime]]
) -> Unread:
    """The unread ones of ``items`` ((id, published_at), the newest of what the parent may
    see), capped at :data:`COUNT_CAP`."""
    return capped(sum(1 for item_id, at in items if state.is_unread(kind, item_id, at)))


def capped(count: int) -> Unread:
    """A count of unread items as the menu shows it (at most :data:`COUNT_CAP`, then "+")."""
    return Unread(min(count, COUNT_CAP), more=count > COUNT_CAP)


def reply_is_unread(created_at: dt.datetime, read_until: dt.datetime | None) -> bool:
    """A parent's reply is unread for a staff member until they open its bericht's thread
    (``read_until``: the newest reply they were shown there)."""
    return read_until is None or created_at > read_until


def unread_replies(
    replies: Iterable[tuple[int, dt.datetime]], read_until: Mapping[int, dt.datetime]
) -> dict[int, int]:
    """bericht id -> how many of ``replies`` ((bericht id, created_at)) are unread for a staff
    member whose markers are ``read_until`` (bericht id -> read up to)."""
    counts: dict[int, int] = {}
    for message_id, created_at in replies:
        if reply_is_unread(created_at, read_until.get(message_id)):
            counts[message_id] = counts.get(message_id, 0) + 1
    return counts


@attrs.frozen
class UnreadBasis:
    """What a parent's header and Home are made of, read together: the groups of the
    parent's children (not archived), how many of the newest news items and berichten they
    have not read per audience (so that the audience rule can pick the ones they may see),
    and for Home the newest items of each kind and the recent spoedberichten (newest first)
    with what the parent read of them."""

    group_ids: frozenset[int]
    #: For Home: the "Alles gelezen" marks, and what the parent opened of the items held here
    #: and when the school answered their replies to those berichten; empty for the header
    #: alone (a parent's whole read state grows with every item they open).
    state: ReadState
    #: (kind, audience, how many items of that audience among the newest of the kind are
    #: unread)
    unread: tuple[tuple[ContentKind, Audience, int], ...] = ()
    news: tuple[NewsItem, ...] = ()
    messages: tuple[Message, ...] = ()
    urgent: tuple[Message, ...] = ()
    #: The parent has a profile photo (the header shows it instead of the initials).
    has_photo: bool = False
