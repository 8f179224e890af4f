"""The rules of the absence area, pure: the cut-off in school time across summer time, the
Leerplichtwet's 8 weeks and 10 school days, read-only accounts, who sees a conversation,
reachable hours and the retention."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deborg.domain.absence.errors import AlreadyDecided, AlreadyEnded, LeaveRefused, TooLateToReport
from deborg.domain.absence.leave import (
    LeaveReason,
    LeaveStatus,
    decide,
    new_leave_request,
    school_days,
)
from deborg.domain.absence.reports import AbsenceReason, new_report, report_better
from deborg.domain.absence.retention import expired, keep_until, oldest_kept
from deborg.domain.absence.settings import AbsenceSettings, ReachableHours, parse_reachable
from deborg.domain.absence.threads import (
    Post,
    Reader,
    ReadMarker,
    Side,
    Thread,
    is_unread,
    next_reachable,
    parent_can_see,
    reachable_note,
)
from deborg.domain.dutch import local, to_utc
from deborg.domain.errors import AccountIsReadOnly, InvalidInput
from deborg.domain.model import Parent

ZONE = "Europe/Amsterdam"
SETTINGS = AbsenceSettings(school_id=1, phone="0592 123 456")
PARENT = Parent(school_id=1, login_name="alice@example.nl", id=7)
READ_ONLY = Parent(school_id=1, login_name="dirk@example.nl", read_only=True, id=8)

school_dates = st.dates(dt.date(2026, 1, 1), dt.date(2028, 12, 31))
wall_times = st.times().map(lambda t: t.replace(microsecond=0))


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """A wall-clock moment at the school, as UTC (the way clocks give it)."""
    return to_utc(day, dt.time(hour, minute), ZONE)


def sick_today(now: dt.datetime, settings: AbsenceSettings = SETTINGS) -> object:
    today = local(now, ZONE).date()
    return new_report(
        parent=PARENT,
        child_id=3,
        reason=AbsenceReason.SICK,
        first_day=today,
        last_day=None,
        note="",
        now=now,
        timezone=ZONE,
        settings=settings,
    )


# --- the cut-off ----------------------------------------------------------------------------


@given(day=school_dates, wall=wall_times)
def test_today_is_reported_until_the_cutoff_in_school_time(day: dt.date, wall: dt.time) -> None:
    now = to_utc(day, wall, ZONE)
    if local(now, ZONE).time() < dt.time(8, 15):
        report = sick_today(now)
        assert report.first_day == local(now, ZONE).date()  # type: ignore[attr-defined]
    else:
        with pytest.raises(TooLateToReport):
            sick_today(now)


@pytest.mark.parametrize(
    ("day", "utc_hour", "utc_minute", "accepted"),
    [
        # Winter (CET, UTC+1): 07:10 UTC is 08:10 at school, 07:20 UTC is 08:20.
        (dt.date(2026, 12, 3), 7, 10, True),
        (dt.date(2026, 12, 3), 7, 20, False),
        # Summer (CEST, UTC+2): 06:10 UTC is 08:10 at school, 07:10 UTC is already 09:10.
        (dt.date(2026, 6, 3), 6, 10, True),
        (dt.date(2026, 6, 3), 7, 10, False),
        # The Mondays after the clocks changed (29 March and 25 October 2026).
        (dt.date(2026, 3, 30), 6, 14, True),
        (dt.date(2026, 3, 30), 6, 15, False),
        (dt.date(2026, 10, 26), 7, 14, True),
        (dt.date(2026, 10, 26), 7, 15, False),
    ],
)
def test_the_cutoff_follows_summer_time(
    day: dt.date, utc_hour: int, utc_minute: int, accepted: bool
) -> None:
    now = dt.datetime.combine(day, dt.time(utc_hour, utc_minute), dt.UTC)
    if accepted:
        sick_today(now)
    else:
        with pytest.raises(TooLateToReport):
            sick_today(now)


def test_after_the_cutoff_the_parent_is_told_to_phone_the_school() -> None:
    with pytest.raises(TooLateToReport) as refused:
        sick_today(at(dt.date(2026, 12, 3), 8, 20))
    assert "Na 08.15 uur" in refused.value.message
    assert "Bel de school op 0592 123 456." in refused.value.message


def test_the_school_sets_its_own_cutoff() -> None:
    early = AbsenceSettings(school_id=1, cutoff=dt.time(7, 45))
    with pytest.raises(TooLateToReport):
        sick_today(at(dt.date(2026, 12, 3), 7, 50), early)


def test_tomorrow_is_reported_after_the_cutoff() -> None:
    now = at(dt.date(2026, 12, 3), 14, 0)
    report = new_report(
        parent=PARENT,
        child_id=3,
        reason=AbsenceReason.MEDICAL,
        first_day=dt.date(2026, 12, 4),
        last_day=None,
        note="",
        now=now,
        timezone=ZONE,
        settings=SETTINGS,
    )
    assert report.last_day == dt.date(2026, 12, 4)  # not sick: one day, not open-ended


def test_a_read_only_parent_cannot_report() -> None:
    with pytest.raises(AccountIsReadOnly):
        new_report(
            parent=READ_ONLY,
            child_id=3,
            reason=AbsenceReason.SICK,
            first_day=dt.date(2026, 12, 4),
            last_day=None,
            note="",
            now=at(dt.date(2026, 12, 3), 7, 0),
            timezone=ZONE,
            settings=SETTINGS,
        )


@pytest.mark.parametrize(
    ("reason", "first", "last", "note", "field"),
    [
        (AbsenceReason.SICK, dt.date(2026, 12, 2), None, "", "first_day"),
        (AbsenceReason.OTHER, dt.date(2026, 12, 4), None, "  ", "note"),
        (AbsenceReason.SICK, dt.date(2026, 12, 4), dt.date(2026, 12, 3), "", "last_day"),
        (AbsenceReason.SICK, dt.date(2026, 12, 4), None, "x" * 501, "note"),
        (AbsenceReason.SICK, dt.date(2027, 6, 1), None, "", "first_day"),
    ],
)
def test_a_report_that_makes_no_sense_is_refused_beside_its_field(
    reason: AbsenceReason, first: dt.date, last: dt.date | None, note: str, field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        new_report(
            parent=PARENT,
            child_id=3,
            reason=reason,
            first_day=first,
            last_day=last,
            note=note,
            now=at(dt.date(2026, 12, 3), 7, 0),
            timezone=ZONE,
            settings=SETTINGS,
        )
    assert refused.value.field == field


def test_beter_melden_before_the_cutoff_means_back_today() -> None:
    report = sick_today(at(dt.date(2026, 12, 1), 7, 30))
    ended = report_better(
        report,  # type: ignore[arg-type]
        parent=PARENT,
        now=at(dt.date(2026, 12, 3), 7, 30),
        timezone=ZONE,
        settings=SETTINGS,
    )
    assert ended.last_day == dt.date(2026, 12, 2)
    assert not ended.open_ended
    with pytest.raises(AlreadyEnded):
        report_better(
            ended, parent=PARENT, now=at(dt.date(2026, 12, 3), 8, 0), timezone=ZONE,
            settings=SETTINGS,
        )  # fmt: skip


def test_beter_melden_after_the_cutoff_keeps_today_as_a_day_away() -> None:
    report = sick_today(at(dt.date(2026, 12, 1), 7, 30))
    ended = report_better(
        report,  # type: ignore[arg-type]
        parent=PARENT,
        now=at(dt.date(2026, 12, 3), 11, 0),
        timezone=ZONE,
        settings=SETTINGS,
    )
    assert ended.last_day == dt.date(2026, 12, 3)


def test_beter_melden_on_the_first_morning_withdraws_the_report() -> None:
    report = sick_today(at(dt.date(2026, 12, 3), 7, 0))
    ended = report_better(
        report,  # type: ignore[arg-type]
        parent=PARENT,
        now=at(dt.date(2026, 12, 3), 7, 40),
        timezone=ZONE,
        settings=SETTINGS,
    )
    assert ended.cancelled
    assert not ended.covers(dt.date(2026, 12, 3))


# --- leave ----------------------------------------------------------------------------------

TODAY = dt.date(2026, 12, 3)  # a Thursday


def ask(reason: LeaveReason, first: dt.date, last: dt.date, note: str = "Bruiloft") -> object:
    return new_leave_request(
        parent=PARENT,
        child_id=3,
        reason=reason,
        first_day=first,
        last_day=last,
        note=note,
        today=TODAY,
        now=at(TODAY, 12),
    )


@given(first=school_dates, length=st.integers(0, 60))
def test_school_days_are_the_weekdays_of_the_period(first: dt.date, length: int) -> None:
    last = first + dt.timedelta(days=length)
    expected = sum(1 for n in range(length + 1) if (first + dt.timedelta(days=n)).weekday() < 5)
    assert school_days(first, last) == expected


@given(days_ahead=st.integers(1, 140))
def test_holiday_leave_needs_eight_weeks_notice(days_ahead: int) -> None:
    first = TODAY + dt.timedelta(days=days_ahead)
    while first.weekday() >= 5:
        first += dt.timedelta(days=1)
    if first - TODAY >= dt.timedelta(weeks=8):
        ask(LeaveReason.HOLIDAY, first, first)
    else:
        with pytest.raises(LeaveRefused) as refused:
            ask(LeaveReason.HOLIDAY, first, first)
        assert "8 weken" in refused.value.message
        assert "Leerplichtwet artikel 11" in refused.value.message
        assert "13a" in refused.value.message


@given(length=st.integers(0, 30))
def test_holiday_leave_is_at_most_ten_school_days(length: int) -> None:
    first = dt.date(2027, 3, 1)  # a Monday, far enough ahead
    last = first + dt.timedelta(days=length)
    if school_days(first, last) <= 10:
        ask(LeaveReason.HOLIDAY, first, last)
    else:
        with pytest.raises(LeaveRefused) as refused:
            ask(LeaveReason.HOLIDAY, first, last)
        assert "hoogstens 10 schooldagen" in refused.value.message
        assert "Leerplichtwet artikel 11 onder f en artikel 13a" in refused.value.message


def test_more_than_ten_days_for_a_family_event_is_for_the_leerplichtambtenaar() -> None:
    with pytest.raises(LeaveRefused) as refused:
        ask(LeaveReason.FAMILY, dt.date(2026, 12, 7), dt.date(2026, 12, 21))
    assert "leerplichtambtenaar" in refused.value.message
    assert "artikel 14" in refused.value.message
    request = ask(LeaveReason.FAMILY, dt.date(2026, 12, 7), dt.date(2026, 12, 8))
    assert request.status is LeaveStatus.PENDING  # type: ignore[attr-defined]


def test_a_read_only_parent_cannot_ask_for_leave() -> None:
    with pytest.raises(AccountIsReadOnly):
        new_leave_request(
            parent=READ_ONLY,
            child_id=3,
            reason=LeaveReason.FAMILY,
            first_day=dt.date(2026, 12, 7),
            last_day=dt.date(2026, 12, 7),
            note="Bruiloft",
            today=TODAY,
            now=at(TODAY, 12),
        )


def test_a_refusal_needs_a_reason_and_a_decision_is_final() -> None:
    request = ask(LeaveReason.FAMILY, dt.date(2026, 12, 7), dt.date(2026, 12, 7))
    with pytest.raises(InvalidInput):
        decide(request, grant=False, by="Directie", note=" ", now=at(TODAY, 13))  # type: ignore[arg-type]
    granted = decide(request, grant=True, by="Directie", note="", now=at(TODAY, 13))  # type: ignore[arg-type]
    assert granted.status is LeaveStatus.GRANTED
    with pytest.raises(AlreadyDecided):
        decide(granted, grant=False, by="Directie", note="Toch niet", now=at(TODAY, 14))


# --- conversations --------------------------------------------------------------------------


def thread(private: bool, started_by: int = 7, child_id: int = 3) -> Thread:
    moment = at(TODAY, 9)
    return Thread(1, child_id, 5, started_by, "Zwemles", moment, moment, private=private, id=1)


@given(
    private=st.booleans(),
    viewer=st.integers(1, 10),
    starter=st.integers(1, 10),
    children=st.frozensets(st.integers(1, 6)),
)
def test_who_sees_a_conversation(
    private: bool, viewer: int, starter: int, children: frozenset[int]
) -> None:
    shown = parent_can_see(thread(private, starter, 3), viewer, children)
    if viewer == starter:
        assert shown
    elif private:
        assert not shown  # only the starter, not the co-guardian
    else:
        assert shown == (3 in children)  # a co-guardian of the child, never someone else


def test_a_post_is_unread_for_the_other_side_until_they_read_it() -> None:
    t = thread(False)
    post = Post(1, 1, Side.PARENT, 7, "Hallo", at(TODAY, 9))
    teacher = Reader(Side.STAFF, 5)
    assert is_unread(t, post, None, teacher)
    assert not is_unread(t, post, None, Reader(Side.PARENT, 7))  # own post
    assert not is_unread(t, post, ReadMarker(1, 1, teacher, at(TODAY, 10)), teacher)
    assert is_unread(t, post, ReadMarker(1, 1, teacher, at(TODAY, 8)), teacher)


HOURS = parse_reachable("ma-vr 08:00-16:30, wo 08:00-12:30")


def test_reachable_hours_are_read_from_dutch_day_names() -> None:
    assert len(HOURS) == 5
    assert HOURS[2] == ReachableHours(2, dt.time(8, 0), dt.time(12, 30))
    with pytest.raises(InvalidInput):
        parse_reachable("maandag 8-16")


@pytest.mark.parametrize(
    ("local_moment", "expected"),
    [
        (dt.datetime(2026, 12, 3, 10, 0), None),  # Thursday within the hours
        (dt.datetime(2026, 12, 3, 20, 0), dt.datetime(2026, 12, 4, 8, 0)),
        (dt.datetime(2026, 12, 2, 13, 0), dt.datetime(2026, 12, 3, 8, 0)),  # Wednesday pm
        (dt.datetime(2026, 12, 5, 10, 0), dt.datetime(2026, 12, 7, 8, 0)),  # Saturday
        (dt.datetime(2026, 12, 4, 7, 0), dt.datetime(2026, 12, 4, 8, 0)),  # early Friday
    ],
)
def test_a_parent_writing_outside_the_hours_hears_when_to_expect_an_answer(
    local_moment: dt.datetime, expected: dt.datetime | None
) -> None:
    assert next_reachable(local_moment, HOURS) == expected
    note = reachable_note(local_moment, HOURS, "Juf Anja")
    if expected is None:
        assert note is None
    else:
        assert note is not None
        assert "Juf Anja" in note
        assert "08.00 uur" in note


def test_without_hours_a_teacher_is_always_reachable() -> None:
    assert next_reachable(dt.datetime(2026, 12, 5, 23, 0), ()) is None


# --- retention ------------------------------------------------------------------------------


def test_by_default_a_record_is_kept_until_the_end_of_the_school_year_after_next() -> None:
    assert keep_until(dt.date(2026, 12, 3), 2) == dt.date(2029, 7, 31)
    assert keep_until(dt.date(2027, 7, 31), 2) == dt.date(2029, 7, 31)
    assert keep_until(dt.date(2027, 8, 1), 2) == dt.date(2030, 7, 31)


@given(day=school_dates, today=st.dates(dt.date(2026, 1, 1), dt.date(2034, 12, 31)),
       years=st.integers(0, 5))  # fmt: skip
def test_purging_from_the_oldest_kept_day_removes_exactly_what_expired(
    day: dt.date, today: dt.date, years: int
) -> None:
    assert expired(day, years, today) == (day < oldest_kept(today, years))
