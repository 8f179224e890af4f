"""Queueing mail in the outbox (inside the caller's transaction) and delivering it."""

from __future__ import annotations

import datetime as dt
import html
import re
from zoneinfo import ZoneInfo

import attrs

from deborg.domain.mail import (
    Attachment,
    MailCategory,
    OutboxEntry,
    OutboxStatus,
    OutgoingMail,
    lifetime,
)
from deborg.ports.clock import Clock
from deborg.ports.links import Links
from deborg.ports.mail import MailDeliveryFailed, Mailer, MailServerUnavailable
from deborg.ports.uow import UnitOfWork

#: A web address; punctuation that ends a sentence ("… op https://x.nl/nieuws.") is not part of it.
_URL = re.compile(r"https?://[^\s<>\"]*[^\s<>\".,;:!?)'\]]")


def text_to_html(text: str) -> str:
    """The HTML part of a mail: the text escaped, paragraphs kept, links clickable."""
    paragraphs = []
    for block in text.strip().split("\n\n"):
        escaped = html.escape(block)
        linked = _URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped)
        paragraphs.append("<p>" + linked.replace("\n", "<br>\n") + "</p>")
    return (
        '<!doctype html><html lang="nl"><body style="font-family:Arial,sans-serif;'
        'line-height:1.5;color:#1d2a3a">' + "\n".join(paragraphs) + "</body></html>"
    )


def queue_mail(
    uow: UnitOfWork,
    clock: Clock,
    *,
    school_id: int,
    to: str,
    subject: str,
    text: str,
    category: MailCategory,
    links: Links,
    attachments: tuple[Attachment, ...] = (),
    unsubscribe: str = "",
) -> OutboxEntry:
    """Put a mail in the outbox; it is sent only if the surrounding unit of work commits.

    Mail that a parent may switch off carries ``unsubscribe``, the parent's one-click address
    for that kind (RFC 8058: List-Unsubscribe with List-Unsubscribe-Post), or without one
    a List-Unsubscribe link to the Notificaties tab.
    """
    return uow.outbox.add(
        outbox_entry(
            school_id=school_id,
            to=to,
            subject=subject,
            text=text,
            category=category,
            links=links,
            now=clock.now(),
            attachments=attachments,
            unsubscribe=unsubscribe,
        )
    )


def outbox_entry(
    *,
    school_id: int,
    to: str,
    subject: str,
    text: str,
    category: MailCategory,
    links: Links,
    now: dt.datetime,
    attachments: tuple[Attachment, ...] = (),
    unsubscribe: str = "",
    html: str = "",
) -> OutboxEntry:
    """The outbox entry :func:`queue_mail` adds, for a caller that queues many at once
    (``uow.outbox.add_many``); ``html``, when given, is :func:`text_to_html` of ``text``
    made once for many mails with the same text."""
    headers: tuple[tuple[str, str], ...] = ()
    if category.can_be_switched_off and unsubscribe:
        headers = (
            ("List-Unsubscribe", f"<{unsubscribe}>"),
            ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
        )
    elif category.can_be_switched_off:
        headers = (("List-Unsubscribe", f"<{links.notifications()}>"),)
    mail = OutgoingMail(
        to=to,
        subject=subject,
        text=text,
        html=html or text_to_html(text),
        category=category,
        headers=headers,
        attachments=attachments,
    )
    return OutboxEntry(
        school_id=school_id,
        mail=mail,
        created_at=now,
        next_attempt_at=now,
        expires_at=now + lifetime(category),
    )


@attrs.frozen
class DeliveryReport:
    sent: int = 0
    #: Refused for now (4xx): each waits for its own retry.
    retried: int = 0
    #: Failed for good in this run: refused permanently (5xx) or past their lifetime.
    failed: int = 0
    #: Why the run stopped early because the server could not be reached ("" if it did not).
    unreachable: str = ""

    @property
    def server_down(self) -> bool:
        return bool(self.unreachable)


def deliver_outbox(
    uow: UnitOfWork, mailer: Mailer, clock: Clock, *, limit: int = 10_000
) -> DeliveryReport:
    """Send what is due, at most ``limit`` mails.

    Each mail is claimed (``FOR UPDATE SKIP LOCKED``), handed over and marked in a transaction
    of its own, so a crash never loses a mail, and two dispatchers running at once never pick
    the same one. Each mail is handled on its own: a temporary refusal (4xx) schedules that
    mail's retry with back-off and the run goes on; a permanent one (5xx) fails it. Only a
    server that cannot be reached stops the run, and that counts as an attempt of no mail.
    A mail still undelivered at its deadline fails for good. Every attempt of a mail carries
    the same Message-ID, and a Date in the school's time zone.
    """
    sent = retried = failed = 0
    unreachable = ""
    zones: dict[int, ZoneInfo] = {}
    for _ in range(limit):
        with uow:
            due = uow.outbox.due(clock.now(), 1)
            if not due:
                break
            entry = due[0]
            now = clock.now()
            if entry.expired(now):
                entry.expire()
                uow.outbox.update(entry)
                uow.commit()
                failed += 1
                continue
            if entry.school_id not in zones:
                zones[entry.school_id] = _school_zone(uow, entry.school_id)
            mail = attrs.evolve(
                entry.mail, message_id=entry.message_id, date=now.astimezone(zones[entry.school_id])
            )
            try:
                mailer.send(mail)
            except MailServerUnavailable as error:
                entry.not_tried(str(error))
                uow.outbox.update(entry)
                uow.commit()
                unreachable = str(error)
                break
            except MailDeliveryFailed as error:
                entry.refused(clock.now(), str(error), permanent=error.permanent)
                uow.outbox.update(entry)
                uow.commit()
                if entry.status is OutboxStatus.FAILED:
                    failed += 1
                else:
                    retried += 1
                continue
            entry.delivered(clock.now())
            uow.outbox.update(entry)
            uow.commit()
            sent += 1
    return DeliveryReport(sent=sent, retried=retried, failed=failed, unreachable=unreachable)


def _school_zone(uow: UnitOfWork, school_id: int) -> ZoneInfo:
    school = uow.schools.get(school_id)
    return ZoneInfo(school.timezone if school else "Europe/Amsterdam")


def requeue_mail(
    uow: UnitOfWork,
    clock: Clock,
    *,
    failed: bool = False,
    since: dt.datetime | None = None,
) -> int:
    """Make waiting mail due at once (after an outage, not waiting for its back-off), and
    with ``failed`` also the mail that failed for good, with a new lifetime; only mail queued
    at or after ``since`` when given. Returns how many."""
    statuses = (OutboxStatus.QUEUED, OutboxStatus.FAILED) if failed else (OutboxStatus.QUEUED,)
    count = 0
    with uow:
        now = clock.now()
        for entry in uow.outbox.select(statuses=statuses, created_since=since):
            if entry.status is OutboxStatus.QUEUED and entry.next_attempt_at <= now:
                continue  # already due
            entry.requeue(now)
            uow.outbox.update(entry)
            count += 1
        uow.commit()
    return count
