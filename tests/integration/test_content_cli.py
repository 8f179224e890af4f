"""The staff commands for content and mail."""

from __future__ import annotations

import json

from click.testing import CliRunner

from deborg.bootstrap import Services
from deborg.entrypoints.cli.context import CliContext
from deborg.entrypoints.cli.main import cli
from tests.world import World


def invoke(services: Services, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        cli,
        ["--school", "99XX00", *args],
        obj=CliContext(services_factory=lambda: services),
        catch_exceptions=False,
    )
    return result.exit_code, result.output


def test_staff_post_news_and_messages_and_read_replies(
    sql_services: Services, world: World
) -> None:
    code, out = invoke(
        sql_services, "news", "post", "Kinderboekenmarkt", "--body", "Op **donderdag**.", "--json"
    )
    assert code == 0, out
    assert json.loads(out)["in_digest"] == 4
    code, out = invoke(
        sql_services,
        "message", "post", "Hulp gezocht", "--body", "Wie helpt?", "--group", "Groep 1",
        "--replies", "--as", world.teacher.email,
    )  # fmt: skip
    assert code == 0, out
    assert "Bericht 1 geplaatst" in out
    code, out = invoke(sql_services, "message", "replies", "1")
    assert code == 0
    assert "Reacties op bericht 1: Hulp gezocht (0)" in out


def test_urgent_message_and_mail_run(sql_services: Services, world: World) -> None:
    code, out = invoke(
        sql_services, "message", "post", "School dicht", "--urgent", "--group", "Groep 2"
    )
    assert code == 0, out
    assert "Direct gemaild: 1 ouder(s)" in out
    code, out = invoke(sql_services, "mail", "run")
    assert code == 0
    assert "Verstuurd: 1" in out
    assert [m.to for m in sql_services.mailer.sent] == [world.carla.login_name]  # type: ignore[attr-defined]


def test_unknown_group_is_a_one_line_refusal(sql_services: Services, world: World) -> None:
    result = CliRunner().invoke(
        cli,
        ["news", "post", "Titel", "--group", "Groep 9"],
        obj=CliContext(school_code="99XX00", services_factory=lambda: sql_services),
    )
    assert result.exit_code == 1
    assert "Onbekende groep: Groep 9." in result.output


def test_agenda_add_change_remove(sql_services: Services, world: World) -> None:
    code, out = invoke(
        sql_services,
        "agenda", "add", "Kinderboekenmarkt", "--date", "12-11-2026", "--start", "14:30",
        "--end", "15.15", "--json",
    )  # fmt: skip
    assert code == 0, out
    item_id = json.loads(out)["id"]
    code, out = invoke(sql_services, "agenda", "list")
    assert "donderdag 12 november, 14.30 – 15.15 uur  Kinderboekenmarkt" in out
    code, out = invoke(
        sql_services, "agenda", "change", str(item_id), "Kinderboekenmarkt (verplaatst)",
        "--date", "13-11-2026",
    )  # fmt: skip
    assert code == 0, out
    code, out = invoke(sql_services, "agenda", "remove", str(item_id))
    assert code == 0
    code, out = invoke(
        sql_services, "agenda", "add", "X", "--date", "12-11-2026", "--start", "25:00"
    )
    assert code == 1
    assert "geen tijd" in out
