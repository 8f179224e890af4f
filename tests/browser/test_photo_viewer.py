"""The photo viewer as a parent uses it (issue 20): on a phone a finger swipes to the next
and the previous photo (touch emulation, the touches sent the way the screen sends them);
on a desktop the arrow keys page and Escape goes back to the album."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Portal
from tests.browser.helpers import check_accessibility, sign_in

ALBUM = "Kinderboekenweek"


@pytest.fixture
def phone(chromium: Any) -> Iterator[Any]:
    """A phone with a touch screen, as a parent holds it."""
    context = chromium.new_context(
        viewport={"width": 390, "height": 844},
        has_touch=True,
        is_mobile=True,
        device_scale_factor=2,
        locale="nl-NL",
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def open_photo(page: Any, portal: Portal, number: int) -> None:
    """The album's n-th photo, opened from the album (so the browser's Back leads to the
    album, never to another photo)."""
    sign_in(page, portal)
    page.goto(portal.url + "/fotoalbums")
    page.get_by_role("link", name=re.compile(ALBUM)).first.click()
    page.locator(".album-grid a").nth(number - 1).click()
    expect(heading(page)).to_contain_text(f"foto {number} van 4")


def heading(page: Any) -> Any:
    return page.get_by_role("heading", level=1)


class Finger:
    """One finger on a phone's screen: down, moved in steps, lifted; the touch events the
    screen sends, through the DevTools protocol, so that touchstart/touchmove/touchend (and
    the pointer events) come from the browser itself. One session for the page's life (a
    session that ends mid-touch cancels the touch)."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.cdp = page.context.new_cdp_session(page)

    def touch(self, kind: str, x: float | None = None, y: float | None = None) -> None:
        points = [] if x is None else [{"x": x, "y": y}]
        self.cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    def swipe(self, *, from_x: float, to_x: float, steps: int = 8) -> None:
        """Across the middle of the photo."""
        self.page.wait_for_load_state("load")  # a finger is slower than the viewer's script
        box = self.page.locator(".photo-viewer__image").bounding_box()
        y = box["y"] + box["height"] / 2
        self.touch("touchStart", from_x, y)
        for step in range(1, steps + 1):
            self.touch("touchMove", from_x + (to_x - from_x) * step / steps, y)
        self.touch("touchEnd")


def test_a_swipe_on_a_phone_turns_to_the_next_and_the_previous_photo(
    phone: Any, portal: Portal
) -> None:
    page = phone
    open_photo(page, portal, 3)
    finger = Finger(page)

    # A tap and a short slide are no swipe: the photo stays.
    page.locator(".photo-viewer__image").tap()
    finger.swipe(from_x=200, to_x=180)
    expect(heading(page)).to_contain_text("foto 3 van 4")

    finger.swipe(from_x=60, to_x=330)  # left to right: the previous photo
    expect(heading(page)).to_contain_text("foto 2 van 4")
    finger.swipe(from_x=330, to_x=60)  # right to left: the next one
    expect(heading(page)).to_contain_text("foto 3 van 4")
    finger.swipe(from_x=330, to_x=60)
    expect(heading(page)).to_contain_text("foto 4 van 4")
    check_accessibility(page)


def test_the_first_photo_has_no_previous_one_to_swipe_to(phone: Any, portal: Portal) -> None:
    page = phone
    open_photo(page, portal, 1)
    Finger(page).swipe(from_x=60, to_x=330)
    page.wait_for_timeout(300)  # a navigation would have started by now
    expect(heading(page)).to_contain_text("foto 1 van 4")
    expect(page.get_by_role("link", name=re.compile("Vorige"))).to_have_count(0)


def test_the_arrow_keys_page_and_escape_goes_back_on_a_desktop(
    desktop: Any, portal: Portal
) -> None:
    page = desktop
    open_photo(page, portal, 1)
    for key, shown in [("ArrowRight", 2), ("ArrowRight", 3), ("ArrowLeft", 2)]:
        page.wait_for_load_state("load")  # a hand is slower than the viewer's script
        page.keyboard.press(key)
        expect(heading(page)).to_contain_text(f"foto {shown} van 4")
    page.wait_for_load_state("load")
    page.keyboard.press("Escape")
    expect(page.get_by_role("heading", level=1, name=ALBUM)).to_be_visible()
