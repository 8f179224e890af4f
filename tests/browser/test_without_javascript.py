"""The manual's main paths in a browser with JavaScript switched off (issues 18 and 20): every
page is a plain page and every action a plain form. A parent logs in, reads Home, Nieuws and
one item, answers a bericht, pages through an album's photos, books a conference slot and
cancels it through the confirmation page; a leerkracht posts a bericht and uploads an album
with the plain multi-file input.

Written to fail fast rather than hang: short timeouts, and nothing that waits on a script
(no dialogs, no `networkidle`, no axe: axe runs in the page and never finishes there; the
confirmation page is checked by axe from a browser with JavaScript)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from deborg.demo.people import DEMO_PASSWORD
from deborg.demo.staff import DEMO_TEACHER_LOGIN
from deborg.domain.model import ParentState
from tests.browser.conftest import VIEWPORTS, Portal
from tests.browser.helpers import check_accessibility, log_in
from tests.browser.test_staff_journeys import group5_parent, staff_log_in
from tests.images import camera_files

#: Without scripts a page is there as soon as the server answers: a few seconds is plenty.
QUICK = 4_000

#: The demo's school-wide bericht that parents may answer.
OPEN_BERICHT = "Hulp gezocht bij de kinderboekenmarkt"


@pytest.fixture
def no_js(chromium: Any, viewport: str) -> Iterator[Any]:
    """A page in a browser with JavaScript switched off. A dialog would mean a script ran:
    it is recorded and dismissed, so that it fails the test instead of blocking it."""
    context = chromium.new_context(
        viewport=VIEWPORTS[viewport], locale="nl-NL", java_script_enabled=False
    )
    context.set_default_timeout(QUICK)
    context.set_default_navigation_timeout(QUICK)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()
    assert not dialogs, f"a script asked: {dialogs}"


def heading(page: Any) -> Any:
    return page.get_by_role("heading", level=1)


def go(page: Any, viewport: str, label: str) -> None:
    """Follow a menu entry: the phone menu is a <details>, which opens without a script."""
    name = re.compile(rf"^{re.escape(label)}( \d+\+? ongelezen)?$")  # "Nieuws 3 ongelezen"
    if viewport == "phone":
        page.locator("summary.hamburger").click()
        page.locator(".mobile-menu__panel").get_by_role("link", name=name).click()
    else:
        nav = page.get_by_role("navigation", name=re.compile("^Hoofdmenu"))
        nav.get_by_role("link", name=name).click()


def conference_parent(portal: Portal, viewport: str) -> str:
    """A parent of Groep 5 (invited to the demo's open planning) whom no other journey
    uses: another one at each width."""
    with portal.services.uow() as uow:
        school = uow.schools.list()[0]
        group = uow.groups.get_by_name(school.id, "Groep 5")
        assert group is not None
        children = [c.id for c in uow.children.list_for_group(school.id, group.id)]
        ids = {p for ids in uow.guardianships.parents_of(school.id, children).values() for p in ids}
        logins = sorted(
            p.login_name
            for p in uow.parents.get_many(school.id, sorted(ids))
            if p.state is ParentState.ACTIVE and not p.read_only
        )
    taken = {group5_parent(portal, "desktop"), group5_parent(portal, "phone")}
    free = [login for login in logins if login in portal.unreserved_logins() - taken]
    assert len(free) >= 2, "the demo has too few parents in Groep 5 for this journey"
    return free[0 if viewport == "desktop" else 1]


def test_a_parent_walks_the_manual_without_javascript(
    no_js: Any, portal: Portal, viewport: str
) -> None:
    page = no_js
    log_in(page, portal.url, conference_parent(portal, viewport), DEMO_PASSWORD)
    expect(heading(page)).to_contain_text("Welkom")
    expect(page.locator("html.js")).to_have_count(0)  # deborg.js did not run

    # Nieuws and one item.
    go(page, viewport, "Nieuws")
    expect(heading(page)).to_have_text("Nieuws")
    item = page.locator(".item__title a").first
    title = item.inner_text().replace("(ongelezen)", "").strip()
    item.click()
    expect(heading(page)).to_contain_text(title)

    # Berichten and a reply to the bericht that is open for replies.
    go(page, viewport, "Berichten")
    page.get_by_role("link", name=OPEN_BERICHT).click()
    reply = f"Ik help graag met opbouwen ({viewport})."
    page.get_by_label("Uw reactie").fill(reply)
    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_text("Uw reactie is verstuurd.")).to_be_visible()
    expect(page.get_by_text(reply)).to_be_visible()

    # The photo viewer as plain pages: next, previous, back to the album.
    go(page, viewport, "Fotoalbums")
    page.locator(".album-grid a").first.click()
    album = heading(page).inner_text().strip()
    page.locator(".album-grid a").first.click()
    expect(heading(page)).to_contain_text("foto 1 van")
    page.get_by_role("link", name=re.compile("Volgende")).click()
    expect(heading(page)).to_contain_text("foto 2 van")
    page.get_by_role("link", name=re.compile("Vorige")).click()
    expect(heading(page)).to_contain_text("foto 1 van")
    page.get_by_role("link", name=re.compile("Terug naar het album")).click()
    expect(heading(page)).to_have_text(album)

    # Book a conference slot, then cancel it: the question is a page of its own.
    go(page, viewport, "Oudergesprekken")
    page.get_by_role("link", name=re.compile("^Inschrijven")).first.click()
    page.locator("button.slot--free").first.click()
    expect(page.get_by_text("De tijd is gereserveerd.")).to_be_visible()
    booking = page.url
    page.locator("button.slot--mine").first.click()
    expect(heading(page)).to_have_text("Weet u het zeker?")
    expect(page.get_by_text("Wilt u uw reservering annuleren?")).to_be_visible()
    page.get_by_role("link", name="Nee, terug").click()
    expect(page.locator("button.slot--mine").first).to_be_visible()  # still booked
    assert page.url == booking
    page.locator("button.slot--mine").first.click()
    page.get_by_role("button", name=re.compile("^Ja")).click()
    expect(page.get_by_text("Uw reservering is geannuleerd.")).to_be_visible()
    expect(page.locator("button.slot--mine")).to_have_count(0)

    # Home again, through the logo.
    page.locator("a.brand").click()
    expect(heading(page)).to_contain_text("Welkom")


def test_the_confirmation_page_is_accessible(page: Any, portal: Portal, viewport: str) -> None:
    """The page a parent without JavaScript gets for a destructive action (with JavaScript
    the browser asks instead, so the question's attribute is taken off here to reach it)."""
    log_in(page, portal.url, conference_parent(portal, viewport), DEMO_PASSWORD)
    page.goto(portal.url + "/oudergesprekken/")
    page.get_by_role("link", name=re.compile("^Inschrijven")).first.click()
    page.locator("button.slot--free").first.click()
    expect(page.get_by_text("De tijd is gereserveerd.")).to_be_visible()
    page.evaluate(
        "document.querySelectorAll('[data-confirm]').forEach(f => delete f.dataset.confirm)"
    )
    page.locator("button.slot--mine").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Weet u het zeker?")
    check_accessibility(page)
    page.get_by_role("button", name=re.compile("^Ja")).click()
    expect(page.get_by_text("Uw reservering is geannuleerd.")).to_be_visible()


def test_a_leerkracht_posts_and_uploads_without_javascript(
    no_js: Any, portal: Portal, viewport: str, tmp_path: Path
) -> None:
    page = no_js
    staff_log_in(page, portal, DEMO_TEACHER_LOGIN)

    title = f"Gymles in de sporthal ({viewport}, zonder JavaScript)"
    go(page, viewport, "Berichten")
    page.get_by_role("link", name="Nieuw bericht").click()
    expect(page.locator(".md-toolbar")).to_have_count(0)  # the toolbar is the script's
    page.get_by_label("Titel").fill(title)
    page.get_by_label("Tekst").fill("Denkt u aan **gymschoenen**?")
    page.get_by_label("Groep 5").check()
    page.get_by_role("button", name="Plaatsen").click()
    expect(heading(page)).to_have_text(title)

    album = f"Sporthal ({viewport}, zonder JavaScript)"
    go(page, viewport, "Fotoalbums")
    page.get_by_label("Titel").fill(album)
    page.get_by_label("Groep 5").check()
    page.get_by_role("button", name="Album aanmaken").click()
    expect(heading(page)).to_have_text(album)
    page.locator("input[type=file][multiple]").set_input_files(
        camera_files(tmp_path, "sporthal", 3)
    )
    page.get_by_role("button", name="Uploaden").click()
    expect(page.locator("[data-photo-count]")).to_have_text("3 foto's in dit album")
