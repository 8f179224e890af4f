"""The Links port built from the portal's own routes: a renamed or moved page changes the links
in mails and API answers with it, and a link to a page that no longer exists fails at once
(werkzeug's BuildError) instead of reaching a parent as a dead link."""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.routing import Map, MapAdapter

from deborg.adapters.signing import UnsubscribeTokens
from deborg.entrypoints.web.routes import register_routes


class PortalLinks:
    def __init__(self, url_map: Map, base_url: str, secret_key: str) -> None:
        self._base = base_url.rstrip("/")
        self._adapter: MapAdapter = url_map.bind("localhost")
        self._unsubscribe = UnsubscribeTokens(secret_key)

    @classmethod
    def from_routes(cls, base_url: str, secret_key: str) -> PortalLinks:
        """For entry points without the web application (the CLI): the same routes, registered
        on an application that serves nothing."""
        app = Flask("deborg.links")
        register_routes(app)
        return cls(app.url_map, base_url, secret_key)

    def _to(self, endpoint: str, **values: Any) -> str:
        return self._base + self._adapter.build(endpoint, values)

    def portal(self) -> str:
        return self._to("portal.home")

    def activation(self, token: str) -> str:
        return self._to("auth.activate", token=token)

    def password_reset(self, token: str) -> str:
        return self._to("auth.reset_password", token=token)

    def email_confirmation(self, token: str) -> str:
        return self._to("auth.confirm_email", token=token)

    def staff_activation(self, token: str) -> str:
        return self._to("school.activate", token=token)

    def staff_password_reset(self, token: str) -> str:
        return self._to("school.reset_password", token=token)

    def staff_message(self, message_id: int) -> str:
        return self._to("school.message", message_id=message_id)

    def news_item(self, item_id: int) -> str:
        return self._to("content.news_item", item_id=item_id)

    def message(self, message_id: int) -> str:
        return self._to("content.messages_item", message_id=message_id)

    def agenda(self) -> str:
        return self._to("content.agenda")

    def calendar_feed(self, token: str) -> str:
        return self._to("content.agenda_feed", token=token)

    def album(self, album_id: int) -> str:
        return self._to("content.albums_show", album_id=album_id)

    def documents(self) -> str:
        return self._to("content.documents")

    def notifications(self) -> str:
        return self._to("notifications.index")

    def unsubscribe(self, school_id: int, parent_id: int, kind: str) -> str:
        token = self._unsubscribe.make(school_id, parent_id, kind)
        return self._to("unsubscribe.one_click", token=token)

    def booking(self, planning_id: int, child_id: int) -> str:
        return self._to("conferences.booking", planning_id=planning_id, child_id=child_id)

    def pairing(self, token: str) -> str:
        return self._to("devices.pairing_link", token=token)

    def app_login(self, token: str) -> str:
        return self._to("devices.portal_link", token=token)

    def teacher_thread(self, thread_id: int) -> str:
        return self._to("teacher_messages.show", thread_id=thread_id)

    def leave(self, child_id: int) -> str:
        return self._to("absence.leave", child_id=child_id)
