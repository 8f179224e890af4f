"""``deborg absence``, ``deborg leave``, ``deborg parent-messages``, the cut-off mail in
``deborg mail run`` and ``deborg purge``, end to end on the memory adapters."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner, Result

from deborg.adapters.memory import FixedClock, MemoryMailer
from deborg.bootstrap import Services
from deborg.domain.absence.leave import LeaveReason
from deborg.domain.absence.reports import AbsenceReason
from deborg.domain.dutch import to_utc
from deborg.entrypoints.cli.context import CliContext
from deborg.entrypoints.cli.main import cli
from deborg.services.absence import leave, reports, threads
from tests.world import World, build_world

THURSDAY = dt.date(2026, 12, 3)


def at(hour: int, minute: int = 0, day: dt.date = THURSDAY) -> dt.datetime:
    return to_utc(day, dt.time(hour, minute), "Europe/Amsterdam")


def run(services: Services, *args: str) -> Result:
    return CliRunner().invoke(
        cli,
        ["--school", "99XX00", *args],
        obj=CliContext(services_factory=lambda: services),
        catch_exceptions=False,
    )


@pytest.fixture
def world(memory_services: Services, clock: FixedClock) -> World:
    clock.set(at(7, 40))
    built = build_world(memory_services)
    for parent, child, reason in (
        (built.alice, built.anna, AbsenceReason.SICK),
        (built.carla, built.cees, AbsenceReason.MEDICAL),
    ):
        reports.report_absence(
            memory_services.uow(),
            clock,
            memory_services.links,
            school_id=built.school.id,
            parent_id=parent.id,
            child_id=child.id,
            reason=reason,
            first_day=THURSDAY,
            note="Koorts" if reason is AbsenceReason.SICK else "",
        )
    return built


def test_absence_today_per_group_and_as_json(memory_services: Services, world: World) -> None:
    shown = run(memory_services, "absence", "today")
    assert shown.exit_code == 0, shown.output
    assert "Afwezig op donderdag 3 december 2026: 2 leerling(en)." in shown.output
    assert "Groep 1:\n  Anna Jansen: ziek (Koorts)" in shown.output
    one = run(memory_services, "absence", "today", "--group", "Groep 2", "--json")
    data = json.loads(one.output)
    assert [g["group"] for g in data["groups"]] == ["Groep 2"]
    assert data["groups"][0]["absent"][0]["child"] == "Cees Visser"
    unknown = run(memory_services, "absence", "today", "--group", "Groep 9")
    assert unknown.exit_code == 1
    assert "Geen groep met de naam 'Groep 9'" in unknown.output


def test_absence_list_over_a_period(memory_services: Services, world: World) -> None:
    listed = run(
        memory_services, "absence", "list", "--from", "01-12-2026", "--to", "2026-12-31", "--json"
    )
    assert [r["child"] for r in json.loads(listed.output)] == ["Anna Jansen", "Cees Visser"]
    empty = run(memory_services, "absence", "list", "--from", "2026-11-01", "--to", "2026-11-30")
    assert "Geen meldingen in deze periode." in empty.output
    backwards = run(
        memory_services, "absence", "list", "--from", "2026-12-31", "--to", "2026-12-01"
    )
    assert backwards.exit_code == 1
    bad = run(memory_services, "absence", "list", "--from", "morgen", "--to", "2026-12-01")
    assert bad.exit_code == 1
    assert "ongeldige waarde voor --from" in bad.output


def test_mail_run_sends_the_teachers_one_mail_at_the_cutoff(
    memory_services: Services, world: World, clock: FixedClock, mailer: MemoryMailer
) -> None:
    early = run(memory_services, "mail", "run")
    assert "Afwezigheidsmails aan leerkrachten: 0" in early.output
    clock.set(at(8, 15))
    due = run(memory_services, "mail", "run")
    assert "Afwezigheidsmails aan leerkrachten: 1 in de wachtrij" in due.output
    again = run(memory_services, "mail", "run")
    assert "Afwezigheidsmails aan leerkrachten: 0" in again.output
    teacher = mailer.to("anja@deborg.nl")
    assert len(teacher) == 1
    assert "Anna Jansen" in teacher[0].text
    assert "Cees" not in teacher[0].text  # Groep 2 is not hers


def test_settings_change_the_cutoff_and_the_phone(memory_services: Services, world: World) -> None:
    changed = run(
        memory_services,
        "absence",
        "settings",
        "--cutoff",
        "08:00",
        "--phone",
        "0592 123 456",
        "--reachable",
        "ma-vr 08:00-16:30",
    )
    assert changed.exit_code == 0, changed.output
    assert "tot: 08.00 uur" in changed.output
    assert "maandag van 08.00 tot 16.30 uur" in changed.output
    bad = run(memory_services, "absence", "settings", "--reachable", "altijd")
    assert bad.exit_code == 1
    assert "ma-vr 08:00-16:30" in bad.output


def test_leave_list_grant_and_refuse(
    memory_services: Services, world: World, clock: FixedClock, mailer: MemoryMailer
) -> None:
    ids = [
        leave.request_leave(
            memory_services.uow(),
            clock,
            school_id=world.school.id,
            parent_id=world.alice.id,
            child_id=world.anna.id,
            reason=LeaveReason.FAMILY,
            first_day=day,
            last_day=day,
            note="Bruiloft",
        ).id
        for day in (dt.date(2026, 12, 10), dt.date(2026, 12, 17))
    ]
    listed = run(memory_services, "leave", "list", "--status", "aangevraagd", "--json")
    assert [r["id"] for r in json.loads(listed.output)] == ids
    granted = run(memory_services, "leave", "grant", str(ids[0]), "--by", "Directeur")
    assert "is toegekend" in granted.output
    no_reason = run(memory_services, "leave", "refuse", str(ids[1]), "--reason", " ")
    assert no_reason.exit_code == 1
    refused = run(memory_services, "leave", "refuse", str(ids[1]), "--reason", "Geen grond")
    assert "is afgewezen" in refused.output
    twice = run(memory_services, "leave", "grant", str(ids[1]))
    assert twice.exit_code == 1
    assert "al beslist" in twice.output
    missing = run(memory_services, "leave", "grant", "999")
    assert missing.exit_code == 1


def test_a_teacher_reads_and_answers_parent_messages(
    memory_services: Services, world: World, mailer: MemoryMailer
) -> None:
    written = threads.start_thread(
        memory_services.uow(),
        memory_services.clock,
        memory_services.links,
        threads.FileStorage(
            memory_services.files, memory_services.images, memory_services.tokens, 1_000_000
        ),
        school_id=world.school.id,
        parent_id=world.alice.id,
        child_id=world.anna.id,
        staff_id=world.teacher.id,
        subject="Zwemles",
        text="Anna mag niet zwemmen.",
    )
    me = ("--as", "anja@deborg.nl")
    listed = run(memory_services, "parent-messages", "list", *me)
    assert f"* #{written.thread.id}" in listed.output
    shown = run(memory_services, "parent-messages", "show", str(written.thread.id), *me)
    assert "Anna mag niet zwemmen." in shown.output
    assert f"  #{written.thread.id}" in run(memory_services, "parent-messages", "list", *me).output
    answered = run(
        memory_services, "parent-messages", "reply", str(written.thread.id), "Prima!", *me
    )
    assert answered.exit_code == 0, answered.output
    stranger = run(
        memory_services, "parent-messages", "show", str(written.thread.id), "--as", "x@deborg.nl"
    )
    assert stranger.exit_code == 1
    assert "Geen personeelslid" in stranger.output


def test_purge_reports_the_expired_absences(
    memory_services: Services, world: World, clock: FixedClock
) -> None:
    clock.set(at(12, 0, dt.date(2029, 8, 1)))
    purged = run(memory_services, "purge")
    assert purged.exit_code == 0, purged.output
    assert "Bewaartermijn verstreken: 2 afwezigheidsmelding(en)" in purged.output
