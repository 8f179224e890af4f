"""Unread markers: per parent, for news and berichten, in the lists, the menu, Home and the
app; "Alles gelezen"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from flask.testing import FlaskClient

from deborg.bootstrap import Services
from deborg.services.content import publishing
from tests.conftest import Browser
from tests.integration.app_client import bearer, pair_by_password
from tests.world import World


def _post(services: Services, world: World, title: str, *, message: bool = False) -> int:
    s = services
    post = publishing.post_message if message else publishing.post_news
    return post(
        s.uow(), s.clock, s.links, s.richtext,
        school_id=world.school.id, title=title, body="Tekst.", notify=False,
    ).item.id  # fmt: skip


def _menu_count(page: str, label: str) -> str:
    nav = page.split('aria-label="Hoofdmenu"', 1)[1].split("</nav>", 1)[0]
    link = nav.split(f">{label}", 1)[1].split("</a>", 1)[0]
    if '<span class="count">' not in link:
        return ""
    return link.split('<span class="count">', 1)[1].split("<", 1)[0]


def test_news_is_unread_per_parent_until_opened_and_alles_gelezen_clears_the_rest(
    browser: Browser, browser_factory: Callable[[], Browser], world: World, sql_services: Services
) -> None:
    first = _post(sql_services, world, "Eerste nieuws")
    _post(sql_services, world, "Tweede nieuws")
    browser.login(world.alice.login_name, world.password)
    home = browser.get("/").get_data(as_text=True)
    assert _menu_count(home, "Nieuws") == "2"
    assert 'aria-label="2 ongelezen"' in home  # on Home's news card
    listing = browser.get("/nieuws").get_data(as_text=True)
    assert listing.count("(ongelezen)") == 2
    assert "Alles gelezen" in listing

    assert browser.get(f"/nieuws/{first}").status_code == 200  # opening reads it
    assert _menu_count(browser.get("/").get_data(as_text=True), "Nieuws") == "1"
    assert browser.get("/nieuws").get_data(as_text=True).count("(ongelezen)") == 1

    carla = browser_factory()  # another parent's state is her own
    carla.login(world.carla.login_name, world.password)
    assert _menu_count(carla.get("/").get_data(as_text=True), "Nieuws") == "2"

    done = browser.post("/nieuws/alles-gelezen", form_page="/nieuws", follow_redirects=True)
    page = done.get_data(as_text=True)
    assert "Alles is als gelezen gemarkeerd." in page
    assert "(ongelezen)" not in page
    assert _menu_count(page, "Nieuws") == ""
    sql_services.clock.advance(dt.timedelta(minutes=5))  # type: ignore[attr-defined]
    _post(sql_services, world, "Nieuwer nieuws")  # what comes after is unread again
    assert _menu_count(browser.get("/").get_data(as_text=True), "Nieuws") == "1"


def test_berichten_have_their_own_markers_and_count(
    browser: Browser, world: World, sql_services: Services
) -> None:
    message = _post(sql_services, world, "Oproep", message=True)
    _post(sql_services, world, "Nieuws", message=False)
    browser.login(world.alice.login_name, world.password)
    home = browser.get("/").get_data(as_text=True)
    assert _menu_count(home, "Berichten") == "1"
    browser.get(f"/berichten/{message}")
    home = browser.get("/").get_data(as_text=True)
    assert _menu_count(home, "Berichten") == ""
    assert _menu_count(home, "Nieuws") == "1"  # a message id never marks a news item read
    assert "(ongelezen)" not in browser.get("/berichten").get_data(as_text=True)


def test_the_app_gets_the_same_unread_state(
    client: FlaskClient, browser: Browser, world: World, sql_services: Services
) -> None:
    first = _post(sql_services, world, "Eerste nieuws")
    _post(sql_services, world, "Tweede nieuws")
    token = pair_by_password(client, world.alice.login_name, world.password)
    counts = client.get("/api/v1/unread", headers=bearer(token)).get_json()
    assert counts == {"news": "2", "messages": ""}
    browser.login(world.alice.login_name, world.password)
    browser.get(f"/nieuws/{first}")
    items = client.get("/api/v1/news", headers=bearer(token)).get_json()["items"]
    assert {i["title"]: i["unread"] for i in items} == {
        "Eerste nieuws": False,
        "Tweede nieuws": True,
    }
    assert client.get("/api/v1/unread", headers=bearer(token)).get_json()["news"] == "1"


def test_nieuws_and_berichten_page_by_twenty_with_pagina(
    browser: Browser, world: World, sql_services: Services
) -> None:
    for n in range(25):
        sql_services.clock.advance(dt.timedelta(minutes=1))  # type: ignore[attr-defined]
        _post(sql_services, world, f"Bericht nummer {n}", message=True)
    browser.login(world.alice.login_name, world.password)
    first = browser.get("/berichten").get_data(as_text=True)
    assert "Bericht nummer 24" in first
    assert "Bericht nummer 4<" not in first
    assert 'rel="next" href="/berichten?pagina=2"' in first
    second = browser.get("/berichten?pagina=2").get_data(as_text=True)
    assert "Bericht nummer 4<" in second
    assert "Bericht nummer 24" not in second
    assert 'rel="prev" href="/berichten?pagina=1"' in second
    for odd in ("abc", "0", "-1", "99999999999999999999"):
        assert browser.get(f"/berichten?pagina={odd}").status_code == 200, odd
