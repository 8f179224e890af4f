"""The portal's addresses written out, for unit tests and embedders without the web app. A
contract test holds them equal to :class:`deborg.entrypoints.web.links.PortalLinks`, which
builds them from the routes."""

from __future__ import annotations

import attrs

from deborg.adapters.signing import UnsubscribeTokens


@attrs.frozen
class StaticLinks:
    base_url: str = "https://ouders.example.nl"
    #: Signs the one-click unsubscribe tokens; the portal checks them with its secret key.
    secret_key: str = attrs.field(default="deborg-static-links", repr=False)

    def _to(self, path: str) -> str:
        return self.base_url.rstrip("/") + path

    def portal(self) -> str:
        return self._to("/")

    def activation(self, token: str) -> str:
        return self._to(f"/activeren/{token}")

    def password_reset(self, token: str) -> str:
        return self._to(f"/wachtwoord/{token}")

    def email_confirmation(self, token: str) -> str:
        return self._to(f"/e-mailadres-bevestigen/{token}")

    def staff_activation(self, token: str) -> str:
        return self._to(f"/school/activeren/{token}")

    def staff_password_reset(self, token: str) -> str:
        return self._to(f"/school/wachtwoord/{token}")

    def staff_message(self, message_id: int) -> str:
        return self._to(f"/school/berichten/{message_id}")

    def news_item(self, item_id: int) -> str:
        return self._to(f"/nieuws/{item_id}")

    def message(self, message_id: int) -> str:
        return self._to(f"/berichten/{message_id}")

    def agenda(self) -> str:
        return self._to("/agenda")

    def calendar_feed(self, token: str) -> str:
        return self._to(f"/agenda/feed/{token}.ics")

    def album(self, album_id: int) -> str:
        return self._to(f"/fotoalbums/{album_id}")

    def documents(self) -> str:
        return self._to("/documenten")

    def notifications(self) -> str:
        return self._to("/account/notificaties")

    def unsubscribe(self, school_id: int, parent_id: int, kind: str) -> str:
        token = UnsubscribeTokens(self.secret_key).make(school_id, parent_id, kind)
        return self._to(f"/afmelden/{token}")

    def booking(self, planning_id: int, child_id: int) -> str:
        return self._to(f"/oudergesprekken/{planning_id}/kind/{child_id}")

    def pairing(self, token: str) -> str:
        return self._to(f"/koppelen/{token}")

    def app_login(self, token: str) -> str:
        return self._to(f"/app-login/{token}")

    def teacher_thread(self, thread_id: int) -> str:
        return self._to(f"/berichten-leerkracht/{thread_id}")

    def leave(self, child_id: int) -> str:
        return self._to(f"/kinderen/{child_id}/verlof")
