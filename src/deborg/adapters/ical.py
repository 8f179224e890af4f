"""iCalendar (RFC 5545) output with the icalendar library."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar

from deborg.services.content.feed import Calendar, CalendarEvent


def _event(event: CalendarEvent, timezone: str, stamp: dt.datetime) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", stamp)
    vevent.add("summary", event.title)
    zone = ZoneInfo(timezone)
    if event.all_day:
        first = event.starts_at.astimezone(zone).date()
        last = (event.ends_at or event.starts_at).astimezone(zone).date()
        vevent.add("dtstart", first)
        vevent.add("dtend", last + dt.timedelta(days=1))  # DTEND of a date is exclusive
    else:
        vevent.add("dtstart", event.starts_at.astimezone(zone))
        vevent.add(
            "dtend", (event.ends_at or event.starts_at + dt.timedelta(hours=1)).astimezone(zone)
        )
    if event.description:
        vevent.add("description", event.description)
    if event.location:
        vevent.add("location", event.location)
    vevent.add("sequence", event.sequence)
    if event.last_modified is not None:
        vevent.add("last-modified", event.last_modified)
    return vevent


def calendar_to_ics(calendar: Calendar, *, now: dt.datetime) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//deborg//Ouderportaal//NL")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"Agenda {calendar.school.name}")
    cal.add("x-wr-timezone", calendar.school.timezone)
    cal.add("refresh-interval", dt.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    for event in calendar.events:
        cal.add_component(_event(event, calendar.school.timezone, now))
    cal.add_missing_timezones()
    ics: bytes = cal.to_ical()  # icalendar's to_ical() is untyped
    return ics
