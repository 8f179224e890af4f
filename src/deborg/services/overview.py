"""Read models for pages: what a parent's Home shows (SPEC §7): spoedberichten above
everything, then messages, the coming agenda, news and open conference invitations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import attrs

from deborg.domain.content.audience import Viewer, viewer_of, visible
from deborg.domain.content.model import AudienceItem, Message, NewsItem
from deborg.domain.model import Child, Group, School
from deborg.domain.profiles.model import SubjectType
from deborg.ports.uow import UnitOfWork
from deborg.services.content.audience import viewer_for
from deborg.services.content.queries import AgendaEntry, agenda_entry
from deborg.services.content.reads import UnreadCounts, counts_in, unread_ids

#: How long a spoedbericht stays on top of Home.
URGENT_ON_HOME = dt.timedelta(days=7)
HOME_ITEMS = 5


@attrs.frozen
class ChildInGroup:
    child: Child
    group: Group


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


#: What another area shows on Home: fn(uow, school_id, parent_id, children, groups, now) ->
#: the parent's open items of that area (the conferences area: one invitation per child),
#: shown after the news. ``children`` are the parent's children and ``groups`` the school's
#: groups by id, already read by Home, so a source need not read them again; ``now`` tells
#: whether an invitation can be booked yet. The composition root passes them in
#: (:class:`deborg.services.areas.AreaContributions`).
HomeInvitations = Callable[
    [UnitOfWork, int, int, Sequence[Child], Mapping[int, Group], dt.datetime], Sequence[Any]
]

#: Home reads the newest messages and news items and the first coming agenda items in
#: windows of these sizes, and filters them by audience: the first window that is not full or
#: holds enough visible items decides the page; after the last one Home reads the whole list.
#: Three in five items are usually school-wide, so the first window nearly always suffices.
#: Spoedberichten of the last week are read apart, so none is missed however busy the week.
HOME_WINDOWS = (15, 150)

T = TypeVar("T", bound=AudienceItem)


def children_of(uow: UnitOfWork, school_id: int, parent_id: int) -> list[ChildInGroup]:
    """The parent's children with their groups, in a fixed number of queries."""
    children = uow.children.get_many(school_id, uow.guardianships.children_of(school_id, parent_id))
    groups = {g.id: g for g in uow.groups.list(school_id)}
    return [ChildInGroup(c, groups[c.group_id]) for c in children if not c.archived]


def _first_visible(
    read: Callable[[int | None], Sequence[T]],
    viewer: Viewer,
    enough: Callable[[list[T]], bool],
) -> list[T]:
    """The visible items of ``read`` (newest or first first), read in growing windows until
    one is not full or shows ``enough``: the same result as filtering the whole list."""
    for size in HOME_WINDOWS:
        window = read(size)
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
    already); without it the school is read here."""
    with uow:
        own = [
            c
            for c in uow.children.get_many(
                school_id, uow.guardianships.children_of(school_id, parent_id)
            )
            if not c.archived
        ]
        groups = {g.id: g for g in uow.groups.list(school_id)}
        children = tuple(ChildInGroup(c, groups[c.group_id]) for c in own)
        if now is None:
            return HomeOverview(children=children)
        if timezone is None:
            school = uow.schools.get(school_id)
            timezone = school.timezone if school else "Europe/Amsterdam"
        viewer = viewer_of(school_id, parent_id, own)
        urgent = tuple(
            visible(viewer, uow.messages.list_urgent(school_id, since=now - URGENT_ON_HOME))
        )
        on_top = {m.id for m in urgent}
        others = tuple(
            m
            for m in _first_visible(
                lambda limit: uow.messages.list(school_id, limit=limit),
                viewer,
                lambda shown: sum(1 for m in shown if m.id not in on_top) >= HOME_ITEMS,
            )
            if m.id not in on_top
        )[:HOME_ITEMS]
        coming = _first_visible(
            lambda limit: uow.agenda.list(school_id, ending_after=now, limit=limit),
            viewer,
            lambda shown: len(shown) >= HOME_ITEMS,
        )
        agenda = tuple(agenda_entry(item, timezone) for item in coming[:HOME_ITEMS])
        news = _first_visible(
            lambda limit: uow.news.list(school_id, limit=limit),
            viewer,
            lambda shown: len(shown) >= HOME_ITEMS,
        )
        invited: list[Any] = []
        for source in invitations:
            invited.extend(source(uow, school_id, parent_id, own, groups, now))
        state = uow.reads.get(school_id, parent_id)
        unread = counts_in(uow, viewer, state)
    shown_news = tuple(news[:HOME_ITEMS])
    return HomeOverview(
        children=children,
        urgent=urgent,
        messages=others,
        agenda=agenda,
        news=shown_news,
        conference_invitations=tuple(invited),
        unread=unread,
        unread_messages=unread_ids(state, [*urgent, *others]),
        unread_news=unread_ids(state, shown_news),
    )


@attrs.frozen
class Header:
    """What the page header of a logged-in parent shows besides the menus."""

    #: The avatar shows the parent's photo instead of the initials.
    has_photo: bool
    #: The counts beside Nieuws and Berichten in the menu.
    unread: UnreadCounts


def header(uow: UnitOfWork, *, school_id: int, parent_id: int) -> Header:
    """The header's read model, in a fixed number of queries (every page shows it)."""
    with uow:
        photo = uow.photos.get(school_id, SubjectType.PARENT, parent_id)
        viewer = viewer_for(uow, school_id, parent_id)
        unread = counts_in(uow, viewer, uow.reads.get(school_id, parent_id))
    return Header(has_photo=photo is not None, unread=unread)


def portal_school(uow: UnitOfWork) -> School | None:
    """The school a logged-out visitor sees in the header and footer: the installation's
    school when it serves exactly one (as De Borg's does), else none."""
    with uow:
        schools = uow.schools.list()
    return schools[0] if len(schools) == 1 else None
