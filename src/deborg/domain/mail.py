"""Mail as the domain sees it: what to send, to whom, in which category, and the outbox entry
that carries it until the dispatcher has delivered it."""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from deborg.domain.model import NEW


class MailCategory(enum.StrEnum):
    """The categories of SPEC §8. Account mail and spoedberichten cannot be switched off."""

    ACCOUNT = "account"
    URGENT = "urgent"
    CONVERSATIONS = "conversations"
    NEWS = "news"
    MESSAGES = "messages"
    AGENDA = "agenda"
    ALBUMS = "albums"
    DOCUMENTS = "documents"
    #: Mail to a staff member (a parent's reply to their message): never a parent's choice.
    STAFF = "staff"
    #: About a parent's own report or request: the absence confirmation, a leave decision.
    ATTENDANCE = "attendance"
    #: Berichten van de leerkracht: a teacher's answer in a conversation.
    TEACHER_MESSAGES = "teacher_messages"

    @property
    def can_be_switched_off(self) -> bool:
        return self not in (
            MailCategory.ACCOUNT,
            MailCategory.URGENT,
            MailCategory.STAFF,
            MailCategory.ATTENDANCE,
        )


@attrs.frozen
class Attachment:
    filename: str
    content_type: str  # e.g. "text/calendar; method=PUBLISH"
    content: bytes


@attrs.frozen
class OutgoingMail:
    to: str
    subject: str
    text: str
    html: str
    category: MailCategory
    #: Extra headers, e.g. List-Unsubscribe for non-account mail.
    headers: tuple[tuple[str, str], ...] = ()
    attachments: tuple[Attachment, ...] = ()


class OutboxStatus(enum.StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"  # permanently: too many attempts or a permanent refusal


MAX_ATTEMPTS = 8


def retry_delay(attempts: int) -> dt.timedelta:
    """Back-off after the ``attempts``-th failed attempt: 1, 2, 4 … minutes, at most 2 hours."""
    return dt.timedelta(minutes=min(2 ** (attempts - 1), 120))


@attrs.define
class OutboxEntry:
    school_id: int
    mail: OutgoingMail
    created_at: dt.datetime
    next_attempt_at: dt.datetime
    status: OutboxStatus = OutboxStatus.QUEUED
    attempts: int = 0
    last_error: str = ""
    sent_at: dt.datetime | None = None
    id: int = NEW

    def delivered(self, now: dt.datetime) -> None:
        self.status = OutboxStatus.SENT
        self.sent_at = now
        self.attempts += 1
        self.last_error = ""

    def failed(self, now: dt.datetime, reason: str, *, permanent: bool) -> None:
        self.attempts += 1
        self.last_error = reason[:500]
        if permanent or self.attempts >= MAX_ATTEMPTS:
            self.status = OutboxStatus.FAILED
        else:
            self.next_attempt_at = now + retry_delay(self.attempts)
