"""``deborg serve`` and ``deborg demo``."""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

import click

from deborg.adapters.sqlalchemy.database import upgrade
from deborg.bootstrap import Services, bootstrap
from deborg.config import ConfigurationError, Settings, keep_base_url
from deborg.entrypoints.cli.context import CliContext, pass_context
from deborg.entrypoints.web.links import PortalLinks
from deborg.services.outbox import deliver_outbox

log = logging.getLogger(__name__)


def _deliver_in_background(services: Services, interval: float = 2.0) -> threading.Event:
    """Development and demo only: send the outbox every few seconds (production uses cron)."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(interval):
            try:
                deliver_outbox(services.uow(), services.mailer, services.clock)
            except Exception:  # keep the demo alive; the error is in the log
                log.exception("delivering the outbox failed")

    threading.Thread(target=loop, name="outbox", daemon=True).start()
    return stop


def _run(services: Services, host: str, port: int) -> None:
    from deborg.entrypoints.web import create_app

    app = create_app(services=services)
    _deliver_in_background(services)
    app.run(host=host, port=port, debug=False, use_reloader=False, threaded=True)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@pass_context
def serve(context: CliContext, host: str, port: int) -> None:
    """Run the portal with the development server (production: gunicorn, see README)."""
    services = context.services
    assert services.engine is not None
    upgrade(services.engine)
    click.echo(f"Ouderportaal op http://{host}:{port}/")
    _run(services, host, port)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where the demo keeps its database, files and mails (default: DEBORG_DATA_DIR or "
    "./deborg-data). A second run on the same folder reuses its data.",
)
@click.option("--no-serve", is_flag=True, help="Only create the data and print the login.")
def demo(host: str, port: int, data_dir: Path | None, no_serve: bool) -> None:
    """Create (or reuse) the demo school Kindcentrum De Borg and serve the portal."""
    from deborg.demo import seed_demo
    from deborg.demo.staff import DEMO_BEHEERDER_LOGIN, DEMO_TEACHER_LOGIN

    environ = dict(os.environ)
    if data_dir is not None:
        environ["DEBORG_DATA_DIR"] = str(data_dir)
        environ.pop("DEBORG_DATABASE_URL", None)
    environ.setdefault("DEBORG_BASE_URL", f"http://{host}:{port}")
    try:
        settings = Settings.from_env(environ, demo=True, smtp=None)
    except ConfigurationError as error:
        raise click.ClickException(str(error)) from error
    keep_base_url(settings)
    services = bootstrap(settings, PortalLinks.from_routes(settings.base_url, settings.secret_key))
    assert services.engine is not None
    upgrade(services.engine)
    click.echo(f"Demogegevens in {settings.data_dir} …")
    login = seed_demo(services)
    deliver_outbox(services.uow(), services.mailer, services.clock)
    click.echo("Log in als ouder:")
    click.echo(f"Gebruikersnaam: {login.username}")
    click.echo(f"Wachtwoord: {login.password}")
    click.echo(
        f"Schoolkant (/school/): {DEMO_TEACHER_LOGIN} (leerkracht) of {DEMO_BEHEERDER_LOGIN} "
        "(beheerder), zelfde wachtwoord"
    )
    if no_serve:
        return
    click.echo(f"Ouderportaal op {settings.base_url}/")
    click.echo(f"Verstuurde e-mails: {settings.base_url}/demo/mail")
    _run(services, host, port)


def register(cli: click.Group) -> None:
    cli.add_command(serve)
    cli.add_command(demo)
