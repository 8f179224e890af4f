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

from tests.conftest import Browser
from tests.world import World

MATRIX = tomllib.loads((Path(__file__).parent / "access_matrix.toml").read_text())["route"]
VISITORS = ("anonymous", "parent", "other_parent", "read_only", "other_school")
LOGINS = {"parent": "alice", "other_parent": "carla", "read_only": "dirk", "other_school": "erik"}
IGNORED_METHODS = {"HEAD", "OPTIONS"}


def _fill(path: str, world: World) -> str:
    def value(match: re.Match[str]) -> str:
        name, _, attribute = match.group(1).partition(".")
        return str(getattr(getattr(world, name), attribute or "id"))

    return re.sub(r"\{([a-z_0-9.]+)\}", value, path)


def _route_id(route: dict[str, Any]) -> str:
    return f"{route['method']} {route['path']}"


@pytest.mark.parametrize("route", MATRIX, ids=_route_id)
def test_every_visitor_gets_the_expected_answer(
    route: dict[str, Any], world: World, browser_factory: Callable[[], Browser]
) -> None:
    path = _fill(route["path"], world)
    answers = {}
    for visitor in VISITORS:
        browser = browser_factory()
        if visitor != "anonymous":
            browser.login(getattr(world, LOGINS[visitor]).login_name, world.password)
        if route["method"] == "GET":
            response = browser.get(path)
        else:
            data = {k: _fill(str(v), world) for k, v in route.get("data", {}).items()}
            token = browser.csrf_token(
                "/inloggen" if visitor == "anonymous" else "/account/wachtwoord"
            )
            response = browser.client.open(
                path, method=route["method"], data={**data, "csrf_token": token}
            )
        answers[visitor] = response.status_code
    expected = {visitor: route[visitor] for visitor in VISITORS}
    assert answers == expected


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
