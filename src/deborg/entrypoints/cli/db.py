from __future__ import annotations

import click

from deborg.adapters.sqlalchemy.database import current_revisions, upgrade
from deborg.entrypoints.cli.context import CliContext, pass_context


@click.group()
def db() -> None:
    """The database schema."""


@db.command("upgrade")
@pass_context
def db_upgrade(context: CliContext) -> None:
    """Apply all migrations (safe to run on every deploy)."""
    engine = context.services.engine
    assert engine is not None
    upgrade(engine)
    click.echo(f"Database bijgewerkt ({', '.join(sorted(current_revisions(engine)))}).")


def register(cli: click.Group) -> None:
    cli.add_command(db)
