"""Contract of the absence area's repositories: memory, SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import attrs
import pytest

from deborg.domain.absence.leave import LeaveReason, LeaveRequest, LeaveStatus
from deborg.domain.absence.reports import AbsenceReason, AbsenceReport
from deborg.domain.absence.settings import AbsenceSettings, ReachableHours
from deborg.domain.absence.threads import Post, PostAttachment, Reader, ReadMarker, Side, Thread
from deborg.domain.model import Child, Group, Parent, School, StaffMember
from deborg.ports.uow import UnitOfWork

UowFactory = Callable[[], UnitOfWork]
NOW = dt.datetime(2026, 12, 3, 7, 0, tzinfo=dt.UTC)


@attrs.frozen
class Family:
    school: School
    other_school: School
    child: Child
    sibling: Child
    parent: Parent
    teacher: StaffMember


@pytest.fixture
def family(any_uow_factory: UowFactory) -> Family:
    with any_uow_factory() as uow:
        school = uow.schools.add(School(name="Een", code="11AA11"))
        other = uow.schools.add(School(name="Twee", code="22BB22"))
        group = uow.groups.add(Group(school.id, "Groep 1"))
        child = uow.children.add(Child(school.id, group.id, "Anna", "Jansen"))
        sibling = uow.children.add(Child(school.id, group.id, "Bram", "Jansen"))
        parent = uow.parents.add(Parent(school.id, "alice@example.nl"))
        teacher = uow.staff.add(StaffMember(school.id, "Juf Anja", "anja@x.nl", (group.id,)))
        uow.commit()
    return Family(school, other, child, sibling, parent, teacher)


def _report(f: Family, first: dt.date, last: dt.date | None, **changes: object) -> AbsenceReport:
    report = AbsenceReport(
        school_id=f.school.id,
        child_id=f.child.id,
        reported_by=f.parent.id,
        reason=AbsenceReason.SICK,
        first_day=first,
        last_day=last,
        reported_at=NOW,
        note="Koorts",
    )
    return attrs.evolve(report, **changes)  # type: ignore[misc]


def test_settings_are_the_defaults_until_saved(any_uow_factory: UowFactory, family: Family) -> None:
    chosen = AbsenceSettings(
        family.school.id,
        cutoff=dt.time(8, 0),
        phone="0592 123 456",
        reachable=(ReachableHours(0, dt.time(8), dt.time(16, 30)),),
        retention_years=3,
    )
    with any_uow_factory() as uow:
        assert uow.absence_settings.get(family.school.id) == AbsenceSettings(family.school.id)
        uow.absence_settings.save(chosen)
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.absence_settings.get(family.school.id) == chosen
        assert uow.absence_settings.get(family.other_school.id) == AbsenceSettings(
            family.other_school.id
        )
        uow.absence_settings.save(attrs.evolve(chosen, phone=""))
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.absence_settings.get(family.school.id).phone == ""


def test_reports_round_trip_and_are_found_by_the_days_they_cover(
    any_uow_factory: UowFactory, family: Family
) -> None:
    day = dt.date(2026, 12, 3)
    with any_uow_factory() as uow:
        past = uow.absences.add(
            _report(family, day - dt.timedelta(days=9), day - dt.timedelta(days=8))
        )
        open_ended = uow.absences.add(_report(family, day - dt.timedelta(days=1), None))
        coming = uow.absences.add(
            _report(
                family,
                day + dt.timedelta(days=3),
                day + dt.timedelta(days=3),
                child_id=family.sibling.id,
                reason=AbsenceReason.OTHER,
            )
        )
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.absences.get(family.school.id, open_ended.id) == open_ended
        assert uow.absences.get(family.other_school.id, open_ended.id) is None
        assert [r.id for r in uow.absences.list_between(family.school.id, day, day)] == [
            open_ended.id
        ]
        assert [
            r.id
            for r in uow.absences.list_between(family.school.id, day, day + dt.timedelta(days=5))
        ] == [open_ended.id, coming.id]
        assert [
            r.id for r in uow.absences.list_for_children(family.school.id, [family.child.id])
        ] == [
            open_ended.id,
            past.id,
        ]
        ended = attrs.evolve(open_ended, last_day=day, ended_at=NOW, cancelled=False)
        uow.absences.update(ended)
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.absences.get(family.school.id, open_ended.id) == ended
        assert uow.absences.delete_before(family.other_school.id, day) == 0
        assert uow.absences.delete_before(family.school.id, day) == 1  # the past one
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.absences.get(family.school.id, past.id) is None


def test_a_cutoff_day_is_recorded_once_per_school(
    any_uow_factory: UowFactory, family: Family
) -> None:
    day = dt.date(2026, 12, 3)
    with any_uow_factory() as uow:
        assert not uow.cutoff_runs.done(family.school.id, day)
        uow.cutoff_runs.record(family.school.id, day, NOW)
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.cutoff_runs.done(family.school.id, day)
        assert not uow.cutoff_runs.done(family.other_school.id, day)
        assert not uow.cutoff_runs.done(family.school.id, day + dt.timedelta(days=1))


def test_leave_requests_round_trip_by_status(any_uow_factory: UowFactory, family: Family) -> None:
    request = LeaveRequest(
        school_id=family.school.id,
        child_id=family.child.id,
        requested_by=family.parent.id,
        reason=LeaveReason.FAMILY,
        first_day=dt.date(2026, 12, 10),
        last_day=dt.date(2026, 12, 11),
        requested_at=NOW,
        note="Bruiloft",
    )
    with any_uow_factory() as uow:
        added = uow.leave_requests.add(request)
        later = uow.leave_requests.add(
            attrs.evolve(request, first_day=dt.date(2027, 1, 4), last_day=dt.date(2027, 1, 4))
        )
        uow.commit()
    granted = attrs.evolve(
        added, status=LeaveStatus.GRANTED, decided_at=NOW, decided_by="Directie", decision_note="Ok"
    )
    with any_uow_factory() as uow:
        uow.leave_requests.update(granted)
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.leave_requests.get(family.school.id, added.id) == granted
        assert uow.leave_requests.get(family.other_school.id, added.id) is None
        assert [r.id for r in uow.leave_requests.list(family.school.id)] == [added.id, later.id]
        pending = uow.leave_requests.list(family.school.id, status=LeaveStatus.PENDING)
        assert [r.id for r in pending] == [later.id]
        mine = uow.leave_requests.list_for_children(family.school.id, [family.child.id])
        assert [r.id for r in mine] == [later.id, added.id]
        assert uow.leave_requests.delete_before(family.school.id, dt.date(2027, 1, 1)) == 1
        uow.commit()


def test_threads_posts_and_read_markers(any_uow_factory: UowFactory, family: Family) -> None:
    school_id = family.school.id
    with any_uow_factory() as uow:
        thread = uow.threads.add(
            Thread(
                school_id,
                family.child.id,
                family.teacher.id,
                family.parent.id,
                "Zwemles",
                NOW,
                NOW,
                private=True,
            )
        )
        other = uow.threads.add(
            Thread(
                school_id,
                family.sibling.id,
                family.teacher.id,
                family.parent.id,
                "Gym",
                NOW,
                NOW + dt.timedelta(hours=1),
            )
        )
        first = uow.thread_posts.add(
            Post(
                school_id,
                thread.id,
                Side.PARENT,
                family.parent.id,
                "Vraag",
                NOW,
                PostAttachment("conversations/1/a.pdf", "briefje.pdf", "application/pdf", 12),
            )
        )
        answer = uow.thread_posts.add(
            Post(
                school_id,
                thread.id,
                Side.STAFF,
                family.teacher.id,
                "Antwoord",
                NOW + dt.timedelta(minutes=5),
            )
        )
        uow.thread_posts.add(Post(school_id, other.id, Side.PARENT, family.parent.id, "Gym?", NOW))
        uow.threads.update(attrs.evolve(thread, last_post_at=NOW + dt.timedelta(hours=2)))
        reader = Reader(Side.PARENT, family.parent.id)
        uow.thread_reads.save(ReadMarker(school_id, thread.id, reader, NOW))
        uow.thread_reads.save(ReadMarker(school_id, thread.id, reader, NOW + dt.timedelta(hours=3)))
        uow.commit()
    with any_uow_factory() as uow:
        stored = uow.threads.get(school_id, thread.id)
        assert stored is not None
        assert stored.private
        assert uow.threads.get(family.other_school.id, thread.id) is None
        assert [
            t.id
            for t in uow.threads.list_for_children(school_id, [family.child.id, family.sibling.id])
        ] == [
            thread.id,
            other.id,
        ]
        assert [t.id for t in uow.threads.list_for_staff(school_id, family.teacher.id)] == [
            thread.id,
            other.id,
        ]
        assert uow.thread_posts.list_for_thread(school_id, thread.id) == [first, answer]
        assert uow.thread_posts.last_posts(school_id, [thread.id, other.id])[thread.id] == answer
        markers = uow.thread_reads.for_reader(school_id, reader, [thread.id, other.id])
        assert list(markers) == [thread.id]
        assert markers[thread.id].read_at == NOW + dt.timedelta(hours=3)
        assert len(uow.thread_reads.list_for_thread(school_id, thread.id)) == 1
        old = uow.threads.list_last_post_before(school_id, NOW + dt.timedelta(hours=1, minutes=30))
        assert [t.id for t in old] == [other.id]
        assert uow.threads.delete(family.other_school.id, [thread.id]) == 0
        assert uow.threads.delete(school_id, [thread.id]) == 1
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.threads.get(school_id, thread.id) is None
        assert uow.thread_posts.list_for_thread(school_id, thread.id) == []
        assert uow.thread_reads.list_for_thread(school_id, thread.id) == []
        assert len(uow.thread_posts.list_for_thread(school_id, other.id)) == 1
