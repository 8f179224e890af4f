"""The parent pages of Oudergesprekken, without JavaScript: invitations, booking, cancel,
move, the double slot, the race message, the closed view and the read-only view.
(world.planning: Groep 1 and 2 on 12 November 15.00-16.00; Anna is booked at 15.00.)"""

from __future__ import annotations

import datetime as dt

from deborg.adapters.sqlalchemy.diagnostics import count_statements
from deborg.bootstrap import Services
from deborg.domain.model import Guardianship
from deborg.services import conferences
from tests.conftest import Browser
from tests.world import World


def at(hour: int, minute: int) -> str:
    """The form value of the slot at this local time on 12 November (UTC+1)."""
    return dt.datetime(2026, 11, 12, hour - 1, minute, tzinfo=dt.UTC).isoformat()


def page_path(world: World, child_id: int) -> str:
    assert world.planning is not None
    return f"/oudergesprekken/{world.planning.id}/kind/{child_id}"


def test_a_parent_sees_one_invitation_per_child(
    sql_services: Services, world: World, browser: Browser
) -> None:
    with sql_services.uow() as uow:
        uow.guardianships.add(Guardianship(world.school.id, world.alice.id, world.cees.id))
        uow.commit()
    browser.login(world.alice.login_name, world.password)
    page = browser.get("/oudergesprekken/").get_data(as_text=True)
    assert "Oudergesprekken november — Anna Jansen" in page
    assert "Oudergesprekken november — Cees Visser" in page
    assert "donderdag 12 november van 15.00 tot 15.10 uur" in page  # Anna's booking


def test_clicking_a_free_slot_books_it(world: World, browser: Browser) -> None:
    browser.login(world.bob.login_name, world.password)
    page = browser.get(page_path(world, world.bram.id)).get_data(as_text=True)
    assert 'data-slots-needed="1"' in page
    assert "Gereserveerd – Annuleren" not in page
    response = browser.post(
        page_path(world, world.bram.id) + "/reserveren",
        {"slot": at(15, 10)},
        form_page=page_path(world, world.bram.id),
    )
    assert response.status_code == 302
    page = browser.get(page_path(world, world.bram.id)).get_data(as_text=True)
    assert "De tijd is gereserveerd." in page
    assert page.count("Gereserveerd – Annuleren") == 1
    assert "donderdag 12 november van 15.10 tot 15.20 uur" in page


def test_a_slot_just_taken_shows_the_message_and_the_fresh_schedule(
    world: World, browser: Browser
) -> None:
    browser.login(world.bob.login_name, world.password)
    response = browser.post(
        page_path(world, world.bram.id) + "/reserveren",
        {"slot": at(15, 0)},
        form_page=page_path(world, world.bram.id),
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert (
        "Dit tijdstip is zojuist door iemand anders gereserveerd. Kies een ander tijdstip." in page
    )
    assert "Bezet" in page  # Anna's 15.00 in the fresh schedule
    assert 'class="slot slot--free"' in page


def test_cancel_and_move(world: World, browser: Browser) -> None:
    path = page_path(world, world.anna.id)
    browser.login(world.alice.login_name, world.password)
    assert (
        browser.post(
            path + "/reserveren", {"slot": at(15, 30), "moving": "1"}, form_page=path
        ).status_code
        == 302
    )
    page = browser.get(path).get_data(as_text=True)
    assert "Uw afspraak is verplaatst." in page
    assert page.count("Gereserveerd – Annuleren") == 1
    assert "van 15.30 tot 15.40 uur" in page
    asked = browser.post(path + "/annuleren", form_page=path)
    assert asked.status_code == 200  # one click asks first, without JavaScript too
    assert "Wilt u uw reservering annuleren?" in asked.get_data(as_text=True)
    assert browser.get(path).get_data(as_text=True).count("Gereserveerd – Annuleren") == 1
    confirmed = browser.post(path + "/annuleren", {"bevestigd": "1"}, form_page=path)
    assert confirmed.status_code == 302
    page = browser.get(path).get_data(as_text=True)
    assert "Gereserveerd – Annuleren" not in page
    assert "Uw reservering is geannuleerd" in page


def test_a_double_slot_child_books_two_consecutive_slots_with_one_click(
    sql_services: Services, world: World, browser: Browser
) -> None:
    assert world.planning is not None
    conferences.set_requirement(
        sql_services.uow(),
        school_id=world.school.id,
        planning_id=world.planning.id,
        child_id=world.bram.id,
        slots_needed=2,
        message="Ik wil graag wat meer tijd nemen voor Bram.",
    )
    path = page_path(world, world.bram.id)
    browser.login(world.bob.login_name, world.password)
    page = browser.get(path).get_data(as_text=True)
    assert 'data-slots-needed="2"' in page
    assert "Ik wil graag wat meer tijd nemen voor Bram." in page
    assert 'data-slot-index="1"' in page
    # 15.50 is the last slot: no room for a double conversation from there.
    assert "Te weinig tijd" in page
    assert (
        browser.post(path + "/reserveren", {"slot": at(15, 20)}, form_page=path).status_code == 302
    )
    page = browser.get(path).get_data(as_text=True)
    assert page.count("Gereserveerd – Annuleren") == 2
    assert "van 15.20 tot 15.40 uur" in page


def test_after_closing_only_the_chosen_time_is_shown(
    sql_services: Services, world: World, browser: Browser
) -> None:
    assert world.planning is not None
    s = sql_services
    conferences.close_planning(
        s.uow(),
        s.clock,
        s.links,
        s.calendar,
        school_id=world.school.id,
        planning_id=world.planning.id,
    )
    browser.login(world.alice.login_name, world.password)
    path = page_path(world, world.anna.id)
    page = browser.get(path).get_data(as_text=True)
    assert "Definitieve tijd" in page
    assert "van 15.00 tot 15.10 uur" in page
    assert "slot--free" not in page
    assert "Inschrijven" not in browser.get("/oudergesprekken/").get_data(as_text=True)
    response = browser.post(
        path + "/reserveren", {"slot": at(15, 30)}, form_page="/oudergesprekken/"
    )
    assert response.status_code == 409
    assert "De planning is gesloten" in response.get_data(as_text=True)


def test_a_read_only_parent_sees_the_booking_but_no_buttons(world: World, browser: Browser) -> None:
    browser.login(world.dirk.login_name, world.password)
    path = page_path(world, world.anna.id)
    page = browser.get(path).get_data(as_text=True)
    assert "van 15.00 tot 15.10 uur" in page
    assert "Uw account staat op alleen lezen" in page
    assert "<button" not in page.split("<main", 1)[1]
    response = browser.post(path + "/annuleren", {"bevestigd": "1"}, form_page="/oudergesprekken/")
    assert response.status_code == 403
    assert "alleen lezen" in response.get_data(as_text=True)


def test_another_parent_cannot_open_someone_elses_booking_page(
    world: World, browser: Browser
) -> None:
    browser.login(world.carla.login_name, world.password)
    assert browser.get(page_path(world, world.anna.id)).status_code == 404


def test_home_shows_open_invitations_and_skips_the_bookings_when_none_is_open(
    sql_services: Services, world: World, browser: Browser
) -> None:
    assert world.planning is not None
    assert sql_services.engine is not None
    s = sql_services
    browser.login(world.alice.login_name, world.password)
    with count_statements(s.engine) as while_open:
        page = browser.get("/").get_data(as_text=True)
    assert "Oudergesprekken november — Anna Jansen" in page
    assert any("conversation_bookings" in sql for sql in while_open.statements)

    conferences.close_planning(
        s.uow(),
        s.clock,
        s.links,
        s.calendar,
        school_id=world.school.id,
        planning_id=world.planning.id,
    )
    with count_statements(s.engine) as when_closed:
        page = browser.get("/").get_data(as_text=True)

    assert "Oudergesprekken november" not in page
    # Most of the year no planning is open: Home then reads no requirements and bookings.
    assert not any("conversation_bookings" in sql for sql in when_closed.statements)
    assert not any("conversation_requirements" in sql for sql in when_closed.statements)
