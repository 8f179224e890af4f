"""Unread markers: what a parent has not read yet of the news and the berichten, the counts
in the menu and on Home, opening an item, and "Alles gelezen"."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from deborg.domain.content.audience import Viewer, reaches
from deborg.domain.content.model import ContentKind, Message, NewsItem
from deborg.domain.content.reads import COUNT_CAP, ReadState, Unread, UnreadBasis, capped
from deborg.ports.clock import Clock
from deborg.ports.uow import UnitOfWork

#: The counts read this many newest items of a kind (what the parent may not see among them
#: is left out); an unread item further back (or a bericht further back with an unread answer
#: to the parent's reply) still shows its marker in the list.
COUNT_WINDOW = 4 * COUNT_CAP


@attrs.frozen
class UnreadCounts:
    news: Unread
    messages: Unread

    def of(self, kind: ContentKind) -> Unread:
        return self.news if kind is ContentKind.NEWS else self.messages


def unread_ids(state: ReadState, items: Iterable[NewsItem | Message]) -> frozenset[int]:
    """The ids of ``items`` the parent has not read."""
    return frozenset(
        item.id for item in items if state.is_unread(item.kind, item.id, item.published_at)
    )


def unread_answer_ids(state: ReadState, messages: Iterable[Message]) -> frozenset[int]:
    """The ids of ``messages`` with an answer to the parent's reply they have not read."""
    return frozenset(m.id for m in messages if state.has_unread_answer(m.id))


def counts_of(viewer: Viewer, basis: UnreadBasis) -> UnreadCounts:
    """The counts from what :meth:`ReadStateRepository.basis` read (window
    :data:`COUNT_WINDOW`): of the newest items of each kind, the unread ones whose audience
    includes the parent."""
    totals = dict.fromkeys(ContentKind, 0)
    for kind, audience, count in basis.unread:
        if reaches(audience, viewer.group_ids):
            totals[kind] += count
    return UnreadCounts(
        news=capped(totals[ContentKind.NEWS]), messages=capped(totals[ContentKind.MESSAGE])
    )


def unread_counts(uow: UnitOfWork, *, school_id: int, parent_id: int) -> UnreadCounts:
    """For the menu, Home and the app: how many news items and berichten are unread."""
    with uow:
        basis = uow.reads.basis(school_id, parent_id, window=COUNT_WINDOW)
    return counts_of(Viewer(school_id, parent_id, basis.group_ids), basis)


def mark_read(
    uow: UnitOfWork,
    clock: Clock,
    *,
    school_id: int,
    parent_id: int,
    kind: ContentKind,
    item_id: int,
) -> None:
    """The parent opened the item (the caller has checked that they may see it)."""
    with uow:
        uow.reads.mark_read(school_id, parent_id, kind, item_id, clock.now())
        uow.commit()


def mark_all_read(
    uow: UnitOfWork, clock: Clock, *, school_id: int, parent_id: int, kind: ContentKind
) -> None:
    """ "Alles gelezen": everything of ``kind`` published until now is read."""
    if kind not in (ContentKind.NEWS, ContentKind.MESSAGE):
        raise ValueError(f"no unread markers for {kind}")
    with uow:
        uow.reads.mark_all_read(school_id, parent_id, kind, clock.now())
        uow.commit()
