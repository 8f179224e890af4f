"""The manual's Groepsinformatie and Privacy: a parent shares a field with the parents of
their children's groups, and another parent of that group sees it on the group page. Own
groups have the blue button, the others the black one."""

from __future__ import annotations

import re

import attrs
from playwright.sync_api import expect

from deborg.domain.privacy import Audience, Field, SubjectKind
from tests.browser.conftest import PageOpener, Portal
from tests.browser.helpers import (
    assert_fields_labelled,
    check_accessibility,
    log_in,
    open_menu_item,
    screenshot,
)

#: Each width changes the data of its own group's parents.
JOURNEY_GROUP = {"desktop": "Groep 7", "phone": "Groep 8"}


@attrs.frozen
class Sharer:
    login: str
    name: str
    email: str
    viewer_login: str


def sharer_and_viewer(portal: Portal, group_name: str) -> Sharer:
    """A parent of the group who shares their e-mail address with nobody yet (and whose name
    is unique in the group), and another parent of the same group to look at it."""
    free = portal.unreserved_logins()
    with portal.services.uow() as uow:
        school = uow.schools.list()[0]
        group = uow.groups.get_by_name(school.id, group_name)
        assert group is not None
        pupils = [c.id for c in uow.children.list_for_group(school.id, group.id)]
        parent_ids = sorted(
            {p for ids in uow.guardianships.parents_of(school.id, pupils).values() for p in ids}
        )
        everyone = uow.parents.get_many(school.id, parent_ids)
        parents = [p for p in everyone if p.login_name in free and p.contact_email]
        names = [p.name for p in everyone]
        settings = uow.privacy.get_many(school.id, SubjectKind.PARENT, [p.id for p in parents])
    sharer = next(
        p
        for p in parents
        if settings[p.id].audience(Field.EMAIL) is Audience.NOBODY and names.count(p.name) == 1
    )
    viewer = next(p for p in parents if p.id != sharer.id)
    return Sharer(sharer.login_name, sharer.name, sharer.contact_email, viewer.login_name)


def test_a_field_shared_with_the_group_shows_on_the_group_page(
    pages: PageOpener, portal: Portal, viewport: str
) -> None:
    group_name = JOURNEY_GROUP[viewport]
    people = sharer_and_viewer(portal, group_name)

    # The other parent opens Groepen: their own child's group has the blue button.
    viewer = pages.open()
    log_in(viewer, portal.url, people.viewer_login, portal.login.password)
    open_menu_item(viewer, viewport, "Groepen")
    check_accessibility(viewer)
    own = viewer.locator("a.group-button", has_text=group_name)
    other = viewer.locator("a.group-button", has_text="Groep 1").first
    assert "group-button--own" in (own.get_attribute("class") or "")
    assert "group-button--own" not in (other.get_attribute("class") or "")
    own_rgb = _rgb(own.evaluate("el => getComputedStyle(el).backgroundColor"))
    other_rgb = _rgb(other.evaluate("el => getComputedStyle(el).backgroundColor"))
    assert own_rgb[2] > own_rgb[0], f"own group button is not blue: {own_rgb}"
    assert max(other_rgb) < 90, f"another group's button is not black: {other_rgb}"
    screenshot(viewer, "groepen", viewport)

    own.click()
    expect(viewer.get_by_role("heading", level=1, name=group_name)).to_be_visible()
    card = viewer.locator(".pupil-parent", has_text=people.name)
    assert card.count() >= 1
    assert people.email not in card.first.inner_text()
    check_accessibility(viewer)

    # The sharer: Mijn account > Privacy, e-mail address for the parents of the group.
    sharer = pages.open()
    log_in(sharer, portal.url, people.login, portal.login.password)
    open_menu_item(sharer, viewport, "Mijn account")
    sharer.get_by_role("navigation", name="Mijn account").get_by_role(
        "link", name="Privacy"
    ).click()
    assert_fields_labelled(sharer)
    check_accessibility(sharer)
    screenshot(sharer, "account-privacy", viewport)
    sharer.get_by_label("Wie mag mijn e-mailadres zien?").select_option(
        label="Ouders van de groep(en) van mijn kinderen"
    )
    sharer.get_by_role("button", name="Opslaan").click()
    expect(sharer.locator(".alert--success")).to_be_visible()
    assert sharer.get_by_label("Wie mag mijn e-mailadres zien?").input_value() == Audience.GROUP.key
    check_accessibility(sharer)

    # The other parent sees it now, as a mail link.
    viewer.reload()
    card = viewer.locator(".pupil-parent", has_text=people.name).first
    link = card.get_by_role("link", name=people.email)
    expect(link).to_be_visible()
    assert link.get_attribute("href") == f"mailto:{people.email}"
    screenshot(viewer, "groep", viewport)


def _rgb(css: str) -> tuple[int, ...]:
    match = re.match(r"rgba?\((\d+), (\d+), (\d+)", css)
    assert match, css
    return tuple(int(v) for v in match.groups())
