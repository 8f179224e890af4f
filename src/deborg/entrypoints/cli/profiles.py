"""Changes reported by parents (``deborg changes``) and teacher notes (``deborg note``)."""

from __future__ import annotations

import click

from deborg.domain.profiles.model import ChangeReport
from deborg.entrypoints.cli.context import CliContext, command_line, emit_json, pass_context
from deborg.entrypoints.cli.params import EMAIL
from deborg.services.profiles import changes as reported
from deborg.services.profiles import children


@click.group()
def changes() -> None:
    """Changes that parents reported ("Wijziging melden"), to process in the administration."""


def _rename(report: ChangeReport, logins: dict[int, str]) -> list[str] | None:
    """[current login, new login] when the reported contact e-mail is not the login yet."""
    wanted = report.login_rename
    current = logins.get(report.reported_by)
    if wanted is None or current is None or wanted[1] == current:
        return None
    return [current, wanted[1]]


@changes.command("list")
@click.option("--all", "include_handled", is_flag=True, help="Include changes marked done.")
@click.option("--json", "as_json", is_flag=True, help="Output as JSON.")
@pass_context
def changes_list(context: CliContext, include_handled: bool, as_json: bool) -> None:
    """List the reported changes, oldest first, with old and new values."""
    school = context.school()
    reports = reported.list_changes(
        context.services.uow(), school_id=school.id, include_handled=include_handled
    )
    with context.services.uow() as uow:
        logins = {
            p.id: p.login_name
            for p in uow.parents.get_many(school.id, [r.reported_by for r in reports])
        }
    if as_json:
        emit_json(
            [
                {
                    "id": r.id,
                    "subject_type": r.subject_type.value,
                    "subject_id": r.subject_id,
                    "subject_name": r.subject_name,
                    "reported_by": r.reported_by,
                    "reporter_name": r.reporter_name,
                    "reported_at": r.reported_at.isoformat(),
                    "handled_at": r.handled_at.isoformat() if r.handled_at else None,
                    "changes": [
                        {"field": c.field, "label": c.label, "old": c.old, "new": c.new}
                        for c in r.changes
                    ],
                    "rename_login": _rename(r, logins),
                }
                for r in reports
            ]
        )
        return
    if not reports:
        click.echo("Geen openstaande wijzigingen.")
        return
    for r in reports:
        kind = "ouder" if r.subject_type.value == "parent" else "leerling"
        done = f" (afgehandeld {r.handled_at:%Y-%m-%d})" if r.handled_at else ""
        click.echo(
            f"#{r.id}  {r.reported_at:%Y-%m-%d %H:%M} UTC  {kind} {r.subject_name}"
            f"  gemeld door {r.reporter_name}{done}"
        )
        for c in r.changes:
            click.echo(f"    {c.label}: {c.old or '(leeg)'} -> {c.new or '(leeg)'}")
        rename = _rename(r, logins)
        if rename:
            click.echo(
                "    Inlognaam aanpassen: "
                + command_line("deborg", "parent", "rename-login", rename[0], rename[1])
            )


@changes.command("done")
@click.argument("report_id", type=click.IntRange(min=1), metavar="ID")
@pass_context
def changes_done(context: CliContext, report_id: int) -> None:
    """Mark a reported change as processed."""
    school = context.school()
    handled = reported.mark_change_done(
        context.services.uow(), context.services.clock, school_id=school.id, report_id=report_id
    )
    if handled.already:
        click.echo(f"Wijziging #{report_id} was al afgehandeld.")
    else:
        click.echo(f"Wijziging #{report_id} is afgehandeld.")


@click.group()
def note() -> None:
    """Teacher notes about a pupil; the pupil's parents read them under Notities."""


@note.command("add")
@click.argument("child")
@click.argument("text")
@click.option("--as", "staff_email", type=EMAIL, required=True, help="The teacher's e-mail.")
@pass_context
def note_add(context: CliContext, child: str, text: str, staff_email: str) -> None:
    """Add a note about CHILD (pupil number or id)."""
    school = context.school()
    added = children.add_note(
        context.services.uow(),
        context.services.clock,
        school_id=school.id,
        child=child,
        staff_email=staff_email,
        text=text,
    )
    click.echo(f"Notitie #{added.id} geplaatst door {added.author}.")


@note.command("list")
@click.argument("child")
@click.option("--json", "as_json", is_flag=True, help="Output as JSON.")
@pass_context
def note_list(context: CliContext, child: str, as_json: bool) -> None:
    """List the notes about CHILD, newest first."""
    school = context.school()
    found, notes = children.notes_of(context.services.uow(), school_id=school.id, child=child)
    if as_json:
        emit_json(
            [
                {"id": n.id, "author": n.author, "text": n.text, "at": n.created_at.isoformat()}
                for n in notes
            ]
        )
        return
    if not notes:
        click.echo(f"Geen notities over {found.name}.")
    for n in notes:
        click.echo(f"#{n.id}  {n.created_at:%Y-%m-%d %H:%M} UTC  {n.author}: {n.text}")


def register(cli: click.Group) -> None:
    cli.add_command(changes)
    cli.add_command(note)
