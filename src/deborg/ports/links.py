"""Where a link in a mail or an API answer points: one named method per page, so the services
never write a web path. The web adapter builds them from the portal's own routes."""

from __future__ import annotations

from typing import Protocol


class Links(Protocol):
    """Absolute addresses of the portal's pages, from the configured base URL (never from a
    request's Host header)."""

    def portal(self) -> str:
        """The portal's start page."""
        ...

    def activation(self, token: str) -> str: ...

    def password_reset(self, token: str) -> str: ...

    def email_confirmation(self, token: str) -> str:
        """The link that confirms a new contact e-mail address."""
        ...

    def staff_activation(self, token: str) -> str:
        """The activation link of a staff account."""
        ...

    def staff_password_reset(self, token: str) -> str:
        """The "Wachtwoord vergeten" link of a staff account."""
        ...

    def staff_message(self, message_id: int) -> str:
        """A message with its replies on the school's side of the portal."""
        ...

    def news_item(self, item_id: int) -> str: ...

    def message(self, message_id: int) -> str: ...

    def agenda(self) -> str: ...

    def calendar_feed(self, token: str) -> str:
        """The private iCalendar feed a phone calendar subscribes to."""
        ...

    def album(self, album_id: int) -> str: ...

    def documents(self) -> str: ...

    def notifications(self) -> str:
        """Mijn account > Notificaties, where a parent switches mail off."""
        ...

    def unsubscribe(self, school_id: int, parent_id: int, kind: str) -> str:
        """The one-click address (RFC 8058) that switches one kind of mail off for one
        parent, without a login: it carries a token signed with the portal's secret key.
        ``kind`` is a category a parent may switch off, or "weekmail"."""
        ...

    def booking(self, planning_id: int, child_id: int) -> str:
        """A child's booking page of a conference planning."""
        ...

    def pairing(self, token: str) -> str:
        """The address in the app-pairing QR code."""
        ...

    def app_login(self, token: str) -> str:
        """The one-time link from the app into the portal."""
        ...

    def teacher_thread(self, thread_id: int) -> str:
        """A conversation with a teacher (Bericht aan de leerkracht)."""
        ...

    def leave(self, child_id: int) -> str:
        """A child's leave requests and the form (Verlof aanvragen)."""
        ...
