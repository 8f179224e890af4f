"""The private calendar feed (beyond the manual): each parent may have one secret iCalendar
URL with the school agenda of their children's groups. Only a hash of its token is stored;
renewing makes a new token and kills the old URL."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from deborg.domain.calendar import Calendar, CalendarEvent
from deborg.domain.content.audience import Viewer, can_see, visible
from deborg.domain.content.model import AgendaItem, CalendarFeed
from deborg.domain.errors import NotFound
from deborg.domain.model import ParentState, School
from deborg.domain.tokens import TOKEN_BYTES, digest
from deborg.ports.clock import Clock
from deborg.ports.randomness import TokenSource
from deborg.ports.uow import UnitOfWork
from deborg.services.content.audience import viewer_for

#: A source of events for a parent's feed: fn(uow, school, viewer) -> events. The agenda is
#: one; other areas contribute theirs through the composition root (AreaContributions).
EventSource = Callable[[UnitOfWork, School, Viewer], Sequence[CalendarEvent]]


def agenda_event(school: School, item: AgendaItem) -> CalendarEvent:
    """An agenda item as a calendar event: one UID per item, so the feed and a downloaded
    "Zet in mijn agenda" file describe the same event, and SEQUENCE its revision."""
    return CalendarEvent(
        uid=f"agenda-{item.id}@{school.code.lower()}.deborg",
        title=item.title,
        starts_at=item.starts_at,
        ends_at=item.ends_at,
        all_day=item.all_day,
        description=item.description.text,
        location=item.location,
        sequence=item.revision,
        last_modified=item.changed_at or item.published_at,
    )


def agenda_events(uow: UnitOfWork, school: School, viewer: Viewer) -> list[CalendarEvent]:
    """The school agenda as this parent may see it."""
    return [agenda_event(school, item) for item in visible(viewer, uow.agenda.list(school.id))]


def agenda_item_calendar(
    uow: UnitOfWork, *, school_id: int, parent_id: int, item_id: int
) -> Calendar:
    """ "Zet in mijn agenda": one agenda item as a file, for a parent who may see it."""
    with uow:
        school = uow.schools.get(school_id)
        item = uow.agenda.get(school_id, item_id)
        if school is None or item is None:
            raise NotFound()
        if not can_see(viewer_for(uow, school_id, parent_id), item):
            raise NotFound()
    return Calendar(school=school, events=(agenda_event(school, item),), subscription=False)


def feed_for_parent(uow: UnitOfWork, *, school_id: int, parent_id: int) -> CalendarFeed | None:
    with uow:
        return uow.calendar_feeds.get_for_parent(school_id, parent_id)


def renew_feed(
    uow: UnitOfWork, clock: Clock, tokens: TokenSource, *, school_id: int, parent_id: int
) -> str:
    """Make (or replace) the parent's feed; returns the secret token, shown once."""
    token = tokens.token(TOKEN_BYTES)
    with uow:
        uow.calendar_feeds.save(
            CalendarFeed(
                school_id=school_id,
                parent_id=parent_id,
                token_hash=digest(token),
                created_at=clock.now(),
            )
        )
        uow.commit()
    return token


def calendar_for_token(
    uow: UnitOfWork,
    clock: Clock,
    *,
    token: str,
    sources: Sequence[EventSource],
) -> Calendar:
    """The events behind a feed URL; NotFound for an unknown or renewed token."""
    with uow:
        feed = uow.calendar_feeds.get_by_hash(digest(token))
        if feed is None:
            raise NotFound()
        school = uow.schools.get(feed.school_id)
        parent = uow.parents.get(feed.school_id, feed.parent_id)
        if school is None or parent is None or parent.state is ParentState.BLOCKED:
            raise NotFound()
        viewer = viewer_for(uow, school.id, parent.id)
        events: list[CalendarEvent] = []
        for source in sources:
            events.extend(source(uow, school, viewer))
        feed.last_used_at = clock.now()
        uow.calendar_feeds.save(feed)
        uow.commit()
    return Calendar(school=school, events=tuple(sorted(events, key=lambda e: e.starts_at)))
