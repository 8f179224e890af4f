"""What the content commands share: the audience and body options, and the report of what
was published."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from deborg.domain.typed_text import clean_text
from deborg.entrypoints.cli.context import emit_json
from deborg.services.content.publishing import Edited, Published

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


def chosen_groups(school_wide: bool, groups: tuple[str, ...]) -> tuple[str, ...]:
    if school_wide and groups:
        raise click.UsageError("Kies --school-wide of --group, niet allebei.")
    return groups


def changed_audience_options(command: F) -> F:
    """--group / --school-wide on an edit: given, they replace the audience; left out, it
    stays."""
    command = click.option(
        "--group",
        "groups",
        multiple=True,
        metavar="NAME",
        help="From now on only for this group (repeat for several).",
    )(command)
    return click.option("--school-wide", is_flag=True, help="From now on for the whole school.")(
        command
    )


def changed_groups(school_wide: bool, groups: tuple[str, ...]) -> tuple[str, ...] | None:
    """The audience an edit asks for: ``None`` when neither option was given."""
    if not school_wide and not groups:
        return None
    return chosen_groups(school_wide, groups)


def report_edit(kind: str, edited: Edited[Any]) -> None:
    click.echo(f"{kind} {edited.item.id} bijgewerkt: {edited.item.title}")
    move = edited.audience
    if move is not None:
        click.echo(
            f"Nieuwe doelgroep: {move.gained} ouder(s) erbij, {move.lost} eraf. "
            f"Direct gemaild: {move.mailed}; in de weekmail: {move.in_digest}."
        )


def report_files(kept: tuple[tuple[str, str], ...]) -> None:
    """Files the store would not remove (the item is gone for parents either way)."""
    for key, reason in kept:
        click.echo(f"Bestand {key} is niet verwijderd uit de opslag: {reason}", err=True)


def body_options(command: F) -> F:
    command = click.option(
        "--body-file",
        type=click.File("r", encoding="utf-8"),
        help="Read the body (Markdown or HTML) from a file; - for standard input.",
    )(command)
    return click.option("--body", default="", help="The text (Markdown or HTML).")(command)


def body_text(body: str, body_file: Any) -> str:
    if body and body_file is not None:
        raise click.UsageError("Geef --body of --body-file, niet allebei.")
    if body_file is None:
        return body
    # A file is typed input like an argument: the same rule (DomainErrorsGroup shows a refusal).
    return clean_text(str(body_file.read()), field="--body-file", multiline=True)


def report(kind: str, published: Published[Any], as_json: bool) -> None:
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
