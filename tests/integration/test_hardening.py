"""Smaller hardening points of the security review (issue #15): a 405 names the methods that
are allowed, for the pages and for the API; the password page says why a password is weak."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.conftest import Browser
from tests.world import World


def test_a_wrong_method_on_a_page_names_the_allowed_ones(client: FlaskClient) -> None:
    response = client.get("/uitloggen")
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) >= {"POST"}
    assert "Deze actie is hier niet mogelijk." in response.get_data(as_text=True)


def test_a_wrong_method_on_the_api_names_the_allowed_ones(client: FlaskClient) -> None:
    response = client.put("/api/v1/me")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"].split(", ")
    assert response.get_json()["code"] == "method_not_allowed"
    response = client.get("/api/v1/devices")
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"].split(", ")


def test_the_password_page_shows_why_a_password_is_easy_to_guess(
    browser: Browser, world: World
) -> None:
    browser.login(world.alice.login_name, world.password)
    form = {"current_password": world.password, "new_password": "Welkom123!"}
    response = browser.post("/account/wachtwoord", {**form, "new_password_again": "Welkom123!"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Niet makkelijk te raden: het is een bekend woord met een paar tekens erbij" in page
    assert 'data-rule="strength"' in page
