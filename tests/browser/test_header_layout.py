"""The header at the widths people use (issues 18 and 20): at 1280 px the whole menu sits in
one row, for a parent (with Mijn kinderen, Groepen and the school's website, as the manual
has them) and on the school's side for a leerkracht and a beheerder; narrower it collapses
without a second row; at 390 px the phone menu holds everything and nothing runs off the
screen."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from deborg.demo.staff import DEMO_BEHEERDER_LOGIN, DEMO_TEACHER_LOGIN
from tests.browser.conftest import PageOpener, Portal
from tests.browser.helpers import check_accessibility, sign_in
from tests.browser.test_staff_journeys import staff_log_in

#: The longest an unread count reads ("99+"): every count in the menu is made that long
#: before measuring, so the test holds for a parent who has not looked in weeks.
LONGEST_COUNTS = """() => document.querySelectorAll('.main-nav .count').forEach(
    c => { c.firstChild.textContent = '99+'; })"""

#: The boxes of the menu entries a sighted user sees in the blue bar.
MENU_BOXES = """() => Array.from(document.querySelectorAll('.main-nav__link'))
    .filter(a => a.getClientRects().length > 0)
    .map(a => { const r = a.getBoundingClientRect();
                return {label: a.textContent.trim().replace(/\\s+/g, ' '),
                        top: r.top, bottom: r.bottom, right: r.right}; })"""

OVERFLOW = """() => [document.documentElement.scrollWidth,
    Array.from(document.querySelectorAll('body *'))
        .filter(el => el.checkVisibility()
                      && el.getBoundingClientRect().right > window.innerWidth + 1
                      && !el.closest('.visually-hidden'))
        .map(el => el.outerHTML.slice(0, 80)).slice(0, 5)]"""


def log_in_as(page: Any, portal: Portal, who: str) -> None:
    if who == "ouder":
        sign_in(page, portal)
    else:
        staff_log_in(
            page, portal, DEMO_TEACHER_LOGIN if who == "leerkracht" else DEMO_BEHEERDER_LOGIN
        )


def menu_rows(page: Any) -> list[Any]:
    page.evaluate(LONGEST_COUNTS)
    boxes = page.evaluate(MENU_BOXES)
    assert boxes, "no menu entries in the bar"
    return boxes


def assert_one_row(boxes: list[Any], width: int) -> None:
    tops = {round(b["top"]) for b in boxes}
    assert len(tops) == 1, f"the menu takes {len(tops)} rows: {boxes}"
    assert max(b["right"] for b in boxes) <= width, boxes


def assert_nothing_runs_off(page: Any, width: int) -> None:
    scroll_width, sticking_out = page.evaluate(OVERFLOW)
    assert scroll_width <= width, scroll_width
    assert not sticking_out, sticking_out


@pytest.mark.parametrize("who", ["ouder", "leerkracht", "beheerder"])
def test_the_menu_keeps_one_row_at_1280_and_collapses_narrower(
    desktop: Any, portal: Portal, who: str
) -> None:
    page = desktop
    log_in_as(page, portal, who)
    boxes = menu_rows(page)
    assert_one_row(boxes, 1280)
    labels = [b["label"] for b in boxes]
    if who == "ouder":
        # The manual's menu, with the demo parent's unread counts beside Nieuws and Berichten.
        assert labels[-2:] == ["Mijn kinderen", "Groepen"], labels
        assert page.locator(".main-nav .count").count() == 2
        expect(
            page.locator(".site-header__bar").get_by_role("link", name="Schoolwebsite")
        ).to_be_visible()
    else:
        assert labels[0] == "Vandaag", labels
        assert {"Berichten van ouders", "Wijzigingen"} <= set(labels), labels
    check_accessibility(page)

    # A small laptop or a tablet on its side: still one row (the parent's Mijn kinderen and
    # Groepen stay in the avatar menu), or the phone menu.
    page.set_viewport_size({"width": 1024, "height": 768})
    if who == "ouder":
        assert_one_row(menu_rows(page), 1024)
        page.locator("summary.account-menu__toggle").click()
        expect(
            page.locator(".account-menu__panel").get_by_role("link", name="Groepen")
        ).to_be_visible()
    else:
        expect(page.get_by_role("navigation", name="Hoofdmenu schoolkant")).to_be_hidden()
        page.locator("summary.hamburger").click()
        expect(
            page.locator(".mobile-menu__panel").get_by_role("link", name="Wijzigingen")
        ).to_be_visible()
    assert_nothing_runs_off(page, 1024)
    check_accessibility(page)


@pytest.mark.parametrize("who", ["ouder", "leerkracht", "beheerder"])
def test_nothing_runs_off_a_phone_screen(chromium: Any, portal: Portal, who: str) -> None:
    opener = PageOpener(chromium, "phone")
    page = opener.open()
    try:
        log_in_as(page, portal, who)
        assert_nothing_runs_off(page, 390)
        expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_hidden()
        page.locator("summary.hamburger").click()
        panel = page.locator(".mobile-menu__panel")
        expect(panel.get_by_role("button", name="Uitloggen")).to_be_visible()
        if who == "ouder":
            expect(panel.get_by_role("link", name="Schoolwebsite")).to_be_visible()
            expect(panel.get_by_role("link", name="Groepen")).to_be_visible()
        assert_nothing_runs_off(page, 390)
        check_accessibility(page)
    finally:
        opener.close()
