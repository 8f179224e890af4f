"""The absence area's refusals, one by one: every bad value gets its Dutch message beside
the right field, and the use cases answer NotFound for what is not the caller's."""

from __future__ import annotations

import datetime as dt

import pytest

from deborg.adapters.memory import FixedClock
from deborg.bootstrap import Services
from deborg.domain.absence.attachments import check_size, looks_like_image
from deborg.domain.absence.leave import LeaveReason, decide, new_leave_request
from deborg.domain.absence.reports import AbsenceReason, AbsenceReport, new_report
from deborg.domain.absence.settings import AbsenceSettings, ReachableHours, parse_reachable
from deborg.domain.absence.threads import check_subject, check_text
from deborg.domain.dutch import to_utc
from deborg.domain.errors import AccountIsReadOnly, InvalidInput, NotFound
from deborg.domain.model import Parent
from deborg.services.absence import leave, reports, settings, threads
from tests.world import World, build_world

TODAY = dt.date(2026, 12, 3)
NOW = to_utc(TODAY, dt.time(7, 0), "Europe/Amsterdam")
PARENT = Parent(school_id=1, login_name="alice@example.nl", id=7)


@pytest.mark.parametrize(
    ("reason", "first", "last", "note", "field", "message"),
    [
        (LeaveReason.FAMILY, TODAY + dt.timedelta(days=4), None, "x" * 1001, "note", "hoogstens"),
        (LeaveReason.FAMILY, TODAY + dt.timedelta(days=4), None, "", "note", "Beschrijf kort"),
        (LeaveReason.HOLIDAY, TODAY, None, "", "first_day", "na vandaag"),
        (LeaveReason.HOLIDAY, dt.date(2028, 1, 10), None, "", "first_day", "een jaar vooruit"),
        (LeaveReason.FAMILY, dt.date(2026, 12, 9), dt.date(2026, 12, 8), "x", "last_day", "voor"),
        (LeaveReason.FAMILY, dt.date(2026, 12, 5), dt.date(2026, 12, 6), "x", "last_day", "geen"),
        (LeaveReason.RELIGIOUS, dt.date(2026, 12, 4), None, "", "first_day", "artikel 13"),
    ],
)
def test_leave_requests_refused_beside_their_field(
    reason: LeaveReason,
    first: dt.date,
    last: dt.date | None,
    note: str,
    field: str,
    message: str,
) -> None:
    with pytest.raises(InvalidInput) as refused:
        new_leave_request(
            parent=PARENT,
            child_id=3,
            reason=reason,
            first_day=first,
            last_day=last or first,
            note=note,
            today=TODAY,
            now=NOW,
        )
    assert refused.value.field == field
    assert message in refused.value.message


def test_religious_leave_told_two_days_ahead_is_accepted() -> None:
    request = new_leave_request(
        parent=PARENT,
        child_id=3,
        reason=LeaveReason.RELIGIOUS,
        first_day=dt.date(2026, 12, 7),
        last_day=dt.date(2026, 12, 7),
        note="",
        today=TODAY,
        now=NOW,
    )
    assert request.period_text() == "maandag 7 december 2026"
    with pytest.raises(InvalidInput):
        decide(request, grant=True, by="Directie", note="x" * 1001, now=NOW)


@pytest.mark.parametrize(
    "make",
    [
        lambda: ReachableHours(7, dt.time(8), dt.time(9)),
        lambda: ReachableHours(0, dt.time(9), dt.time(8)),
        lambda: AbsenceSettings(1, retention_years=11),
        lambda: AbsenceSettings(1, phone="0" * 41),
        lambda: parse_reachable("vr-ma 08:00-16:30"),
        lambda: parse_reachable("ma 25:00-26:00"),
    ],
)
def test_settings_that_make_no_sense_are_refused(make: object) -> None:
    with pytest.raises(InvalidInput):
        make()  # type: ignore[operator]


def test_settings_read_back_in_dutch() -> None:
    assert AbsenceSettings(1).cutoff_text == "08.15"
    assert parse_reachable(" , ma 8.00-12.30") == (ReachableHours(0, dt.time(8), dt.time(12, 30)),)
    assert (
        ReachableHours(4, dt.time(8), dt.time(12)).describe() == "vrijdag van 08.00 tot 12.00 uur"
    )


def test_report_periods_read_in_dutch() -> None:
    base = AbsenceReport(1, 3, 7, AbsenceReason.SICK, TODAY, TODAY, NOW)
    assert base.period_text() == "donderdag 3 december"
    longer = AbsenceReport(1, 3, 7, AbsenceReason.SICK, TODAY, dt.date(2026, 12, 4), NOW)
    assert longer.period_text() == "van donderdag 3 december tot en met vrijdag 4 december"
    assert not longer.overlaps(dt.date(2026, 12, 7), None)
    assert longer.overlaps(dt.date(2026, 11, 1), dt.date(2026, 12, 3))


def test_a_report_reaches_at_most_92_days() -> None:
    with pytest.raises(InvalidInput) as refused:
        new_report(
            parent=PARENT,
            child_id=3,
            reason=AbsenceReason.SICK,
            first_day=TODAY,
            last_day=TODAY + dt.timedelta(days=92),
            note="",
            now=NOW,
            timezone="Europe/Amsterdam",
            settings=AbsenceSettings(1),
        )
    assert refused.value.field == "last_day"


@pytest.mark.parametrize(
    ("check", "value", "field"),
    [
        (check_subject, "   ", "subject"),
        (check_subject, "x" * 151, "subject"),
        (check_text, " ", "text"),
        (check_text, "x" * 5001, "text"),
    ],
)
def test_a_message_needs_a_subject_and_text_of_sensible_length(
    check: object, value: str, field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        check(value)  # type: ignore[operator]
    assert refused.value.field == field


def test_an_attachment_alone_needs_no_text_and_is_judged_by_its_content() -> None:
    assert check_text("", with_attachment=True) == ""
    assert looks_like_image(b"\x89PNG\r\n\x1a\n....")
    assert looks_like_image(b"RIFF\x00\x00\x00\x00WEBPVP8 ")
    assert not looks_like_image(b"%PDF-1.4")
    with pytest.raises(InvalidInput) as refused:
        check_size(b"x" * 11, 10)
    assert refused.value.field == "attachment"


# --- use cases ------------------------------------------------------------------------------


@pytest.fixture
def world(memory_services: Services, clock: FixedClock) -> World:
    clock.set(NOW)
    return build_world(memory_services)


def storage(s: Services) -> threads.FileStorage:
    return threads.FileStorage(s.files, s.images, s.tokens, 1000)


def test_settings_are_read_and_an_unknown_school_is_not_found(
    memory_services: Services, world: World
) -> None:
    assert settings.get_settings(
        memory_services.uow(), school_id=world.school.id
    ).cutoff == dt.time(8, 15)
    with pytest.raises(NotFound):
        settings.get_settings(memory_services.uow(), school_id=999)


def test_a_parent_reads_the_reports_and_leave_of_their_own_children(
    memory_services: Services, world: World, clock: FixedClock
) -> None:
    s = memory_services
    reported = reports.report_absence(
        s.uow(),
        clock,
        s.links,
        school_id=world.school.id,
        parent_id=world.alice.id,
        child_id=world.anna.id,
        reason=AbsenceReason.SICK,
        first_day=TODAY,
    )
    mine = reports.absences_for_parent(
        s.uow(), clock, school_id=world.school.id, parent_id=world.alice.id
    )
    assert [(e.child.name, e.open_report) for e in mine] == [("Anna Jansen", reported.report)]
    between = reports.absences_between(s.uow(), school_id=world.school.id, first=TODAY, last=TODAY)
    assert [a.reported_by for a in between] == ["Alice Jansen"]
    page = leave.leave_page(
        s.uow(), clock, school_id=world.school.id, parent_id=world.dirk.id, child_id=world.anna.id
    )
    assert page.read_only
    assert page.requests == ()
    with pytest.raises(NotFound):
        reports.report_child_better(
            s.uow(),
            clock,
            s.links,
            school_id=world.school.id,
            parent_id=world.bob.id,
            child_id=world.bram.id,
            report_id=reported.report.id,
        )
    with pytest.raises(NotFound):
        reports.absences_on(s.uow(), clock, school_id=world.school.id, staff_id=999)
    with pytest.raises(NotFound):
        leave.decide_leave(
            s.uow(), clock, s.links, school_id=world.school.id, request_id=999, grant=True, by="x"
        )


def test_attachments_are_served_to_who_may_see_the_thread_only(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    written = threads.start_thread(
        s.uow(),
        s.clock,
        s.links,
        storage(s),
        school_id=world.school.id,
        parent_id=world.alice.id,
        child_id=world.anna.id,
        staff_id=world.teacher.id,
        subject="Foto",
        text="",
        upload=threads.Upload("tekening.png", b"\x89PNG\r\n\x1a\nxx"),
    )
    assert written.post.attachment is not None
    assert written.post.attachment.content_type == "image/png"
    reply = threads.reply_as_parent(
        s.uow(),
        s.clock,
        s.links,
        storage(s),
        school_id=world.school.id,
        parent_id=world.alice.id,
        thread_id=written.thread.id,
        text="Nog een vraag",
    )
    found = threads.attachment_for_parent(
        s.uow(),
        s.files,
        school_id=world.school.id,
        parent_id=world.dirk.id,
        thread_id=written.thread.id,
        post_id=written.post.id,
    )
    assert found.filename == "tekening.png"
    by_teacher = threads.attachment_for_teacher(
        s.uow(),
        s.files,
        school_id=world.school.id,
        staff_id=world.teacher.id,
        thread_id=written.thread.id,
        post_id=written.post.id,
    )
    assert by_teacher.content == found.content
    with pytest.raises(NotFound):  # a post without attachment
        threads.attachment_for_parent(
            s.uow(),
            s.files,
            school_id=world.school.id,
            parent_id=world.alice.id,
            thread_id=written.thread.id,
            post_id=reply.post.id,
        )
    with pytest.raises(NotFound):
        threads.attachment_for_teacher(
            s.uow(),
            s.files,
            school_id=world.school.id,
            staff_id=world.teacher.id + 99,
            thread_id=written.thread.id,
            post_id=written.post.id,
        )
    s.files.delete(written.post.attachment.file_key)
    with pytest.raises(NotFound):  # the file is gone from the store
        threads.attachment_for_parent(
            s.uow(),
            s.files,
            school_id=world.school.id,
            parent_id=world.alice.id,
            thread_id=written.thread.id,
            post_id=written.post.id,
        )
    with pytest.raises(NotFound):
        threads.threads_for_teacher(s.uow(), school_id=world.school.id, staff_id=999)


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (threads.Upload("groot.pdf", b"%PDF" + b"x" * 1000), "te groot"),
        (threads.Upload("foto.jpg", b"\x89PNG\r\n\x1a\nxx"), "bestandsnaam"),
    ],
)
def test_a_refused_attachment_is_named_beside_the_attachment_field(
    memory_services: Services, world: World, upload: threads.Upload, message: str
) -> None:
    s = memory_services
    with pytest.raises(InvalidInput) as refused:
        threads.reply_as_parent(
            s.uow(),
            s.clock,
            s.links,
            storage(s),
            school_id=world.school.id,
            parent_id=world.alice.id,
            thread_id=1,
            text="Zie bijlage",
            upload=upload,
        )
    assert refused.value.field == "attachment"
    assert message in refused.value.message


def test_a_read_only_parent_cannot_write_in_a_thread(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    written = threads.start_thread(
        s.uow(),
        s.clock,
        s.links,
        storage(s),
        school_id=world.school.id,
        parent_id=world.alice.id,
        child_id=world.anna.id,
        staff_id=world.teacher.id,
        subject="Vraag",
        text="Hallo",
    )
    with pytest.raises(AccountIsReadOnly):
        threads.reply_as_parent(
            s.uow(),
            s.clock,
            s.links,
            storage(s),
            school_id=world.school.id,
            parent_id=world.dirk.id,
            thread_id=written.thread.id,
            text="Ik ook",
        )
