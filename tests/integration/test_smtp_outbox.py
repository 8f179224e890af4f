"""The outbox against a real SMTP server on loopback (aiosmtpd): while the server is down
nothing is lost, when it is back every mail arrives exactly once, as multipart text + HTML
from the configured sender."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
import socket
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import attrs
import icalendar
import pytest
from aiosmtpd.controller import Controller
from click.testing import CliRunner

from deborg.adapters.mailers import SmtpMailer, SmtpSettings, build_message
from deborg.adapters.memory import FixedClock
from deborg.adapters.memory.links import StaticLinks
from deborg.bootstrap import Services
from deborg.domain.mail import Attachment, MailCategory, OutboxStatus, OutgoingMail
from deborg.domain.model import School
from deborg.entrypoints.cli.context import CliContext
from deborg.entrypoints.cli.main import cli
from deborg.services.outbox import deliver_outbox, queue_mail

SENDER = "Ouderportaal De Borg <noreply@deborg.nl>"
BASE = "https://portaal.example.nl"
ICS = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//deborg//NL\r\nMETHOD:PUBLISH\r\n"
    b"BEGIN:VEVENT\r\nUID:gesprek-1@deborg.nl\r\nDTSTAMP:20261102T090000Z\r\n"
    b"DTSTART:20261112T143000Z\r\nDTEND:20261112T144000Z\r\nSUMMARY:Oudergesprek Anna\r\n"
    b"END:VEVENT\r\nEND:VCALENDAR\r\n"
)


@attrs.define
class Inbox:
    """What the SMTP server received, and the answers it gives per recipient."""

    messages: list[tuple[str, list[str], EmailMessage]] = attrs.field(factory=list)
    refuse: dict[str, str] = attrs.field(factory=dict)

    async def handle_RCPT(  # noqa: N802 - aiosmtpd's hook name
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), message))  # type: ignore[arg-type]
        return "250 Message accepted"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for _, rcpt, m in self.messages if address in rcpt]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@attrs.define
class SmtpServer:
    port: int
    inbox: Inbox
    controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer(_free_port(), Inbox())
    yield server
    server.stop()


@pytest.fixture
def services(sql_services: Services, smtp_server: SmtpServer) -> Services:
    sql_services.mailer = SmtpMailer(
        SmtpSettings(host="127.0.0.1", port=smtp_server.port, security="none", timeout=5),
        SENDER,
    )
    return sql_services


def _queue(services: Services, school_id: int, to: str, category: MailCategory, **kw: Any) -> None:
    with services.uow() as uow:
        queue_mail(
            uow, services.clock, school_id=school_id, to=to, subject=f"Bericht voor {to}",
            text=f"Beste ouder,\n\nLees meer op {BASE}/nieuws.\n", category=category,
            links=StaticLinks(BASE), **kw,
        )  # fmt: skip
        uow.commit()


@pytest.fixture
def queued(services: Services) -> list[str]:
    with services.uow() as uow:
        school = uow.schools.add(School(name="De Borg", code="99XX00"))
        uow.commit()
    _queue(services, school.id, "account@example.nl", MailCategory.ACCOUNT)
    _queue(services, school.id, "nieuws@example.nl", MailCategory.NEWS)
    _queue(
        services, school.id, "gesprek@example.nl", MailCategory.CONVERSATIONS,
        attachments=(Attachment("oudergesprek.ics", "text/calendar; method=PUBLISH", ICS),),
    )  # fmt: skip
    return ["account@example.nl", "nieuws@example.nl", "gesprek@example.nl"]


def _send(services: Services) -> str:
    result = CliRunner().invoke(
        cli, ["mail", "send"], obj=CliContext(services_factory=lambda: services),
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return result.output


def _outbox(services: Services) -> dict[str, Any]:
    with services.uow() as uow:
        return {e.mail.to: e for e in uow.outbox.list(limit=100)}


def test_mail_waits_while_the_server_is_down_and_arrives_once_when_it_is_back(
    services: Services, smtp_server: SmtpServer, queued: list[str]
) -> None:
    clock: FixedClock = services.clock  # type: ignore[assignment]
    output = _send(services)  # nobody listens on the port
    assert "Verstuurd: 0, later opnieuw: 1" in output
    entries = _outbox(services)
    assert all(e.status is OutboxStatus.QUEUED for e in entries.values())
    first = entries["account@example.nl"]
    assert first.attempts == 1
    assert first.next_attempt_at == clock.now() + dt.timedelta(minutes=1)
    assert "unreachable" in first.last_error

    smtp_server.start()
    clock.advance(dt.timedelta(minutes=1))
    assert "Verstuurd: 3" in _send(services)
    smtp_server.stop()  # down again: nothing is due, so nothing is tried
    assert "Verstuurd: 0, later opnieuw: 0" in _send(services)
    smtp_server.start()
    clock.advance(dt.timedelta(hours=3))
    assert "Verstuurd: 0" in _send(services)

    received = [rcpt for _, rcpts, _ in smtp_server.inbox.messages for rcpt in rcpts]
    assert sorted(received) == sorted(queued)
    assert {e.status for e in _outbox(services).values()} == {OutboxStatus.SENT}


def test_delivered_mail_is_multipart_from_the_sender_and_unsubscribable_only_if_optional(
    services: Services, smtp_server: SmtpServer, queued: list[str]
) -> None:
    smtp_server.start()
    report = deliver_outbox(services.uow(), services.mailer, services.clock)
    assert report.sent == 3
    envelope_senders = {sender for sender, _, _ in smtp_server.inbox.messages}
    assert envelope_senders == {"noreply@deborg.nl"}
    for address in queued:
        [message] = smtp_server.inbox.to(address)
        assert message["From"] == SENDER
        assert message["To"] == address
        assert re.fullmatch(r"<[^<>@]+@deborg\.nl>", message["Message-ID"])
        text = message.get_body(preferencelist=("plain",))
        html = message.get_body(preferencelist=("html",))
        assert text is not None
        assert html is not None
        assert f"{BASE}/nieuws" in text.get_content()
        assert f'<a href="{BASE}/nieuws">' in html.get_content()
    assert smtp_server.inbox.to("account@example.nl")[0]["List-Unsubscribe"] is None
    assert smtp_server.inbox.to("nieuws@example.nl")[0]["List-Unsubscribe"] == (
        f"<{BASE}/account/notificaties>"
    )
    [invitation] = smtp_server.inbox.to("gesprek@example.nl")
    [attachment] = list(invitation.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_param("method") == "PUBLISH"
    assert attachment.get_filename() == "oudergesprek.ics"
    calendar = icalendar.Calendar.from_ical(attachment.get_payload(decode=True))
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Oudergesprek Anna"


def test_a_refused_recipient_fails_for_good_and_a_busy_one_is_retried(
    services: Services, smtp_server: SmtpServer, queued: list[str]
) -> None:
    smtp_server.inbox.refuse = {
        "account@example.nl": "550 5.1.1 Mailbox does not exist",
        "nieuws@example.nl": "451 4.3.0 Try again later",
    }
    smtp_server.start()
    deliver_outbox(services.uow(), services.mailer, services.clock)
    entries = _outbox(services)
    assert entries["account@example.nl"].status is OutboxStatus.FAILED
    assert entries["nieuws@example.nl"].status is OutboxStatus.QUEUED
    assert entries["nieuws@example.nl"].attempts == 1
    smtp_server.inbox.refuse = {}
    services.clock.advance(dt.timedelta(minutes=5))  # type: ignore[attr-defined]
    for _ in range(2):
        deliver_outbox(services.uow(), services.mailer, services.clock)
    received = sorted(rcpt for _, rcpts, _ in smtp_server.inbox.messages for rcpt in rcpts)
    assert received == ["gesprek@example.nl", "nieuws@example.nl"]


def test_build_message_makes_a_valid_calendar_attachment() -> None:
    mail = OutgoingMail(
        to="ouder@example.nl", subject="Definitieve tijd", text="Zie bijlage.",
        html="<p>Zie bijlage.</p>", category=MailCategory.CONVERSATIONS,
        attachments=(Attachment("gesprek.ics", "text/calendar; method=PUBLISH", ICS),),
    )  # fmt: skip
    parsed = email.message_from_bytes(
        build_message(mail, SENDER).as_bytes(), policy=email.policy.default
    )
    assert parsed.get_content_type() == "multipart/mixed"
    [attachment] = list(parsed.iter_attachments())  # type: ignore[attr-defined]
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_param("method") == "PUBLISH"
    assert attachment.get_filename() == "gesprek.ics"
    assert attachment.get_payload(decode=True) == ICS


def test_the_file_mailer_keeps_every_mail_even_from_two_dispatchers(tmp_path: Path) -> None:
    from deborg.adapters.mailers import FileMailer

    first, second = FileMailer(tmp_path, SENDER), FileMailer(tmp_path, SENDER)
    for n in range(3):
        for mailer in (first, second):
            mailer.send(
                OutgoingMail(to=f"{n}@example.nl", subject=f"Mail {n}", text="x", html="<p>x</p>",
                             category=MailCategory.ACCOUNT)
            )  # fmt: skip
    files = sorted(tmp_path.glob("*.eml"))
    assert len(files) == 6
    assert all(re.fullmatch(r"[0-9]{8}-[0-9]{6}-[0-9]{6}\.eml", f.name) for f in files)
