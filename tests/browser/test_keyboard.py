"""The portal with the keyboard alone: Tab moves a visible focus, Enter and Space open the
menus and follow their links, Escape closes a menu and gives the focus back."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import Portal
from tests.browser.helpers import assert_focus_visible, sign_in, tab_to


def test_the_menus_work_with_the_keyboard_alone(page: Any, portal: Portal, viewport: str) -> None:
    sign_in(page, portal)
    page.locator("body").focus()
    # The first Tab reaches the skip link, which is visible once focused.
    tab_to(page, "a.skip-link")
    expect(page.locator("a.skip-link")).to_be_visible()

    if viewport == "phone":
        toggle, panel = "summary.hamburger", ".mobile-menu__panel"
        open_key = " "  # Space, as on a button
    else:
        toggle, panel = "summary.account-menu__toggle", ".account-menu__panel"
        open_key = "Enter"
    tab_to(page, toggle)
    expect(page.locator(panel)).to_be_hidden()
    page.keyboard.press(open_key)
    expect(page.locator(panel)).to_be_visible()
    # The script mirrors the open state on the toggle event, which fires asynchronously.
    expect(page.locator(toggle)).to_have_attribute("aria-expanded", "true")

    # Escape closes the menu and the focus stays on its button.
    page.keyboard.press("Escape")
    expect(page.locator(panel)).to_be_hidden()
    expect(page.locator(toggle)).to_have_attribute("aria-expanded", "false")
    assert page.evaluate("s => document.activeElement.matches(s)", toggle)
    assert_focus_visible(page)

    page.keyboard.press(open_key)
    tab_to(page, f"{panel} a[href$='/groepen/']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/groepen/$"))
    expect(page.get_by_role("heading", level=1, name="Groepen")).to_be_visible()

    tab_to(page, "a.group-button")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/groepen/\d+$"))
    expect(page.get_by_role("link", name="Terug naar alle groepen")).to_be_visible()

    if viewport == "desktop":
        # On a desktop the main menu is in the tab order (on a phone it is behind the button).
        page.locator("body").focus()
        tab_to(page, ".main-nav a")
        page.keyboard.press("Enter")
        page.wait_for_url(portal.url + "/")
