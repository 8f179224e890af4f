"""Runs the access matrix (access_matrix.toml) for every kind of visitor, and fails when the
app has a route that the matrix does not list."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from deborg.bootstrap import Services
from tests.conftest import Browser
from tests.staff_world import StaffWorld, build_staff_world
from tests.world import World

MATRIX = tomllib.loads((Path(__file__).parent / "access_matrix.toml").read_text())["route"]
VISITORS = ("anonymous", "parent", "other_parent", "read_only", "other_school")
LOGINS = {"parent": "alice", "other_parent": "carla", "read_only": "dirk", "other_school": "erik"}
#: Staff visitors (tests/staff_world.py), in the order they visit: a route that changes state
#: (withdraw, afgehandeld) is seen by the later ones after the earlier ones changed it.
STAFF_VISITORS = ("leerkracht_other_group", "staff_other_school", "leerkracht", "beheerder")
STAFF_LOGINS = {
    "leerkracht": "anja",
    "leerkracht_other_group": "bas",
    "beheerder": "wendy",
    "staff_other_school": "olga",
}
IGNORED_METHODS = {"HEAD", "OPTIONS"}


def _fill(path: str, world: World, staff_world: StaffWorld) -> str:
    def value(match: re.Match[str]) -> str:
        name, _, attribute = match.group(1).partition(".")
        found = getattr(staff_world, name, None) or getattr(world, name)
        return str(getattr(found, attribute or "id"))

    return re.sub(r"\{([a-z_0-9.]+)\}", value, path)


def _route_id(route: dict[str, Any]) -> str:
    return f"{route['method']} {route['path']}"


@pytest.fixture
def staff_world(sql_services: Services, world: World) -> StaffWorld:
    return build_staff_world(sql_services, world)


def _login_of(visitor: str, world: World, staff_world: StaffWorld) -> str | None:
    if visitor in LOGINS:
        return str(getattr(world, LOGINS[visitor]).login_name)
    if visitor in STAFF_LOGINS:
        return str(getattr(staff_world, STAFF_LOGINS[visitor]).email)
    return None


@pytest.mark.parametrize("route", MATRIX, ids=_route_id)
def test_every_visitor_gets_the_expected_answer(
    route: dict[str, Any],
    world: World,
    staff_world: StaffWorld,
    browser_factory: Callable[[], Browser],
) -> None:
    path = _fill(route["path"], world, staff_world)
    # Staff visit the routes that list them (the school's side); elsewhere they are anonymous.
    visitors = VISITORS + tuple(v for v in STAFF_VISITORS if v in route)
    answers = {}
    for visitor in visitors:
        browser = browser_factory()
        login = _login_of(visitor, world, staff_world)
        if login is not None:
            browser.login(login, world.password)
        if route["method"] == "GET":
            response = browser.get(path)
        else:
            data = {k: _fill(str(v), world, staff_world) for k, v in route.get("data", {}).items()}
            token = browser.csrf_token("/account/wachtwoord" if visitor in LOGINS else "/inloggen")
            response = browser.client.open(
                path, method=route["method"], data={**data, "csrf_token": token}
            )
        answers[visitor] = response.status_code
    expected = {visitor: route[visitor] for visitor in visitors}
    assert answers == expected


def test_every_route_of_the_school_side_lists_every_staff_visitor() -> None:
    missing = [
        f"{r['method']} {r['rule']}: {v}"
        for r in MATRIX
        if r["rule"].startswith("/school/")
        for v in STAFF_VISITORS
        if v not in r
    ]
    assert not missing, "staff visitors missing from access_matrix.toml: " + ", ".join(missing)


def test_every_route_of_the_app_is_in_the_matrix(app: Flask) -> None:
    listed = {(r["rule"], r["method"]) for r in MATRIX}
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted((rule.methods or set()) - IGNORED_METHODS):
            if (rule.rule, method) not in listed:
                missing.append(f"{method} {rule.rule}")
    assert not missing, "routes missing from access_matrix.toml: " + ", ".join(missing)
