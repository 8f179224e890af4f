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
    #: The reminder the day before a booked conference.
    REMINDERS = "reminders"
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
    #: Set by the dispatcher on each attempt: the outbox row's fixed Message-ID (its local
    #: part; the mailer adds the sender's domain) and the moment in the school's time zone.
    message_id: str = ""
    date: dt.datetime | None = None


class OutboxStatus(enum.StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"  # for good: refused permanently (5xx), or queued past its lifetime


def lifetime(category: MailCategory) -> dt.timedelta:
    """How long a mail may wait in the outbox before it fails for good: an activation or
    reset link, a spoedbericht and a reminder are stale after a day, the rest after three days. Only
    time counts, not attempts, so an SMTP outage shorter than this loses nothing."""
    if category in (MailCategory.ACCOUNT, MailCategory.URGENT, MailCategory.REMINDERS):
        return dt.timedelta(days=1)
    return dt.timedelta(days=3)


def retry_delay(attempts: int) -> dt.timedelta:
    """Back-off after the ``attempts``-th temporary refusal: 1, 2, 4 … minutes, at most 2 hours."""
    return dt.timedelta(minutes=min(2 ** (min(attempts, 8) - 1), 120))


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
    #: When it fails for good if not delivered by then (None: its category's lifetime after
    #: ``created_at``); ``deborg mail retry`` gives a requeued mail a new lifetime.
    expires_at: dt.datetime | None = None
    id: int = NEW

    @property
    def message_id(self) -> str:
        """The local part of the Message-ID, the same on every attempt, so that a receiver
        drops the copy a crash between the server's acceptance and our commit resends."""
        created = self.created_at.astimezone(dt.UTC) if self.created_at.tzinfo else self.created_at
        return f"{created:%Y%m%d%H%M%S%f}.{self.id}.deborg"

    @property
    def deadline(self) -> dt.datetime:
        return self.expires_at or self.created_at + lifetime(self.mail.category)

    def expired(self, now: dt.datetime) -> bool:
        return now >= self.deadline

    def delivered(self, now: dt.datetime) -> None:
        self.status = OutboxStatus.SENT
        self.sent_at = now
        self.attempts += 1
        self.last_error = ""

    def refused(self, now: dt.datetime, reason: str, *, permanent: bool) -> None:
        """The server refused this mail: for good (5xx), or for now (4xx: retried with
        back-off until its deadline)."""
        self.attempts += 1
        self.last_error = reason[:500]
        if permanent:
            self.status = OutboxStatus.FAILED
        else:
            self.next_attempt_at = now + retry_delay(self.attempts)

    def not_tried(self, reason: str) -> None:
        """The server could not be reached: not an attempt of this mail, only the reason kept."""
        self.last_error = reason[:500]

    def expire(self) -> None:
        self.status = OutboxStatus.FAILED
        previous = f" ({self.last_error})" if self.last_error else ""
        self.last_error = f"expired: not delivered before {self.deadline.isoformat()}{previous}"[
            :500
        ]

    def requeue(self, now: dt.datetime) -> None:
        """Due again at once, with a new lifetime; the Message-ID stays."""
        self.status = OutboxStatus.QUEUED
        self.next_attempt_at = now
        self.expires_at = now + lifetime(self.mail.category)
        self.attempts = 0
