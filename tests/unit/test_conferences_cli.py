"""``deborg conversations`` end to end on the memory adapters."""

from __future__ import annotations

import json

from click.testing import CliRunner, Result

from deborg.bootstrap import Services
from deborg.entrypoints.cli.context import CliContext
from deborg.entrypoints.cli.main import cli
from tests.world import build_world


def run(services: Services, *args: str) -> Result:
    return CliRunner().invoke(
        cli,
        ["--school", "99XX00", "conversations", *args],
        obj=CliContext(services_factory=lambda: services),
        catch_exceptions=False,
    )


def test_staff_plan_open_book_move_close_and_overview(memory_services: Services) -> None:
    world = build_world(memory_services)
    created = run(
        memory_services,
        "create",
        "Rapportgesprekken",
        "--info",
        "Neem het rapport mee.",
        "--group",
        "Groep 1",
        "--group",
        "Groep 2",
        "--day",
        "19-11-2026",
        "--day",
        "20-11-2026",
        "--from",
        "15:00",
        "--to",
        "16:00",
        "--slot-minutes",
        "15",
        "--break",
        "15:30-15:45",
        "--json",
    )
    assert created.exit_code == 0, created.output
    planning = json.loads(created.output)
    assert planning["state"] == "concept"
    assert planning["slots"] == 6  # 15.00 15.15 | pause | 15.45 on two days
    pid = str(planning["id"])
    assert run(memory_services, "double", pid, str(world.anna.id)).exit_code == 0
    assert run(memory_services, "message", pid, str(world.anna.id), "Tot dan!").exit_code == 0
    opened = run(memory_services, "open", pid, "--early-for-siblings", "24")
    assert "uitnodigingen 4 per e-mail, 0 in de weekmail, 0 niet" in opened.output
    booked = run(memory_services, "book", pid, str(world.anna.id), "15:00", "--day", "19-11-2026")
    assert booked.exit_code == 0, booked.output
    assert "donderdag 19 november van 15.00 tot 15.30 uur" in booked.output
    refused = run(memory_services, "book", pid, str(world.bram.id), "15:15", "--day", "19-11-2026")
    assert refused.exit_code == 1
    assert "zojuist door iemand anders gereserveerd" in refused.output
    assert run(memory_services, "close", pid).exit_code == 0
    moved = run(memory_services, "move", pid, str(world.anna.id), "15:00", "--day", "20-11-2026")
    assert moved.exit_code == 0, moved.output
    overview = json.loads(run(memory_services, "overview", pid, "--json").output)
    assert overview["state"] == "closed"
    booked_slots = [s for s in overview["slots"] if s["child"]]
    assert [s["local"] for s in booked_slots] == ["2026-11-20 15:00", "2026-11-20 15:15"]
    assert {c["child"] for c in overview["without_booking"]} == {"Bram de Vries", "Cees Visser"}
    text = run(memory_services, "overview", pid).output
    assert "Zonder afspraak (2)" in text


def test_bad_times_are_refused_with_a_clear_message(memory_services: Services) -> None:
    build_world(memory_services)
    result = CliRunner().invoke(
        cli,
        [
            "--school",
            "99XX00",
            "conversations",
            "create",
            "X",
            "--group",
            "Groep 1",
            "--day",
            "19-11-2026",
            "--from",
            "25:00",
            "--to",
            "16:00",
        ],
        obj=CliContext(services_factory=lambda: memory_services),
    )
    assert result.exit_code == 1
    assert "geen tijd" in result.output
