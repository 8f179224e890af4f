"""Clearing away what the portal no longer needs: ended sessions, old login attempts, dead
links, mail that went out long ago and digest lines already sent. Run daily (``deborg
purge``); nothing a parent or the school still uses is touched."""

from __future__ import annotations

import datetime as dt

import attrs

from deborg.domain.throttle import LIMITS
from deborg.ports.clock import Clock
from deborg.ports.uow import UnitOfWork


@attrs.frozen
class Retention:
    """How long what is finished is kept."""

    #: Sent mail stays visible to staff (``deborg mail list``) for questions like "did the
    #: invitation go out?".
    sent_mail: dt.timedelta = dt.timedelta(days=90)
    #: An expired link is of no use; it is kept a week for "my link does not work" questions.
    expired_tokens: dt.timedelta = dt.timedelta(days=7)
    #: Digest lines already sent are only needed to show what went out recently.
    sent_digest_lines: dt.timedelta = dt.timedelta(days=30)


@attrs.frozen
class Purged:
    sessions: int
    attempts: int
    tokens: int
    mails: int
    digest_lines: int


def purge(
    uow: UnitOfWork,
    clock: Clock,
    *,
    idle: dt.timedelta,
    absolute: dt.timedelta,
    retention: Retention | None = None,
) -> Purged:
    """Delete, in one transaction: sessions that are idle or too old (``idle``/``absolute``
    as the portal applies them), login and reset attempts older than the longest throttle
    window, and what ``retention`` says is kept long enough."""
    keep = retention or Retention()
    now = clock.now()
    longest_window = max(limit.window for limit in LIMITS.values())
    with uow:
        purged = Purged(
            sessions=uow.sessions.delete_dead(
                seen_before=now - idle, created_before=now - absolute
            ),
            attempts=uow.attempts.delete_before(now - longest_window),
            tokens=uow.tokens.delete_expired_before(now - keep.expired_tokens),
            mails=uow.outbox.delete_sent_before(now - keep.sent_mail),
            digest_lines=uow.digest_entries.delete_included_before(now - keep.sent_digest_lines),
        )
        uow.commit()
    return purged
