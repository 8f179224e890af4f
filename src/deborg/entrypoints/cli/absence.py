"""``deborg absence``, ``deborg leave`` and ``deborg parent-messages``: the administration's
view of absences, its decisions on leave requests, and teachers answering parents' messages
(the conference planning commands are ``deborg conversations``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from deborg.domain import dutch
from deborg.domain.absence.leave import LeaveStatus
from deborg.domain.absence.settings import parse_reachable
from deborg.entrypoints.cli.context import CliContext, emit_json, pass_context
from deborg.entrypoints.cli.params import DATE, EMAIL, TIME
from deborg.services.absence import leave as leave_requests
from deborg.services.absence import reports, settings, threads
from deborg.services.absence.common import staff_by_email
from deborg.services.absence.reports import AbsentChild


def _absent_json(absent: AbsentChild, group: str | None = None) -> dict[str, Any]:
    report = absent.report
    return {
        "report_id": report.id,
        "child_id": absent.child.id,
        "child": absent.child.name,
        **({"group": group} if group is not None else {}),
        "reason": report.reason.value,
        "reason_label": report.reason.label,
        "note": report.note,
        "first_day": report.first_day.isoformat(),
        "last_day": report.last_day.isoformat() if report.last_day else None,
        "reported_by": absent.reported_by,
        "reported_at": report.reported_at.isoformat(),
    }


def _absent_line(absent: AbsentChild) -> str:
    report = absent.report
    note = f" ({report.note})" if report.note else ""
    return (
        f"  {absent.child.name}: {report.reason.label.lower()}{note}, {report.period_text()}"
        f" — gemeld door {absent.reported_by}"
    )


@click.group()
def absence() -> None:
    """Absences parents reported (ziekmeldingen) and the school's settings for them."""


@absence.command("today")
@click.option("--group", "groups", multiple=True, help="Only this group (name; repeat).")
@click.option("--day", type=DATE, help="Another day than today (school time).")
@click.option("--json", "as_json", is_flag=True, help="Output as JSON.")
@pass_context
def absence_today(
    context: CliContext, groups: tuple[str, ...], day: dt.date | None, as_json: bool
) -> None:
    """The children reported absent today, per group."""
    s = context.services
    found = reports.absences_on(
        s.uow(), s.clock, school_id=context.school().id, day=day, group_names=groups or None
    )
    if as_json:
        emit_json(
            {
                "day": found.day.isoformat(),
                "groups": [
                    {
                        "group": g.group.name,
                        "absent": [_absent_json(a) for a in g.absent],
                    }
                    for g in found.groups
                ],
            }
        )
        return
    date = dutch.format_date(found.day, year=True)
    if not found.groups:
        click.echo(f"Niemand afwezig gemeld op {date}.")
        return
    click.echo(f"Afwezig op {date}: {found.count} leerling(en).")
    for group in found.groups:
        click.echo(f"{group.group.name}:")
        for absent in group.absent:
            click.echo(_absent_line(absent))


@absence.command("list")
@click.option("--from", "first", type=DATE, required=True, help="First day.")
@click.option("--to", "last", type=DATE, required=True, help="Last day.")
@click.option("--json", "as_json", is_flag=True, help="Output as JSON.")
@pass_context
def absence_list(context: CliContext, first: dt.date, last: dt.date, as_json: bool) -> None:
    """Every absence report that reaches into the days FROM to TO."""
    if last < first:
        raise click.ClickException("--to ligt voor --from.")
    s = context.services
    found = reports.absences_between(s.uow(), school_id=context.school().id, first=first, last=last)
    if as_json:
        emit_json([_absent_json(a) for a in found])
        return
    if not found:
        click.echo("Geen meldingen in deze periode.")
    for absent in found:
        click.echo(_absent_line(absent).strip())


@absence.command("settings")
@click.option("--cutoff", type=TIME, help="Until when parents report for today (e.g. 08:15).")
@click.option("--phone", help="The number parents phone after the cut-off.")
@click.option("--reachable", help="Teachers' reachable hours, e.g. 'ma-vr 08:00-16:30'; '' clears.")
@click.option(
    "--retention-years", type=click.IntRange(0, 10), help="School years kept after the current one."
)
@pass_context
def absence_settings(
    context: CliContext,
    cutoff: dt.time | None,
    phone: str | None,
    reachable: str | None,
    retention_years: int | None,
) -> None:
    """Show or change the cut-off, the school's phone number, reachable hours and retention."""
    s = context.services
    school = context.school()
    if cutoff is None and phone is None and reachable is None and retention_years is None:
        current = settings.get_settings(s.uow(), school_id=school.id)
    else:
        current = settings.change_settings(
            s.uow(),
            school_id=school.id,
            cutoff=cutoff,
            phone=phone,
            reachable=parse_reachable(reachable) if reachable is not None else None,
            retention_years=retention_years,
        )
    hours = "; ".join(h.describe() for h in current.reachable) or "niet ingesteld"
    click.echo(f"Ziekmelden voor vandaag tot: {current.cutoff_text} uur")
    click.echo(f"Telefoonnummer van de school: {current.phone or 'niet ingesteld'}")
    click.echo(f"Bereikbare tijden van de leerkrachten: {hours}")
    click.echo(
        "Bewaren: tot het einde van het schooljaar, "
        f"{current.retention_years} schooljaar/-jaren later"
    )


# --- leave ----------------------------------------------------------------------------------


@click.group("leave")
def leave() -> None:
    """Leave requests (verlof, Leerplichtwet art. 11/13a/14): list, grant, refuse."""


@leave.command("list")
@click.option(
    "--status",
    type=click.Choice([s.value for s in LeaveStatus]),
    help="Only this status (aangevraagd, toegekend, afgewezen).",
)
@click.option("--json", "as_json", is_flag=True, help="Output as JSON.")
@pass_context
def leave_list(context: CliContext, status: str | None, as_json: bool) -> None:
    """The school's leave requests, by first day."""
    found = leave_requests.list_leave(
        context.services.uow(),
        school_id=context.school().id,
        status=LeaveStatus(status) if status else None,
    )
    if as_json:
        emit_json(
            [
                {
                    "id": line.request.id,
                    "child_id": line.child.id,
                    "child": line.child.name,
                    "reason": line.request.reason.value,
                    "first_day": line.request.first_day.isoformat(),
                    "last_day": line.request.last_day.isoformat(),
                    "school_days": line.request.school_days,
                    "note": line.request.note,
                    "status": line.request.status.value,
                    "requested_by": line.requested_by,
                    "decision_note": line.request.decision_note,
                }
                for line in found
            ]
        )
        return
    if not found:
        click.echo("Geen verlofaanvragen.")
    for line in found:
        r = line.request
        click.echo(
            f"#{r.id}  {r.status.label:<14} {line.child.name}: {r.period_text()} "
            f"({r.school_days} schooldag(en)), {r.reason.label.lower()}"
            + (f" — {r.note}" if r.note else "")
        )


def _decide(context: CliContext, request_id: int, grant: bool, by: str, note: str) -> None:
    s = context.services
    decided = leave_requests.decide_leave(
        s.uow(),
        s.clock,
        s.links,
        school_id=context.school().id,
        request_id=request_id,
        grant=grant,
        by=by,
        note=note,
    )
    click.echo(
        f"Verlofaanvraag #{decided.id} is {decided.status.label.lower()}; de ouders krijgen "
        "bericht per e-mail."
    )


@leave.command("grant")
@click.argument("request_id", type=click.IntRange(1, 2**31 - 1))
@click.option("--by", default="de directie", show_default=True, help="Who decides.")
@click.option("--note", default="", help="A remark for the parents.")
@pass_context
def leave_grant(context: CliContext, request_id: int, by: str, note: str) -> None:
    """Grant leave request REQUEST_ID."""
    _decide(context, request_id, True, by, note)


@leave.command("refuse")
@click.argument("request_id", type=click.IntRange(1, 2**31 - 1))
@click.option("--reason", "note", required=True, help="Why (the parents read it).")
@click.option("--by", default="de directie", show_default=True, help="Who decides.")
@pass_context
def leave_refuse(context: CliContext, request_id: int, note: str, by: str) -> None:
    """Refuse leave request REQUEST_ID, with a reason."""
    _decide(context, request_id, False, by, note)


# --- parent messages ------------------------------------------------------------------------


@click.group("parent-messages")
def parent_messages() -> None:
    """Berichten van ouders aan een leerkracht: list, read and answer them."""


def _teacher_id(context: CliContext, email: str) -> int:
    return staff_by_email(context.services.uow(), school_id=context.school().id, email=email).id


@parent_messages.command("list")
@click.option("--as", "staff_email", type=EMAIL, required=True, help="The teacher's e-mail.")
@click.option("--json", "as_json", is_flag=True, help="Output as JSON.")
@pass_context
def messages_list(context: CliContext, staff_email: str, as_json: bool) -> None:
    """The teacher's conversations, latest first; unread ones marked with *."""
    found = threads.threads_for_teacher(
        context.services.uow(),
        school_id=context.school().id,
        staff_id=_teacher_id(context, staff_email),
    )
    if as_json:
        emit_json(
            [
                {
                    "id": t.thread.id,
                    "subject": t.thread.subject,
                    "child": t.child.name,
                    "unread": t.unread,
                    "last_post_at": t.thread.last_post_at.isoformat(),
                }
                for t in found
            ]
        )
        return
    if not found:
        click.echo("Geen berichten van ouders.")
    for t in found:
        mark = "*" if t.unread else " "
        click.echo(
            f"{mark} #{t.thread.id}  {t.thread.last_post_at:%Y-%m-%d %H:%M} UTC  "
            f"{t.child.name}: {t.thread.subject}"
        )


@parent_messages.command("show")
@click.argument("thread_id", type=click.IntRange(1, 2**31 - 1))
@click.option("--as", "staff_email", type=EMAIL, required=True, help="The teacher's e-mail.")
@click.option("--json", "as_json", is_flag=True, help="Output as JSON.")
@pass_context
def messages_show(context: CliContext, thread_id: int, staff_email: str, as_json: bool) -> None:
    """Read conversation THREAD_ID (marks it read)."""
    s = context.services
    view = threads.thread_for_teacher(
        s.uow(),
        s.clock,
        school_id=context.school().id,
        staff_id=_teacher_id(context, staff_email),
        thread_id=thread_id,
    )
    if as_json:
        emit_json(
            {
                "id": view.thread.id,
                "subject": view.thread.subject,
                "child": view.child.name,
                "posts": [
                    {
                        "id": p.post.id,
                        "from": p.author,
                        "side": p.post.side.value,
                        "at": p.post.posted_at.isoformat(),
                        "text": p.post.text,
                        "attachment": p.post.attachment.filename if p.post.attachment else None,
                    }
                    for p in view.posts
                ],
            }
        )
        return
    click.echo(f"#{view.thread.id} {view.thread.subject} (over {view.child.name})")
    for p in view.posts:
        click.echo(f"--- {p.author}, {p.post.posted_at:%Y-%m-%d %H:%M} UTC")
        click.echo(p.post.text)
        if p.post.attachment:
            click.echo(f"[bijlage: {p.post.attachment.filename}]")


@parent_messages.command("reply")
@click.argument("thread_id", type=click.IntRange(1, 2**31 - 1))
@click.argument("text")
@click.option("--as", "staff_email", type=EMAIL, required=True, help="The teacher's e-mail.")
@pass_context
def messages_reply(context: CliContext, thread_id: int, text: str, staff_email: str) -> None:
    """Answer conversation THREAD_ID; the parents are told as they chose."""
    s = context.services
    threads.reply_as_teacher(
        s.uow(),
        s.clock,
        s.links,
        school_id=context.school().id,
        staff_id=_teacher_id(context, staff_email),
        thread_id=thread_id,
        text=text,
    )
    click.echo(f"Antwoord geplaatst in gesprek #{thread_id}.")


def register(cli: click.Group) -> None:
    cli.add_command(absence)
    cli.add_command(leave)
    cli.add_command(parent_messages)
