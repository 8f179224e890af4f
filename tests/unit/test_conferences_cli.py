"""``deborg conversations`` end to end on the memory adapters."""

from __future__ import annotations

import json

import attrs
from click.testing import CliRunner, Result

from deborg.bootstrap import Services
from deborg.entrypoints.cli.context import CliContext
from deborg.entrypoints.cli.main import cli
from tests.world import World, build_world


def run(services: Services, *args: str) -> Result:
    return CliRunner().invoke(
        cli,
        ["--school", "99XX00", "conversations", *args],
        obj=CliContext(services_factory=lambda: services),
        catch_exceptions=False,
    )


def _one_teacher_for_both_groups(services: Services, world: World) -> None:
    with services.uow() as uow:
        uow.staff.update(attrs.evolve(world.teacher, group_ids=(world.group1.id, world.group2.id)))
        uow.commit()


def test_staff_plan_open_book_move_close_and_overview(memory_services: Services) -> None:
    world = build_world(memory_services)
    _one_teacher_for_both_groups(memory_services, world)
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


def _create(services: Services, *extra: str) -> Result:
    return run(
        services, "create", "Rapportgesprekken", "--group", "Groep 1", "--group", "Groep 2",
        "--day", "19-11-2026", "--from", "15:00", "--to", "15:30", "--slot-minutes", "15",
        *extra,
    )  # fmt: skip


def test_groups_with_different_teachers_get_a_grid_each(memory_services: Services) -> None:
    """Siblings in groups with different teachers must not compete for one grid of times."""
    build_world(memory_services)  # Juf Anja teaches Groep 1; Groep 2 has no teacher yet
    created = _create(memory_services, "--json")
    assert created.exit_code == 0, created.output
    made = json.loads(created.output)
    assert [p["title"] for p in made] == [
        "Rapportgesprekken – Juf Anja",
        "Rapportgesprekken – Groep 2",
    ]
    with memory_services.uow() as uow:
        plannings = {p.id: p for p in uow.plannings.list(1)}
    assert [len(plannings[p["id"]].group_ids) for p in made] == [1, 1]


def test_a_planning_with_fewer_slots_than_pupils_is_warned_about(
    memory_services: Services,
) -> None:
    world = build_world(memory_services)
    _one_teacher_for_both_groups(memory_services, world)
    created = _create(memory_services)  # 2 slots for 3 pupils
    assert "2 tijdssloten" in created.output
    assert "de 3 leerlingen hebben er samen 3 nodig: 1 te weinig" in created.output
    pid = created.output.split()[1]
    opened = run(memory_services, "open", pid)
    assert opened.exit_code == 0
    assert "1 te weinig" in opened.output
    assert "1 te weinig" in run(memory_services, "overview", pid).output
    enough = run(
        memory_services, "create", "Genoeg", "--group", "Groep 1", "--group", "Groep 2",
        "--day", "19-11-2026", "--from", "15:00", "--to", "16:00", "--slot-minutes", "15",
    )  # fmt: skip
    assert "te weinig" not in enough.output
