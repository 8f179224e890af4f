"""Ziek melden on a phone (issue #19): a parent reports a child sick at 07.50 school time,
the teacher's view of today's absences lists the child, and the one mail at the cut-off
lists it; a parent after 08.15 is told to phone the school with its number. The portal's
clock is a FixedClock for the journey (Services.clock is injected, never read from the
system by a use case)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from deborg.adapters.memory import FixedClock
from deborg.demo.staff import DEMO_BEHEERDER_LOGIN
from deborg.domain.absence.leave import LeaveReason, LeaveStatus
from deborg.domain.dutch import to_utc
from deborg.domain.mail import MailCategory
from deborg.services.absence import leave, reports, settings, threads
from deborg.services.absence.cutoff import run_cutoff_mails
from tests.browser.conftest import PageOpener, Portal
from tests.browser.helpers import check_accessibility, log_in
from tests.browser.test_staff_journeys import staff_log_in

MONDAY = dt.date(2027, 3, 29)  # the Monday after the clocks went forward: CEST, UTC+2
SICK_PARENT = 24
LATE_PARENT = 25
PHONE = "0592 123 456"


@pytest.fixture
def clock(portal: Portal) -> Iterator[FixedClock]:
    """The running portal on a fixed clock for this journey, restored afterwards."""
    real = portal.services.clock
    fixed = FixedClock(to_utc(MONDAY, dt.time(7, 50), "Europe/Amsterdam"))
    portal.services.clock = fixed
    yield fixed
    portal.services.clock = real


@pytest.fixture
def phone(chromium: Any) -> Iterator[PageOpener]:
    opener = PageOpener(chromium, "phone")
    yield opener
    opener.close()


def test_report_sick_at_0750_the_teacher_sees_it_and_is_mailed_once_at_the_cutoff(
    portal: Portal, phone: PageOpener, clock: FixedClock
) -> None:
    s = portal.services
    with s.uow() as uow:
        school = uow.schools.list()[0]
    settings.change_settings(s.uow(), school_id=school.id, phone=PHONE)
    username = portal.parent_login(SICK_PARENT)
    page = phone.open()
    log_in(page, portal.url, username, portal.login.password)

    ziek = page.get_by_role("link", name="Ziek melden").first
    child_name = ziek.inner_text().split(":", 1)[1].strip()
    ziek.click()
    expect(page.get_by_text("Voor vandaag kunt u melden tot 08.15 uur")).to_be_visible()
    assert page.get_by_label("Eerste dag").input_value() == MONDAY.isoformat()
    check_accessibility(page)
    page.get_by_label("Toelichting").fill("Koorts sinds vannacht")
    page.get_by_role("button", name="Ziek melden").click()
    expect(page.get_by_text("is afwezig gemeld")).to_be_visible()
    expect(page.get_by_role("button", name="Beter melden")).to_be_visible()

    # What the teacher's dashboard shows: today's absences of the groups they teach.
    with s.uow() as uow:
        child = next(c for c in uow.children.list(school.id) if c.name == child_name)
        teachers = uow.staff.list_for_group(school.id, child.group_id)
    assert teachers, "the demo group has a teacher"
    today = reports.absences_on(s.uow(), clock, school_id=school.id, staff_id=teachers[0].id)
    listed = [a.child.name for g in today.groups for a in g.absent]
    assert child_name in listed
    # ... and the teacher sees it on the dashboard of the school's side, on a phone too.
    teacher_page = phone.open()
    staff_log_in(teacher_page, portal, teachers[0].email)
    card = teacher_page.locator("[data-absent-today]")
    expect(card).to_contain_text(f"{child_name} Ziek")
    expect(card).to_contain_text("Koorts sinds vannacht")
    expect(card).to_contain_text("gemeld door")
    expect(card).to_contain_text("om 07.50 uur")
    check_accessibility(teacher_page)

    clock.set(to_utc(MONDAY, dt.time(8, 10), "Europe/Amsterdam"))
    assert run_cutoff_mails(s.uow(), clock, s.links).mails == 0
    clock.set(to_utc(MONDAY, dt.time(8, 15), "Europe/Amsterdam"))
    run_cutoff_mails(s.uow(), clock, s.links)
    run_cutoff_mails(s.uow(), clock, s.links)  # a second run sends nothing twice
    with s.uow() as uow:
        to_teacher = [
            e.mail
            for e in uow.outbox.list(limit=500)
            if e.mail.to == teachers[0].email and e.mail.category is MailCategory.STAFF
            and "Afwezig vandaag" in e.mail.subject
        ]  # fmt: skip
    assert len(to_teacher) == 1
    assert f"{child_name}: ziek (Koorts sinds vannacht)" in to_teacher[0].text


def test_after_0815_a_parent_is_told_to_phone_the_school(
    portal: Portal, phone: PageOpener, clock: FixedClock
) -> None:
    s = portal.services
    with s.uow() as uow:
        school = uow.schools.list()[0]
    settings.change_settings(s.uow(), school_id=school.id, phone=PHONE)
    clock.set(to_utc(MONDAY, dt.time(8, 20), "Europe/Amsterdam"))
    page = phone.open()
    log_in(page, portal.url, portal.parent_login(LATE_PARENT), portal.login.password)
    page.get_by_role("link", name="Ziek melden").first.click()
    notice = page.locator("[data-too-late]")
    expect(notice).to_be_visible()
    assert "Bel de school op" in notice.inner_text()
    assert notice.get_by_role("link", name=PHONE).get_attribute("href") == "tel:0592123456"
    assert (
        page.get_by_label("Eerste dag").input_value() == (MONDAY + dt.timedelta(days=1)).isoformat()
    )
    check_accessibility(page)


def test_on_a_phone_the_teacher_answers_a_parent_and_the_beheerder_refuses_leave(
    portal: Portal, phone: PageOpener, clock: FixedClock
) -> None:
    s = portal.services
    login = portal.parent_login(SICK_PARENT)
    with s.uow() as uow:
        school = uow.schools.list()[0]
        parent = uow.parents.get_by_login(login)
        assert parent is not None
        child_id = sorted(uow.guardianships.children_of(school.id, parent.id))[0]
        child = uow.children.get(school.id, child_id)
        assert child is not None
        teacher = uow.staff.list_for_group(school.id, child.group_id)[0]
    storage = threads.FileStorage(s.files, s.images, s.tokens, s.settings.max_upload_bytes)
    written = threads.start_thread(
        s.uow(),
        clock,
        s.links,
        storage,
        school_id=school.id,
        parent_id=parent.id,
        child_id=child.id,
        staff_id=teacher.id,
        subject="Bril vergeten",
        text="Mag de bril morgen in de klas blijven?",
    )
    asked = leave.request_leave(
        s.uow(),
        clock,
        school_id=school.id,
        parent_id=parent.id,
        child_id=child.id,
        reason=LeaveReason.FAMILY,
        first_day=MONDAY + dt.timedelta(days=15),
        last_day=MONDAY + dt.timedelta(days=15),
        note="Begrafenis van opa",
    )

    page = phone.open()
    staff_log_in(page, portal, teacher.email)
    expect(page.locator("[data-unread-threads]")).to_have_text("1 ongelezen")
    page.locator("summary.hamburger").click()
    page.locator(".mobile-menu__panel").get_by_role("link", name="Berichten van ouders").click()
    page.get_by_role("link", name="Bril vergeten").click()
    expect(page.get_by_text("Mag de bril morgen in de klas blijven?")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Uw antwoord").fill("Ja hoor, in het laatje van haar tafel.")
    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_text("Uw antwoord is verstuurd")).to_be_visible()
    expect(page.get_by_text("Ja hoor, in het laatje van haar tafel.")).to_be_visible()
    view = threads.thread_for_parent(
        s.uow(), clock, school_id=school.id, parent_id=parent.id, thread_id=written.thread.id
    )
    assert view.posts[-1].post.text == "Ja hoor, in het laatje van haar tafel."

    page = phone.open()
    staff_log_in(page, portal, DEMO_BEHEERDER_LOGIN)
    page.locator("summary.hamburger").click()
    page.locator(".mobile-menu__panel").get_by_role("link", name="Verlof").click()
    request_item = page.locator(f"#verlof-{asked.id}")
    expect(request_item).to_contain_text("Begrafenis van opa")
    check_accessibility(page)
    request_item.get_by_role("button", name="Afwijzen").click()
    expect(page.get_by_text("Geef de reden van de afwijzing.").first).to_be_visible()
    request_item = page.locator(f"#verlof-{asked.id}")
    reason = request_item.get_by_label("Toelichting (bij afwijzen verplicht)")
    reason.fill("Graag eerst een gesprek.")
    request_item.get_by_role("button", name="Afwijzen").click()
    expect(page.get_by_text("Het verlof is afgewezen")).to_be_visible()
    lines = leave.list_leave(s.uow(), school_id=school.id, status=LeaveStatus.REFUSED)
    assert [line.request.decision_note for line in lines if line.request.id == asked.id] == [
        "Graag eerst een gesprek."
    ]
