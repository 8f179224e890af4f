"""The manual's Oudergesprekken: the invitations, a closed planning that shows only the chosen
time, and booking a double slot by hovering (the slot and the next light up) and clicking,
moving it and cancelling it, by mouse and by keyboard alone. Each journey ends with the
booking cancelled, so the demo parent's invitation is open again for the next one."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import Portal
from tests.browser.helpers import (
    check_accessibility,
    open_menu_item,
    screenshot,
    sign_in,
    tab_to,
)

OPEN_PLANNING = "10-minutengesprekken"
CLOSED_PLANNING = "Leesgesprekken Groep 3"
#: The demo parent's child in Groep 6 needs a double slot in the open planning.
DOUBLE_SLOT_GROUP = "Groep 6"


def slot_indices(slots: Any) -> list[int]:
    return [int(i) for i in slots.evaluate_all("els => els.map(e => e.dataset.slotIndex)")]


def slot_times(slots: Any) -> list[str]:
    return [t.strip() for t in slots.locator(".slot__time").all_inner_texts()]


def test_see_the_invitations_and_a_closed_planning(
    page: Any, portal: Portal, viewport: str
) -> None:
    sign_in(page, portal)
    open_menu_item(page, viewport, "Oudergesprekken")
    expect(page.get_by_role("heading", level=1, name="Oudergesprekken")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "oudergesprekken", viewport)

    # Closed: only the definitive time, nothing to book or change.
    closed = page.locator(".invitation", has_text=CLOSED_PLANNING)
    expect(closed).to_have_count(1)
    expect(closed).to_contain_text("Gesloten")
    expect(closed).to_contain_text("Definitieve tijd")
    expect(closed.get_by_role("link", name=re.compile("Inschrijven"))).to_have_count(0)
    expect(closed.get_by_role("button")).to_have_count(0)

    # One invitation per child: the demo parent has children in two groups of the planning.
    expect(page.locator(".invitation", has_text=OPEN_PLANNING)).to_have_count(2)


def test_book_a_double_slot_by_hover_and_click_move_and_cancel(
    page: Any, portal: Portal, viewport: str
) -> None:
    sign_in(page, portal)
    open_menu_item(page, viewport, "Oudergesprekken")
    invitation = page.locator(".invitation", has_text=OPEN_PLANNING).filter(
        has_text=DOUBLE_SLOT_GROUP
    )
    invitation.get_by_role("link", name=re.compile("Inschrijven")).click()
    expect(page.get_by_text("Persoonlijke boodschap van de leerkracht")).to_be_visible()
    expect(page.locator(".slots .slot--mine")).to_have_count(0)

    # Hovering a free slot lights up that slot and the next one.
    first = page.locator("button.slot--free").first
    first.hover()
    highlighted = page.locator(".slot--highlight")
    expect(highlighted).to_have_count(2)
    start, following = slot_indices(highlighted)
    assert following == start + 1
    booked_times = slot_times(highlighted)
    check_accessibility(page)
    screenshot(page, "inschrijven", viewport)

    # One click books both: they turn into "Gereserveerd – Annuleren".
    first.click()
    expect(page.get_by_text("De tijd is gereserveerd.")).to_be_visible()
    mine = page.locator(".slots .slot--mine")
    expect(mine).to_have_count(2)
    assert slot_times(mine) == booked_times
    expect(mine.first).to_contain_text("Gereserveerd – Annuleren")
    check_accessibility(page)

    # Move: a click on another free time moves the booking there in one go.
    target = page.locator("button.slot--free").last
    target.hover()
    target_times = slot_times(page.locator(".slot--highlight"))
    target.click()
    expect(page.get_by_text("Uw afspraak is verplaatst.")).to_be_visible()
    expect(mine).to_have_count(2)
    assert slot_times(mine) == target_times != booked_times

    # Cancel, after confirming ("Wilt u uw reservering annuleren?"): the slots are free again.
    page.once("dialog", lambda dialog: dialog.accept())
    mine.first.click()
    expect(page.get_by_text("Uw reservering is geannuleerd.")).to_be_visible()
    expect(mine).to_have_count(0)
    check_accessibility(page)


def test_the_booking_grid_works_with_the_keyboard_alone(
    page: Any, portal: Portal, viewport: str
) -> None:
    sign_in(page, portal)
    page.goto(portal.url + "/oudergesprekken/")
    tab_to(page, "a.button", text=f"Inschrijven voor {_child_in_double_group(portal)}")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/oudergesprekken/\d+/kind/\d+$"))

    # Tabbing onto a free slot previews the double slot, with a visible focus ring.
    tab_to(page, "button.slot--free")
    highlighted = page.locator(".slot--highlight")
    expect(highlighted).to_have_count(2)
    times = slot_times(highlighted)
    page.keyboard.press("Enter")
    expect(page.get_by_text("De tijd is gereserveerd.")).to_be_visible()
    mine = page.locator(".slots .slot--mine")
    assert slot_times(mine) == times

    tab_to(page, "button.slot--mine")
    page.once("dialog", lambda dialog: dialog.accept())  # the confirmation question
    page.keyboard.press(" ")
    expect(page.get_by_text("Uw reservering is geannuleerd.")).to_be_visible()
    expect(mine).to_have_count(0)


def _child_in_double_group(portal: Portal) -> str:
    """The roepnaam of the demo parent's child in the double-slot group."""
    with portal.services.uow() as uow:
        parent = uow.parents.get_by_login(portal.login.username)
        assert parent is not None
        children = uow.children.get_many(
            parent.school_id, uow.guardianships.children_of(parent.school_id, parent.id)
        )
        groups = {g.id: g.name for g in uow.groups.list(parent.school_id)}
    return next(c.roepnaam for c in children if groups[c.group_id] == DOUBLE_SLOT_GROUP)
