"""The outbox: deliver it, look into it, requeue it; the weekly digest on demand.

Exit codes for a scheduler: 0 all went well, 1 some mail failed for good (see
``deborg mail list --failed``), 75 the mail server could not be reached (EX_TEMPFAIL: the
mail waits in the outbox for the next run), 69 the database could not be reached.
"""

from __future__ import annotations

import datetime as dt

import click

from deborg.domain import dutch
from deborg.domain.mail import OutboxStatus
from deborg.entrypoints.cli.context import CliContext, emit_json, pass_context
from deborg.entrypoints.cli.params import DateParam
from deborg.services.absence.cutoff import run_cutoff_mails
from deborg.services.conferences.reminders import send_reminders
from deborg.services.notifications.digest import DigestReport, run_digests, run_school_digest
from deborg.services.outbox import DeliveryReport, deliver_outbox, requeue_mail

EXIT_MAIL_FAILED = 1
EXIT_SERVER_UNREACHABLE = 75


@click.group()
def mail() -> None:
    """Mail: the outbox and its delivery."""


def _delivery_summary(report: DeliveryReport) -> dict[str, object]:
    return {
        "sent": report.sent,
        "retried": report.retried,
        "failed": report.failed,
        "server_unreachable": report.unreachable or None,
    }


def _finish(report: DeliveryReport, summary: dict[str, object], as_json: bool) -> None:
    """Print the result and leave with the exit code a scheduler understands."""
    if as_json:
        emit_json(summary)
    else:
        click.echo(
            f"Verstuurd: {report.sent}, later opnieuw: {report.retried}, mislukt: {report.failed}."
        )
    if report.server_down:
        click.echo(
            f"Fout: de mailserver is niet bereikbaar ({report.unreachable}); "
            "de mail blijft in de wachtrij.",
            err=True,
        )
    if report.failed:
        click.echo(
            f"Fout: {report.failed} mail(s) definitief mislukt; zie deborg mail list --failed.",
            err=True,
        )
    if report.server_down:
        raise SystemExit(EXIT_SERVER_UNREACHABLE)
    if report.failed:
        raise SystemExit(EXIT_MAIL_FAILED)


@mail.command("send")
@click.option("--json", "as_json", is_flag=True, help="Output a JSON summary.")
@pass_context
def mail_send(context: CliContext, as_json: bool) -> None:
    """Deliver the mails that are due (SMTP, or files in development). Exit code 75 when the
    mail server cannot be reached, 1 when a mail failed for good."""
    s = context.services
    report = deliver_outbox(s.uow(), s.mailer, s.clock)
    _finish(report, _delivery_summary(report), as_json)


@mail.command("run")
@click.option("--json", "as_json", is_flag=True, help="Output a JSON summary.")
@pass_context
def mail_run(context: CliContext, as_json: bool) -> None:
    """All mail work that is due: the weekly digests, the conference reminders, the teachers'
    absence mail at the cut-off, then the outbox. For cron or a systemd timer every few
    minutes; running it again sends nothing twice. Exit codes as for ``deborg mail send``."""
    s = context.services
    digests = run_digests(s.uow(), s.clock, s.links, lookups=s.areas.digest_lookups)
    reminded = send_reminders(s.uow(), s.clock, s.links)
    cutoff = run_cutoff_mails(s.uow(), s.clock, s.links)
    if not as_json:
        click.echo(_digest_line(digests))
        click.echo(f"Herinneringen oudergesprek: {reminded} gesprek(ken).")
        click.echo(
            f"Afwezigheidsmails aan leerkrachten: {cutoff.mails} in de wachtrij "
            f"({cutoff.schools} school/scholen)."
        )
    report = deliver_outbox(s.uow(), s.mailer, s.clock)
    summary = {
        "digests": _digest_summary(digests),
        "reminders": reminded,
        "absence_mails": {"schools": cutoff.schools, "mails": cutoff.mails},
        **_delivery_summary(report),
    }
    _finish(report, summary, as_json)


def _digest_line(report: DigestReport) -> str:
    return f"Weekmails: {report.mails} in de wachtrij ({report.schools} school/scholen)."


def _digest_summary(report: DigestReport) -> dict[str, int]:
    return {"schools": report.schools, "mails": report.mails}


@mail.command("digest")
@click.option(
    "--now",
    "on_demand",
    is_flag=True,
    help="Make it now, with everything kept so far, also when it is not the digest day.",
)
@click.option("--json", "as_json", is_flag=True, help="Output a JSON summary.")
@pass_context
def mail_digest(context: CliContext, on_demand: bool, as_json: bool) -> None:
    """Make the weekly digest of the school (--school CODE): the one that is due, or with
    --now one at once. Each line goes out once: the next scheduled digest holds only what
    came after. The mails wait in the outbox for ``deborg mail send``."""
    s = context.services
    school = context.school()
    mails = run_school_digest(
        s.uow(),
        s.clock,
        s.links,
        school_id=school.id,
        lookups=s.areas.digest_lookups,
        now=on_demand,
    )
    if as_json:
        emit_json({"school": school.code, "due": mails is not None, "mails": mails or 0})
    elif mails is None and on_demand:
        click.echo(f"De weekmail van {school.name} is zojuist al gemaakt.")
    elif mails is None:
        click.echo(
            f"De weekmail van {school.name} is al gemaakt; de volgende komt op de weekmaildag "
            "(of maak hem nu met --now)."
        )
    else:
        click.echo(f"Weekmail van {school.name}: {mails} mail(s) in de wachtrij.")


@mail.command("list")
@click.option(
    "--status", type=click.Choice([s.value for s in OutboxStatus]), help="Only this status."
)
@click.option("--failed", is_flag=True, help="Only the mail that failed for good, with why.")
@click.option("--limit", default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Output as JSON.")
@pass_context
def mail_list(
    context: CliContext, status: str | None, failed: bool, limit: int, as_json: bool
) -> None:
    """Show the newest mails in the outbox."""
    chosen = OutboxStatus.FAILED if failed else OutboxStatus(status) if status else None
    with context.services.uow() as uow:
        entries = uow.outbox.list(status=chosen, limit=limit)
    rows = [
        {
            "id": e.id,
            "to": e.mail.to,
            "subject": e.mail.subject,
            "category": e.mail.category.value,
            "status": e.status.value,
            "attempts": e.attempts,
            "last_error": e.last_error,
            "message_id": e.message_id,
            "created_at": e.created_at.isoformat(),
            "expires_at": e.deadline.isoformat(),
        }
        for e in entries
    ]
    if as_json:
        emit_json(rows)
        return
    for row in rows:
        line = f"{row['id']:>6}  {row['status']:<7} {row['to']}  {row['subject']}"
        if row["last_error"] and row["status"] != OutboxStatus.SENT.value:
            line += f"\n        {row['attempts']} poging(en); {row['last_error']}"
        click.echo(line)


@mail.command("retry")
@click.option("--failed", is_flag=True, help="Also the mail that failed for good.")
@click.option(
    "--since",
    type=DateParam(),
    help="Only mail queued on or after this date (school time, Europe/Amsterdam).",
)
@click.option("--json", "as_json", is_flag=True, help="Output as JSON.")
@pass_context
def mail_retry(context: CliContext, failed: bool, since: dt.date | None, as_json: bool) -> None:
    """Make the waiting mail due at once (after an outage, instead of waiting for its
    back-off); with --failed also requeue the mail that failed for good, with a new
    lifetime. The next ``deborg mail send`` delivers it, with its own Message-ID kept."""
    s = context.services
    moment = dutch.to_utc(since, dt.time(0), "Europe/Amsterdam") if since else None
    count = requeue_mail(s.uow(), s.clock, failed=failed, since=moment)
    if as_json:
        emit_json({"requeued": count})
    else:
        click.echo(f"Opnieuw in de wachtrij: {count}.")


def register(cli: click.Group) -> None:
    cli.add_command(mail)
