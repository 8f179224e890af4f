"""The portal's addresses written out, for unit tests and embedders without the web app. A
contract test holds them equal to :class:`deborg.entrypoints.web.links.PortalLinks`, which
builds them from the routes."""

from __future__ import annotations

import attrs


@attrs.frozen
class StaticLinks:
    base_url: str = "https://ouders.example.nl"

    def _to(self, path: str) -> str:
        return self.base_url.rstrip("/") + path

    def portal(self) -> str:
        return self._to("/")

    def activation(self, token: str) -> str:
        return self._to(f"/activeren/{token}")

    def password_reset(self, token: str) -> str:
        return self._to(f"/wachtwoord/{token}")

    def staff_activation(self, token: str) -> str:
        return self._to(f"/school/activeren/{token}")

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

    def booking(self, planning_id: int, child_id: int) -> str:
        return self._to(f"/oudergesprekken/{planning_id}/kind/{child_id}")

    def pairing(self, token: str) -> str:
        return self._to(f"/koppelen/{token}")

    def app_login(self, token: str) -> str:
        return self._to(f"/app-login/{token}")
