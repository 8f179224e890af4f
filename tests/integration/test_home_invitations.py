"""Home and the calendar feed show the conferences of the parent's children."""

from __future__ import annotations

from collections.abc import Callable

from deborg.bootstrap import Services
from tests.conftest import Browser
from tests.world import World


def test_home_lists_the_open_conference_invitation(browser: Browser, world: World) -> None:
    browser.login(world.alice.login_name, world.password)
    page = browser.get("/").get_data(as_text=True)
    assert "Uitnodiging oudergesprekken" in page
    assert world.planning.title in page
    assert "Anna Jansen" in page


def test_home_says_when_booking_opens_only_until_it_has_opened(
    browser: Browser, world: World, sql_services: Services
) -> None:
    import datetime as dt

    import attrs

    browser.login(world.bob.login_name, world.password)  # Bram has no time yet
    page = browser.get("/").get_data(as_text=True)
    assert "U heeft nog geen tijd gekozen." in page
    assert "De inschrijving opent" not in page
    assert world.planning is not None
    with sql_services.uow() as uow:  # the same planning, opening tomorrow
        later = sql_services.clock.now() + dt.timedelta(days=1)
        uow.plannings.update(attrs.evolve(world.planning, opens_for_all_at=later))
        uow.commit()
    page = browser.get("/").get_data(as_text=True)
    assert "De inschrijving opent" in page
    assert "U heeft nog geen tijd gekozen." not in page


def test_home_of_a_parent_without_invitations_has_no_conference_block(
    browser: Browser, world: World
) -> None:
    browser.login(world.erik.login_name, world.password)
    assert "Uitnodiging oudergesprekken" not in browser.get("/").get_data(as_text=True)


def test_the_private_calendar_feed_carries_the_childs_conference_time(
    browser: Browser, browser_factory: Callable[[], Browser], world: World
) -> None:
    import re

    browser.login(world.alice.login_name, world.password)
    page = browser.post("/agenda/abonnement", form_page="/agenda").get_data(as_text=True)
    url = re.search(r"<code>https://portaal\.example\.nl(/agenda/feed/[^<]+\.ics)</code>", page)
    assert url, page
    ics = browser_factory().get(url.group(1)).get_data(as_text=True)
    assert world.planning is not None
    assert f"SUMMARY:{world.planning.title}: Anna" in ics


def test_an_id_beyond_the_database_range_is_not_found(browser: Browser, world: World) -> None:
    browser.login(world.alice.login_name, world.password)
    assert browser.get("/nieuws/99999999999999999999").status_code == 404
    assert browser.get("/fotoalbums/99999999999999999999").status_code == 404
