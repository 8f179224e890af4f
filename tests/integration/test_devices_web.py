"""Mijn account > App: the manual's texts, the paired devices and their removal."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from tests.conftest import Browser
from tests.integration.app_client import bearer, pair_by_password
from tests.world import World


def test_the_app_tab_shows_the_manuals_explanation_and_how_to_pair(
    browser: Browser, world: World
) -> None:
    browser.login(world.alice.login_name, world.password)
    page = browser.get("/account/app").get_data(as_text=True)
    assert "wet persoonsgegevens" in page
    assert "zelf verantwoordelijk" in page
    assert "Gekoppelde apparaten" in page
    assert "Koppelen met QR code" in page
    assert "Koppelen met gebruikersnaam en wachtwoord" in page
    assert "99XX00" in page
    assert world.alice.login_name in page
    assert "(Uw MijnSchool wachtwoord)" in page
    assert "style=" not in page


def test_the_table_lists_the_parents_own_devices_only(
    browser: Browser, client: FlaskClient, world: World
) -> None:
    pair_by_password(client, world.alice.login_name, world.password, name="Telefoon van Alice")
    pair_by_password(client, world.bob.login_name, world.password, name="Telefoon van Bob")
    browser.login(world.alice.login_name, world.password)
    page = browser.get("/account/app").get_data(as_text=True)
    assert "Telefoon van Alice" in page
    assert "Telefoon van Bob" not in page
    for heading in ("Apparaatnaam", "Aangemeld op", "Laatst gebruikt"):
        assert heading in page


def test_a_parent_cannot_remove_another_parents_device(
    browser: Browser, client: FlaskClient, world: World, browser_factory
) -> None:  # type: ignore[no-untyped-def]
    token = pair_by_password(client, world.alice.login_name, world.password)
    browser.login(world.alice.login_name, world.password)
    page = browser.get("/account/app").get_data(as_text=True)
    action = re.search(r'action="(/account/app/apparaten/\d+/verwijderen)"', page)
    assert action
    carla = browser_factory()
    carla.login(world.carla.login_name, world.password)
    confirmed = {"bevestigd": "1"}
    assert carla.post(action.group(1), confirmed, form_page="/account/app").status_code == 404
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 200


def test_a_new_qr_code_is_offered_and_the_camera_landing_page_explains(
    browser: Browser, world: World
) -> None:
    browser.login(world.dirk.login_name, world.password)  # read-only accounts pair too
    page = browser.post("/account/app/qr-code", form_page="/account/app").get_data(as_text=True)
    assert 'src="data:image/svg+xml' in page
    assert "Nieuwe QR-code" in page
    landing = browser.get("/koppelen/wat-dan-ook").get_data(as_text=True)
    assert "scan de code" in landing


def test_an_id_beyond_any_database_integer_is_simply_not_found(
    browser: Browser, world: World
) -> None:
    browser.login(world.alice.login_name, world.password)
    response = browser.post(
        "/account/app/apparaten/99999999999999999999/verwijderen",
        {"bevestigd": "1"},
        form_page="/account/app",
    )
    assert response.status_code == 404
