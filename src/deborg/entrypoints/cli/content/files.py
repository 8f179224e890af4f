"""Photo albums and documents."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from deborg.domain.errors import InvalidInput
from deborg.entrypoints.cli.content.options import (
    audience_options,
    changed_audience_options,
    changed_groups,
    chosen_groups,
    report,
    report_edit,
    report_files,
)
from deborg.entrypoints.cli.context import CliContext, emit_json, pass_context
from deborg.services.content import files
from deborg.services.content.files import Withdrawn
from deborg.services.content.publishing.edits import Edited

F = TypeVar("F", bound=Callable[..., Any])


def described_edit_options(command: F) -> F:
    """--title, --description and the audience of an album's or a document's edit; what is
    left out stays."""
    command = changed_audience_options(command)
    command = click.option("--description", help="The (corrected) description.")(command)
    return click.option("--title", help="The (corrected) title.")(command)


def _edit_command(
    group: click.Group, kind: str, change: Callable[..., Edited[Any]], help_text: str
) -> None:
    """Add ``edit ID`` to an album's or a document's group: ``change`` corrects it (its id as
    ``<kind>_id``) and the result is reported the same way for both."""
    id_name = f"{kind.lower()}_id"

    @group.command("edit", help=help_text)
    @click.argument(id_name, type=int)
    @described_edit_options
    @pass_context
    def edit(
        context: CliContext,
        /,
        title: str | None,
        description: str | None,
        school_wide: bool,
        groups: tuple[str, ...],
        **item_id: int,
    ) -> None:
        s = context.services
        edited = change(
            s.uow(),
            s.clock,
            s.links,
            school_id=context.school().id,
            title=title,
            description=description,
            group_names=changed_groups(school_wide, groups),
            **item_id,
        )
        report_edit(kind, edited)


def _withdraw_command(
    group: click.Group,
    kind: str,
    withdraw: Callable[..., Withdrawn[Any]],
    help_text: str,
    tail: Callable[[Withdrawn[Any]], str],
) -> None:
    """Add ``withdraw ID`` to an album's or a document's group; ``tail`` ends the line that
    says what was taken down."""

    @group.command("withdraw", help=help_text)
    @click.argument(f"{kind.lower()}_id", type=int)
    @pass_context
    def withdraw_command(context: CliContext, /, **item_id: int) -> None:
        s = context.services
        withdrawn = withdraw(s.uow(), s.files, school_id=context.school().id, **item_id)
        click.echo(
            f"{kind} {withdrawn.item.id} ingetrokken: {withdrawn.item.title}{tail(withdrawn)}"
        )
        report_files(withdrawn.files.kept)


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


_edit_command(
    album,
    "Album",
    files.change_album,
    """Correct an album's title or description, or change its audience (only parents who
    newly get it are told, once).""",
)


@album.command("remove-photo")
@click.argument("album_id", type=int)
@click.argument("photo_id", type=int)
@pass_context
def album_remove_photo(context: CliContext, album_id: int, photo_id: int) -> None:
    """Take one photo out of an album; its files leave the file store."""
    s = context.services
    removed = files.remove_photo(
        s.uow(), s.files, school_id=context.school().id, album_id=album_id, photo_id=photo_id
    )
    click.echo(f"Foto {removed.item.id} verwijderd uit album {album_id}.")
    report_files(removed.files.kept)


@album.command("photos")
@click.argument("album_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Output as JSON.")
@pass_context
def album_photos(context: CliContext, album_id: int, as_json: bool) -> None:
    """The photos of an album, in the order they were added (their ids for remove-photo)."""
    shown = files.album_for_staff_page(
        context.services.uow(), school_id=context.school().id, album_id=album_id
    )
    rows = [
        {"id": p.id, "added_at": p.added_at.isoformat(), "caption": p.caption} for p in shown.photos
    ]
    if as_json:
        emit_json(rows)
        return
    for row in rows:
        click.echo(f"{row['id']}\t{row['added_at']}\t{row['caption']}")


_withdraw_command(
    album,
    "Album",
    files.withdraw_album,
    "Take an album down: parents no longer see it; its photos leave the file store.",
    lambda gone: f" ({gone.files.removed} bestand(en) verwijderd).",
)


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


_edit_command(
    document,
    "Document",
    files.change_document,
    """Correct a document's title or description, or change its audience (only parents who
    newly get it are told, once).""",
)


@document.command("replace")
@click.argument("document_id", type=int)
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_context
def document_replace(context: CliContext, document_id: int, path: Path) -> None:
    """Put a new file under a document (checked like a new one); the old file leaves the
    file store. Parents are not mailed again."""
    s = context.services
    replaced = files.replace_document_file(
        s.uow(),
        s.files,
        s.tokens,
        school_id=context.school().id,
        document_id=document_id,
        filename=path.name,
        content=path.read_bytes(),
        max_bytes=s.settings.max_upload_bytes,
    )
    click.echo(f"Document {replaced.item.id} heeft een nieuw bestand: {replaced.item.filename}")
    report_files(replaced.files.kept)


_withdraw_command(
    document,
    "Document",
    files.withdraw_document,
    "Take a document down: parents no longer see it; its file leaves the file store.",
    lambda gone: "",
)


def register(cli: click.Group) -> None:
    for command in (album, document):
        cli.add_command(command)
