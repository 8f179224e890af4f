"""What a walk through the manual tripped over (issue 20), in Chromium at both widths:
unread markers, the photo viewer and the album download, the header, the child's Privacy
tab bar and an empty login form. (A destructive action's second step without JavaScript is
walked through the test client: tests/integration/test_parent_walk.py.)"""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import Portal
from tests.browser.helpers import check_accessibility, open_menu_item, screenshot, sign_in

#: Journeys that change a parent's state each take their own parent.
UNREAD_PARENT = {"desktop": 12, "phone": 13}


def test_unread_news_is_counted_marked_and_cleared_with_alles_gelezen(
    page: Any, portal: Portal, viewport: str
) -> None:
    sign_in(page, portal, portal.parent_login(UNREAD_PARENT[viewport]))
    news_card = page.locator(
        "section.card", has=page.get_by_role("heading", name=re.compile("Het laatste nieuws"))
    )
    expect(news_card.locator(".count")).to_be_visible()
    open_menu_item(page, viewport, "Nieuws")
    expect(page.locator(".tag--new").first).to_be_visible()
    check_accessibility(page)
    screenshot(page, "nieuws-ongelezen", viewport)
    first = page.locator(".item--unread .item__title a").first
    title = first.inner_text().replace("(ongelezen)", "").strip()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    open_menu_item(page, viewport, "Nieuws")
    expect(page.locator(".item", has_text=title).locator(".tag--new")).to_have_count(0)
    page.get_by_role("button", name="Alles gelezen").click()
    expect(page.get_by_text("Alles is als gelezen gemarkeerd.")).to_be_visible()
    expect(page.locator(".tag--new")).to_have_count(0)
    check_accessibility(page)


def test_the_photo_viewer_pages_through_an_album_and_goes_back(
    page: Any, portal: Portal, viewport: str
) -> None:
    sign_in(page, portal)
    open_menu_item(page, viewport, "Fotoalbums")
    page.get_by_role("link", name=re.compile("Kinderboekenweek")).first.click()
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Album downloaden")).click()
    assert download.value.suggested_filename == "Kinderboekenweek.zip"
    page.locator(".album-grid a").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("foto 1 van 4")
    check_accessibility(page)
    screenshot(page, "fotoviewer", viewport)
    if viewport == "desktop":  # the arrow keys
        page.keyboard.press("ArrowRight")
        expect(page.get_by_role("heading", level=1)).to_contain_text("foto 2 van 4")
        page.wait_for_load_state()  # the new page's key handler, not a key lost in between
        page.keyboard.press("ArrowLeft")
        expect(page.get_by_role("heading", level=1)).to_contain_text("foto 1 van 4")
    page.get_by_role("link", name=re.compile("Volgende")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("foto 2 van 4")
    page.get_by_role("link", name=re.compile("Vorige")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("foto 1 van 4")
    page.get_by_role("link", name=re.compile("Terug naar het album")).click()
    expect(page.get_by_role("heading", level=1, name="Kinderboekenweek")).to_be_visible()


def test_the_header_has_the_school_website_and_the_manuals_menu_entries(
    page: Any, portal: Portal, viewport: str
) -> None:
    sign_in(page, portal)
    if viewport == "desktop":
        expect(page.get_by_role("link", name="Schoolwebsite")).to_be_visible()
        nav = page.get_by_role("navigation", name="Hoofdmenu")
        expect(nav.get_by_role("link", name="Mijn kinderen")).to_be_visible()
        expect(nav.get_by_role("link", name="Groepen")).to_be_visible()
    else:
        page.locator("summary.hamburger").click()
        expect(
            page.locator(".mobile-menu__panel").get_by_role("link", name="Schoolwebsite")
        ).to_be_visible()
        page.locator("summary.hamburger").click()
    open_menu_item(page, viewport, "Mijn kinderen")
    page.get_by_role("link", name="Leerling bekijken").first.click()
    page.get_by_role("navigation", name="Leerling").get_by_role("link", name="Privacy").click()
    tabs = page.get_by_role("navigation", name="Leerling")
    expect(tabs.get_by_role("link", name="Privacy")).to_have_attribute("aria-current", "page")
    check_accessibility(page)


def test_an_empty_login_form_asks_for_the_fields(page: Any, portal: Portal, viewport: str) -> None:
    page.goto(portal.url + "/inloggen")
    expect(page.locator(".brand__school")).to_have_text("Kindcentrum De Borg")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_text("Vul uw gebruikersnaam in (uw e-mailadres).").first).to_be_visible()
    expect(page.get_by_text("Vul uw wachtwoord in.").first).to_be_visible()
    check_accessibility(page)
    screenshot(page, "login-leeg", viewport)
