"""When the weekly digest is due: the school's digest day and time, in the school's wall-clock
time (so it stays 16:00 across summer time)."""

from __future__ import annotations

import datetime as dt

from deborg.domain import dutch
from deborg.domain.model import SchoolSettings


def latest_digest_moment(now: dt.datetime, settings: SchoolSettings, timezone: str) -> dt.datetime:
    """The most recent scheduled digest moment at or before ``now``, in UTC. The schedule is
    wall-clock time at the school, so it stays 16:00 across summer time."""
    today = dutch.local(now, timezone).date()
    days_back = (today.weekday() - int(settings.digest_weekday)) % 7
    day = today - dt.timedelta(days=days_back)
    moment = dutch.to_utc(day, settings.digest_time, timezone)
    if moment > now:
        moment = dutch.to_utc(day - dt.timedelta(days=7), settings.digest_time, timezone)
    return moment
