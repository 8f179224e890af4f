"""What the journeys share: logging in, opening the menu at either width, axe, screenshots."""

from __future__ import annotations

import os
import re
from typing import Any

from tests.browser.conftest import SCREENSHOTS

SERIOUS = {"serious", "critical"}


def check_accessibility(page: Any) -> None:
    """axe-core on the current page: no serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Error

    page.wait_for_load_state()
    try:
        results = Axe().run(page)
    except Error:  # a click's navigation replaced the document while axe ran: the new page
        page.wait_for_load_state()
        results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in SERIOUS]
    assert not serious, "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(n["html"][:120] for n in v["nodes"][:3])
        for v in serious
    )


def screenshot(page: Any, name: str, viewport: str, at: Any = None) -> None:
    """Write docs/screenshots/<name>-<viewport>.png when DEBORG_SCREENSHOTS=1 (the
    `nox -s screenshots` session), so ordinary test runs leave the tree clean. ``at``: a
    locator scrolled to the top of the screen first (the part of a long page worth showing)."""
    if os.environ.get("DEBORG_SCREENSHOTS") != "1":
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    if at is not None:
        at.evaluate("el => el.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{viewport}.png"), full_page=False)


def log_in(page: Any, base_url: str, username: str, password: str) -> None:
    page.goto(base_url + "/inloggen")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(base_url + "/")


def sign_in(page: Any, portal: Any, username: str = "", password: str = "") -> None:
    """Start a journey logged in as ``username`` (the demo parent by default) on the Home
    page. The first journey of a parent logs in through the form; later ones reuse its
    session cookie (a parent may be logged in in several browsers), unless it has ended."""
    username = username or portal.login.username
    cookies = portal.cookies.get(username)
    if cookies:
        page.context.add_cookies(cookies)
        page.goto(portal.url + "/")
        if page.url == portal.url + "/":
            return
        page.context.clear_cookies()
    log_in(page, portal.url, username, password or portal.login.password)
    portal.cookies[username] = page.context.cookies()


ACCOUNT_MENU = {"Mijn kinderen", "Groepen", "Mijn account"}


def open_menu_item(page: Any, viewport: str, label: str) -> None:
    """Follow a menu entry the way a parent does: on a phone through the hamburger menu; on a
    desktop through the main menu, or the avatar menu (top right) for the account entries."""
    if viewport == "phone":
        page.locator("summary.hamburger").click()
        panel = page.locator(".mobile-menu__panel")
    elif label in ACCOUNT_MENU:
        page.locator("summary.account-menu__toggle").click()
        panel = page.locator(".account-menu__panel")
    else:
        panel = page.get_by_role("navigation", name="Hoofdmenu")
    # Nieuws and Berichten may carry their unread count ("Nieuws 3 ongelezen").
    name = re.compile(rf"^{re.escape(label)}( \d+\+? ongelezen)?$")
    panel.get_by_role("link", name=name).click()


def assert_fields_labelled(page: Any) -> None:
    """Every visible form field has a label a screen reader reads out (a <label for>, a
    wrapping label, aria-label or aria-labelledby), and that label is not empty."""
    unlabelled = page.evaluate(
        """() => Array.from(document.querySelectorAll('input, select, textarea'))
            .filter(el => el.type !== 'hidden' && el.getClientRects().length > 0)
            .filter(el => {
                const texts = Array.from(el.labels || []).map(l => l.textContent.trim());
                if (el.getAttribute('aria-label')) texts.push(el.getAttribute('aria-label'));
                const ids = (el.getAttribute('aria-labelledby') || '').split(/\\s+/);
                ids.filter(Boolean).forEach(id => {
                    const ref = document.getElementById(id);
                    if (ref) texts.push(ref.textContent.trim());
                });
                return !texts.some(t => t.length > 0);
            })
            .map(el => el.outerHTML.slice(0, 120))"""
    )
    assert not unlabelled, f"fields without a label: {unlabelled}"


def focused(page: Any) -> Any:
    return page.locator("*:focus")


def tab_to(page: Any, selector: str, *, text: str = "", limit: int = 80) -> None:
    """Press Tab until the focused element matches ``selector`` (and contains ``text``), and
    fail if it never does; then check that the focus can be seen."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "([s, t]) => { const el = document.activeElement;"
            " return !!el && el.matches(s) && el.textContent.includes(t); }",
            [selector, text],
        ):
            assert_focus_visible(page)
            return
    raise AssertionError(f"Tab never reached {selector} {text!r}")


def assert_focus_visible(page: Any) -> None:
    """The focused element shows a focus ring: the browser's :focus-visible heuristics say
    so (keyboard focus) and the style draws an outline or a box shadow."""
    style = page.evaluate(
        """() => {
            const el = document.activeElement;
            const css = getComputedStyle(el);
            return {visible: el.matches(':focus-visible'), outline: css.outlineStyle,
                    width: css.outlineWidth, shadow: css.boxShadow,
                    html: el.outerHTML.slice(0, 100)};
        }"""
    )
    assert style["visible"], style
    ring = (style["outline"] != "none" and style["width"] != "0px") or style["shadow"] != "none"
    assert ring, f"no visible focus ring: {style}"
