"""What every request of a logged-in parent starts with: the session, the parent and the
school, read together in one statement and never cached, so that a change made through the
command line (another process) shows on the very next page. SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner
from flask import Flask

from deborg.adapters.sqlalchemy.diagnostics import count_statements
from deborg.bootstrap import Services
from deborg.entrypoints.cli.context import CliContext
from deborg.entrypoints.cli.main import cli
from deborg.services import accounts
from tests.conftest import Browser
from tests.world import World


def _cli(services: Services, *args: str) -> str:
    result = CliRunner().invoke(
        cli, list(args), obj=CliContext(services_factory=lambda: services), catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return result.output


def test_a_school_changed_on_the_command_line_shows_on_the_next_page(
    sql_services: Services, world: World, browser: Browser
) -> None:
    browser.login("alice@example.nl", world.password)
    assert "Kindcentrum De Borg" in browser.get("/").get_data(as_text=True)
    results = f"/kinderen/{world.anna.id}/resultaten"
    assert browser.get(results).status_code == 404  # De Borg does not use Resultaten

    output = _cli(
        sql_services, "--school", "99XX00", "school", "set", "--name", "De Borg-Noord", "--results"
    )

    assert "De Borg-Noord bijgewerkt" in output
    page = browser.get("/").get_data(as_text=True)
    assert "De Borg-Noord" in page
    assert "Kindcentrum De Borg" not in page
    assert browser.get(results).status_code == 200
    _cli(sql_services, "--school", "99XX00", "school", "set", "--no-results")
    assert browser.get(results).status_code == 404


def test_session_parent_and_school_are_one_statement(
    sql_services: Services, world: World, app: Flask, browser: Browser
) -> None:
    browser.login("alice@example.nl", world.password)
    cookie = browser.client.get_cookie("deborg-session")
    assert cookie is not None
    assert sql_services.engine is not None
    with count_statements(sql_services.engine) as counted:
        signed_in = accounts.resolve_signed_in(
            sql_services.uow(),
            sql_services.clock,
            session_token=cookie.value,
            idle=dt.timedelta(minutes=30),
            absolute=dt.timedelta(hours=12),
        )
    assert signed_in is not None
    assert (signed_in.parent.login_name, signed_in.school.code) == ("alice@example.nl", "99XX00")
    assert counted.count == 1, counted.statements


def test_a_logged_out_session_is_refused_even_with_its_old_cookie(
    world: World, app: Flask, browser: Browser
) -> None:
    browser.login("alice@example.nl", world.password)
    cookie = browser.client.get_cookie("deborg-session")
    assert cookie is not None
    browser.post("/uitloggen", form_page="/")
    replay = app.test_client()
    replay.set_cookie("deborg-session", cookie.value)
    response = replay.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/inloggen")
