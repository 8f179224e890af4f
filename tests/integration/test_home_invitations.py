"""Home shows the open conference invitations of the parent's children."""

from __future__ import annotations

from tests.conftest import Browser
from tests.world import World


def test_home_lists_the_open_conference_invitation(browser: Browser, world: World) -> None:
    browser.login(world.alice.login_name, world.password)
    page = browser.get("/").get_data(as_text=True)
    assert "Uitnodiging oudergesprekken" in page
    assert world.planning.title in page
    assert "Anna Jansen" in page


def test_home_of_a_parent_without_invitations_has_no_conference_block(
    browser: Browser, world: World
) -> None:
    browser.login(world.erik.login_name, world.password)
    assert "Uitnodiging oudergesprekken" not in browser.get("/").get_data(as_text=True)
