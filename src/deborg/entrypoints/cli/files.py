"""``deborg files migrate``: copy the stored photos and documents to another store."""

from __future__ import annotations

from pathlib import Path

import click

from deborg.bootstrap import file_store_at
from deborg.config import ConfigurationError
from deborg.entrypoints.cli.context import CliContext, emit_json, pass_context
from deborg.services.file_migration import copy_files


@click.group("files")
def files_group() -> None:
    """Where uploaded photos and documents are stored."""


@files_group.command("migrate")
@click.option(
    "--to",
    "target",
    required=True,
    metavar="URL",
    help="s3://bucket/prefix (endpoint and credentials from DEBORG_S3_*) or a local folder.",
)
@click.option("--json", "as_json", is_flag=True, help="Output as JSON.")
@pass_context
def migrate(context: CliContext, target: str, as_json: bool) -> None:
    """Copy every stored file from the configured store (DEBORG_FILES_URL, or the data
    folder) to TARGET. Safe to run again: files already there are skipped. Afterwards set
    DEBORG_FILES_URL to TARGET on every app machine and restart them."""
    s = context.services
    try:
        store = file_store_at(target)
    except ConfigurationError as error:
        raise click.BadParameter(
            "geen geldige opslag; geef s3://bucket of s3://bucket/map, of een map op schijf.",
            param_hint="--to",
        ) from error
    if s.settings.files_s3 is not None:
        same = target.rstrip("/") == s.settings.files_s3.url
    else:
        same = not target.startswith("s3://") and Path(target).resolve() == s.settings.files_dir
    if same:
        raise click.BadParameter("dit is de opslag die al in gebruik is.", param_hint="--to")
    report = copy_files(s.files, store)
    if as_json:
        emit_json(
            {
                "copied": report.copied,
                "already_there": report.already_there,
                "bytes_copied": report.bytes_copied,
            }
        )
        return
    click.echo(
        f"{report.copied} bestand(en) gekopieerd ({report.bytes_copied} bytes), "
        f"{report.already_there} stond(en) er al."
    )


def register(cli: click.Group) -> None:
    cli.add_command(files_group)
