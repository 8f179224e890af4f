"""``deborg purge``: what is finished goes, what is in use stays (a live session keeps
working, queued mail is still sent)."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner

from deborg.adapters.memory import FixedClock
from deborg.bootstrap import Services
from deborg.domain.mail import MailCategory, OutboxEntry, OutboxStatus, OutgoingMail
from deborg.domain.sessions import WebSession
from deborg.domain.throttle import Attempt, ThrottledAction
from deborg.domain.tokens import digest
from deborg.entrypoints.cli.context import CliContext
from deborg.entrypoints.cli.main import cli
from deborg.services import accounts
from tests.world import build_world

DAY = dt.timedelta(days=1)


def _mail(to: str) -> OutgoingMail:
    return OutgoingMail(to, "Onderwerp", "Tekst", "<p>Tekst</p>", MailCategory.NEWS)


def test_purge_clears_what_is_finished_and_keeps_what_is_in_use(
    memory_services: Services, clock: FixedClock
) -> None:
    s = memory_services
    world = build_world(s)
    now = clock.now()
    with s.uow() as uow:
        uow.sessions.add(WebSession(digest("live"), world.school.id, world.alice.id, now, now))
        uow.sessions.add(
            WebSession(digest("gone"), world.school.id, world.bob.id, now - DAY, now - DAY)
        )
        uow.attempts.add(Attempt(ThrottledAction.LOGIN, "alice", "1.1.1.1", now - DAY))
        old = uow.outbox.add(OutboxEntry(world.school.id, _mail("old@x.nl"), now, now))
        old.delivered(now - 100 * DAY)
        uow.outbox.update(old)
        uow.outbox.add(OutboxEntry(world.school.id, _mail("queued@x.nl"), now - 100 * DAY, now))
        uow.commit()

    result = CliRunner().invoke(
        cli, ["purge"], obj=CliContext(services_factory=lambda: s), catch_exceptions=False
    )

    assert result.exit_code == 0, result.output
    assert "Opgeruimd: 1 verlopen sessie(s), 1 oude inlogpoging(en)" in result.output
    assert "1 verstuurde e-mail(s) ouder dan 90 dagen" in result.output
    live = accounts.resolve_signed_in(
        s.uow(),
        s.clock,
        session_token="live",
        idle=s.settings.session_idle,
        absolute=s.settings.session_absolute,
    )
    assert live is not None
    assert live.parent.id == world.alice.id
    with s.uow() as uow:
        assert uow.sessions.get(digest("gone")) is None
        assert [e.mail.to for e in uow.outbox.list()] == ["queued@x.nl"]
        assert uow.outbox.list(status=OutboxStatus.QUEUED)[0].mail.to == "queued@x.nl"

    again = CliRunner().invoke(cli, ["purge"], obj=CliContext(services_factory=lambda: s))
    assert "Opgeruimd: 0 verlopen sessie(s), 0 oude inlogpoging(en)" in again.output
