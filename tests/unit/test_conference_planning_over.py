"""When a planning is over (it leaves Home and the parents' overview): the moment the last
slot or break of its last day ends, in the school's time, whatever the days and breaks."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from deborg.domain import conferences as c

TIMEZONE = "Europe/Amsterdam"


def minutes(value: int) -> dt.time:
    return dt.time(value // 60, value % 60)


@st.composite
def plannings(draw: st.DrawFn) -> c.Planning:
    days = []
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        first = draw(st.integers(min_value=8 * 60, max_value=20 * 60))
        last = draw(st.integers(min_value=first, max_value=23 * 60 + 59))
        # the last Sunday of October and March too: the clock changes there
        date = draw(st.dates(min_value=dt.date(2026, 3, 25), max_value=dt.date(2026, 11, 5)))
        days.append(c.PlanningDay(date, minutes(first), minutes(last)))
    breaks = []
    for _ in range(draw(st.integers(min_value=0, max_value=2))):
        first = draw(st.integers(min_value=8 * 60, max_value=22 * 60))
        length = draw(st.integers(min_value=1, max_value=90))
        breaks.append(c.TimeRange(minutes(first), minutes(min(first + length, 23 * 60 + 59))))
    return c.Planning(
        school_id=1,
        title="Voortgangsgesprekken",
        group_ids=(1,),
        days=tuple(days),
        slot_minutes=draw(st.sampled_from([5, 10, 15, 20, 30])),
        timezone=TIMEZONE,
        breaks=tuple(breaks),
    )


@given(planning=plannings(), offset=st.integers(min_value=-120, max_value=120))
def test_a_planning_is_over_once_its_last_cell_has_ended(planning: c.Planning, offset: int) -> None:
    cells = planning.cells()
    if not cells:
        assert not planning.is_over(dt.datetime(2030, 1, 1, tzinfo=dt.UTC))
        return
    last = max(cell.end for cell in cells)
    now = last + dt.timedelta(minutes=offset)
    assert planning.is_over(now) == (now >= last)


def test_a_day_with_a_break_at_its_end_is_over_when_the_break_ends() -> None:
    planning = c.Planning(
        school_id=1,
        title="Voortgangsgesprekken",
        group_ids=(1,),
        days=(c.PlanningDay(dt.date(2026, 11, 16), dt.time(15, 0), dt.time(16, 0)),),
        slot_minutes=15,
        timezone=TIMEZONE,
        breaks=(c.TimeRange(dt.time(15, 45), dt.time(16, 30)),),
    )
    end = dt.datetime(2026, 11, 16, 15, 0, tzinfo=dt.UTC)  # 16.00 in Assen
    assert not planning.is_over(end - dt.timedelta(seconds=1))
    assert planning.is_over(end)
