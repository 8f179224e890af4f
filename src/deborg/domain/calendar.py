"""Calendars the portal hands out (RFC 5545 is the writer's business, behind a port): the
private agenda feed a phone calendar subscribes to, and the file attached to a mail."""

from __future__ import annotations

import datetime as dt

import attrs

from deborg.domain.model import School


@attrs.frozen
class CalendarEvent:
    """One VEVENT. All-day events run from ``starts_at``'s local date through ``ends_at``'s.
    The ``uid`` names the thing the event is about, so every calendar that carries it (the
    feed, a mail) describes the same event; ``sequence`` grows with each change."""

    uid: str
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    all_day: bool = False
    description: str = ""
    location: str = ""
    sequence: int = 0
    last_modified: dt.datetime | None = None


@attrs.frozen
class Calendar:
    school: School
    events: tuple[CalendarEvent, ...]
    #: A feed that a calendar app subscribes to (named after the school and reloaded every few
    #: hours), or a one-off file such as a mail's attachment.
    subscription: bool = True
    #: The iTIP method (RFC 5546), "PUBLISH" for a mail's attachment; a feed or a download
    #: has none.
    method: str = ""


def school_location(school: School) -> str:
    return school.name + (f", {school.city}" if school.city else "")
