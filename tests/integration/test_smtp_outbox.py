"""The outbox against a real SMTP server on loopback (aiosmtpd): while the server is down
nothing is lost, when it is back every mail arrives exactly once, as multipart text + HTML
from the configured sender."""

from __future__ import annotations

import asyncio
import datetime as dt
import email
import email.policy
import json
import re
import socket
import threading
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import attrs
import icalendar
import pytest
from aiosmtpd.controller import Controller
from click.testing import CliRunner, Result

from deborg.adapters.mailers import SmtpMailer, SmtpSettings, build_message
from deborg.adapters.memory import FixedClock
from deborg.adapters.memory.links import StaticLinks
from deborg.bootstrap import Services
from deborg.domain.mail import Attachment, MailCategory, OutboxStatus, OutgoingMail
from deborg.domain.model import School
from deborg.entrypoints.cli.context import CliContext
from deborg.entrypoints.cli.mail import EXIT_MAIL_FAILED, EXIT_SERVER_UNREACHABLE
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
    """What the SMTP server received, and its faults: per recipient a fixed answer
    (``refuse``) or a temporary refusal the first ``greylist[address]`` times; a pause
    before answering DATA (``delay``); and ``drop``: for these subjects the server keeps the
    mail, then cuts the connection before it answers (the sender cannot know it arrived)."""

    messages: list[tuple[str, list[str], EmailMessage]] = attrs.field(factory=list)
    refuse: dict[str, str] = attrs.field(factory=dict)
    greylist: dict[str, int] = attrs.field(factory=dict)
    delay: float = 0.0
    drop: set[str] = attrs.field(factory=set)

    async def handle_RCPT(  # noqa: N802 - aiosmtpd's hook name
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address in self.refuse:
            return self.refuse[address]
        if self.greylist.get(address, 0) > 0:
            self.greylist[address] -= 1
            return "451 4.7.1 Greylisted, please try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if self.delay:
            await asyncio.sleep(self.delay)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), message))  # type: ignore[arg-type]
        if message["Subject"] in self.drop:
            self.drop.discard(message["Subject"])
            server.transport.abort()  # kept, but the "250" never reaches the sender
        return "250 Message accepted"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for _, rcpt, m in self.messages if address in rcpt]

    def message_ids(self) -> list[str]:
        return [str(m["Message-ID"]) for _, _, m in self.messages]


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


def _cli(services: Services, *args: str) -> Result:
    return CliRunner().invoke(
        cli, ["mail", *args], obj=CliContext(services_factory=lambda: services),
        catch_exceptions=False,
    )  # fmt: skip


def _send(services: Services, exit_code: int = 0) -> str:
    result = _cli(services, "send")
    assert result.exit_code == exit_code, result.output
    return result.stdout


def _outbox(services: Services) -> dict[str, Any]:
    with services.uow() as uow:
        return {e.mail.to: e for e in uow.outbox.list(limit=1000)}


def _queue_many(services: Services, count: int, category: MailCategory) -> list[str]:
    with services.uow() as uow:
        school = uow.schools.add(School(name="De Borg", code="99XX00"))
        uow.commit()
    addresses = [f"ouder{n:02d}@example.nl" for n in range(count)]
    for address in addresses:
        _queue(services, school.id, address, category)
    return addresses


def _received(server: SmtpServer) -> list[str]:
    return sorted(rcpt for _, rcpts, _ in server.inbox.messages for rcpt in rcpts)


def test_an_outage_of_any_length_under_the_lifetime_loses_nothing_and_costs_no_attempt(
    services: Services, smtp_server: SmtpServer, queued: list[str]
) -> None:
    clock: FixedClock = services.clock  # type: ignore[assignment]
    # Nobody listens on the port for 23 hours (account mail lives a day): cron tries every
    # half hour, and every run says so with exit code 75 and one line on stderr.
    for _ in range(46):
        result = _cli(services, "send")
        assert result.exit_code == EXIT_SERVER_UNREACHABLE
        assert "Verstuurd: 0, later opnieuw: 0, mislukt: 0." in result.stdout
        [line] = result.stderr.splitlines()
        assert "mailserver is niet bereikbaar" in line
        assert "Traceback" not in result.output
        clock.advance(dt.timedelta(minutes=30))
    entries = _outbox(services)
    assert all(e.status is OutboxStatus.QUEUED for e in entries.values())
    assert all(e.attempts == 0 for e in entries.values())  # an outage is nobody's attempt
    assert "unreachable" in entries["account@example.nl"].last_error

    smtp_server.start()
    assert "Verstuurd: 3, later opnieuw: 0, mislukt: 0." in _send(services)
    smtp_server.stop()  # down again: nothing is due, so nothing is tried and all is well
    assert "Verstuurd: 0" in _send(services)
    smtp_server.start()
    clock.advance(dt.timedelta(hours=3))
    assert "Verstuurd: 0" in _send(services)
    assert _received(smtp_server) == sorted(queued)
    assert {e.status for e in _outbox(services).values()} == {OutboxStatus.SENT}


def test_mail_that_outlives_its_lifetime_fails_says_why_and_can_be_requeued(
    services: Services, smtp_server: SmtpServer, queued: list[str]
) -> None:
    clock: FixedClock = services.clock  # type: ignore[assignment]
    clock.advance(dt.timedelta(days=1, minutes=1))  # account mail lives a day, the rest three
    smtp_server.start()
    result = _cli(services, "send", "--json")
    assert result.exit_code == EXIT_MAIL_FAILED
    assert json.loads(result.stdout) == {
        "sent": 2, "retried": 0, "failed": 1, "server_unreachable": None,
    }  # fmt: skip
    assert "1 mail(s) definitief mislukt" in result.stderr
    assert _received(smtp_server) == ["gesprek@example.nl", "nieuws@example.nl"]

    listing = _cli(services, "list", "--failed")
    assert listing.exit_code == 0
    assert "account@example.nl" in listing.stdout
    assert "expired: not delivered before" in listing.stdout
    failed = _outbox(services)["account@example.nl"]

    requeued = _cli(services, "retry", "--failed")
    assert "Opnieuw in de wachtrij: 1." in requeued.stdout
    assert "Verstuurd: 1" in _send(services)
    [message] = smtp_server.inbox.to("account@example.nl")
    assert message["Message-ID"] == f"<{failed.message_id}@deborg.nl>"


def test_a_refused_mail_is_retried_on_its_own_and_the_run_goes_on(
    services: Services, smtp_server: SmtpServer
) -> None:
    addresses = _queue_many(services, 30, MailCategory.URGENT)
    # A full mailbox at the 20th recipient, and a greylisting server for every 7th.
    smtp_server.inbox.refuse = {addresses[19]: "452 4.2.2 Mailbox full"}
    smtp_server.inbox.greylist = dict.fromkeys(addresses[::7], 1)
    smtp_server.start()
    result = _cli(services, "send", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["sent"] == 24
    assert json.loads(result.stdout)["retried"] == 6
    entry = _outbox(services)[addresses[19]]
    assert entry.attempts == 1
    assert "452" in entry.last_error
    smtp_server.inbox.refuse = {}
    services.clock.advance(dt.timedelta(minutes=1))  # type: ignore[attr-defined]
    assert "Verstuurd: 6" in _send(services)
    assert _received(smtp_server) == addresses


def test_a_mail_refused_for_good_fails_with_exit_code_1_and_a_busy_one_is_retried(
    services: Services, smtp_server: SmtpServer, queued: list[str]
) -> None:
    smtp_server.inbox.refuse = {
        "account@example.nl": "550 5.1.1 Mailbox does not exist",
        "nieuws@example.nl": "451 4.3.0 Try again later",
    }
    smtp_server.start()
    assert "Verstuurd: 1, later opnieuw: 1, mislukt: 1." in _send(services, EXIT_MAIL_FAILED)
    entries = _outbox(services)
    assert entries["account@example.nl"].status is OutboxStatus.FAILED
    assert "550 5.1.1 Mailbox does not exist" in entries["account@example.nl"].last_error
    assert entries["nieuws@example.nl"].status is OutboxStatus.QUEUED
    assert entries["nieuws@example.nl"].attempts == 1
    smtp_server.inbox.refuse = {}
    services.clock.advance(dt.timedelta(minutes=5))  # type: ignore[attr-defined]
    for _ in range(2):
        _send(services)
    assert _received(smtp_server) == ["gesprek@example.nl", "nieuws@example.nl"]


def test_through_refusals_greylisting_delays_and_dropped_connections_every_mail_arrives_once(
    services: Services, smtp_server: SmtpServer
) -> None:
    """Counted by Message-ID, the way a receiving server drops a copy: a connection cut after
    the server kept the mail makes us send it again (SMTP cannot avoid that), with the same
    Message-ID."""
    clock: FixedClock = services.clock  # type: ignore[assignment]
    addresses = _queue_many(services, 24, MailCategory.NEWS)
    inbox = smtp_server.inbox
    inbox.greylist = dict.fromkeys(addresses[::3], 2)
    inbox.refuse = {addresses[5]: "550 5.1.1 No such user"}
    inbox.delay = 0.05
    inbox.drop = {f"Bericht voor {a}" for a in addresses[1::4]}
    codes = set()
    for run in range(40):
        if run % 5 == 1:
            smtp_server.stop()  # an outage now and then
        elif smtp_server.controller is None:
            smtp_server.start()
        codes.add(_cli(services, "send").exit_code)
        clock.advance(dt.timedelta(minutes=7))
    # A run that met an outage or a cut connection says so, whatever else it did.
    assert codes <= {0, EXIT_MAIL_FAILED, EXIT_SERVER_UNREACHABLE}
    assert EXIT_SERVER_UNREACHABLE in codes
    assert _cli(services, "send").exit_code == 0
    entries = _outbox(services)
    expected = {e.message_id for a, e in entries.items() if a != addresses[5]}
    received = inbox.message_ids()
    assert {f"<{m}@deborg.nl>" for m in expected} == set(received)
    assert len(received) > len(expected)  # the dropped ones came twice, as the same mail
    assert entries[addresses[5]].status is OutboxStatus.FAILED
    assert sum(e.status is OutboxStatus.SENT for e in entries.values()) == 23


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
        assert re.fullmatch(r"<[^<>@]+\.deborg@deborg\.nl>", message["Message-ID"])
        # The school's offset (CET in November), never "-0000" ("zone unknown").
        assert message["Date"] == "Mon, 02 Nov 2026 10:00:00 +0100"
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


def test_two_senders_at_once_never_send_one_mail_twice(
    services: Services, smtp_server: SmtpServer
) -> None:
    """Each sender claims its next mail with FOR UPDATE SKIP LOCKED (PostgreSQL) or waits
    for the other's transaction (SQLite's BEGIN IMMEDIATE)."""
    addresses = _queue_many(services, 60, MailCategory.URGENT)
    smtp_server.inbox.delay = 0.01
    smtp_server.start()
    reports = []

    def sender() -> None:
        reports.append(deliver_outbox(services.uow(), services.mailer, services.clock))

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert services.engine is not None
    if services.engine.dialect.name == "postgresql":
        # Both took part (SKIP LOCKED lets them work side by side). On SQLite one sender may
        # take every mail while the other waits for its lock: that is timing, not a fault.
        assert sorted(r.sent for r in reports) != [0, 60]
    assert sum(r.sent for r in reports) == 60
    received = smtp_server.inbox.message_ids()
    assert len(received) == len(set(received)) == 60
    assert _received(smtp_server) == addresses


def test_a_server_closing_the_channel_stops_the_run_without_an_attempt(
    services: Services, smtp_server: SmtpServer, queued: list[str]
) -> None:
    """421 ("service not available, closing transmission channel") is an outage, not a
    refusal of the mail it came with."""
    smtp_server.inbox.refuse = {"nieuws@example.nl": "421 4.3.2 Service shutting down"}
    smtp_server.start()
    result = _cli(services, "run", "--json")
    assert result.exit_code == EXIT_SERVER_UNREACHABLE
    summary = json.loads(result.stdout)
    assert summary["server_unreachable"].startswith("SMTP server unreachable")
    assert summary["reminders"] == 0
    assert summary["digests"] == {"schools": 1, "mails": 0}
    entries = _outbox(services)
    assert entries["nieuws@example.nl"].status is OutboxStatus.QUEUED
    assert entries["nieuws@example.nl"].attempts == 0
    smtp_server.inbox.refuse = {}
    assert _cli(services, "send").exit_code == 0
    assert _received(smtp_server) == sorted(queued)
