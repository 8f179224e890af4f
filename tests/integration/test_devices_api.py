"""The app's API: pairing, errors as JSON, revoked tokens, me, and the portal link."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from flask.testing import FlaskClient

from deborg.adapters.memory import FixedClock
from tests.conftest import Browser
from tests.integration.app_client import bearer, pair_by_password, qr_code_on_app_tab
from tests.world import World

QR_PREFIX = "https://portaal.example.nl/koppelen/"


def _pairing_token_from_qr(browser: Browser, world: World) -> str:
    browser.login(world.alice.login_name, world.password)
    url = qr_code_on_app_tab(browser)
    assert url.startswith(QR_PREFIX)
    return url.removeprefix(QR_PREFIX)


def test_the_app_pairs_with_the_qr_code_of_the_app_tab(
    browser: Browser, client: FlaskClient, world: World
) -> None:
    token = _pairing_token_from_qr(browser, world)
    response = client.post(
        "/api/v1/devices", json={"pairing_token": token, "device_name": "Pixel van Alice"}
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["message"] == "Koppeling geslaagd"
    assert body["device"]["name"] == "Pixel van Alice"
    me = client.get("/api/v1/me", headers=bearer(body["device_token"])).get_json()
    assert me["parent"]["login_name"] == world.alice.login_name
    assert me["school"] == {"name": "Kindcentrum De Borg", "code": "99XX00"}
    assert [c["name"] for c in me["children"]] == ["Anna Jansen"]
    tab = browser.get("/account/app").get_data(as_text=True)
    assert "Pixel van Alice" in tab


def test_a_used_qr_code_gets_a_clear_error(
    browser: Browser, client: FlaskClient, world: World
) -> None:
    token = _pairing_token_from_qr(browser, world)
    first = client.post("/api/v1/devices", json={"pairing_token": token, "device_name": "A"})
    assert first.status_code == 201
    again = client.post("/api/v1/devices", json={"pairing_token": token, "device_name": "B"})
    assert again.status_code == 401
    assert again.get_json()["code"] == "pairing_token_invalid"
    assert "nieuwe QR-code" in again.get_json()["message"]


def test_an_expired_qr_code_gets_a_clear_error(
    browser: Browser, client: FlaskClient, world: World, clock: FixedClock
) -> None:
    token = _pairing_token_from_qr(browser, world)
    clock.advance(dt.timedelta(minutes=11))
    response = client.post("/api/v1/devices", json={"pairing_token": token, "device_name": "A"})
    assert response.status_code == 401
    assert response.get_json()["code"] == "pairing_token_invalid"


def test_password_pairing_errors_are_clear_json(client: FlaskClient, world: World) -> None:
    def pair(code: str, password: str, status: int = 401) -> dict[str, str]:
        response = client.post(
            "/api/v1/devices",
            json={
                "school_code": code,
                "username": world.alice.login_name,
                "password": password,
                "device_name": "Telefoon",
            },
        )
        assert response.status_code == status
        assert response.is_json
        return response.get_json()  # type: ignore[no-any-return]

    assert pair("99XX00", "Verkeerd-wachtw00rd!") == {
        "code": "invalid_credentials",
        "message": "De combinatie van gebruikersnaam en wachtwoord is onjuist.",
    }
    # An unknown school code tells nothing more than a wrong password does.
    assert pair("00AA00", "Verkeerd-wachtw00rd!") == pair("99XX00", "Verkeerd-wachtw00rd!")
    assert pair("00AA00", world.password, 403)["code"] == "wrong_school_code"
    assert pair("98YY11", world.password, 403)["code"] == "wrong_school_code"


def test_a_read_only_parent_pairs_with_the_password(client: FlaskClient, world: World) -> None:
    token = pair_by_password(client, world.dirk.login_name, world.password)
    me = client.get("/api/v1/me", headers=bearer(token)).get_json()
    assert me["parent"]["read_only"] is True


def test_bodies_that_are_not_a_pairing_get_a_json_error(client: FlaskClient) -> None:
    not_json = client.post("/api/v1/devices", data="hallo", content_type="text/plain")
    assert not_json.status_code == 400
    assert not_json.get_json()["code"] == "bad_request"
    empty = client.post("/api/v1/devices", json={})
    assert empty.get_json()["code"] == "invalid_input"
    wrong_type = client.post("/api/v1/devices", json={"pairing_token": 5, "device_name": "x"})
    assert wrong_type.get_json() == {
        "code": "invalid_input",
        "message": "Dit veld moet tekst zijn.",
        "field": "pairing_token",
    }


def test_a_device_removed_in_the_portal_gets_401_on_its_next_call(
    browser: Browser, client: FlaskClient, world: World
) -> None:
    token = pair_by_password(client, world.alice.login_name, world.password, name="Oude telefoon")
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 200
    browser.login(world.alice.login_name, world.password)
    tab = browser.get("/account/app").get_data(as_text=True)
    action = re.search(r'action="(/account/app/apparaten/\d+/verwijderen)"', tab)
    assert action
    removed = browser.post(
        action.group(1), {"bevestigd": "1"}, form_page="/account/app", follow_redirects=True
    )
    assert "De koppeling met het apparaat is verbroken" in removed.get_data(as_text=True)
    assert "Oude telefoon" not in removed.get_data(as_text=True)
    response = client.get("/api/v1/me", headers=bearer(token))
    assert response.status_code == 401
    assert response.get_json()["code"] == "device_not_paired"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_unpairing_in_the_app_ends_the_token(client: FlaskClient, world: World) -> None:
    token = pair_by_password(client, world.alice.login_name, world.password)
    assert client.delete("/api/v1/devices/current", headers=bearer(token)).status_code == 200
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401
    assert client.delete("/api/v1/devices/current", headers=bearer(token)).status_code == 401


def test_a_browser_session_does_not_open_the_api(browser: Browser, world: World) -> None:
    browser.login(world.alice.login_name, world.password)
    assert browser.get("/api/v1/me").status_code == 401


def test_a_password_change_keeps_the_phone_paired(
    browser: Browser, client: FlaskClient, world: World
) -> None:
    token = pair_by_password(client, world.alice.login_name, world.password)
    browser.login(world.alice.login_name, world.password)
    changed = browser.post(
        "/account/wachtwoord",
        {
            "current_password": world.password,
            "new_password": "Nieuw-wachtw00rd!",
            "new_password_again": "Nieuw-wachtw00rd!",
        },
    )
    assert changed.status_code == 302
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 200


def test_the_portal_link_logs_in_once_and_then_no_more(
    client: FlaskClient, world: World, browser_factory: Callable[[], Browser]
) -> None:
    token = pair_by_password(client, world.alice.login_name, world.password)
    response = client.post("/api/v1/portal-link", headers=bearer(token))
    assert response.status_code == 201
    url = response.get_json()["url"]
    assert url.startswith("https://portaal.example.nl/app-login/")
    path = url.removeprefix("https://portaal.example.nl")

    phone_browser = browser_factory()
    page = phone_browser.get(path)
    assert page.status_code == 200
    assert "Naar het ouderportaal" in page.get_data(as_text=True)
    assert phone_browser.get("/").status_code == 302  # opening the link did not log in
    logged_in = phone_browser.post(path)
    assert logged_in.status_code == 302
    assert "Anna Jansen" in phone_browser.get("/").get_data(as_text=True)

    second = browser_factory()
    assert second.get(path).status_code == 400
    assert second.post(path, form_page="/inloggen").status_code == 400
    assert second.get("/").status_code == 302


def test_api_errors_for_unknown_urls_and_methods_are_json(client: FlaskClient) -> None:
    missing = client.get("/api/v1/bestaat-niet")
    assert missing.status_code == 404
    assert missing.get_json()["code"] == "not_found"
    wrong_method = client.put("/api/v1/me")
    assert wrong_method.status_code == 405
    assert wrong_method.get_json()["code"] == "method_not_allowed"
