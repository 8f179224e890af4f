"""Dutch dates and times in a school's time zone ("donderdag 11 oktober", "14.30 uur").

Times are stored in UTC and shown in the school's local time; zoneinfo handles summer time.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip


def local(moment: dt.datetime, timezone: str) -> dt.datetime:
    return moment.astimezone(ZoneInfo(timezone))


def to_utc(local_date: dt.date, local_time: dt.time, timezone: str) -> dt.datetime:
    """A wall-clock date and time at the school, as an aware UTC datetime."""
    return dt.datetime.combine(local_date, local_time, ZoneInfo(timezone)).astimezone(dt.UTC)


def format_date(day: dt.date, *, weekday: bool = True, year: bool = False) -> str:
    """donderdag 11 oktober (2026)"""
    text = f"{day.day} {MONTHS[day.month - 1]}"
    if year:
        text += f" {day.year}"
    if weekday:
        text = f"{WEEKDAYS[day.weekday()]} {text}"
    return text


def format_time(moment: dt.time | dt.datetime) -> str:
    """14.30"""
    return f"{moment.hour:02d}.{moment.minute:02d}"


def format_moment(moment: dt.datetime, timezone: str, *, year: bool = False) -> str:
    """donderdag 11 oktober om 14.30 uur, in the school's time."""
    at = local(moment, timezone)
    return f"{format_date(at.date(), year=year)} om {format_time(at)} uur"


def month_heading(day: dt.date) -> str:
    """oktober 2026"""
    return f"{MONTHS[day.month - 1]} {day.year}"
