"""One explicit composition: what an area contributes to another (Home's invitations, the
calendar feed's events, the export's sections, the digest's lookups) is passed in by the
composition root, so the services give the same answers to a developer embedding them on the
in-memory adapters as to the portal, whether or not the web application was ever created."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import deborg
from deborg.bootstrap import Services
from deborg.entrypoints.web import create_app
from deborg.services import overview
from deborg.services.content import feed
from deborg.services.privacy.export import export_parent_data
from tests.world import World, build_world

PACKAGE = Path(deborg.__file__).parent


def _answers(services: Services, world: World) -> dict[str, Any]:
    token = feed.renew_feed(
        services.uow(),
        services.clock,
        services.tokens,
        school_id=world.school.id,
        parent_id=world.alice.id,
    )
    home = overview.home_overview(
        services.uow(),
        school_id=world.school.id,
        parent_id=world.alice.id,
        now=services.clock.now(),
        invitations=services.areas.home_invitations,
    )
    calendar = feed.calendar_for_token(
        services.uow(), services.clock, token=token, sources=services.areas.calendar_sources
    )
    export = export_parent_data(
        services.uow(),
        services.clock,
        school_id=world.school.id,
        parent_id=world.alice.id,
        sections=services.areas.export_sections,
    )
    return {
        "invitations": [(i.planning.title, i.child.roepnaam) for i in home.conference_invitations],
        "events": sorted(e.title for e in calendar.events),
        "export": sorted(export),
    }


def test_the_services_answer_the_same_with_and_without_the_web_app(
    memory_services: Services,
) -> None:
    world = build_world(memory_services)
    before = _answers(memory_services, world)
    create_app(services=memory_services)
    after = _answers(memory_services, world)

    assert before == after
    assert before["invitations"] == [("Oudergesprekken november", "Anna")]
    assert any(title.startswith("Oudergesprekken november") for title in before["events"])
    assert {"account", "conference_bookings", "devices", "notifications"} <= set(before["export"])


MUTABLE = (ast.List, ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp)
MUTATORS = {"append", "extend", "insert", "update", "setdefault", "add", "pop", "clear", "remove"}


def _module_tables() -> set[str]:
    """The names of every module-level list, dict and set in the package (constant tables)."""
    names = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.Assign | ast.AnnAssign) and isinstance(node.value, MUTABLE):
                target = node.targets[0] if isinstance(node, ast.Assign) else node.target
                names.add(ast.unparse(target))
    return names - {"__all__"}


def _mutations(source: str, tables: set[str]) -> list[str]:
    """Where ``source`` changes one of ``tables`` (by name or as ``module.NAME``) in place."""

    def is_table(node: ast.expr) -> bool:
        name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", None)
        return name in tables

    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in MUTATORS
            and is_table(node.func.value)
        ):
            found.append(f"line {node.lineno}: {ast.unparse(node.func)}()")
        targets = (
            node.targets
            if isinstance(node, ast.Assign | ast.Delete)
            else [node.target]
            if isinstance(node, ast.AugAssign)
            else []
        )
        for target in targets:
            if isinstance(target, ast.Subscript) and is_table(target.value):
                found.append(f"line {node.lineno}: {ast.unparse(target)} changed")
    return found


def test_no_module_level_table_is_changed_at_run_time() -> None:
    """No area appends to another module's list, dict or set (a registry filled at import or
    app-creation time): module-level tables are constants; contributions are passed in."""
    tables = _module_tables()
    found = [
        f"{path.relative_to(PACKAGE)} {m}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for m in _mutations(path.read_text(), tables)
    ]
    assert found == []


def test_the_registry_check_sees_an_append_to_another_modules_list() -> None:
    source = "from deborg.services import overview\noverview.HOME_SOURCES.append(f)\nX[1] = 2\n"
    assert sorted(_mutations(source, {"HOME_SOURCES", "X"})) == [
        "line 2: overview.HOME_SOURCES.append()",
        "line 3: X[1] changed",
    ]
