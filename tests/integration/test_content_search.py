"""Search and paging on Nieuws, Berichten and Documenten (?zoek=, ?pagina=), and the same in
the app's API: a word in the text finds an item, another group's item is never found, the
pager keeps the term, and whatever is typed comes back escaped, never as a 500."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

from deborg.bootstrap import Services
from deborg.demo.content import minimal_pdf
from deborg.services.content import files, publishing
from tests.conftest import Browser
from tests.integration.app_client import bearer, pair_by_password
from tests.world import World


def _post(
    s: Services,
    world: World,
    title: str,
    body: str,
    groups: tuple[str, ...] = (),
    *,
    message: bool = False,
) -> None:
    post = publishing.post_message if message else publishing.post_news
    post(
        s.uow(), s.clock, s.links, s.richtext, school_id=world.school.id, title=title,
        body=body, group_names=list(groups), notify=False,
    )  # fmt: skip


def _news(s: Services, world: World, title: str, body: str, groups: tuple[str, ...] = ()) -> None:
    _post(s, world, title, body, groups)


def _message(
    s: Services, world: World, title: str, body: str, groups: tuple[str, ...] = ()
) -> None:
    _post(s, world, title, body, groups, message=True)


def _document(
    s: Services, world: World, title: str, description: str, groups: tuple[str, ...] = ()
) -> None:
    files.add_document(
        s.uow(), s.clock, s.links, s.files, s.tokens, school_id=world.school.id, title=title,
        filename=f"{title}.pdf", content=minimal_pdf(title, ["regel"]),
        max_bytes=s.settings.max_upload_bytes, description=description,
        group_names=list(groups), notify=False,
    )  # fmt: skip


def _titles(page: str) -> list[str]:
    return re.findall(r'<h2 class="item__title">.*?<a href="[^"]*">([^<]*)<', page)


@pytest.fixture
def alice(browser: Browser, world: World) -> Browser:
    browser.login(world.alice.login_name, world.password)
    return browser


def test_a_word_in_the_text_finds_the_item_and_another_groups_item_is_never_found(
    alice: Browser,
    browser_factory: Callable[[], Browser],
    world: World,
    sql_services: Services,
) -> None:
    s = sql_services
    _news(s, world, "Sportdag", "Alle leerlingen nemen gymschoenen mee.")
    _news(s, world, "Turnen", "Groep 2 neemt gymschoenen mee.", ("Groep 2",))
    _news(s, world, "Schoolfoto", "De fotograaf komt dinsdag.")
    _message(s, world, "Luizencontrole", "Na de vakantie is er weer luizencontrole.")
    _message(s, world, "Hoofdluis in Groep 2", "Controleer op luizencontrole.", ("Groep 2",))
    _document(s, world, "Schoolgids", "Alles over toetsen en luizencontrole.")
    _document(s, world, "Rooster Groep 2", "De luizencontrole van Groep 2.", ("Groep 2",))

    page = alice.get("/nieuws?zoek=gymschoenen").get_data(as_text=True)
    assert '<label class="form__label" for="zoek">Zoeken in nieuws</label>' in page
    assert 'value="gymschoenen"' in page
    assert "Resultaten voor “gymschoenen”" in page
    assert _titles(page) == ["Sportdag"]
    assert _titles(alice.get("/berichten?zoek=luizencontrole").get_data(as_text=True)) == [
        "Luizencontrole"
    ]
    documents = alice.get("/documenten?zoek=luizencontrole").get_data(as_text=True)
    assert "Zoeken in documenten" in documents
    assert _titles(documents) == ["Schoolgids"]

    carla = browser_factory()
    carla.login(world.carla.login_name, world.password)
    both = _titles(carla.get("/nieuws?zoek=gymschoenen").get_data(as_text=True))
    assert sorted(both) == ["Sportdag", "Turnen"]
    assert len(_titles(carla.get("/documenten?zoek=luizencontrole").get_data(as_text=True))) == 2

    everything = alice.get("/nieuws").get_data(as_text=True)
    assert _titles(everything) == ["Schoolfoto", "Sportdag"]
    assert "Resultaten voor" not in everything


def test_no_results_says_so_with_a_way_back_to_the_whole_list(
    alice: Browser, world: World, sql_services: Services
) -> None:
    _news(sql_services, world, "Sportdag", "Gymschoenen mee.")
    for path, back in (
        ("/nieuws", "Toon al het nieuws"),
        ("/berichten", "Toon alle berichten"),
        ("/documenten", "Toon alle documenten"),
    ):
        page = alice.get(f"{path}?zoek=zwemdiploma").get_data(as_text=True)
        assert "Geen resultaten voor “zwemdiploma”." in page
        assert f'<a href="{path}">{back}</a>' in page
        assert "nog geen" not in page


@pytest.mark.parametrize(
    "typed", ["'", "%", '"', ":*", "&|!", "' OR 1=1 --", "<script>alert(1)</script>", "a" * 900]
)
def test_whatever_is_typed_is_searched_for_and_shown_escaped(
    alice: Browser, world: World, sql_services: Services, typed: str
) -> None:
    _news(sql_services, world, "Sportdag", "Gymschoenen mee, 100% zeker.")
    for path in ("/nieuws", "/berichten", "/documenten"):
        response = alice.get(path, query_string={"zoek": typed, "pagina": "2"})
        assert response.status_code == 200, (path, typed)
        page = response.get_data(as_text=True)
        assert "<script>alert" not in page
    page = alice.get("/nieuws", query_string={"zoek": typed}).get_data(as_text=True)
    shown = typed[:100].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    shown = shown.replace('"', "&#34;").replace("'", "&#39;")
    assert f"voor “{shown}”" in page
    assert _titles(page) in ([], ["Sportdag"])


def test_the_pager_keeps_the_search(alice: Browser, world: World, sql_services: Services) -> None:
    for n in range(25):
        _news(sql_services, world, f"Regendag {n}", "Het regent, de pauze is binnen.")
        _news(sql_services, world, f"Zonnedag {n}", "De zon schijnt.")
    first = alice.get("/nieuws?zoek=pauze").get_data(as_text=True)
    assert len(_titles(first)) == 20
    assert all(t.startswith("Regendag") for t in _titles(first))
    assert 'rel="next" href="/nieuws?pagina=2&amp;zoek=pauze"' in first
    second = alice.get("/nieuws?pagina=2&zoek=pauze").get_data(as_text=True)
    assert len(_titles(second)) == 5
    assert 'rel="prev" href="/nieuws?pagina=1&amp;zoek=pauze"' in second
    assert 'rel="next"' not in second
    assert 'rel="next" href="/nieuws?pagina=2"' in alice.get("/nieuws").get_data(as_text=True)


def test_documenten_come_in_pages_of_twenty(
    alice: Browser, world: World, sql_services: Services
) -> None:
    for n in range(23):
        _document(sql_services, world, f"Brief {n:02d}", "Een brief.")
    first = alice.get("/documenten").get_data(as_text=True)
    assert len(_titles(first)) == 20
    assert 'rel="next" href="/documenten?pagina=2"' in first
    second = alice.get("/documenten?pagina=2").get_data(as_text=True)
    assert len(_titles(second)) == 3
    assert set(_titles(first)).isdisjoint(_titles(second))
    beyond = alice.get("/documenten?pagina=9").get_data(as_text=True)
    assert "Op deze pagina staat niets meer." in beyond


@pytest.mark.postgresql
@pytest.mark.parametrize("sql_engine", ["postgresql"], indirect=True)
def test_postgresql_finds_other_forms_of_a_dutch_word(
    alice: Browser, world: World, sql_services: Services
) -> None:
    """The Dutch configuration's stemmer: "vergaderingen" finds "vergadering", "gesprekken"
    "gesprek" (it does not know irregular plurals: "kinderen" does not find "kind")."""
    _news(sql_services, world, "Vergadering van de ouderraad", "In het speellokaal.")
    _message(sql_services, world, "Gesprek met de juf", "Over het rapport.")
    assert _titles(alice.get("/nieuws?zoek=vergaderingen").get_data(as_text=True)) == [
        "Vergadering van de ouderraad"
    ]
    assert _titles(alice.get("/berichten?zoek=gesprekken").get_data(as_text=True)) == [
        "Gesprek met de juf"
    ]
    # a web search's syntax: "or" and a word left out with "-"
    either = _titles(alice.get("/nieuws?zoek=vergadering or rapport").get_data(as_text=True))
    assert either == ["Vergadering van de ouderraad"]
    assert _titles(alice.get("/nieuws?zoek=vergadering -ouderraad").get_data(as_text=True)) == []


def test_the_api_pages_and_searches_news_and_messages_keeping_the_unread_fields(
    client: FlaskClient, world: World, sql_services: Services
) -> None:
    for n in range(3):
        _news(sql_services, world, f"Sportdag {n}", "Gymschoenen mee.")
    _news(sql_services, world, "Turnen", "Gymschoenen voor Groep 2.", ("Groep 2",))
    _news(sql_services, world, "Schoolfoto", "De fotograaf komt.")
    _message(sql_services, world, "Luizencontrole", "Na de vakantie.")
    token = pair_by_password(client, world.alice.login_name, world.password)

    answer = client.get(
        "/api/v1/news?search=gymschoenen&per_page=2&page=1", headers=bearer(token)
    ).get_json()
    assert [i["title"] for i in answer["items"]] == ["Sportdag 2", "Sportdag 1"]
    assert all(i["unread"] for i in answer["items"])
    assert (answer["total"], answer["pages"]) == (3, 2)
    base = "https://portaal.example.nl/api/v1/news"
    assert answer["links"]["next"] == f"{base}?search=gymschoenen&page=2&per_page=2"
    second = client.get(answer["links"]["next"], headers=bearer(token)).get_json()
    assert [i["title"] for i in second["items"]] == ["Sportdag 0"]
    assert second["links"]["next"] is None

    everything = client.get("/api/v1/news?per_page=100", headers=bearer(token)).get_json()
    assert everything["total"] == 4  # not Groep 2's "Turnen"
    assert everything["links"]["next"] is None
    messages = client.get("/api/v1/messages?search=vakantie", headers=bearer(token)).get_json()
    assert [m["title"] for m in messages["items"]] == ["Luizencontrole"]
    for hostile in ("'", "%", ":*", "&|!"):
        found = client.get("/api/v1/news", query_string={"search": hostile}, headers=bearer(token))
        assert found.status_code == 200
        assert found.get_json()["total"] == 0
