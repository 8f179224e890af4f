"""School content: news, messages (urgent, open for replies), agenda, albums, documents.

Each publishing command takes an audience: the whole school (``--school-wide``, the default)
or one or more ``--group NAME``. Body text is Markdown (HTML allowed); it is sanitised before
it is stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from deborg.domain import dutch
from deborg.domain.errors import InvalidInput
from deborg.entrypoints.cli.context import CliContext, emit_json, pass_context
from deborg.entrypoints.cli.params import DATE, EMAIL, TIME
from deborg.services.content import files, publishing
from deborg.services.content.publishing import AgendaInput, Published

F = TypeVar("F", bound=Callable[..., Any])


def audience_options(command: F) -> F:
    command = click.option(
        "--group",
        "groups",
        multiple=True,
        metavar="NAME",
        help="Only for this group (repeat for several).",
    )(command)
    return click.option(
        "--school-wide",
        is_flag=True,
        help="For the whole school (the default when no --group is given).",
    )(command)


def _groups(school_wide: bool, groups: tuple[str, ...]) -> tuple[str, ...]:
    if school_wide and groups:
        raise click.UsageError("Kies --school-wide of --group, niet allebei.")
    return groups


def body_options(command: F) -> F:
    command = click.option(
        "--body-file",
        type=click.File("r", encoding="utf-8"),
        help="Read the body (Markdown or HTML) from a file; - for standard input.",
    )(command)
    return click.option("--body", default="", help="The text (Markdown or HTML).")(command)


def _body(body: str, body_file: Any) -> str:
    if body and body_file is not None:
        raise click.UsageError("Geef --body of --body-file, niet allebei.")
    return str(body_file.read()) if body_file is not None else body


def _report(kind: str, published: Published[Any], as_json: bool) -> None:
    item = published.item
    if as_json:
        emit_json(
            {
                "id": item.id,
                "title": item.title,
                "mailed": published.mailed,
                "in_digest": published.in_digest,
            }
        )
        return
    click.echo(f"{kind} {item.id} geplaatst: {item.title}")
    click.echo(
        f"Direct gemaild: {published.mailed} ouder(s); in de weekmail: {published.in_digest}."
    )


# --- news -----------------------------------------------------------------------------------


@click.group()
def news() -> None:
    """Nieuws."""


@news.command("post")
@click.argument("title")
@body_options
@audience_options
@click.option("--as", "author", type=EMAIL, help="E-mail address of the staff member posting.")
@click.option("--json", "as_json", is_flag=True, help="Output as JSON.")
@pass_context
def news_post(
    context: CliContext,
    title: str,
    body: str,
    body_file: Any,
    school_wide: bool,
    groups: tuple[str, ...],
    author: str | None,
    as_json: bool,
) -> None:
    """Post a news item."""
    school = context.school()
    s = context.services
    published = publishing.post_news(
        s.uow(),
        s.clock,
        s.links,
        s.richtext,
        school_id=school.id,
        title=title,
        body=_body(body, body_file),
        group_names=_groups(school_wide, groups),
        author_email=author,
    )
    _report("Nieuwsbericht", published, as_json)


# --- messages -------------------------------------------------------------------------------


@click.group()
def message() -> None:
    """Berichten (oproepen, spoedberichten) and the parents' replies."""


@message.command("post")
@click.argument("title")
@body_options
@audience_options
@click.option(
    "--urgent", is_flag=True, help="Spoedbericht: mailed at once to every guardian concerned."
)
@click.option("--replies", is_flag=True, help="Parents may reply; replies reach --as.")
@click.option("--as", "author", type=EMAIL, help="E-mail address of the staff member posting.")
@click.option("--json", "as_json", is_flag=True, help="Output as JSON.")
@pass_context
def message_post(
    context: CliContext,
    title: str,
    body: str,
    body_file: Any,
    school_wide: bool,
    groups: tuple[str, ...],
    urgent: bool,
    replies: bool,
    author: str | None,
    as_json: bool,
) -> None:
    """Post a message (bericht)."""
    school = context.school()
    s = context.services
    published = publishing.post_message(
        s.uow(),
        s.clock,
        s.links,
        s.richtext,
        school_id=school.id,
        title=title,
        body=_body(body, body_file),
        group_names=_groups(school_wide, groups),
        urgent=urgent,
        allow_replies=replies,
        author_email=author,
    )
    _report("Spoedbericht" if urgent else "Bericht", published, as_json)


@message.command("replies")
@click.argument("message_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Output as JSON.")
@pass_context
def message_replies(context: CliContext, message_id: int, as_json: bool) -> None:
    """The parents' replies to a message, oldest first."""
    school = context.school()
    found, replies = publishing.replies_to(
        context.services.uow(), school_id=school.id, message_id=message_id
    )
    if as_json:
        emit_json(
            [
                {
                    "id": r.reply.id,
                    "parent": r.parent_name,
                    "email": r.parent_email,
                    "text": r.reply.text,
                    "created_at": r.reply.created_at.isoformat(),
                }
                for r in replies
            ]
        )
        return
    click.echo(f"Reacties op bericht {found.id}: {found.title} ({len(replies)})")
    for r in replies:
        when = dutch.format_moment(r.reply.created_at, school.timezone)
        click.echo(f"\n{when} – {r.parent_name} <{r.parent_email}>\n{r.reply.text}")


@message.command("list")
@click.option("--json", "as_json", is_flag=True, help="Output as JSON.")
@pass_context
def message_list(context: CliContext, as_json: bool) -> None:
    """Messages, newest first."""
    school = context.school()
    with context.services.uow() as uow:
        messages = uow.messages.list(school.id)
    rows = [
        {
            "id": m.id,
            "title": m.title,
            "urgent": m.urgent,
            "replies": m.allow_replies,
            "published_at": m.published_at.isoformat(),
        }
        for m in messages
    ]
    if as_json:
        emit_json(rows)
        return
    for m in messages:
        flags = (" [spoed]" if m.urgent else "") + (" [reacties]" if m.allow_replies else "")
        click.echo(f"{m.id:>5}  {m.title}{flags}")


# --- agenda ---------------------------------------------------------------------------------


@click.group()
def agenda() -> None:
    """The school agenda."""


def agenda_options(command: F) -> F:
    for decorator in reversed(
        (
            click.option("--date", "day", type=DATE, required=True, help="Date, e.g. 11-10-2026."),
            click.option("--start", type=TIME, help="Start time, e.g. 14:30 (none: all day)."),
            click.option("--end", type=TIME, help="End time, e.g. 15:15."),
            click.option("--end-date", type=DATE, help="Last day of a multi-day item."),
            click.option("--location", default="", help="Where."),
            click.option("--description", default="", help="Details (Markdown)."),
        )
    ):
        command = decorator(command)
    return command


def _agenda_input(
    title: str,
    day: dt.date,
    start: dt.time | None,
    end: dt.time | None,
    end_date: dt.date | None,
    location: str,
    description: str,
) -> AgendaInput:
    return AgendaInput(
        title=title,
        day=day,
        start_time=start,
        end_time=end,
        end_day=end_date,
        location=location,
        description=description,
    )


@agenda.command("add")
@click.argument("title")
@agenda_options
@audience_options
@click.option("--json", "as_json", is_flag=True, help="Output as JSON.")
@pass_context
def agenda_add(
    context: CliContext,
    title: str,
    day: dt.date,
    start: dt.time | None,
    end: dt.time | None,
    end_date: dt.date | None,
    location: str,
    description: str,
    school_wide: bool,
    groups: tuple[str, ...],
    as_json: bool,
) -> None:
    """Add an agenda item (times in the school's time zone)."""
    school = context.school()
    s = context.services
    published = publishing.add_agenda_item(
        s.uow(),
        s.clock,
        s.links,
        s.richtext,
        school_id=school.id,
        data=_agenda_input(title, day, start, end, end_date, location, description),
        group_names=_groups(school_wide, groups),
    )
    _report("Agenda-item", published, as_json)


@agenda.command("change")
@click.argument("item_id", type=int)
@click.argument("title")
@agenda_options
@audience_options
@click.option("--json", "as_json", is_flag=True, help="Output as JSON.")
@pass_context
def agenda_change(
    context: CliContext,
    item_id: int,
    title: str,
    day: dt.date,
    start: dt.time | None,
    end: dt.time | None,
    end_date: dt.date | None,
    location: str,
    description: str,
    school_wide: bool,
    groups: tuple[str, ...],
    as_json: bool,
) -> None:
    """Change an agenda item (all its details); parents hear of the change."""
    school = context.school()
    s = context.services
    group_names: tuple[str, ...] | None = _groups(school_wide, groups)
    if not school_wide and not groups:
        group_names = None  # keep the audience
    published = publishing.change_agenda_item(
        s.uow(),
        s.clock,
        s.links,
        s.richtext,
        school_id=school.id,
        item_id=item_id,
        data=_agenda_input(title, day, start, end, end_date, location, description),
        group_names=group_names,
    )
    _report("Agenda-item gewijzigd:", published, as_json)


@agenda.command("remove")
@click.argument("item_id", type=int)
@pass_context
def agenda_remove(context: CliContext, item_id: int) -> None:
    """Remove an agenda item; parents hear it was cancelled."""
    school = context.school()
    s = context.services
    published = publishing.remove_agenda_item(
        s.uow(), s.clock, s.links, school_id=school.id, item_id=item_id
    )
    click.echo(f"Agenda-item {item_id} verwijderd: {published.item.title}")


@agenda.command("list")
@click.option("--json", "as_json", is_flag=True, help="Output as JSON.")
@pass_context
def agenda_list(context: CliContext, as_json: bool) -> None:
    """Coming agenda items."""
    school = context.school()
    s = context.services
    with s.uow() as uow:
        items = uow.agenda.list(school.id, ending_after=s.clock.now())
    if as_json:
        emit_json(
            [
                {
                    "id": i.id,
                    "title": i.title,
                    "starts_at": i.starts_at.isoformat(),
                    "ends_at": i.ends_at.isoformat() if i.ends_at else None,
                    "all_day": i.all_day,
                    "groups": sorted(i.audience.group_ids),
                }
                for i in items
            ]
        )
        return
    for i in items:
        click.echo(f"{i.id:>5}  {publishing.describe_when(i, school.timezone)}  {i.title}")


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
        group_names=_groups(school_wide, groups),
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
        group_names=_groups(school_wide, groups),
    )
    _report("Document", published, as_json)


def register(cli: click.Group) -> None:
    for command in (news, message, agenda, album, document):
        cli.add_command(command)
