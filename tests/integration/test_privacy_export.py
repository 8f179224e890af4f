"""Mijn gegevens downloaden: everything about the parent and their children, nothing about
anyone else."""

from __future__ import annotations

import json

from deborg.bootstrap import Services
from deborg.domain.privacy import Audience, Field
from deborg.domain.privacy import settings as privacy
from tests.conftest import Browser
from tests.world import World


def _download(browser: Browser) -> tuple[dict, str]:  # type: ignore[type-arg]
    response = browser.get("/account/privacy/mijn-gegevens")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    return json.loads(text), text


def test_export_holds_the_parents_account_children_privacy_and_changes(
    browser: Browser, world: World, sql_services: Services
) -> None:
    s = sql_services
    privacy.change_parent_privacy(
        s.uow(), s.clock, school_id=world.school.id, parent_id=world.alice.id,
        choices={Field.PHONE: Audience.GROUP},
    )  # fmt: skip
    privacy.change_child_privacy(
        s.uow(), s.clock, school_id=world.school.id, parent_id=world.alice.id,
        child_id=world.anna.id, choices={Field.PHOTO: Audience.SCHOOL},
    )  # fmt: skip
    browser.login(world.alice.login_name, world.password)
    data, text = _download(browser)
    assert data["account"]["login_name"] == "alice@example.nl"
    assert data["account"]["roepnaam"] == "Alice"
    assert [c["roepnaam"] for c in data["children"]] == ["Anna"]
    assert data["children"][0]["date_of_birth"] == "2019-05-17"
    assert data["children"][0]["group"] == "Groep 1"
    assert data["children"][0]["co_guardians"] == ["Dirk Jansen"]
    assert data["privacy"]["own"]["phone"] == "group"
    assert data["privacy"]["children"] == [
        {"child": "Anna Jansen", "photo": "school", "date_of_birth": "nobody"}
    ]
    assert {(c["about"], c["field"], c["changed_by"]) for c in data["changes"]} == {
        ("u", "privacy.phone", "u"),
        ("Anna Jansen", "privacy.photo", "u"),
    }
    assert "password" not in text
    assert world.alice.password_hash is not None
    assert world.alice.password_hash not in text


def test_export_of_one_parent_holds_no_other_parents_or_childs_data(
    browser: Browser, world: World, sql_services: Services
) -> None:
    s = sql_services
    # The co-guardian and other parents change things too; none of it may leak but a name.
    privacy.change_parent_privacy(
        s.uow(), s.clock, school_id=world.school.id, parent_id=world.dirk.id,
        choices={Field.EMAIL: Audience.SCHOOL},
    )  # fmt: skip
    privacy.change_child_privacy(
        s.uow(), s.clock, school_id=world.school.id, parent_id=world.bob.id,
        child_id=world.bram.id, choices={Field.PHOTO: Audience.SCHOOL},
    )  # fmt: skip
    browser.login(world.alice.login_name, world.password)
    data, text = _download(browser)
    for foreign in (world.bob, world.carla, world.erik):
        assert foreign.login_name not in text
        assert foreign.roepnaam not in text
    for child in (world.bram, world.cees, world.eva):
        assert child.roepnaam not in text
    assert world.dirk.login_name not in text  # the co-guardian: the name only
    assert "Dirk" in text
    assert all(change["field"] != "privacy.email" for change in data["changes"])
