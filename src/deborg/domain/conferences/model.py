"""Conference plannings, their slots, per-child requirements and bookings.

A planning's slots are derived from its days, times, slot length and breaks, in the school's
wall-clock time, and handled as UTC moments everywhere else. A booking belongs to the child
(both guardians see the same one) and holds the start moments of its consecutive slots.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import attrs

from deborg.domain.calendar import CalendarEvent, school_location
from deborg.domain.dutch import to_utc
from deborg.domain.model import NEW, Child, School


class PlanningState(enum.StrEnum):
    CONCEPT = "concept"
    OPEN = "open"
    CLOSED = "closed"


@attrs.frozen
class TimeRange:
    """A stretch of wall-clock time on every day of the planning, e.g. a break 15.00-15.30."""

    start: dt.time
    end: dt.time

    def overlaps(self, start: dt.time, end: dt.time) -> bool:
        return self.start < end and start < self.end


@attrs.frozen
class PlanningDay:
    date: dt.date
    start: dt.time
    end: dt.time


@attrs.frozen
class Slot:
    """One bookable stretch. ``index`` is its place among all slots of the planning;
    ``cell`` its place among the day's cells (slots and breaks) on the booking page."""

    index: int
    start: dt.datetime
    end: dt.datetime
    day: dt.date
    cell: int


@attrs.frozen
class Break:
    """A break between two slots of one day, as the booking page shows it."""

    start: dt.datetime
    end: dt.datetime
    day: dt.date
    cell: int


def _minutes(moment: dt.time) -> int:
    return moment.hour * 60 + moment.minute


def _time(minutes: int) -> dt.time:
    return dt.time(minutes // 60, minutes % 60)


@attrs.define
class Planning:
    school_id: int
    title: str
    group_ids: tuple[int, ...]
    days: tuple[PlanningDay, ...]
    slot_minutes: int
    timezone: str
    info: str = ""
    breaks: tuple[TimeRange, ...] = ()
    state: PlanningState = PlanningState.CONCEPT
    created_at: dt.datetime | None = None
    #: When the planning opened (for families with children in several groups, if early).
    opened_at: dt.datetime | None = None
    #: When every parent may book; later than ``opened_at`` when siblings went first.
    opens_for_all_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    id: int = NEW

    def cells(self) -> list[Slot | Break]:
        """Every slot and break, day by day, in time order."""
        cells: list[Slot | Break] = []
        index = 0
        for day in sorted(self.days, key=lambda d: d.date):
            for cell, (is_slot, first, last) in enumerate(self._day_cells(day)):
                start = to_utc(day.date, _time(first), self.timezone)
                end = to_utc(day.date, _time(last), self.timezone)
                if is_slot:
                    cells.append(Slot(index=index, start=start, end=end, day=day.date, cell=cell))
                    index += 1
                else:
                    cells.append(Break(start=start, end=end, day=day.date, cell=cell))
        return cells

    def _day_cells(self, day: PlanningDay) -> Iterator[tuple[bool, int, int]]:
        """The cells of ``day`` in time order as (a slot, not a break; first minute; minute
        after the last), in minutes since midnight."""
        t = _minutes(day.start)
        end = _minutes(day.end)
        while t + self.slot_minutes <= end:
            start, stop = _time(t), _time(t + self.slot_minutes)
            clashing = [b for b in self.breaks if b.overlaps(start, stop)]
            if clashing:
                resume = max(_minutes(b.end) for b in clashing)
                yield False, max(t, min(_minutes(b.start) for b in clashing)), min(resume, end)
                t = resume
                continue
            yield True, t, t + self.slot_minutes
            t += self.slot_minutes

    def slots(self) -> list[Slot]:
        return [c for c in self.cells() if isinstance(c, Slot)]

    def is_over(self, now: dt.datetime) -> bool:
        """Has the last conference time passed? Then the planning leaves the parents'
        overview and Home (the booking page and the calendar feed keep it)."""
        ends = [(day.date, last) for day in self.days for _, _, last in self._day_cells(day)]
        if not ends:
            return False
        date, last = max(ends)
        return to_utc(date, _time(last), self.timezone) <= now

    def is_open_for(self, now: dt.datetime, *, early: bool) -> bool:
        """May a parent book now? ``early``: the family has children in several groups."""
        if self.state is not PlanningState.OPEN:
            return False
        if early or self.opens_for_all_at is None:
            return True
        return now >= self.opens_for_all_at


@attrs.frozen
class Requirement:
    """What the teacher set for one child: how many consecutive slots, and a message."""

    school_id: int
    planning_id: int
    child_id: int
    slots_needed: int = 1
    message: str = ""


@attrs.define
class Booking:
    """The child's appointment: the starts of its consecutive slots. ``version`` rises with
    every change, so two guardians changing the same booking at once cannot both win."""

    school_id: int
    planning_id: int
    child_id: int
    starts: tuple[dt.datetime, ...]
    booked_at: dt.datetime
    by_staff: bool = False
    version: int = 0
    id: int = NEW

    @property
    def start(self) -> dt.datetime:
        return self.starts[0]

    def end(self, slot_minutes: int) -> dt.datetime:
        return self.starts[-1] + dt.timedelta(minutes=slot_minutes)


def booking_event(
    school: School, planning: Planning, child: Child, booking: Booking
) -> CalendarEvent:
    """A child's conference as a calendar event: the same event (one UID per planning and
    child) in the parent's calendar feed and in the mail with the definitive time, with a
    SEQUENCE raised by every move."""
    return CalendarEvent(
        uid=f"gesprek-{planning.id}-{child.id}@{school.code.lower()}.deborg",
        title=f"{planning.title}: {child.name}",
        starts_at=booking.start,
        ends_at=booking.end(planning.slot_minutes),
        description=planning.info,
        location=school_location(school),
        # The booking's version rises with every move; a calendar app replaces its copy
        # only for a higher SEQUENCE (the first booking is version 1, SEQUENCE 0).
        sequence=max(booking.version - 1, 0),
        last_modified=booking.booked_at,
    )


#: The reminder goes out from this wall-clock time on the day before the conference.
REMINDER_TIME = dt.time(9, 0)


@attrs.frozen
class Reminder:
    """That the guardians of a child were reminded of its conference at ``start`` (a moved
    booking has a new start, and so gets a reminder of its own)."""

    school_id: int
    planning_id: int
    child_id: int
    start: dt.datetime
    sent_at: dt.datetime


def reminder_due(start: dt.datetime, timezone: str, now: dt.datetime) -> bool:
    """From 9.00 on the day before the conference (school time) until it starts."""
    day_before = start.astimezone(ZoneInfo(timezone)).date() - dt.timedelta(days=1)
    return to_utc(day_before, REMINDER_TIME, timezone) <= now < start
