"""Queueing mail in the outbox (inside the caller's transaction) and delivering it."""

from __future__ import annotations

import html
import re

import attrs

from deborg.domain.mail import Attachment, MailCategory, OutboxEntry, OutboxStatus, OutgoingMail
from deborg.ports.clock import Clock
from deborg.ports.links import Links
from deborg.ports.mail import MailDeliveryFailed, Mailer
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
) -> OutboxEntry:
    """Put a mail in the outbox; it is sent only if the surrounding unit of work commits.

    Mail that a parent may switch off carries a List-Unsubscribe link to the Notificaties tab.
    """
    headers: tuple[tuple[str, str], ...] = ()
    if category.can_be_switched_off:
        headers = (("List-Unsubscribe", f"<{links.notifications()}>"),)
    mail = OutgoingMail(
        to=to,
        subject=subject,
        text=text,
        html=text_to_html(text),
        category=category,
        headers=headers,
        attachments=attachments,
    )
    now = clock.now()
    return uow.outbox.add(
        OutboxEntry(school_id=school_id, mail=mail, created_at=now, next_attempt_at=now)
    )


@attrs.frozen
class DeliveryReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0


def deliver_outbox(
    uow: UnitOfWork, mailer: Mailer, clock: Clock, *, limit: int = 10_000
) -> DeliveryReport:
    """Send what is due, at most ``limit`` mails.

    Each mail is claimed, handed over and marked in a transaction of its own, so a crash or an
    SMTP outage never sends a mail twice nor loses one, and two dispatchers running at once
    never pick the same mail. When the server is unreachable the run stops and the rest waits
    for the next run; a mail refused for good is marked failed and the run goes on.
    """
    sent = retried = failed = 0
    for _ in range(limit):
        with uow:
            due = uow.outbox.due(clock.now(), 1)
            if not due:
                break
            entry = due[0]
            try:
                mailer.send(entry.mail)
            except MailDeliveryFailed as error:
                entry.failed(clock.now(), str(error), permanent=error.permanent)
                uow.outbox.update(entry)
                uow.commit()
                if error.permanent or entry.status is OutboxStatus.FAILED:
                    failed += 1
                    continue
                retried += 1
                break
            entry.delivered(clock.now())
            uow.outbox.update(entry)
            uow.commit()
            sent += 1
    return DeliveryReport(sent=sent, retried=retried, failed=failed)
