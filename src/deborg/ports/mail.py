from __future__ import annotations

from typing import Protocol

from deborg.domain.mail import OutgoingMail


class MailDeliveryFailed(Exception):
    """The server refused this one mail. ``permanent`` is True when retrying cannot help
    (a 5xx); otherwise (a 4xx: greylisting, a full mailbox) the mail is retried later."""

    def __init__(self, reason: str, *, permanent: bool = False) -> None:
        super().__init__(reason)
        self.permanent = permanent


class MailServerUnavailable(Exception):
    """The server could not be reached or talked to (refused connection, timeout, dropped
    connection, a 421, a failed login): nothing is known about any one mail, so the run stops
    and no mail counts it as an attempt."""


class Mailer(Protocol):
    def send(self, mail: OutgoingMail) -> None:
        """Deliver one mail or raise :class:`MailDeliveryFailed` or
        :class:`MailServerUnavailable`."""
        ...
