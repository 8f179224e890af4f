"""The small layout items of issue 20's walk, at both widths: the login page keeps the full
header and footer with the school's name, a long e-mail address stays inside its card on a
group page, and a long name beside "Leerling bekijken" keeps to two lines.

The demo's own names and addresses are short; the longest realistic ones are written into
the page before measuring (what is measured is the page's layout, not the demo's data)."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import VIEWPORTS, Portal
from tests.browser.helpers import check_accessibility, open_menu_item, sign_in

LONG_EMAIL = "annemarie.van.der.heijden-vermeulen@kinderopvang-de-zonnebloem.example.nl"
LONG_NAME = "Sophie-Anne van der Heijden-Vermeulen"

#: Elements inside ``container`` (a selector) whose box runs past that container's box.
STICKING_OUT = """(container) => Array.from(document.querySelectorAll(container)).flatMap(box => {
    const outer = box.getBoundingClientRect();
    return Array.from(box.querySelectorAll('*'))
        // On a phone a table's header row is hidden the way .visually-hidden is.
        .filter(el => el.checkVisibility() && !el.closest('.visually-hidden, .table thead'))
        .filter(el => { const r = el.getBoundingClientRect();
                        return r.right > outer.right + 1 || r.left < outer.left - 1; })
        .map(el => el.outerHTML.slice(0, 100)); })"""


def assert_it_all_fits(page: Any, viewport: str, *containers: str) -> None:
    """Nothing runs past its container, nor off the screen; and axe has nothing serious."""
    for container in containers:
        assert not page.evaluate(STICKING_OUT, container), container
    width = VIEWPORTS[viewport]["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    check_accessibility(page)


def test_the_login_page_has_the_full_header_and_the_schools_name(
    page: Any, portal: Portal, viewport: str
) -> None:
    page.goto(portal.url + "/inloggen")
    expect(page.locator(".brand__school")).to_have_text("Kindcentrum De Borg")
    expect(page.locator(".site-footer")).to_contain_text("Kindcentrum De Borg")
    width = VIEWPORTS[viewport]["width"]
    for part in (".site-header", ".site-footer"):
        box = page.locator(part).bounding_box()
        assert box["x"] == 0, part
        assert box["width"] == width, part
    form = page.locator("main .card").bounding_box()
    assert form["width"] <= 34 * 16  # the form itself stays a narrow column
    assert_it_all_fits(page, viewport)


def test_a_long_email_address_stays_on_its_group_page_card(
    page: Any, portal: Portal, viewport: str
) -> None:
    sign_in(page, portal)
    open_menu_item(page, viewport, "Groepen")
    page.locator("a.group-button--own").first.click()
    addresses = page.locator(".pupil-parent a[href^='mailto:']")
    expect(addresses.first).to_be_visible()
    addresses.first.evaluate("(a, email) => { a.textContent = email; }", LONG_EMAIL)
    assert_it_all_fits(page, viewport, ".table tr.pupil", "main .card")


def test_a_long_name_beside_leerling_bekijken_keeps_to_two_lines(
    page: Any, portal: Portal, viewport: str
) -> None:
    sign_in(page, portal)
    open_menu_item(page, viewport, "Mijn kinderen")
    name = page.locator(".item--avatar .item__title").first
    name.evaluate("(h, name) => { h.textContent = name; }", LONG_NAME)
    lines = name.evaluate(
        "h => Math.round(h.getBoundingClientRect().height"
        " / parseFloat(getComputedStyle(h).lineHeight))"
    )
    assert lines <= 2, f"{LONG_NAME!r} takes {lines} lines"
    button = page.get_by_role("link", name=re.compile("^Leerling bekijken")).first.bounding_box()
    title = name.bounding_box()
    overlaps = not (
        button["x"] >= title["x"] + title["width"] or button["y"] >= title["y"] + title["height"]
    )
    assert not overlaps, (title, button)
    assert_it_all_fits(page, viewport, "main .card")
