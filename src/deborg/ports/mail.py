from __future__ import annotations

from typing import Protocol

from deborg.domain.mail import OutgoingMail


class MailDeliveryFailed(Exception):
    """The mail could not be handed over. ``permanent`` is True when retrying cannot help."""

    def __init__(self, reason: str, *, permanent: bool = False) -> None:
        super().__init__(reason)
        self.permanent = permanent


class Mailer(Protocol):
    def send(self, mail: OutgoingMail) -> None:
        """Deliver one mail or raise :class:`MailDeliveryFailed`."""
        ...
