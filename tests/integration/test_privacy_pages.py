"""The Privacy tabs in the browser."""

from __future__ import annotations

from deborg.bootstrap import Services
from deborg.domain.privacy import Audience, Field, SubjectKind
from tests.conftest import Browser
from tests.world import World


def test_privacy_tab_shows_the_choices_and_the_manuals_hint(browser: Browser, world: World) -> None:
    browser.login(world.alice.login_name, world.password)
    page = browser.get("/account/privacy").get_data(as_text=True)
    assert "Er worden geen telefoonlijsten door de school verstrekt" in page
    for label in ("telefoonnummers", "e-mailadres", "adres", "foto"):
        assert f"Wie mag mijn {label} zien?" in page
    assert "Alle ouders van de school" in page
    assert "Mijn gegevens downloaden" in page


def test_a_parent_saves_privacy_choices(
    browser: Browser, world: World, sql_services: Services
) -> None:
    browser.login(world.alice.login_name, world.password)
    response = browser.post(
        "/account/privacy",
        {"phone": "group", "email": "school", "address": "nobody", "photo": "nobody"},
    )
    assert response.status_code == 302
    assert "opgeslagen" in browser.get("/account/privacy").get_data(as_text=True)
    with sql_services.uow() as uow:
        settings = uow.privacy.get(world.school.id, SubjectKind.PARENT, world.alice.id)
    assert settings.audience(Field.PHONE) is Audience.GROUP
    assert settings.audience(Field.EMAIL) is Audience.SCHOOL


def test_a_refused_privacy_form_keeps_what_was_chosen(browser: Browser, world: World) -> None:
    browser.login(world.alice.login_name, world.password)
    response = browser.post("/account/privacy", {"phone": "iedereen", "email": "school"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Kies wie dit mag zien" in page
    assert '<option value="school" selected>' in page


def test_a_guardian_sets_what_other_parents_see_of_the_child(
    browser: Browser, world: World, sql_services: Services
) -> None:
    browser.login(world.alice.login_name, world.password)
    page = browser.get(f"/kinderen/{world.anna.id}/privacy").get_data(as_text=True)
    assert "Wie mag de foto zien?" in page
    assert "Wie mag de geboortedatum zien?" in page
    response = browser.post(
        f"/kinderen/{world.anna.id}/privacy", {"photo": "group", "date_of_birth": "school"}
    )
    assert response.status_code == 302
    with sql_services.uow() as uow:
        settings = uow.privacy.get(world.school.id, SubjectKind.CHILD, world.anna.id)
    assert settings.audience(Field.DATE_OF_BIRTH) is Audience.SCHOOL


def test_a_read_only_guardian_sees_the_childs_privacy_without_controls(
    browser: Browser, world: World, sql_services: Services
) -> None:
    browser.login(world.dirk.login_name, world.password)
    response = browser.get(f"/kinderen/{world.anna.id}/privacy")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "alleen lezen" in page
    assert "<select" not in page
    refused = browser.post(
        f"/kinderen/{world.anna.id}/privacy",
        {"photo": "school"},
        form_page="/account/privacy",
    )
    assert refused.status_code == 403
    assert "alleen lezen" in refused.get_data(as_text=True)
    with sql_services.uow() as uow:
        assert uow.privacy.get(world.school.id, SubjectKind.CHILD, world.anna.id).choices == ()


def test_another_parent_gets_nothing_of_a_childs_privacy(browser: Browser, world: World) -> None:
    browser.login(world.bob.login_name, world.password)
    response = browser.get(f"/kinderen/{world.anna.id}/privacy")
    assert response.status_code == 404
    assert "Anna" not in response.get_data(as_text=True)
