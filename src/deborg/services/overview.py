"""Read models for pages: what a parent's Home shows (SPEC §7): spoedberichten above
everything, then messages, the coming agenda, news and open conference invitations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import attrs

from deborg.domain.content.audience import Viewer, viewer_of, visible
from deborg.domain.content.model import AudienceItem, ContentKind, Message, NewsItem
from deborg.domain.content.reads import UnreadBasis
from deborg.domain.model import Child, Group, School
from deborg.ports.uow import UnitOfWork
from deborg.services.content import reads
from deborg.services.content.queries import AgendaEntry, agenda_entry
from deborg.services.content.reads import UnreadCounts

#: How long a spoedbericht stays on top of Home.
URGENT_ON_HOME = dt.timedelta(days=7)
HOME_ITEMS = 5


@attrs.frozen
class ChildInGroup:
    child: Child
    group: Group


@attrs.frozen
class Header:
    """What the page header of a logged-in parent shows besides the menus."""

    #: The avatar shows the parent's photo instead of the initials.
    has_photo: bool
    #: The counts beside Nieuws and Berichten in the menu.
    unread: UnreadCounts


@attrs.frozen
class HomeOverview:
    children: tuple[ChildInGroup, ...]
    urgent: tuple[Message, ...] = ()
    messages: tuple[Message, ...] = ()
    agenda: tuple[AgendaEntry, ...] = ()
    news: tuple[NewsItem, ...] = ()
    #: What the conferences area contributes (see HomeInvitations); its template shows them.
    conference_invitations: tuple[Any, ...] = ()
    #: How many news items and berichten are unread, and which of those shown.
    unread: UnreadCounts | None = None
    unread_messages: frozenset[int] = frozenset()
    unread_news: frozenset[int] = frozenset()
    #: The page header of this parent, read with the rest (so the header reads nothing).
    header: Header | None = None


#: What another area shows on Home: fn(uow, school_id, parent_id, children, groups, now) ->
#: the parent's open items of that area (the conferences area: one invitation per child),
#: shown after the news. ``children`` are the parent's children and ``groups`` their
#: groups by id, already read by Home, so a source need not read them again; ``now`` tells
#: whether an invitation can be booked yet. The composition root passes them in
#: (:class:`deborg.services.areas.AreaContributions`).
HomeInvitations = Callable[
    [UnitOfWork, int, int, Sequence[Child], Mapping[int, Group], dt.datetime], Sequence[Any]
]

#: Home reads the first coming agenda items in windows of these sizes, and filters them by
#: audience: the first window that is not full or holds enough visible items decides the
#: page; after the last one Home reads the whole list. Three in five items are usually
#: school-wide, so the first window nearly always suffices. (News and berichten come from the
#: unread counts' window, see :func:`home_overview`.)
HOME_WINDOWS = (15, 150)

T = TypeVar("T", bound=AudienceItem)


def children_of(uow: UnitOfWork, school_id: int, parent_id: int) -> list[ChildInGroup]:
    """The parent's children with their groups, in one query."""
    return [ChildInGroup(c, g) for c, g in uow.children.of_parent(school_id, parent_id)]


def _first_visible(
    read: Callable[[int | None], Sequence[T]],
    viewer: Viewer,
    enough: Callable[[list[T]], bool],
    first: Sequence[T] | None = None,
) -> list[T]:
    """The visible items of ``read`` (newest or first first), read in growing windows until
    one is not full or shows ``enough``: the same result as filtering the whole list.
    ``first``: the first window, when the caller read it already."""
    for n, size in enumerate(HOME_WINDOWS):
        window = first if n == 0 and first is not None else read(size)
        shown = visible(viewer, window)
        if len(window) < size or enough(shown):
            return shown
    return visible(viewer, read(None))


def home_overview(
    uow: UnitOfWork,
    *,
    school_id: int,
    parent_id: int,
    now: dt.datetime | None = None,
    timezone: str | None = None,
    invitations: Sequence[HomeInvitations] = (),
) -> HomeOverview:
    """Home's read model. ``timezone`` is the school's (the web request has read the school
    already); without it the school is read here.

    The newest news items and berichten and this week's spoedberichten come with their text
    in the same statement as the unread counts (:meth:`ReadStateRepository.basis`); Home
    picks from those, and reads more only when they show too little."""
    with uow:
        pairs = uow.children.of_parent(school_id, parent_id)
        children = tuple(ChildInGroup(c, g) for c, g in pairs)
        if now is None:
            return HomeOverview(children=children)
        if timezone is None:
            school = uow.schools.get(school_id)
            timezone = school.timezone if school else "Europe/Amsterdam"
        own = [c for c, _ in pairs]
        groups = {g.id: g for _, g in pairs}
        since = now - URGENT_ON_HOME
        basis = uow.reads.basis(
            school_id,
            parent_id,
            window=reads.COUNT_WINDOW,
            newest=HOME_WINDOWS[0],
            urgent_since=since,
        )
        viewer = viewer_of(school_id, parent_id, own)

        def newest_messages(limit: int | None) -> Sequence[Message]:
            return uow.messages.list(school_id, limit=limit)

        def newest_news(limit: int | None) -> Sequence[NewsItem]:
            return uow.news.list(school_id, limit=limit)

        # The first window came with the basis, text included; a second one, rarely, read here.
        urgent = visible(viewer, basis.urgent)
        on_top = {m.id for m in urgent}
        others = [
            m
            for m in _first_visible(
                newest_messages,
                viewer,
                lambda shown: sum(1 for m in shown if m.id not in on_top) >= HOME_ITEMS,
                basis.messages,
            )
            if m.id not in on_top
        ][:HOME_ITEMS]
        news = _first_visible(
            newest_news, viewer, lambda shown: len(shown) >= HOME_ITEMS, basis.news
        )[:HOME_ITEMS]
        coming = _first_visible(
            lambda limit: uow.agenda.list(school_id, ending_after=now, limit=limit),
            viewer,
            lambda shown: len(shown) >= HOME_ITEMS,
        )
        agenda = tuple(agenda_entry(item, timezone) for item in coming[:HOME_ITEMS])

        # The basis holds the read state of its own items; a second window (rare) brought
        # others, and only the whole read state tells whether those are read.
        def keys(items: Sequence[NewsItem | Message]) -> set[tuple[ContentKind, int]]:
            return {(i.kind, i.id) for i in items}

        state = basis.state
        if not keys([*others, *news]) <= keys([*basis.news, *basis.messages, *basis.urgent]):
            state = uow.reads.get(school_id, parent_id)
        invited: list[Any] = []
        for source in invitations:
            invited.extend(source(uow, school_id, parent_id, own, groups, now))
    top = _header(viewer, basis)
    return HomeOverview(
        children=children,
        urgent=tuple(urgent),
        messages=tuple(others),
        agenda=agenda,
        news=tuple(news),
        conference_invitations=tuple(invited),
        unread=top.unread,
        unread_messages=reads.unread_ids(state, [*urgent, *others]),
        unread_news=reads.unread_ids(state, news),
        header=top,
    )


def header(uow: UnitOfWork, *, school_id: int, parent_id: int) -> Header:
    """The header's read model, in one query (every page shows it)."""
    with uow:
        basis = uow.reads.basis(school_id, parent_id, window=reads.COUNT_WINDOW)
    return _header(Viewer(school_id, parent_id, basis.group_ids), basis)


def _header(viewer: Viewer, basis: UnreadBasis) -> Header:
    return Header(has_photo=basis.has_photo, unread=reads.counts_of(viewer, basis))


def portal_school(uow: UnitOfWork) -> School | None:
    """The school a logged-out visitor sees in the header and footer: the installation's
    school when it serves exactly one (as De Borg's does), else none."""
    with uow:
        schools = uow.schools.list()
    return schools[0] if len(schools) == 1 else None
