"""The manual's chapters Inloggen, Wachtwoord vergeten and Wachtwoord wijzigen, in a real
browser at a desktop and a phone width."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import Portal
from tests.browser.helpers import check_accessibility, log_in, open_menu_item, screenshot

JOURNEY_PARENT = {"desktop": 0, "phone": 1}


def test_log_in_see_home_and_log_out(page: Any, portal: Portal, viewport: str) -> None:
    page.goto(portal.url + "/")
    page.wait_for_url(re.compile(r"/inloggen"))
    check_accessibility(page)
    screenshot(page, "login", viewport)
    log_in(page, portal.url, portal.login.username, portal.login.password)
    expect(page.get_by_role("heading", level=1).first).to_be_visible()
    check_accessibility(page)
    screenshot(page, "home", viewport)

    if viewport == "phone":
        # The main menu sits behind the red hamburger square, top right.
        expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_hidden()
        page.locator("summary.hamburger").click()
        expect(page.locator(".mobile-menu__panel").get_by_role("link", name="Home")).to_be_visible()
        logout = page.locator(".mobile-menu__panel").get_by_role("button", name="Uitloggen")
    else:
        expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_visible()
        page.locator("summary.account-menu__toggle").click()
        logout = page.locator(".account-menu__panel").get_by_role("button", name="Uitloggen")
    check_accessibility(page)
    screenshot(page, "menu", viewport)
    logout.click()
    page.wait_for_url(re.compile(r"/inloggen"))
    expect(page.get_by_text("U bent uitgelogd.")).to_be_visible()
    page.goto(portal.url + "/")
    page.wait_for_url(re.compile(r"/inloggen"))


def test_forgot_password_through_the_demo_mail_page(
    page: Any, portal: Portal, viewport: str
) -> None:
    username = portal.parent_login(JOURNEY_PARENT[viewport])
    page.goto(portal.url + "/inloggen")
    page.get_by_role("link", name="Wachtwoord vergeten?").click()
    check_accessibility(page)
    page.get_by_label("Gebruikersnaam").fill("niemand@example.nl")
    page.get_by_role("button", name="Aanvragen").click()
    expect(page.get_by_text("Onbekende gebruiker").first).to_be_visible()

    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_role("button", name="Aanvragen").click()
    expect(page.get_by_text("Controleer uw e-mail")).to_be_visible()
    portal.deliver_mail()

    page.goto(portal.url + "/demo/mail/")
    check_accessibility(page)
    page.get_by_role("row", name=re.compile(re.escape(username))).filter(
        has_text="Nieuw wachtwoord aanvragen"
    ).first.get_by_role("link").click()
    page.locator(".mail-body a[href*='/wachtwoord/']").click()
    page.get_by_role("button", name="Stuur mij een nieuw wachtwoord").click()
    expect(page.get_by_text("Nieuw wachtwoord verstuurd").first).to_be_visible()
    portal.deliver_mail()

    page.goto(portal.url + "/demo/mail/")
    page.get_by_role("row", name=re.compile(re.escape(username))).filter(
        has_text="Uw nieuwe wachtwoord"
    ).first.get_by_role("link").click()
    body = page.locator(".mail-body").inner_text()
    new_password = re.search(r"is:\s+(\S+)", body)
    assert new_password, body
    # The mailed password is one-time: it leads to "Kies uw eigen wachtwoord" first.
    page.goto(portal.url + "/inloggen")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(new_password.group(1))
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(portal.url + "/wachtwoord-kiezen")
    expect(page.get_by_role("heading", name="Kies uw eigen wachtwoord")).to_be_visible()
    check_accessibility(page)
    page.locator("#new_password").fill(portal.login.password)
    page.locator("#new_password_again").fill(portal.login.password)
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    page.wait_for_url(portal.url + "/")
    expect(page.get_by_text("Uw eigen wachtwoord is ingesteld")).to_be_visible()


def test_change_password_with_the_live_checklist(page: Any, portal: Portal, viewport: str) -> None:
    username = portal.parent_login(2 + JOURNEY_PARENT[viewport])
    log_in(page, portal.url, username, portal.login.password)
    open_menu_item(page, viewport, "Mijn account")
    page.get_by_role("link", name="Wachtwoord", exact=True).click()
    check_accessibility(page)

    checklist = page.locator("[data-password-checklist]")
    new_password = page.locator("#new_password")
    new_password.type("abc")
    assert checklist.locator("[data-rule=lower]").get_attribute("class") == "ok"
    assert checklist.locator("[data-rule=upper]").get_attribute("class") == "fail"
    assert "✘" in checklist.locator("[data-rule=length]").inner_text()
    # The server judges how easy the password is to guess while the parent types, and says why.
    page.wait_for_selector("[data-rule=strength]:has-text('Niet makkelijk te raden: het')")
    new_password.type("DEF12!xy")
    for rule in ("length", "lower", "upper", "digit", "special"):
        item = checklist.locator(f"[data-rule={rule}]")
        assert "✔" in item.inner_text(), rule
    page.wait_for_selector("[data-rule=strength].ok")
    assert checklist.locator("[data-rule=strength]").inner_text().count("Niet makkelijk te raden")
    screenshot(page, "account-password", viewport)

    page.locator("#current_password").fill(portal.login.password)
    page.locator("#new_password_again").fill("abcDEF12!xy")
    page.get_by_role("button", name="Wijzigen").click()
    expect(page.get_by_text("Uw wachtwoord is gewijzigd")).to_be_visible()
