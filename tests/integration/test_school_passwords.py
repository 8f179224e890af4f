"""The staff member's own password through the Flask test client on SQLite and PostgreSQL:
Wachtwoord wijzigen on the school's side ends the other sessions, and "Wachtwoord vergeten" on
the shared login page works for a staff name as for a parent's."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from deborg.bootstrap import Services
from tests.conftest import Browser
from tests.integration.test_school_pages import sent_to, staff_browser, text_of
from tests.staff_world import StaffWorld, build_staff_world
from tests.world import World

NEW = "Fiets regen Drenthe 7!"


@pytest.fixture
def staff_world(sql_services: Services, world: World) -> StaffWorld:
    return build_staff_world(sql_services, world)


def test_a_teacher_changes_her_password_and_her_other_browser_is_logged_out(
    browser_factory: Callable[[], Browser], world: World, staff_world: StaffWorld
) -> None:
    anja = staff_browser(browser_factory, "anja@deborg.nl", world.password)
    laptop = staff_browser(browser_factory, "anja@deborg.nl", world.password)
    assert "Wachtwoord wijzigen" in text_of(anja.get("/school/"))
    form = {"current_password": world.password, "new_password": NEW, "new_password_again": NEW}
    wrong = anja.post("/school/wachtwoord", {**form, "current_password": "Niet-het-mijne-1!"})
    assert wrong.status_code == 400
    assert "Het huidige wachtwoord is onjuist." in text_of(wrong)
    weak = anja.post(
        "/school/wachtwoord",
        {**form, "new_password": "Welkom123!", "new_password_again": "Welkom123!"},
    )
    assert weak.status_code == 400
    changed = anja.post("/school/wachtwoord", form)
    assert changed.status_code == 302
    assert "Uw wachtwoord is gewijzigd" in text_of(anja.get("/school/wachtwoord"))
    assert laptop.get("/school/").status_code == 302  # to the login page
    staff_browser(browser_factory, "anja@deborg.nl", NEW)


def test_a_teacher_who_forgot_her_password_chooses_a_new_one_through_the_mailed_link(
    browser_factory: Callable[[], Browser],
    world: World,
    staff_world: StaffWorld,
    sql_services: Services,
) -> None:
    visitor = browser_factory()
    asked = visitor.post("/wachtwoord-vergeten", {"username": "bas@deborg.nl"})
    parent_asked = browser_factory().post(
        "/wachtwoord-vergeten", {"username": world.carla.login_name}
    )
    # A staff name gets the very page a parent's name gets.
    assert (asked.status_code, text_of(asked)) == (200, text_of(parent_asked))
    (mail,) = sent_to(sql_services, "bas@deborg.nl")
    found = re.search(r"http\S*/school/wachtwoord/(\S+)", mail.text)
    assert found is not None
    link = f"/school/wachtwoord/{found.group(1)}"
    assert "bas@deborg.nl" in text_of(visitor.get(link))
    mismatch = visitor.post(link, {"new_password": NEW, "new_password_again": NEW + "x"})
    assert mismatch.status_code == 400
    done = visitor.post(link, {"new_password": NEW, "new_password_again": NEW})
    assert done.status_code == 302
    assert "/inloggen" in done.headers["Location"]
    staff_browser(browser_factory, "bas@deborg.nl", NEW)
    assert visitor.get(link).status_code == 400  # used once
