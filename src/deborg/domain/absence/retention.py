"""How long absences, leave requests and conversations are kept: until the end of a school
year (1 August to 31 July) a number of years after the one they belong to; by default the
end of the school year after next."""

from __future__ import annotations

import datetime as dt


def school_year_end(day: dt.date) -> dt.date:
    """31 July that ends the school year ``day`` is in."""
    return dt.date(day.year + 1 if day.month >= 8 else day.year, 7, 31)


def keep_until(day: dt.date, years: int) -> dt.date:
    """The last day a record about ``day`` is kept: the end of its school year, ``years``
    school years on (2: the end of the school year after next)."""
    end = school_year_end(day)
    return end.replace(year=end.year + years)


def expired(day: dt.date, years: int, today: dt.date) -> bool:
    return today > keep_until(day, years)


def oldest_kept(today: dt.date, years: int) -> dt.date:
    """The first day whose records are still kept on ``today``; anything about an earlier
    day has expired (consistent with :func:`expired`)."""
    # keep_until(d) >= today  <=>  31 July (E + years) >= today, E the year d's school year ends.
    last_end_year = today.year if today <= dt.date(today.year, 7, 31) else today.year + 1
    first_kept_end_year = last_end_year - years
    return dt.date(first_kept_end_year - 1, 8, 1)
