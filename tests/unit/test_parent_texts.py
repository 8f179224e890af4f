"""Texts a parent reads on the portal pages, for every case of their rule."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deborg.domain import dutch
from deborg.domain.content.model import AgendaItem, Audience, RichText
from deborg.domain.errors import InvalidInput
from deborg.domain.validation import BIRTH_DATE_EXAMPLE, format_form_date, validate_date
from deborg.services.content.queries import agenda_entry

TZ = "Europe/Amsterdam"
BODY = RichText("", "")


@given(
    start=st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2030, 12, 31)),
    days=st.integers(min_value=1, max_value=30),
)
def test_an_agenda_range_reads_from_to_without_a_stray_comma(start: dt.date, days: int) -> None:
    end = start + dt.timedelta(days=days)
    item = AgendaItem(
        1,
        "Kerstvakantie",
        BODY,
        Audience(),
        dutch.to_utc(start, dt.time(0, 0), TZ),
        dutch.to_utc(end, dt.time(0, 0), TZ),
        dutch.to_utc(start, dt.time(0, 0), TZ),
        all_day=True,
    )
    line = agenda_entry(item, TZ).line
    assert line == f"{dutch.format_date(start)} t/m {dutch.format_date(end)}"
    assert ", t/m" not in line


@given(
    day=st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2030, 12, 31)),
    hour=st.integers(min_value=7, max_value=20),
)
def test_an_agenda_item_on_one_day_reads_day_comma_time(day: dt.date, hour: int) -> None:
    starts = dutch.to_utc(day, dt.time(hour, 0), TZ)
    item = AgendaItem(1, "Ouderavond", BODY, Audience(), starts, None, starts)
    assert agenda_entry(item, TZ).line == f"{dutch.format_date(day)}, {hour:02d}.00 uur"


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)))
def test_a_date_as_the_form_shows_it_is_read_back_as_the_same_date(day: dt.date) -> None:
    shown = format_form_date(day)
    assert shown == f"{day.day:02d}-{day.month:02d}-{day.year}"  # as the hint: 17-05-2019
    assert validate_date(shown) == day


def test_a_wrong_date_of_birth_gets_a_birthday_as_example() -> None:
    with pytest.raises(InvalidInput) as raised:
        validate_date("31-02-2019", field="date_of_birth", example=BIRTH_DATE_EXAMPLE)
    assert raised.value.message == "Vul een geldige datum in, bijvoorbeeld 17-05-2019."


@given(
    st.dictionaries(
        st.integers(min_value=1, max_value=12),
        st.frozensets(st.sampled_from(["Juf Anja", "Meester Kees", "Juf Petra"]), max_size=2),
        min_size=1,
    )
)
def test_every_teacher_gets_one_grid_and_every_group_is_in_exactly_one(
    teachers: dict[int, frozenset[str]],
) -> None:
    from deborg.domain.conferences.rules import teacher_grids

    groups = list(teachers)
    grids = teacher_grids(groups, lambda g: teachers[g])
    assert sorted(g for ids, _ in grids for g in ids) == sorted(groups)
    for ids, names in grids:
        if names:  # groups that share a grid share their teachers
            assert all(teachers[g] == frozenset(names) for g in ids)
        else:  # a group without a teacher is alone
            assert len(ids) == 1
            assert not teachers[ids[0]]
    named = [names for _, names in grids if names]
    assert len(named) == len(set(named))  # one grid per teacher (set)


@given(st.integers(min_value=0, max_value=60), st.lists(st.integers(min_value=1, max_value=8)))
def test_a_planning_is_short_exactly_when_its_pupils_need_more_slots_than_it_has(
    slots: int, needed: list[int]
) -> None:
    from deborg.domain.conferences.rules import slots_short

    short = slots_short(slots, needed)
    assert short >= 0
    assert (short == 0) == (sum(needed) <= slots)
    assert slots + short >= sum(needed)


@given(
    st.lists(st.integers(min_value=0, max_value=1000), unique=True, max_size=150),
    st.one_of(st.none(), st.integers(min_value=0, max_value=1000)),
    st.sets(st.integers(min_value=1, max_value=150)),
)
def test_an_item_is_unread_unless_opened_or_covered_by_alles_gelezen(
    minutes: list[int], until: int | None, opened: set[int]
) -> None:
    from deborg.domain.content.model import ContentKind
    from deborg.domain.content.reads import COUNT_CAP, ReadState, count_unread

    start = dt.datetime(2026, 9, 1, tzinfo=dt.UTC)
    items = [(n + 1, start + dt.timedelta(minutes=m)) for n, m in enumerate(minutes)]
    marks = {} if until is None else {ContentKind.NEWS: start + dt.timedelta(minutes=until)}
    state = ReadState(marks, {(ContentKind.NEWS, i): start for i in opened})
    expected = [
        i
        for i, at in items
        if i not in opened and (until is None or at > start + dt.timedelta(minutes=until))
    ]
    assert [i for i, at in items if state.is_unread(ContentKind.NEWS, i, at)] == expected
    assert not any(state.is_unread(ContentKind.MESSAGE, i, at) is False for i, at in items)
    counted = count_unread(state, ContentKind.NEWS, items)
    assert counted.count == min(len(expected), COUNT_CAP)
    assert counted.label == (
        "" if not expected else f"{COUNT_CAP}+" if len(expected) > COUNT_CAP else str(len(expected))
    )
