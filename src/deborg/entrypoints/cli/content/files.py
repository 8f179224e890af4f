"""Photo albums and documents."""

from __future__ import annotations

from pathlib import Path

import click

from deborg.domain.errors import InvalidInput
from deborg.entrypoints.cli.content.options import audience_options, chosen_groups, report
from deborg.entrypoints.cli.context import CliContext, emit_json, pass_context
from deborg.services.content import files

# --- albums ---------------------------------------------------------------------------------


@click.group()
def album() -> None:
    """Photo albums."""


@album.command("create")
@click.argument("title")
@click.option("--description", default="", help="A line about the album.")
@audience_options
@click.option("--json", "as_json", is_flag=True, help="Output as JSON.")
@pass_context
def album_create(
    context: CliContext,
    title: str,
    description: str,
    school_wide: bool,
    groups: tuple[str, ...],
    as_json: bool,
) -> None:
    """Create an empty album; add photos with: deborg album add ID FILES…"""
    school = context.school()
    s = context.services
    created = files.create_album(
        s.uow(),
        s.clock,
        school_id=school.id,
        title=title,
        description=description,
        group_names=chosen_groups(school_wide, groups),
    )
    if as_json:
        emit_json({"id": created.id, "title": created.title})
        return
    click.echo(f"Album {created.id} aangemaakt: {created.title}")
    click.echo(f"Voeg foto's toe met: deborg album add {created.id} FOTO.jpg …")


@album.command("add")
@click.argument("album_id", type=int)
@click.argument(
    "paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@pass_context
def album_add(context: CliContext, album_id: int, paths: tuple[Path, ...]) -> None:
    """Add photos (JPEG, PNG, WebP) to an album. Each is re-encoded and stripped of its
    metadata (location included); a file that is not a photo is reported and skipped."""
    school = context.school()
    s = context.services
    added = refused = 0
    with click.progressbar(paths, label="Foto's toevoegen", show_pos=True) as bar:
        for path in bar:
            try:
                files.add_photo(
                    s.uow(),
                    s.clock,
                    s.links,
                    s.files,
                    s.images,
                    s.tokens,
                    school_id=school.id,
                    album_id=album_id,
                    content=path.read_bytes(),
                    filename=path.name,
                )
                added += 1
            except InvalidInput as error:
                refused += 1
                click.echo(f"\n{path.name}: {error.message}", err=True)
    click.echo(f"{added} foto('s) toegevoegd aan album {album_id}; {refused} geweigerd.")
    if refused:
        raise SystemExit(1)


# --- documents ------------------------------------------------------------------------------


@click.group()
def document() -> None:
    """Documents (PDF and Office files) for the school or a group."""


@document.command("add")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--title", help="Title shown to parents (default: the file name).")
@click.option("--description", default="", help="A line about the document.")
@audience_options
@click.option("--json", "as_json", is_flag=True, help="Output as JSON.")
@pass_context
def document_add(
    context: CliContext,
    path: Path,
    title: str | None,
    description: str,
    school_wide: bool,
    groups: tuple[str, ...],
    as_json: bool,
) -> None:
    """Put a document ready for the school or for groups (type checked by its content)."""
    school = context.school()
    s = context.services
    published = files.add_document(
        s.uow(),
        s.clock,
        s.links,
        s.files,
        s.tokens,
        school_id=school.id,
        title=title or path.stem,
        filename=path.name,
        content=path.read_bytes(),
        max_bytes=s.settings.max_upload_bytes,
        description=description,
        group_names=chosen_groups(school_wide, groups),
    )
    report("Document", published, as_json)


def register(cli: click.Group) -> None:
    for command in (album, document):
        cli.add_command(command)
