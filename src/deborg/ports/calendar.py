"""Writing calendars in the iCalendar format (RFC 5545)."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from deborg.domain.calendar import Calendar


class CalendarWriter(Protocol):
    def write(self, calendar: Calendar, *, now: dt.datetime) -> bytes:
        """The calendar as an .ics file; ``now`` is the DTSTAMP of its events."""
        ...
