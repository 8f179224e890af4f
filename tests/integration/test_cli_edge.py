"""The staff command line as an edge of the input rule: arguments pass it, what it prints is
stripped of control characters (also values stored before the rule), and a command it prints
for pasting is quoted for the shell."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import attrs
from click.testing import CliRunner

from deborg.bootstrap import Services
from deborg.entrypoints.cli.context import CliContext
from deborg.entrypoints.cli.main import cli
from tests.conftest import Browser
from tests.world import World


def _run(services: Services, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), obj=CliContext(services_factory=lambda: services))
    return result.exit_code, result.output


def test_a_printed_rename_command_is_quoted_for_the_shell(
    browser: Browser, world: World, sql_services: Services
) -> None:
    """A contact address with shell syntax that is valid mail syntax (RFC 5322 allows $ and ')
    reaches staff as one quoted word: pasting it runs rename-login, nothing else."""
    browser.login(world.alice.login_name, world.password)
    hostile = "o'brien$home&id@example.nl"
    response = browser.post(
        "/account/bereikbaarheid", {"contact_email": hostile, "current_password": world.password}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    with sql_services.uow() as uow:
        (confirmation,) = [
            e.mail for e in uow.outbox.list(limit=100) if e.mail.to == hostile.lower()
        ]
    link = re.search(r"https://[^/\s]+(/e-mailadres-bevestigen/\S+)", confirmation.text)
    assert link, confirmation.text
    assert browser.post(link.group(1)).status_code == 200
    status, listing = _run(sql_services, "--school", "99XX00", "changes", "list")
    assert status == 0, listing
    line = next(x for x in listing.splitlines() if "rename-login" in x)
    command = line.split("Inlognaam aanpassen: ", 1)[1]
    assert shlex.split(command) == [
        "deborg", "parent", "rename-login", "alice@example.nl", hostile.lower(),
    ]  # fmt: skip


def test_control_characters_stored_before_the_rule_are_not_printed(
    world: World, sql_services: Services
) -> None:
    with sql_services.uow() as uow:
        # (PostgreSQL cannot store NUL at all; a bell and a backspace it can.)
        uow.groups.update(attrs.evolve(world.group1, name="Groep 1\x1b[2J\u202eevil\x07\x08"))
        uow.commit()
    status, output = _run(sql_services, "--school", "99XX00", "group", "list")
    assert status == 0, output
    assert "evil: 2 leerlingen" in output
    assert not {"\x1b", "\u202e", "\x07", "\x08"} & set(output)


def test_an_argument_with_a_control_character_is_refused_in_dutch(
    world: World, sql_services: Services
) -> None:
    status, output = _run(sql_services, "--school", "99XX00", "group", "add", "Groep\x1b[31m 9")
    assert status == 1
    assert "Fout: ongeldig argument" in output
    assert "stuurteken" in output
    status, output = _run(sql_services, "--school", "99XX00", "group", "list")
    assert "Groep 9" not in output


def test_a_body_file_passes_the_same_rule(
    world: World, sql_services: Services, tmp_path: Path
) -> None:
    body = tmp_path / "bericht.md"
    body.write_text("Beste ouders,\n\n\tTot \x1b[5mmorgen\n", encoding="utf-8")
    status, output = _run(
        sql_services, "--school", "99XX00", "news", "post", "Titel", "--body-file", str(body)
    )
    assert status == 1
    assert "stuurteken" in output
    body.write_text("Beste ouders,\r\n\r\n\tTot morgen!\n", encoding="utf-8")
    status, output = _run(
        sql_services, "--school", "99XX00", "news", "post", "Titel", "--body-file", str(body)
    )
    assert status == 0, output
