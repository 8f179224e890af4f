"""The manual's chapters Uw persoonlijke gegevens and Gegevens kind aanpassen: a parent
corrects their address ("Wijziging melden"), adds, changes and deletes an emergency number
of their child (Mijn kinderen > Leerling bekijken > Bereikbaarheid > Extra gegevens), and
switches a kind of e-mail off (Mijn account > Notificaties)."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import Portal
from tests.browser.helpers import (
    assert_fields_labelled,
    check_accessibility,
    open_menu_item,
    screenshot,
    sign_in,
)

JOURNEY_PARENT = {"desktop": 6, "phone": 7}
NOTIFICATIONS_PARENT = {"desktop": 8, "phone": 9}


def test_report_a_change_of_address(page: Any, portal: Portal, viewport: str) -> None:
    sign_in(page, portal, portal.parent_login(JOURNEY_PARENT[viewport]))
    open_menu_item(page, viewport, "Mijn account")
    tabs = page.get_by_role("navigation", name="Mijn account")
    expect(tabs.get_by_role("link", name="Persoonlijke gegevens")).to_have_attribute(
        "aria-current", "page"
    )
    assert_fields_labelled(page)
    check_accessibility(page)
    screenshot(page, "account", viewport)

    # A wrong postcode: the form comes back with what was typed and the reason beside it.
    page.get_by_label("Straat").fill("Brink")
    page.get_by_label("Huisnummer", exact=True).fill("12")
    page.get_by_label("Postcode").fill("94O1AB")
    page.get_by_role("button", name="Wijziging melden").click()
    expect(page.locator("#postcode-error")).to_be_visible()
    expect(page.get_by_label("Straat")).to_have_value("Brink")
    expect(page.get_by_label("Postcode")).to_have_value("94O1AB")
    expect(page.get_by_label("Postcode")).to_have_attribute("aria-invalid", "true")
    check_accessibility(page)

    page.get_by_label("Postcode").fill("9401ab")
    page.get_by_role("button", name="Wijziging melden").click()
    expect(
        page.get_by_text("Uw wijziging is opgeslagen en doorgegeven aan de school.")
    ).to_be_visible()
    page.reload()
    expect(page.get_by_label("Straat")).to_have_value("Brink")
    expect(page.get_by_label("Huisnummer", exact=True)).to_have_value("12")
    expect(page.get_by_label("Postcode")).to_have_value("9401 AB")


def test_add_change_and_delete_an_emergency_number(
    page: Any, portal: Portal, viewport: str
) -> None:
    sign_in(page, portal, portal.parent_login(JOURNEY_PARENT[viewport]))
    open_menu_item(page, viewport, "Mijn kinderen")
    expect(page.get_by_role("heading", level=1, name="Mijn kinderen")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "kinderen", viewport)

    page.get_by_role("link", name="Leerling bekijken").first.click()
    check_accessibility(page)
    screenshot(page, "kind", viewport)
    page.get_by_role("navigation", name="Leerling").get_by_role(
        "link", name="Bereikbaarheid"
    ).click()
    expect(page.get_by_role("heading", name="Primaire gegevens")).to_be_visible()
    assert_fields_labelled(page)
    check_accessibility(page)

    extra = page.locator("section", has=page.get_by_role("heading", name="Extra gegevens"))
    add = extra.locator("form", has=page.get_by_role("button", name="Toevoegen"))
    # Refused: the number is not a phone number; the name stays typed.
    add.get_by_label("Naam").fill("Oma Jansen")
    add.get_by_label("Relatie").fill("oma")
    add.get_by_label("Telefoonnummer").fill("bel oma")
    add.get_by_role("button", name="Toevoegen").click()
    expect(add.locator("#number-error")).to_be_visible()
    expect(add.get_by_label("Naam")).to_have_value("Oma Jansen")
    check_accessibility(page)

    add.get_by_label("Telefoonnummer").fill("0592 123 456")
    add.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_text("Het noodnummer is toegevoegd.")).to_be_visible()
    number = extra.locator("form", has=page.locator("input[value='Oma Jansen']"))
    expect(number).to_have_count(1)
    check_accessibility(page)
    screenshot(page, "kind-bereikbaarheid", viewport, at=extra)

    number.get_by_label("Relatie").fill("oma (moeder van mama)")
    number.get_by_label("Telefoonnummer").fill("06 12345678")
    number.get_by_role("button", name="Wijzigen").click()
    expect(page.get_by_text("Het noodnummer is gewijzigd.")).to_be_visible()
    number = extra.locator("form", has=page.locator("input[value='Oma Jansen']"))
    expect(number.get_by_label("Relatie")).to_have_value("oma (moeder van mama)")
    expect(number.get_by_label("Telefoonnummer")).to_have_value("06 12345678")

    page.once("dialog", lambda dialog: dialog.accept())  # "Wilt u het noodnummer … verwijderen?"
    extra.get_by_role("button", name="Verwijderen Oma Jansen").click()
    expect(page.get_by_text("Het noodnummer is verwijderd.")).to_be_visible()
    expect(extra.locator("input[value='Oma Jansen']")).to_have_count(0)


def test_switch_a_notification_category_off(page: Any, portal: Portal, viewport: str) -> None:
    sign_in(page, portal, portal.parent_login(NOTIFICATIONS_PARENT[viewport]))
    open_menu_item(page, viewport, "Mijn account")
    page.get_by_role("navigation", name="Mijn account").get_by_role(
        "link", name="Notificaties"
    ).click()
    # The manual's warning stands above the choices.
    expect(page.get_by_text("bent u ZELF verantwoordelijk")).to_be_visible()
    assert_fields_labelled(page)
    check_accessibility(page)
    screenshot(page, "notificaties", viewport)

    albums = page.get_by_role("group", name="Fotoalbums")
    news = page.get_by_role("group", name="Nieuws")
    news_choice = news.locator("input:checked").get_attribute("value")
    expect(albums.get_by_label("Uit")).not_to_be_checked()
    albums.get_by_label("Uit").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Uw keuzes voor e-mail zijn opgeslagen.")).to_be_visible()

    page.reload()
    expect(albums.get_by_label("Uit")).to_be_checked()
    expect(news.locator("input:checked")).to_have_attribute("value", news_choice or "")
