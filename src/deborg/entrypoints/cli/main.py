"""``deborg``: the staff command line."""

from __future__ import annotations

import click

from deborg.entrypoints.cli import (
    absence,
    accounts,
    conferences,
    content,
    db,
    directory,
    files,
    housekeeping,
    mail,
    profiles,
    pupil_import,
    serve,
)
from deborg.entrypoints.cli.context import CliContext, DomainErrorsGroup


@click.group(cls=DomainErrorsGroup)
@click.option(
    "--school",
    "school_code",
    envvar="DEBORG_SCHOOL",
    metavar="CODE",
    help="Schoolcode of the school to work on (needed when the deployment has several).",
)
@click.pass_context
def cli(ctx: click.Context, school_code: str | None) -> None:
    """Staff tools for the parent portal: schools, groups, pupils, parents, content and mail."""
    if ctx.obj is None:
        ctx.obj = CliContext(school_code=school_code)
    elif school_code:
        ctx.obj.school_code = school_code


for module in (
    db,
    directory,
    accounts,
    content,
    conferences,
    absence,
    mail,
    housekeeping,
    files,
    profiles,
    pupil_import,
    serve,
):
    module.register(cli)
