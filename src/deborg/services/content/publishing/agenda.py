"""The school agenda: staff add, change and remove items; parents who see an item hear of
it, of a change and of its cancellation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from deborg.domain import dutch
from deborg.domain.content import texts
from deborg.domain.content.model import AgendaItem, Audience
from deborg.domain.content.rules import validate_body, validate_title
from deborg.domain.errors import InvalidInput, NotFound
from deborg.domain.mail import MailCategory
from deborg.domain.model import School
from deborg.domain.staff import require_reach
from deborg.ports.clock import Clock
from deborg.ports.links import Links
from deborg.ports.richtext import RichTextRenderer
from deborg.ports.uow import UnitOfWork
from deborg.services.content.publishing.common import (
    Published,
    notify_audience,
    resolve_audience,
    resolve_poster,
)
from deborg.services.lookups import school_or_not_found, staff_or_not_found
from deborg.services.notifications.routing import Notice


@attrs.frozen
class AgendaInput:
    title: str
    day: dt.date
    start_time: dt.time | None = None  # None: all day
    end_time: dt.time | None = None
    end_day: dt.date | None = None
    location: str = ""
    description: str = ""


@attrs.frozen
class _Moments:
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    all_day: bool
    over_at: dt.datetime

    def apply_to(self, item: AgendaItem) -> None:
        item.starts_at, item.ends_at = self.starts_at, self.ends_at
        item.all_day, item.over_at = self.all_day, self.over_at


def _agenda_moments(data: AgendaInput, timezone: str) -> _Moments:
    end_day = data.end_day or data.day
    if end_day < data.day:
        raise InvalidInput("De einddatum ligt voor de begindatum.", "end_day")
    if data.start_time is None:
        if data.end_time is not None:
            raise InvalidInput("Geef ook een begintijd bij een eindtijd.", "start_time")
        return _Moments(
            dutch.to_utc(data.day, dt.time(0, 0), timezone),
            dutch.to_utc(end_day, dt.time(0, 0), timezone),
            True,
            # Midnight after the last day, in the school's time: 23 or 25 hours away on the
            # days the clocks change.
            dutch.to_utc(end_day + dt.timedelta(days=1), dt.time(0, 0), timezone),
        )
    starts = dutch.to_utc(data.day, data.start_time, timezone)
    ends = None
    if data.end_time is not None:
        ends = dutch.to_utc(end_day, data.end_time, timezone)
        if ends <= starts:
            raise InvalidInput("De eindtijd ligt niet na de begintijd.", "end_time")
    return _Moments(starts, ends, False, ends or starts)


def describe_when(item: AgendaItem, timezone: str) -> str:
    """'donderdag 11 oktober, 14.30 – 15.15 uur' in the school's time."""
    start = dutch.local(item.starts_at, timezone)
    end = dutch.local(item.ends_at, timezone) if item.ends_at else None
    if item.all_day:
        if end is not None and end.date() != start.date():
            return f"{dutch.format_date(start.date())} t/m {dutch.format_date(end.date())}"
        return dutch.format_date(start.date())
    text = f"{dutch.format_date(start.date())}, {dutch.format_time(start)}"
    if end is not None:
        if end.date() != start.date():
            return f"{text} uur t/m {dutch.format_date(end.date())}, {dutch.format_time(end)} uur"
        text += f" – {dutch.format_time(end)}"
    return text + " uur"


def _agenda_notice(
    school: School, links: Links, item: AgendaItem, change: str, *, keep_ref: bool = True
) -> Notice:
    title = item.title
    when = describe_when(item, school.timezone)
    link = links.agenda()
    return Notice(
        category=MailCategory.AGENDA,
        subject=texts.AGENDA_SUBJECTS[change].format(title=title),
        text=texts.AGENDA_TEXT.format(
            what=texts.AGENDA_WHAT[change],
            school=school.name,
            title=title,
            when=when,
            location=f"\n{item.location}" if item.location else "",
            body=item.description.text,
            link=link,
        ),
        title=texts.AGENDA_SUBJECTS[change].format(title=title),
        summary=when,
        link=link,
        ref_kind=item.kind.value if keep_ref else "",
        ref_id=item.id if keep_ref else None,
    )


def add_agenda_item(
    uow: UnitOfWork,
    clock: Clock,
    links: Links,
    renderer: RichTextRenderer,
    *,
    school_id: int,
    data: AgendaInput,
    group_names: Iterable[str] = (),
    notify: bool = True,
    staff_id: int | None = None,
) -> Published[AgendaItem]:
    """An agenda item (over several days when ``data.end_day`` is later); from the portal
    (``staff_id``) only for an audience within the staff member's reach."""
    title = validate_title(data.title)
    description = renderer.render(validate_body(data.description))
    with uow:
        school = school_or_not_found(uow, school_id)
        moments = _agenda_moments(data, school.timezone)
        _, audience = resolve_poster(uow, school, group_names, author_email=None, staff_id=staff_id)
        item = uow.agenda.add(
            AgendaItem(
                school_id=school_id,
                title=title,
                description=description,
                audience=audience,
                starts_at=moments.starts_at,
                ends_at=moments.ends_at,
                all_day=moments.all_day,
                over_at=moments.over_at,
                location=data.location.strip(),
                published_at=clock.now(),
            )
        )
        counts = notify_audience(
            uow,
            clock,
            links,
            school,
            item.audience,
            _agenda_notice(school, links, item, "added"),
            notify,
        )
        uow.commit()
    return Published(item, *counts)


def change_agenda_item(
    uow: UnitOfWork,
    clock: Clock,
    links: Links,
    renderer: RichTextRenderer,
    *,
    school_id: int,
    item_id: int,
    data: AgendaInput,
    group_names: Iterable[str] | None = None,
) -> Published[AgendaItem]:
    """Replace an item's details; parents who see it (before or after) hear of the change."""
    title = validate_title(data.title)
    description = renderer.render(validate_body(data.description))
    with uow:
        school = school_or_not_found(uow, school_id)
        item = uow.agenda.get(school_id, item_id)
        if item is None:
            raise NotFound(f"Geen agenda-item met id {item_id}.")
        before = item.audience
        moments = _agenda_moments(data, school.timezone)
        item.title = title
        item.description = description
        moments.apply_to(item)
        item.location = data.location.strip()
        if group_names is not None:
            item.audience = resolve_audience(uow, school_id, group_names)
        item.changed_at = clock.now()
        item.revision += 1
        uow.agenda.update(item)
        reach = before if before.school_wide else item.audience
        if not item.audience.school_wide and not before.school_wide:
            reach = Audience.groups(before.group_ids | item.audience.group_ids)
        counts = notify_audience(
            uow, clock, links, school, reach, _agenda_notice(school, links, item, "changed"), True
        )
        uow.commit()
    return Published(item, *counts)


def remove_agenda_item(
    uow: UnitOfWork,
    clock: Clock,
    links: Links,
    *,
    school_id: int,
    item_id: int,
    staff_id: int | None = None,
) -> Published[AgendaItem]:
    with uow:
        school = school_or_not_found(uow, school_id)
        item = uow.agenda.get(school_id, item_id)
        if item is None:
            raise NotFound(f"Geen agenda-item met id {item_id}.")
        if staff_id is not None:
            require_reach(staff_or_not_found(uow, school_id, staff_id), item.audience)
        uow.agenda.remove(school_id, item_id)
        notice = _agenda_notice(school, links, item, "removed", keep_ref=False)
        counts = notify_audience(uow, clock, links, school, item.audience, notice, True)
        uow.commit()
    return Published(item, *counts)
