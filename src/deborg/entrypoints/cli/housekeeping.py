"""``deborg purge``: daily clean-up of what the portal no longer needs."""

from __future__ import annotations

import datetime as dt

import click

from deborg.entrypoints.cli.context import CliContext, pass_context
from deborg.services.absence.retention import purge_expired
from deborg.services.housekeeping import Retention, purge


@click.command("purge")
@click.option(
    "--keep-mail-days",
    type=click.IntRange(1, 3650),
    default=Retention().sent_mail.days,
    show_default=True,
    help="Keep sent mail this many days (deborg mail list shows it).",
)
@pass_context
def purge_command(context: CliContext, keep_mail_days: int) -> None:
    """Remove ended sessions, old login attempts, expired links, old sent mail and sent
    digest lines, and absences, leave requests and conversations with teachers whose
    retention ran out (deborg absence settings), for every school. For cron or a systemd
    timer once a day."""
    s = context.services
    purged = purge(
        s.uow(),
        s.clock,
        idle=s.settings.session_idle,
        absolute=s.settings.session_absolute,
        retention=Retention(sent_mail=dt.timedelta(days=keep_mail_days)),
    )
    click.echo(
        f"Opgeruimd: {purged.sessions} verlopen sessie(s), {purged.attempts} oude "
        f"inlogpoging(en), {purged.tokens} verlopen link(s), {purged.mails} verstuurde "
        f"e-mail(s) ouder dan {keep_mail_days} dagen, {purged.digest_lines} verstuurde "
        "weekmailregel(s)."
    )
    expired = purge_expired(s.uow(), s.clock, s.files)
    click.echo(
        f"Bewaartermijn verstreken: {expired.absences} afwezigheidsmelding(en), "
        f"{expired.leave_requests} verlofaanvra(a)g(en), {expired.conversations} gesprek(ken) "
        "met een leerkracht."
    )


def register(cli: click.Group) -> None:
    cli.add_command(purge_command)
