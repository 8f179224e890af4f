from __future__ import annotations

from tests.conftest import Browser
from tests.world import World


def test_parent_logs_in_and_sees_home_with_children(browser: Browser, world: World) -> None:
    browser.login(world.alice.login_name, world.password)
    page = browser.get("/").get_data(as_text=True)
    assert "Anna Jansen" in page
    assert "Groep 1" in page
