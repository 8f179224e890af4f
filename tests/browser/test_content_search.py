"""Zoeken in Nieuws in a real browser, at desktop and phone width: the field is found by its
label, Enter searches (a plain form, no script needed), the term stays in the field, no
results says so with a way back, and axe finds nothing serious."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import Portal
from tests.browser.helpers import check_accessibility, open_menu_item, screenshot, sign_in


def test_a_parent_searches_the_news(page: Any, portal: Portal, viewport: str) -> None:
    sign_in(page, portal)
    open_menu_item(page, viewport, "Nieuws")
    field = page.get_by_label("Zoeken in nieuws")
    expect(field).to_be_visible()
    check_accessibility(page)

    field.fill("kinderboekenmarkt")
    field.press("Enter")
    page.wait_for_url(re.compile(r"/nieuws\?zoek=kinderboekenmarkt$"))
    expect(page.get_by_text("Resultaten voor “kinderboekenmarkt”")).to_be_visible()
    expect(page.get_by_role("link", name="Kinderboekenmarkt op het schoolplein!")).to_be_visible()
    assert page.get_by_label("Zoeken in nieuws").input_value() == "kinderboekenmarkt"
    wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not wide, "the search row makes the page scroll sideways"
    check_accessibility(page)
    screenshot(page, "nieuws-zoeken", viewport)

    page.get_by_label("Zoeken in nieuws").fill('zwemdiploma "<b>"')
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_text('Geen resultaten voor “zwemdiploma "<b>"”.')).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Toon al het nieuws").click()
    page.wait_for_url(re.compile(r"/nieuws$"))
    assert page.get_by_label("Zoeken in nieuws").input_value() == ""
