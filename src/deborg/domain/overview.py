"""Read models for pages: what a parent's Home shows (SPEC §7): spoedberichten above
everything, then messages, the coming agenda, news and open conference invitations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from deborg.domain.content.audience import viewer_for, visible
from deborg.domain.content.model import Message, NewsItem
from deborg.domain.content.queries import AgendaEntry, agenda_entry
from deborg.domain.model import Child, Group
from deborg.ports.uow import UnitOfWork

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
    #: Filled by the conferences area through CONFERENCE_INVITATIONS; its template shows them.
    conference_invitations: tuple[Any, ...] = ()


#: EXTENSION POINT for the conferences area: fn(uow, school_id, parent_id) -> the parent's
#: open conference invitations (one per child), shown on Home after the news. Register it
#: from the area's composition (e.g. its web module's init_app), not at import time.
ConferenceInvitations = Callable[[UnitOfWork, int, int], Sequence[Any]]
CONFERENCE_INVITATIONS: list[ConferenceInvitations] = []


def children_of(uow: UnitOfWork, school_id: int, parent_id: int) -> list[ChildInGroup]:
    """The parent's children with their groups, in a fixed number of queries."""
    children = uow.children.get_many(school_id, uow.guardianships.children_of(school_id, parent_id))
    groups = {g.id: g for g in uow.groups.list(school_id)}
    return [ChildInGroup(c, groups[c.group_id]) for c in children if not c.archived]


def home_overview(
    uow: UnitOfWork, *, school_id: int, parent_id: int, now: dt.datetime | None = None
) -> HomeOverview:
    with uow:
        children = tuple(children_of(uow, school_id, parent_id))
        if now is None:
            return HomeOverview(children=children)
        school = uow.schools.get(school_id)
        timezone = school.timezone if school else "Europe/Amsterdam"
        viewer = viewer_for(uow, school_id, parent_id)
        messages = visible(viewer, uow.messages.list(school_id))
        urgent = tuple(m for m in messages if m.urgent and now - m.published_at <= URGENT_ON_HOME)
        others = tuple(m for m in messages if m not in urgent)[:HOME_ITEMS]
        agenda = tuple(
            agenda_entry(item, timezone)
            for item in visible(viewer, uow.agenda.list(school_id, ending_after=now))[:HOME_ITEMS]
        )
        news = tuple(visible(viewer, uow.news.list(school_id))[:HOME_ITEMS])
        invitations: list[Any] = []
        for source in CONFERENCE_INVITATIONS:
            invitations.extend(source(uow, school_id, parent_id))
    return HomeOverview(
        children=children,
        urgent=urgent,
        messages=others,
        agenda=agenda,
        news=news,
        conference_invitations=tuple(invitations),
    )
