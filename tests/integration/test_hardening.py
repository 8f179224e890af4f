"""Smaller hardening points of the security review (issue #15): a 405 names the methods that
are allowed, for the pages and for the API; the password page says why a password is weak;
the app API limits the calls of each paired device."""

from __future__ import annotations

import datetime as dt

from flask.testing import FlaskClient

from deborg.adapters.memory import FixedClock
from deborg.domain.throttle import LIMITS, ThrottledAction
from tests.conftest import Browser
from tests.integration.app_client import bearer, pair_by_password
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


def test_the_api_limits_calls_per_device_with_429_and_retry_after(
    client: FlaskClient, world: World, clock: FixedClock
) -> None:
    token = pair_by_password(client, world.alice.login_name, world.password, name="Script")
    other = pair_by_password(client, world.bob.login_name, world.password, name="Telefoon")
    limit = LIMITS[ThrottledAction.API_CALL].per_account
    for _ in range(limit):
        assert client.get("/api/v1/me", headers=bearer(token)).status_code == 200
    refused = client.get("/api/v1/me", headers=bearer(token))
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "60"
    assert refused.get_json()["code"] == "too_many_requests"
    assert client.get("/api/v1/me", headers=bearer(other)).status_code == 200  # per token
    clock.advance(dt.timedelta(seconds=61))
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 200


def test_the_live_checklist_asks_the_server_how_easy_a_password_is(
    browser: Browser, world: World
) -> None:
    browser.login(world.alice.login_name, world.password)
    rules = browser.post(
        "/account/wachtwoord/controle",
        {"new_password": "Anna2019!"},
        form_page="/account/wachtwoord",
    ).get_json()
    assert rules[-1] == {
        "text": "Niet makkelijk te raden: het bevat uw naam, uw e-mailadres, de naam van uw kind "
        "of van de school",
        "ok": False,
    }
    strong = browser.post(
        "/account/wachtwoord/controle",
        {"new_password": "Fiets regen Drenthe 7!"},
        form_page="/account/wachtwoord",
    ).get_json()
    assert all(rule["ok"] for rule in strong)
