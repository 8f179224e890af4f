"""The menu chapter of the manual in a real browser: every content page of the demo has
substance and passes the accessibility checks, at desktop and phone width."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import Portal
from tests.browser.helpers import check_accessibility, open_menu_item, screenshot, sign_in

PAGES = [
    ("Nieuws", "Kinderboekenmarkt op het schoolplein!"),
    ("Berichten", "Hulp gezocht bij de kinderboekenmarkt"),
    ("Agenda", "Agenda in uw telefoon of computer"),
    ("Fotoalbums", "Kinderboekenweek"),
    ("Documenten", "Schoolgids 2026-2027"),
]


def test_content_pages_have_substance_and_are_accessible(
    page: Any, portal: Portal, viewport: str
) -> None:
    sign_in(page, portal)
    expect(page.get_by_text("Spoedbericht").first).to_be_visible()
    for label, expected in PAGES:
        open_menu_item(page, viewport, label)
        expect(page.get_by_role("heading", level=1, name=label)).to_be_visible()
        assert page.get_by_text(expected).first.is_visible(), label
        check_accessibility(page)
        screenshot(page, label.lower(), viewport)
