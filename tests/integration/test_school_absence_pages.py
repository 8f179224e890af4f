"""Issue #19 on the school's side through the Flask test client: the teacher's dashboard shows
today's absences of her groups and the unread parents' messages, she reads and answers a
thread (Berichten van ouders), and the beheerder grants or refuses leave (Verlof)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from deborg.bootstrap import Services
from deborg.domain.absence.leave import LeaveStatus
from deborg.domain.absence.reports import AbsenceReason, AbsenceReport
from tests.conftest import Browser
from tests.integration.test_school_pages import sent_to, staff_browser, text_of
from tests.staff_world import StaffWorld, build_staff_world
from tests.world import World


@pytest.fixture
def staff_world(sql_services: Services, world: World) -> StaffWorld:
    return build_staff_world(sql_services, world)


@pytest.fixture
def absences_today(sql_services: Services, world: World) -> None:
    """Anna (Groep 1) reported sick by alice and Cees (Groep 2) at the doctor's by carla,
    today (Monday 2 November); Bram has a report that ended last week."""
    today = dt.date(2026, 11, 2)
    with sql_services.uow() as uow:
        for child, parent, reason, first, last, note in (
            (world.anna, world.alice, AbsenceReason.SICK, today, None, ""),
            (world.cees, world.carla, AbsenceReason.MEDICAL, today, today, "Tandarts om 10 uur"),
            (
                world.bram,
                world.bob,
                AbsenceReason.SICK,
                today - dt.timedelta(days=7),
                today - dt.timedelta(days=5),
                "",
            ),
        ):
            uow.absences.add(
                AbsenceReport(
                    school_id=world.school.id,
                    child_id=child.id,
                    reported_by=parent.id,
                    reason=reason,
                    first_day=first,
                    last_day=last,
                    reported_at=dt.datetime(2026, 11, 2, 6, 50, tzinfo=dt.UTC),
                    note=note,
                )
            )
        uow.commit()


def _absent_card(page: str) -> str:
    return page.split("Afwezig vandaag", 1)[1].split("Berichten van ouders", 1)[0]


@pytest.mark.usefixtures("absences_today")
def test_the_teacher_sees_todays_absences_of_her_group_only(
    browser_factory: Callable[[], Browser], world: World, staff_world: StaffWorld
) -> None:
    anja = staff_browser(browser_factory, "anja@deborg.nl", world.password)
    card = _absent_card(text_of(anja.get("/school/")))
    assert "1 kind" in card
    assert "Groep 1" in card
    assert "Anna Jansen Ziek" in card
    assert f"gemeld door {world.alice.name} op maandag 2 november om 07.50 uur" in card
    assert "Cees" not in card
    assert "Groep 2" not in card
    assert "Bram" not in card  # his report ended last week

    bas = staff_browser(browser_factory, "bas@deborg.nl", world.password)
    card = _absent_card(text_of(bas.get("/school/")))
    assert "Cees" in card
    assert "Tandarts om 10 uur" in card
    assert f"gemeld door {world.carla.name}" in card
    assert "Anna" not in card


@pytest.mark.usefixtures("absences_today")
def test_the_beheerder_sees_the_absences_of_every_group(
    browser_factory: Callable[[], Browser], world: World, staff_world: StaffWorld
) -> None:
    wendy = staff_browser(browser_factory, "wendy@deborg.nl", world.password)
    card = _absent_card(text_of(wendy.get("/school/")))
    assert "2 kinderen" in card
    assert card.index("Groep 1") < card.index("Anna") < card.index("Groep 2") < card.index("Cees")


def test_a_day_without_absences_says_so(
    browser_factory: Callable[[], Browser], world: World, staff_world: StaffWorld
) -> None:
    anja = staff_browser(browser_factory, "anja@deborg.nl", world.password)
    card = _absent_card(text_of(anja.get("/school/")))
    assert "0 kinderen" in card
    assert "Er is vandaag geen kind afwezig gemeld." in card


def test_the_teacher_reads_and_answers_a_parents_message(
    browser_factory: Callable[[], Browser],
    world: World,
    staff_world: StaffWorld,
    sql_services: Services,
) -> None:
    anja = staff_browser(browser_factory, "anja@deborg.nl", world.password)
    thread_id, post_id = staff_world.alice_thread.id, staff_world.alice_post.id
    dashboard = text_of(anja.get("/school/"))
    assert "Berichten van ouders 1 ongelezen" in dashboard
    assert "Zwemles dinsdag" in dashboard

    listing = anja.get("/school/berichten-ouders")
    assert 'aria-current="page">Berichten van ouders' in listing.get_data(as_text=True)
    listing_text = text_of(listing)
    assert "Zwemles dinsdag Nieuw" in listing_text
    assert "Over Anna Jansen" in listing_text

    page = text_of(anja.get(f"/school/berichten-ouders/{thread_id}"))
    assert f"{world.alice.name}, maandag 2 november om 09.40 uur" in page
    assert "Anna mag dinsdag niet zwemmen" in page
    assert "Bijlage: zwembrief.pdf" in page
    assert "Nog niet gelezen door de ouders." in page
    # Reading it moved her read marker.
    assert "Berichten van ouders 0 ongelezen" in text_of(anja.get("/school/"))
    assert "Zwemles dinsdag Over" in text_of(anja.get("/school/berichten-ouders"))

    download = anja.get(f"/school/berichten-ouders/{thread_id}/bijlage/{post_id}")
    assert download.status_code == 200
    assert download.data == b"%PDF-1.4\n"
    assert download.mimetype == "application/pdf"
    assert "zwembrief.pdf" in download.headers["Content-Disposition"]

    form_page = f"/school/berichten-ouders/{thread_id}"
    empty = anja.post(form_page, {"text": "   "}, form_page=form_page)
    assert empty.status_code == 400
    assert "Anna mag dinsdag niet zwemmen" in text_of(empty)  # the thread is still shown
    answered = anja.post(form_page, {"text": "Dank u, ik zorg ervoor."}, form_page=form_page)
    assert answered.status_code == 302
    page = text_of(anja.get(form_page))
    assert "U, maandag 2 november om 10.00 uur Dank u, ik zorg ervoor." in page

    alice = browser_factory()
    alice.login(world.alice.login_name, world.password)
    parent_page = text_of(alice.get(f"/berichten-leerkracht/{thread_id}"))
    assert "Juf Anja" in parent_page
    assert "Dank u, ik zorg ervoor." in parent_page
    assert "Gelezen door de leerkracht op maandag 2 november" in parent_page
    # Now the parents have read it too.
    assert "Gelezen door de ouders op maandag 2 november" in text_of(anja.get(form_page))


def test_an_empty_answer_gets_a_clear_message(
    browser_factory: Callable[[], Browser], world: World, staff_world: StaffWorld
) -> None:
    anja = staff_browser(browser_factory, "anja@deborg.nl", world.password)
    form_page = f"/school/berichten-ouders/{staff_world.alice_thread.id}"
    empty = anja.post(form_page, {"text": ""}, form_page=form_page)
    assert empty.status_code == 400
    page = text_of(empty)
    assert "Schrijf een bericht." in page
    assert "Anna mag dinsdag niet zwemmen" in page  # the thread is still shown


@pytest.mark.parametrize("email", ["bas@deborg.nl", "wendy@deborg.nl"])
def test_only_the_teacher_written_to_reaches_the_thread(
    browser_factory: Callable[[], Browser],
    world: World,
    staff_world: StaffWorld,
    email: str,
) -> None:
    other = staff_browser(browser_factory, email, world.password)
    thread_id, post_id = staff_world.alice_thread.id, staff_world.alice_post.id
    assert "Zwemles dinsdag" not in text_of(other.get("/school/berichten-ouders"))
    assert other.get(f"/school/berichten-ouders/{thread_id}").status_code == 404
    assert other.get(f"/school/berichten-ouders/{thread_id}/bijlage/{post_id}").status_code == 404
    form_page = "/school/berichten-ouders"
    reply = other.post(
        f"/school/berichten-ouders/{thread_id}", {"text": "Hallo"}, form_page=form_page
    )
    assert reply.status_code == 404
    anja = staff_browser(browser_factory, "anja@deborg.nl", world.password)
    assert "Hallo" not in text_of(anja.get(f"/school/berichten-ouders/{thread_id}"))


def test_the_beheerder_refuses_leave_with_a_reason_and_the_parents_are_mailed(
    browser_factory: Callable[[], Browser],
    world: World,
    staff_world: StaffWorld,
    sql_services: Services,
) -> None:
    wendy = staff_browser(browser_factory, "wendy@deborg.nl", world.password)
    request_id = staff_world.anna_leave.id
    listing = wendy.get("/school/verlof")
    assert 'aria-current="page">Verlof' in listing.get_data(as_text=True)
    page = text_of(listing)
    assert "Te beslissen 1" in page
    assert "Anna Jansen Familieomstandigheid (bijvoorbeeld een huwelijk of begrafenis)" in page
    assert "Bruiloft van haar oom in Groningen." in page
    assert f"Aangevraagd door {world.alice.name}" in page

    refused = wendy.post(
        f"/school/verlof/{request_id}/afwijzen",
        {f"note-{request_id}": " "},
        form_page="/school/verlof",
    )
    assert refused.status_code == 400
    assert "Geef de reden van de afwijzing." in text_of(refused)
    with sql_services.uow() as uow:
        still = uow.leave_requests.get(world.school.id, request_id)
    assert still is not None
    assert still.status is LeaveStatus.PENDING

    refused = wendy.post(
        f"/school/verlof/{request_id}/afwijzen",
        {f"note-{request_id}": "Een bruiloft valt niet onder gewichtige omstandigheden."},
        form_page="/school/verlof",
    )
    assert refused.status_code == 302
    page = text_of(wendy.get("/school/verlof"))
    assert "Te beslissen 0" in page
    assert "Afgewezen" in page
    assert "afgewezen door Wendy de Beheerder" in page
    assert "valt niet onder gewichtige omstandigheden" in page
    for guardian in (world.alice, world.dirk):
        [mail] = sent_to(sql_services, guardian.login_name)
        assert mail.subject == "Verlofaanvraag voor Anna: afgewezen"
        assert "valt niet onder gewichtige omstandigheden" in mail.text

    again = wendy.post(
        f"/school/verlof/{request_id}/toekennen",
        {f"note-{request_id}": ""},
        form_page="/school/verlof",
    )
    assert again.status_code == 409
    assert "Over deze verlofaanvraag is al beslist." in text_of(again)


def test_the_beheerder_grants_leave_and_it_reaches_the_parents_page(
    browser_factory: Callable[[], Browser],
    world: World,
    staff_world: StaffWorld,
) -> None:
    wendy = staff_browser(browser_factory, "wendy@deborg.nl", world.password)
    request_id = staff_world.anna_leave.id
    granted = wendy.post(
        f"/school/verlof/{request_id}/toekennen",
        {f"note-{request_id}": ""},
        form_page="/school/verlof",
    )
    assert granted.status_code == 302
    assert "toegekend door Wendy de Beheerder" in text_of(wendy.get("/school/verlof"))
    alice = browser_factory()
    alice.login(world.alice.login_name, world.password)
    assert "Toegekend" in text_of(alice.get(f"/kinderen/{world.anna.id}/verlof"))


def test_a_teacher_does_not_decide_on_leave(
    browser_factory: Callable[[], Browser], world: World, staff_world: StaffWorld
) -> None:
    anja = staff_browser(browser_factory, "anja@deborg.nl", world.password)
    dashboard = anja.get("/school/").get_data(as_text=True)
    assert ">Berichten van ouders</a>" in dashboard
    assert ">Verlof</a>" not in dashboard
    assert anja.get("/school/verlof").status_code == 404
    request_id = staff_world.anna_leave.id
    grant = anja.post(f"/school/verlof/{request_id}/toekennen", {}, form_page="/school/")
    assert grant.status_code == 404
