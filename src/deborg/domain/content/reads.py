"""What a parent has read: per kind of item (news, berichten) a moment up to which everything
counts as read ("Alles gelezen"), and the items opened one by one after it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

import attrs

from deborg.domain.content.model import Audience, ContentKind, Listed

#: The kinds that have unread markers.
TRACKED = (ContentKind.NEWS, ContentKind.MESSAGE)
#: Counts above this show as "99+": a count reads at most this many newest items.
COUNT_CAP = 99


@attrs.frozen
class ReadState:
    #: kind -> everything published up to then is read.
    all_read_until: Mapping[ContentKind, dt.datetime] = attrs.field(factory=dict)
    #: (kind, item id) opened after that moment.
    opened: frozenset[tuple[ContentKind, int]] = frozenset()

    def is_unread(self, kind: ContentKind, item_id: int, published_at: dt.datetime) -> bool:
        until = self.all_read_until.get(kind)
        if until is not None and published_at <= until:
            return False
        return (kind, item_id) not in self.opened


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


@attrs.frozen
class UnreadBasis:
    """What a parent's header and Home are made of, read together: the groups of the
    parent's children (not archived), what they read, how many of the newest news items and
    berichten they have not read per audience (so that the audience rule can pick the ones
    they may see), and the newest items of each kind and the recent spoedberichten without
    their text (newest first)."""

    group_ids: frozenset[int]
    state: ReadState
    #: (kind, audience, how many items of that audience among the newest of the kind are
    #: unread)
    unread: tuple[tuple[ContentKind, Audience, int], ...] = ()
    news: tuple[Listed, ...] = ()
    messages: tuple[Listed, ...] = ()
    urgent: tuple[Listed, ...] = ()
    #: The parent has a profile photo (the header shows it instead of the initials).
    has_photo: bool = False
