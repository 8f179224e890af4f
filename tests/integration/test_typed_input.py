"""One input rule at the web's edge: every form route, query string and API operation refuses a
NUL byte, an escape sequence, a right-to-left override and an oversized value with a clear Dutch
400, never a 500, never echoing the value, and nothing already saved changes. The routes come
from the access matrix, so a new route is covered the day it is listed there."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from deborg.bootstrap import Services
from deborg.domain.typed_text import CONTROL_MESSAGE
from tests.conftest import Browser
from tests.integration.test_access_matrix import MATRIX, _fill
from tests.world import World

HOSTILE = {
    "nul": "Jan\x00sen",
    "ansi": "Jan\x1b[2Jsen",
    "rtl-override": "Jan\u202egpj.exe",
    "zero-width-space": "Jan\u200bsen",
}
#: Parents' names, e-mail addresses, messages: every field the forms have.
FIELDS = (
    "username", "password", "roepnaam", "achternaam", "voorletters", "street", "city",
    "contact_email", "extra_email-0", "phone-0", "name", "relation", "number", "text", "reply",
)  # fmt: skip


class _AnyId:
    """Stands in for a staff-side object of the access matrix (``{anja_message}``): the rule
    refuses the value before the view looks anything up, so any id will do."""

    def __getattr__(self, name: str) -> _AnyId:
        return self

    def __str__(self) -> str:
        return "1"


class _StaffPlaceholders:
    def __init__(self, world: World) -> None:
        self._world = world

    def __getattr__(self, name: str) -> _AnyId | None:
        return None if hasattr(self._world, name) else _AnyId()


def _fill_any(path: str, world: World) -> str:
    return _fill(path, world, _StaffPlaceholders(world))  # type: ignore[arg-type]


FORM_ROUTES = [r for r in MATRIX if r["method"] != "GET" and not r["rule"].startswith("/api/")]
GET_ROUTES = [r for r in MATRIX if r["method"] == "GET"]


def _form(route: dict[str, Any], world: World, value: str) -> dict[str, str]:
    data = {k: _fill_any(str(v), world) for k, v in route.get("data", {}).items()}
    return {**dict.fromkeys(data, value), **dict.fromkeys(FIELDS, value)}


def _assert_refused_without_echo(response: Any, value: str) -> None:
    body = response.get_data(as_text=True)
    assert response.status_code == 400, body[:500]
    assert value not in body
    assert "onzichtbaar stuurteken" in body or "te lang" in body


@pytest.mark.parametrize("route", FORM_ROUTES, ids=lambda r: f"{r['method']} {r['path']}")
def test_every_form_refuses_invisible_characters_with_a_dutch_400(
    route: dict[str, Any], world: World, browser_factory: Callable[[], Browser]
) -> None:
    browser = browser_factory()
    browser.login(world.alice.login_name, world.password)
    token = browser.csrf_token("/account/wachtwoord")
    for kind, value in HOSTILE.items():
        response = browser.client.open(
            _fill_any(route["path"], world),
            method=route["method"],
            data={**_form(route, world, value), "csrf_token": token},
        )
        _assert_refused_without_echo(response, value)
        assert CONTROL_MESSAGE in response.get_data(as_text=True), kind


@pytest.mark.parametrize(
    "path", ["/inloggen", "/wachtwoord-vergeten"], ids=["inloggen", "wachtwoord-vergeten"]
)
def test_a_nul_byte_on_the_anonymous_forms_is_a_dutch_400_not_a_500(
    path: str, browser: Browser
) -> None:
    response = browser.post(path, {"username": "alice\x00@example.nl", "password": "x\x00"})
    _assert_refused_without_echo(response, "alice\x00@example.nl")


def test_a_nul_byte_in_a_password_is_refused_too(browser: Browser, world: World) -> None:
    response = browser.post("/inloggen", {"username": world.alice.login_name, "password": "a\x00"})
    assert response.status_code == 400
    assert CONTROL_MESSAGE in response.get_data(as_text=True)


@pytest.mark.parametrize("route", GET_ROUTES[:12], ids=lambda r: r["path"])
def test_query_strings_pass_the_same_rule(
    route: dict[str, Any], world: World, browser_factory: Callable[[], Browser]
) -> None:
    browser = browser_factory()
    browser.login(world.alice.login_name, world.password)
    response = browser.get(
        _fill_any(route["path"], world), query_string={"next": "/\u202e", "page": "1\x00"}
    )
    assert response.status_code == 400


def test_an_oversized_field_is_refused_without_being_echoed(browser: Browser) -> None:
    value = "A" * 5000
    response = browser.post("/wachtwoord-vergeten", {"username": value})
    _assert_refused_without_echo(response, value)
    huge = "B" * (1024 * 1024)
    response = browser.post("/wachtwoord-vergeten", {"username": huge})
    assert response.status_code == 413
    assert len(response.get_data()) < 20_000


def test_saved_data_is_kept_when_a_change_is_refused(
    browser: Browser, world: World, sql_services: Services
) -> None:
    browser.login(world.alice.login_name, world.password)
    response = browser.post(
        "/account/gegevens",
        {"roepnaam": "Alice\u202e", "achternaam": "Jansen"},
        form_page="/account/gegevens",
    )
    assert response.status_code == 400
    with sql_services.uow() as uow:
        alice = uow.parents.get(world.school.id, world.alice.id)
    assert alice is not None
    assert alice.roepnaam == world.alice.roepnaam


def test_text_areas_keep_their_line_breaks_and_emoji() -> None:
    from deborg.entrypoints.web.typed_input import clean_field

    family = "Groetjes van 👨\u200d👩\u200d👧\r\nde\tfamilie"
    assert clean_field("text", family) == "Groetjes van 👨\u200d👩\u200d👧\nde\tfamilie"
    with pytest.raises(Exception, match="stuurteken"):
        clean_field("roepnaam", "Anna\nJansen")


PAIRING_BODIES = {
    "qr": {"pairing_token": "onbekend", "device_name": "Telefoon"},
    "password": {
        "school_code": "99XX00",
        "username": "alice@example.nl",
        "password": "Geheim-wachtw00rd!",
        "device_name": "Telefoon",
    },
}
API_FIELDS = [(shape, field) for shape, body in PAIRING_BODIES.items() for field in body]


@pytest.mark.parametrize("kind", sorted(HOSTILE))
@pytest.mark.parametrize(("shape", "field"), API_FIELDS, ids=[f"{s}-{f}" for s, f in API_FIELDS])
def test_every_api_field_refuses_invisible_characters(
    shape: str, field: str, kind: str, client: FlaskClient
) -> None:
    """Every field the API reads (the pairing bodies; the other operations read none)."""
    value = HOSTILE[kind]
    response = client.post("/api/v1/devices", json={**PAIRING_BODIES[shape], field: value})
    if field == "password" and kind not in {"nul", "ansi"}:
        # A password is compared as typed: only control characters are refused in it.
        assert response.status_code == 401
        return
    assert response.status_code == 400, response.get_json()
    answer = response.get_json()
    assert (answer["code"], answer["field"]) == ("invalid_input", field)
    assert value not in response.get_data(as_text=True)
    assert re.search("stuurteken", answer["message"])


def test_fields_the_api_does_not_read_are_ignored(client: FlaskClient, world: World) -> None:
    """An older server must not refuse a newer app: unknown fields play no part."""
    body = {**PAIRING_BODIES["password"], "password": world.password, "extra\x00": "\u202e"}
    assert client.post("/api/v1/devices", json=body).status_code == 201
