"""The Links port: the web adapter builds every link from the portal's routes, and the
in-memory adapter that unit tests and embedders use writes out exactly the same addresses."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from flask.testing import FlaskClient

from deborg.adapters.memory.links import StaticLinks
from deborg.entrypoints.web.links import PortalLinks
from deborg.ports.links import Links

BASE = "https://portaal.example.nl"
SECRET = "test-secret-key-that-is-long-enough-for-flask"
METHODS = sorted(
    name for name, _ in inspect.getmembers(Links, inspect.isfunction) if not name.startswith("_")
)
ARGUMENTS: dict[str, tuple[Any, ...]] = {
    "activation": ("tok",),
    "password_reset": ("tok",),
    "email_confirmation": ("tok",),
    "staff_activation": ("tok",),
    "staff_password_reset": ("tok",),
    "staff_message": (8,),
    "calendar_feed": ("tok",),
    "pairing": ("tok",),
    "app_login": ("tok",),
    "news_item": (7,),
    "message": (8,),
    "album": (9,),
    "booking": (3, 4),
    "unsubscribe": (1, 2, "news"),
    "teacher_thread": (5,),
    "leave": (6,),
}


@pytest.mark.parametrize("method", METHODS)
def test_the_memory_links_equal_the_portals_routes(method: str) -> None:
    arguments = ARGUMENTS.get(method, ())
    portal = getattr(PortalLinks.from_routes(BASE, SECRET), method)(*arguments)
    assert portal == getattr(StaticLinks(BASE, SECRET), method)(*arguments)
    assert portal.startswith(BASE + "/")


def test_every_method_of_the_port_is_covered() -> None:
    assert set(ARGUMENTS) <= set(METHODS)
    assert len(METHODS) == 20


def test_a_base_url_with_a_path_keeps_it() -> None:
    links = PortalLinks.from_routes("https://school.example.nl/ouders/", SECRET)
    assert links.news_item(3) == "https://school.example.nl/ouders/nieuws/3"


@pytest.mark.parametrize("method", ["portal", "agenda", "documents", "news_item", "album"])
def test_a_link_in_a_mail_opens_a_page(client: FlaskClient, method: str) -> None:
    """Each link leads to a route of the running app (the login page for a visitor)."""
    url = getattr(StaticLinks(BASE), method)(*ARGUMENTS.get(method, ()))
    answer = client.get(url.removeprefix(BASE))
    assert answer.status_code in {200, 302}, url


def test_pages_link_below_the_address_the_portal_is_served_at(client: FlaskClient) -> None:
    """Templates remember the addresses they built; the same page served under another
    script root (a portal behind a path on the school's server) links below that root."""
    for root in ("", "/ouders", ""):
        page = client.get("/inloggen", environ_overrides={"SCRIPT_NAME": root})
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert f'href="{root}/static/deborg.css"' in html
        assert ("/ouders/" in html) == (root == "/ouders")
