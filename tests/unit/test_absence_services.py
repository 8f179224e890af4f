"""The absence use cases on the memory adapters: both guardians confirmed, the teacher told
once at the cut-off, leave decided and in the agenda feed, conversations seen by whom they
should be, the data export, and the retention."""

from __future__ import annotations

import datetime as dt

import pytest

from deborg.adapters.memory import FixedClock, MemoryMailer
from deborg.bootstrap import Services
from deborg.domain.absence.errors import TooLateToReport
from deborg.domain.absence.leave import LeaveReason, LeaveStatus
from deborg.domain.absence.reports import AbsenceReason
from deborg.domain.absence.settings import parse_reachable
from deborg.domain.dutch import to_utc
from deborg.domain.errors import AccountIsReadOnly, Conflict, NotFound
from deborg.domain.mail import MailCategory
from deborg.domain.model import Guardianship, StaffMember
from deborg.domain.notifications.model import Delivery, NotificationPreferences
from deborg.services.absence import leave, reports, retention, settings, threads
from deborg.services.absence.cutoff import run_cutoff_mails
from deborg.services.content.feed import calendar_for_token, renew_feed
from deborg.services.outbox import deliver_outbox
from deborg.services.privacy.export import export_parent_data
from tests.world import World, build_world

ZONE = "Europe/Amsterdam"
THURSDAY = dt.date(2026, 12, 3)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return to_utc(day, dt.time(hour, minute), ZONE)


@pytest.fixture
def world(memory_services: Services, clock: FixedClock) -> World:
    clock.set(at(THURSDAY, 7, 0))
    built = build_world(memory_services)
    settings.change_settings(memory_services.uow(), school_id=built.school.id, phone="0592 123 456")
    return built


def sent(services: Services, mailer: MemoryMailer) -> list[str]:
    deliver_outbox(services.uow(), services.mailer, services.clock)
    return [mail.to for mail in mailer.sent]


def report_sick(services: Services, world: World, day: dt.date = THURSDAY, **kw: object) -> object:
    return reports.report_absence(
        services.uow(),
        services.clock,
        services.links,
        school_id=world.school.id,
        parent_id=kw.pop("parent_id", world.alice.id),  # type: ignore[arg-type]
        child_id=kw.pop("child_id", world.anna.id),  # type: ignore[arg-type]
        reason=AbsenceReason.SICK,
        first_day=day,
        **kw,  # type: ignore[arg-type]
    )


# --- absences -------------------------------------------------------------------------------


def test_both_guardians_get_a_confirmation_they_cannot_switch_off(
    memory_services: Services, world: World, mailer: MemoryMailer
) -> None:
    with memory_services.uow() as uow:
        for parent in (world.alice, world.dirk):
            off = dict.fromkeys(NotificationPreferences(1, 1).all_choices(), Delivery.OFF)
            uow.notification_preferences.save(
                NotificationPreferences(world.school.id, parent.id, off)
            )
        uow.commit()
    reported = report_sick(memory_services, world)
    assert reported.confirmations == 2  # type: ignore[attr-defined]
    assert sorted(sent(memory_services, mailer)) == ["alice@example.nl", "dirk@example.nl"]
    mail = mailer.sent[0]
    assert mail.category is MailCategory.ATTENDANCE
    assert not any(name == "List-Unsubscribe" for name, _ in mail.headers)
    assert "Alice Jansen heeft Anna Jansen afwezig gemeld" in mail.text
    assert "vanaf donderdag 3 december tot beter melden" in mail.text


def test_after_the_cutoff_nothing_is_saved_and_the_school_number_is_given(
    memory_services: Services, world: World, clock: FixedClock, mailer: MemoryMailer
) -> None:
    clock.set(at(THURSDAY, 8, 16))
    with pytest.raises(TooLateToReport) as refused:
        report_sick(memory_services, world)
    assert "0592 123 456" in refused.value.message
    assert sent(memory_services, mailer) == []
    page = reports.absence_page(
        memory_services.uow(),
        clock,
        school_id=world.school.id,
        parent_id=world.alice.id,
        child_id=world.anna.id,
    )
    assert not page.today_open
    assert page.absences.current == ()


def test_a_read_only_guardian_cannot_report_or_report_better(
    memory_services: Services, world: World, mailer: MemoryMailer
) -> None:
    with pytest.raises(AccountIsReadOnly):
        report_sick(memory_services, world, parent_id=world.dirk.id)
    report = report_sick(memory_services, world).report  # type: ignore[attr-defined]
    with pytest.raises(AccountIsReadOnly):
        reports.report_child_better(
            memory_services.uow(),
            memory_services.clock,
            memory_services.links,
            school_id=world.school.id,
            parent_id=world.dirk.id,
            child_id=world.anna.id,
            report_id=report.id,
        )


@pytest.mark.parametrize("who", ["carla", "erik"])
def test_no_parent_reports_for_another_familys_child(
    memory_services: Services, world: World, who: str
) -> None:
    parent = getattr(world, who)
    with pytest.raises(NotFound):
        reports.report_absence(
            memory_services.uow(),
            memory_services.clock,
            memory_services.links,
            school_id=parent.school_id,
            parent_id=parent.id,
            child_id=world.anna.id,
            reason=AbsenceReason.SICK,
            first_day=THURSDAY,
        )


def test_the_same_day_is_not_reported_twice(memory_services: Services, world: World) -> None:
    report_sick(memory_services, world)
    with pytest.raises(Conflict):
        report_sick(memory_services, world, day=THURSDAY + dt.timedelta(days=1))


def test_beter_melden_ends_the_report_and_tells_both_guardians(
    memory_services: Services, world: World, clock: FixedClock, mailer: MemoryMailer
) -> None:
    report = report_sick(memory_services, world).report  # type: ignore[attr-defined]
    clock.set(at(THURSDAY + dt.timedelta(days=1), 7, 30))
    ended = reports.report_child_better(
        memory_services.uow(),
        clock,
        memory_services.links,
        school_id=world.school.id,
        parent_id=world.alice.id,
        child_id=world.anna.id,
        report_id=report.id,
    )
    assert ended.last_day == THURSDAY
    sent(memory_services, mailer)
    assert [m.subject for m in mailer.sent].count("Beter gemeld: Anna") == 2


def test_the_teachers_get_one_mail_at_the_cutoff_listing_the_absences(
    memory_services: Services, world: World, clock: FixedClock, mailer: MemoryMailer
) -> None:
    clock.set(at(THURSDAY, 7, 50))
    report_sick(memory_services, world)
    reports.report_absence(
        memory_services.uow(),
        clock,
        memory_services.links,
        school_id=world.school.id,
        parent_id=world.bob.id,
        child_id=world.bram.id,
        reason=AbsenceReason.MEDICAL,
        first_day=THURSDAY,
        note="Tandarts om 9 uur",
    )
    clock.set(at(THURSDAY, 8, 10))
    assert run_cutoff_mails(memory_services.uow(), clock, memory_services.links).mails == 0
    clock.set(at(THURSDAY, 8, 15))
    assert run_cutoff_mails(memory_services.uow(), clock, memory_services.links).mails == 1
    assert run_cutoff_mails(memory_services.uow(), clock, memory_services.links).mails == 0
    sent(memory_services, mailer)
    to_teacher = mailer.to("anja@deborg.nl")
    assert len(to_teacher) == 1
    assert "Anna Jansen: ziek" in to_teacher[0].text
    assert (
        "Bram de Vries: huisarts, tandarts of ziekenhuis (Tandarts om 9 uur)" in to_teacher[0].text
    )
    assert to_teacher[0].subject == "Afwezig vandaag (donderdag 3 december): 2 leerling(en)"


def test_no_cutoff_mail_on_a_weekend_day_of_a_reported_period(
    memory_services: Services, world: World, clock: FixedClock, mailer: MemoryMailer
) -> None:
    report_sick(memory_services, world)  # open-ended from Thursday on
    saturday, monday = THURSDAY + dt.timedelta(days=2), THURSDAY + dt.timedelta(days=4)
    clock.set(at(saturday, 9, 0))
    assert run_cutoff_mails(memory_services.uow(), clock, memory_services.links).mails == 0
    clock.set(at(monday, 9, 0))
    assert run_cutoff_mails(memory_services.uow(), clock, memory_services.links).mails == 1


def test_todays_absences_per_group_for_a_teacher(
    memory_services: Services, world: World, clock: FixedClock
) -> None:
    report_sick(memory_services, world)
    reports.report_absence(
        memory_services.uow(),
        clock,
        memory_services.links,
        school_id=world.school.id,
        parent_id=world.carla.id,
        child_id=world.cees.id,
        reason=AbsenceReason.SICK,
        first_day=THURSDAY,
    )
    everyone = reports.absences_on(memory_services.uow(), clock, school_id=world.school.id)
    assert [g.group.name for g in everyone.groups] == ["Groep 1", "Groep 2"]
    mine = reports.absences_on(
        memory_services.uow(), clock, school_id=world.school.id, staff_id=world.teacher.id
    )
    assert [(g.group.name, [a.child.name for a in g.absent]) for g in mine.groups] == [
        ("Groep 1", ["Anna Jansen"])
    ]


# --- leave ----------------------------------------------------------------------------------


def test_leave_is_decided_mailed_and_in_the_agenda_feed(
    memory_services: Services, world: World, clock: FixedClock, mailer: MemoryMailer
) -> None:
    request = leave.request_leave(
        memory_services.uow(),
        clock,
        school_id=world.school.id,
        parent_id=world.alice.id,
        child_id=world.anna.id,
        reason=LeaveReason.FAMILY,
        first_day=dt.date(2026, 12, 10),
        last_day=dt.date(2026, 12, 11),
        note="Bruiloft van een oom",
    )
    pending = leave.list_leave(
        memory_services.uow(), school_id=world.school.id, status=LeaveStatus.PENDING
    )
    assert [line.request.id for line in pending] == [request.id]
    leave.decide_leave(
        memory_services.uow(),
        clock,
        memory_services.links,
        school_id=world.school.id,
        request_id=request.id,
        grant=True,
        by="Directie",
    )
    sent(memory_services, mailer)
    assert sorted(m.to for m in mailer.sent) == ["alice@example.nl", "dirk@example.nl"]
    assert "is toegekend" in mailer.sent[0].text
    token = renew_feed(
        memory_services.uow(),
        clock,
        memory_services.tokens,
        school_id=world.school.id,
        parent_id=world.alice.id,
    )
    calendar = calendar_for_token(
        memory_services.uow(), clock, token=token, sources=memory_services.areas.calendar_sources
    )
    assert [e.title for e in calendar.events if e.uid.startswith("verlof-")] == ["Verlof Anna"]
    other = renew_feed(
        memory_services.uow(),
        clock,
        memory_services.tokens,
        school_id=world.school.id,
        parent_id=world.carla.id,
    )
    carla_calendar = calendar_for_token(
        memory_services.uow(), clock, token=other, sources=memory_services.areas.calendar_sources
    )
    assert not [e for e in carla_calendar.events if e.uid.startswith("verlof-")]


def test_a_refusal_reaches_the_parents_with_its_reason(
    memory_services: Services, world: World, clock: FixedClock, mailer: MemoryMailer
) -> None:
    request = leave.request_leave(
        memory_services.uow(),
        clock,
        school_id=world.school.id,
        parent_id=world.alice.id,
        child_id=world.anna.id,
        reason=LeaveReason.OTHER,
        first_day=dt.date(2026, 12, 10),
        last_day=dt.date(2026, 12, 10),
        note="Verhuizing",
    )
    leave.decide_leave(
        memory_services.uow(),
        clock,
        memory_services.links,
        school_id=world.school.id,
        request_id=request.id,
        grant=False,
        by="Directie",
        note="Verhuizen kan op woensdagmiddag.",
    )
    sent(memory_services, mailer)
    assert "Reden: Verhuizen kan op woensdagmiddag." in mailer.to("alice@example.nl")[0].text


# --- conversations --------------------------------------------------------------------------


def storage(services: Services) -> threads.FileStorage:
    return threads.FileStorage(services.files, services.images, services.tokens, 1024 * 1024)


def start(services: Services, world: World, *, private: bool = False) -> threads.Written:
    return threads.start_thread(
        services.uow(),
        services.clock,
        services.links,
        storage(services),
        school_id=world.school.id,
        parent_id=world.alice.id,
        child_id=world.anna.id,
        staff_id=world.teacher.id,
        subject="Zwemles",
        text="Anna mag deze week niet zwemmen.",
        private=private,
        upload=threads.Upload("briefje.pdf", b"%PDF-1.4 briefje"),
    )


def test_co_guardians_see_a_thread_unless_it_is_private(
    memory_services: Services, world: World
) -> None:
    shared = start(memory_services, world).thread
    private = start(memory_services, world, private=True).thread

    def seen_by(parent_id: int) -> list[int]:
        return [
            s.thread.id
            for s in threads.threads_for_parent(
                memory_services.uow(), school_id=world.school.id, parent_id=parent_id
            )
        ]

    assert sorted(seen_by(world.alice.id)) == sorted([shared.id, private.id])
    assert seen_by(world.dirk.id) == [shared.id]
    assert seen_by(world.carla.id) == []
    for parent, thread_id in ((world.dirk, private.id), (world.carla, shared.id)):
        with pytest.raises(NotFound):
            threads.thread_for_parent(
                memory_services.uow(),
                memory_services.clock,
                school_id=world.school.id,
                parent_id=parent.id,
                thread_id=thread_id,
            )


def test_the_teacher_answers_read_markers_move_and_parents_hear_as_they_chose(
    memory_services: Services, world: World, clock: FixedClock, mailer: MemoryMailer
) -> None:
    with memory_services.uow() as uow:
        uow.notification_preferences.save(
            NotificationPreferences(
                world.school.id, world.dirk.id, {MailCategory.TEACHER_MESSAGES: Delivery.OFF}
            )
        )
        uow.commit()
    thread = start(memory_services, world).thread
    sent(memory_services, mailer)
    assert [m.to for m in mailer.sent] == ["anja@deborg.nl"]
    mailer.sent.clear()
    inbox = threads.threads_for_teacher(
        memory_services.uow(), school_id=world.school.id, staff_id=world.teacher.id
    )
    assert [(s.thread.id, s.unread) for s in inbox] == [(thread.id, True)]
    clock.advance(dt.timedelta(hours=1))
    view = threads.thread_for_teacher(
        memory_services.uow(),
        clock,
        school_id=world.school.id,
        staff_id=world.teacher.id,
        thread_id=thread.id,
    )
    assert view.posts[0].post.attachment is not None
    clock.advance(dt.timedelta(minutes=5))
    threads.reply_as_teacher(
        memory_services.uow(),
        clock,
        memory_services.links,
        school_id=world.school.id,
        staff_id=world.teacher.id,
        thread_id=thread.id,
        text="Dank u, ik geef het door.",
    )
    assert sent(memory_services, mailer) == ["alice@example.nl"]  # dirk switched it off
    parent_view = threads.thread_for_parent(
        memory_services.uow(),
        clock,
        school_id=world.school.id,
        parent_id=world.alice.id,
        thread_id=thread.id,
    )
    assert [p.author for p in parent_view.posts] == ["Alice Jansen", "Juf Anja"]
    assert parent_view.read_by_other_at is not None
    for_dirk = threads.threads_for_parent(
        memory_services.uow(), school_id=world.school.id, parent_id=world.dirk.id
    )
    assert for_dirk[0].unread


def test_only_a_teacher_of_the_childs_group_is_written_to(
    memory_services: Services, world: World
) -> None:
    with memory_services.uow() as uow:
        other = uow.staff.add(
            StaffMember(world.school.id, "Meester Bas", "bas@deborg.nl", (world.group2.id,))
        )
        uow.commit()
    with pytest.raises(Exception, match="leerkracht van de groep"):
        threads.start_thread(
            memory_services.uow(),
            memory_services.clock,
            memory_services.links,
            storage(memory_services),
            school_id=world.school.id,
            parent_id=world.alice.id,
            child_id=world.anna.id,
            staff_id=other.id,
            subject="Vraag",
            text="Hallo",
            upload=threads.Upload("briefje.pdf", b"%PDF-1.4 briefje"),
        )
    assert list(memory_services.files) == []  # the refused message's attachment is gone


def test_a_refused_attachment_leaves_nothing_behind(
    memory_services: Services, world: World
) -> None:
    with pytest.raises(Exception, match="geen foto, PDF"):
        threads.start_thread(
            memory_services.uow(),
            memory_services.clock,
            memory_services.links,
            storage(memory_services),
            school_id=world.school.id,
            parent_id=world.alice.id,
            child_id=world.anna.id,
            staff_id=world.teacher.id,
            subject="Vraag",
            text="Zie bijlage",
            upload=threads.Upload("virus.exe", b"MZ\x90\x00"),
        )
    assert (
        threads.threads_for_parent(
            memory_services.uow(), school_id=world.school.id, parent_id=world.alice.id
        )
        == []
    )


def test_outside_the_reachable_hours_the_parent_hears_when_to_expect_an_answer(
    memory_services: Services, world: World, clock: FixedClock
) -> None:
    settings.change_settings(
        memory_services.uow(),
        school_id=world.school.id,
        reachable=parse_reachable("ma-vr 08:00-16:30"),
    )
    clock.set(at(THURSDAY, 21, 0))
    written = start(memory_services, world)
    assert written.reachable_note is not None
    assert "vrijdag 4 december 08.00 uur" in written.reachable_note
    clock.set(at(THURSDAY, 10, 0))
    assert start(memory_services, world).reachable_note is None


# --- export and retention -------------------------------------------------------------------


def test_the_data_export_holds_the_absences_leave_and_visible_conversations(
    memory_services: Services, world: World
) -> None:
    report_sick(memory_services, world, note="Koorts")
    start(memory_services, world, private=True)
    mine = export_parent_data(
        memory_services.uow(),
        memory_services.clock,
        school_id=world.school.id,
        parent_id=world.alice.id,
        sections=memory_services.areas.export_sections,
    )
    assert mine["absences"][0]["reason"] == "Ziek"
    assert mine["absences"][0]["note"] == "Koorts"
    assert mine["teacher_conversations"][0]["posts"][0]["from"] == "ik"
    dirks = export_parent_data(
        memory_services.uow(),
        memory_services.clock,
        school_id=world.school.id,
        parent_id=world.dirk.id,
        sections=memory_services.areas.export_sections,
    )
    assert dirks["absences"][0]["reported_by_me"] is False
    assert dirks["teacher_conversations"] == []  # alice's private thread
    carlas = export_parent_data(
        memory_services.uow(),
        memory_services.clock,
        school_id=world.school.id,
        parent_id=world.carla.id,
        sections=memory_services.areas.export_sections,
    )
    assert carlas["absences"] == []


def test_purge_removes_what_is_past_the_end_of_the_school_year_after_next(
    memory_services: Services, world: World, clock: FixedClock
) -> None:
    report_sick(memory_services, world)
    written = start(memory_services, world)
    key = written.post.attachment.file_key  # type: ignore[union-attr]
    clock.set(at(dt.date(2029, 7, 31), 12))
    kept = retention.purge_expired(memory_services.uow(), clock, memory_services.files)
    assert kept == retention.Expired(0, 0, 0)
    clock.set(at(dt.date(2029, 8, 1), 12))
    gone = retention.purge_expired(memory_services.uow(), clock, memory_services.files)
    assert gone == retention.Expired(absences=1, leave_requests=0, conversations=1)
    with pytest.raises(KeyError):
        memory_services.files.get(key)
    with memory_services.uow() as uow:
        assert uow.absences.list_for_children(world.school.id, [world.anna.id]) == []
        assert uow.guardianships.exists(
            Guardianship(world.school.id, world.alice.id, world.anna.id)
        )
