"""The outbox: deliver it, look into it."""

from __future__ import annotations

import click

from deborg.domain.mail import OutboxStatus
from deborg.entrypoints.cli.context import CliContext, emit_json, pass_context
from deborg.services.absence.cutoff import run_cutoff_mails
from deborg.services.notifications.digest import run_digests
from deborg.services.outbox import deliver_outbox


@click.group()
def mail() -> None:
    """Mail: the outbox and its delivery."""


@mail.command("send")
@pass_context
def mail_send(context: CliContext) -> None:
    """Deliver the mails that are due (SMTP, or files in development)."""
    s = context.services
    report = deliver_outbox(s.uow(), s.mailer, s.clock)
    click.echo(
        f"Verstuurd: {report.sent}, later opnieuw: {report.retried}, mislukt: {report.failed}."
    )
    if report.retried:
        click.echo("De mailserver gaf een fout; de rest blijft in de wachtrij.", err=True)


@mail.command("run")
@pass_context
def mail_run(context: CliContext) -> None:
    """All mail work that is due: the weekly digests, the teachers' absence mail at the
    cut-off, then the outbox. For cron or a systemd timer every few minutes; running it again
    sends nothing twice."""
    s = context.services
    digests = run_digests(s.uow(), s.clock, s.links, lookups=s.areas.digest_lookups)
    click.echo(f"Weekmails: {digests.mails} in de wachtrij ({digests.schools} school/scholen).")
    cutoff = run_cutoff_mails(s.uow(), s.clock, s.links)
    click.echo(
        f"Afwezigheidsmails aan leerkrachten: {cutoff.mails} in de wachtrij "
        f"({cutoff.schools} school/scholen)."
    )
    report = deliver_outbox(s.uow(), s.mailer, s.clock)
    click.echo(
        f"Verstuurd: {report.sent}, later opnieuw: {report.retried}, mislukt: {report.failed}."
    )
    if report.retried:
        click.echo("De mailserver gaf een fout; de rest blijft in de wachtrij.", err=True)


@mail.command("list")
@click.option(
    "--status", type=click.Choice([s.value for s in OutboxStatus]), help="Only this status."
)
@click.option("--limit", default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Output as JSON.")
@pass_context
def mail_list(context: CliContext, status: str | None, limit: int, as_json: bool) -> None:
    """Show the newest mails in the outbox."""
    with context.services.uow() as uow:
        entries = uow.outbox.list(status=OutboxStatus(status) if status else None, limit=limit)
    rows = [
        {
            "id": e.id,
            "to": e.mail.to,
            "subject": e.mail.subject,
            "category": e.mail.category.value,
            "status": e.status.value,
            "attempts": e.attempts,
            "last_error": e.last_error,
            "created_at": e.created_at.isoformat(),
        }
        for e in entries
    ]
    if as_json:
        emit_json(rows)
        return
    for row in rows:
        click.echo(f"{row['id']:>6}  {row['status']:<7} {row['to']}  {row['subject']}")


def register(cli: click.Group) -> None:
    cli.add_command(mail)
