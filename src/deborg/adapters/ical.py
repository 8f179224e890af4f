"""The CalendarWriter port with the icalendar library: the only iCalendar writer of the
portal, for the agenda feed, the "Zet in mijn agenda" download and the conference mails.

The time zone is written as yearly rules (RRULE), derived from zoneinfo, the way calendar
programs describe it themselves; Outlook desktop is reported to misread a VTIMEZONE that
lists transition dates (RDATE)."""

from __future__ import annotations

import calendar as monthdays
import datetime as dt
import functools
from zoneinfo import ZoneInfo

import attrs
import icalendar

from deborg.domain.calendar import Calendar, CalendarEvent

PRODID = "-//deborg//Ouderportaal//NL"
#: How often a subscribed calendar app should reload the feed.
REFRESH = dt.timedelta(hours=6)


class IcalendarWriter:
    def write(self, calendar: Calendar, *, now: dt.datetime) -> bytes:
        cal = icalendar.Calendar()
        cal.add("prodid", PRODID)
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        if calendar.method:  # only a mail's attachment (RFC 5546); a feed or a download has none
            cal.add("method", calendar.method)
        if calendar.subscription:
            cal.add("x-wr-calname", f"Agenda {calendar.school.name}")
            cal.add("x-wr-timezone", calendar.school.timezone)
            cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        zone = calendar.school.timezone
        if any(not e.all_day for e in calendar.events):
            year = min(e.starts_at.year for e in calendar.events if not e.all_day)
            cal.add_component(vtimezone(zone, year))
        for event in calendar.events:
            cal.add_component(_event(event, zone, now))
        return bytes(cal.to_ical())


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
        vevent.add("dtstart", _wall_clock(event.starts_at, zone))
        vevent.add(
            "dtend", _wall_clock(event.ends_at or event.starts_at + dt.timedelta(hours=1), zone)
        )
    if event.description:
        vevent.add("description", event.description)
    if event.location:
        vevent.add("location", event.location)
    vevent.add("sequence", event.sequence)
    if event.last_modified is not None:
        vevent.add("last-modified", event.last_modified)
    return vevent


def _wall_clock(moment: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """The moment in the school's time, written with its TZID; in UTC when that wall-clock
    time happens twice (the hour the clocks go back) and this is its second occurrence: a
    local time with a TZID means the first one (RFC 5545 §3.3.5)."""
    local = moment.astimezone(zone)
    return moment.astimezone(dt.UTC) if local.fold else local


# --- VTIMEZONE with yearly rules ------------------------------------------------------------


@attrs.frozen
class _Change:
    """A change of UTC offset: the local wall-clock moment it happens (in the offset before
    it), the offsets, and the name of the new period (CET, CEST)."""

    local: dt.datetime
    before: dt.timedelta
    after: dt.timedelta
    name: str

    @property
    def daylight(self) -> bool:
        return self.after > self.before

    def rule(self) -> tuple[int, int, int]:
        """(month, n-th weekday of the month or -1 for the last, weekday)."""
        day = self.local.day
        last = day + 7 > monthdays.monthrange(self.local.year, self.local.month)[1]
        return self.local.month, -1 if last else (day - 1) // 7 + 1, self.local.weekday()


def _changes(zone: ZoneInfo, year: int) -> list[_Change]:
    """The offset changes of ``year``, found day by day and then hour by hour in UTC."""
    found = []
    start = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
    previous = start.astimezone(zone).utcoffset()
    for days in range(1, 367):
        moment = start + dt.timedelta(days=days)
        if moment.year > year and days > 1:
            moment = dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC)
        offset = moment.astimezone(zone).utcoffset()
        if offset != previous:
            hour = moment - dt.timedelta(days=1)
            while hour.astimezone(zone).utcoffset() == previous:
                hour += dt.timedelta(minutes=15)
            assert previous is not None
            assert offset is not None
            local = (hour + previous).replace(tzinfo=None)
            found.append(_Change(local, previous, offset, hour.astimezone(zone).tzname() or ""))
            previous = offset
        if moment.year > year:
            break
    return found


def _occurs(change: _Change, zone: ZoneInfo, year: int) -> bool:
    """Whether the yearly rule of ``change`` also holds in ``year``."""
    return any(
        c.rule() == change.rule()
        and c.local.time() == change.local.time()
        and (c.before, c.after) == (change.before, change.after)
        for c in _changes(zone, year)
    )


_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@functools.lru_cache(maxsize=32)
def vtimezone(name: str, year: int) -> icalendar.Timezone:
    """The zone's rules in force in ``year`` as yearly RRULEs, each starting in the first
    year since 1970 from which it has held without a break (a zone without summer time: one
    STANDARD period)."""
    zone = ZoneInfo(name)
    timezone = icalendar.Timezone()
    timezone.add("tzid", name)
    changes = _changes(zone, year)
    if not changes:
        offset = dt.datetime(year, 7, 1, tzinfo=dt.UTC).astimezone(zone)
        standard = icalendar.TimezoneStandard()
        standard.add("tzname", offset.tzname() or name)
        standard.add("dtstart", dt.datetime(1970, 1, 1))  # noqa: DTZ001 - local wall-clock time
        standard.add("tzoffsetfrom", offset.utcoffset())
        standard.add("tzoffsetto", offset.utcoffset())
        timezone.add_component(standard)
        return timezone
    for change in changes:
        first = year
        while first > 1970 and _occurs(change, zone, first - 1):
            first -= 1
        start = next(c for c in _changes(zone, first) if c.rule() == change.rule()).local
        month, nth, weekday = change.rule()
        period = icalendar.TimezoneDaylight() if change.daylight else icalendar.TimezoneStandard()
        period.add("tzname", change.name)
        period.add("dtstart", start)
        period.add("tzoffsetfrom", change.before)
        period.add("tzoffsetto", change.after)
        period.add(
            "rrule", {"freq": "yearly", "bymonth": month, "byday": f"{nth}{_WEEKDAYS[weekday]}"}
        )
        timezone.add_component(period)
    return timezone
