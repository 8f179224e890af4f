"""The Berichten section of "Mijn gegevens downloaden" (see
:mod:`deborg.services.privacy.export`): the replies the parent sent to the school's messages,
with the title of the message they answer."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from deborg.ports.uow import UnitOfWork
from deborg.services.privacy.export import ExportScope, export_date


def replies_section(uow: UnitOfWork, scope: ExportScope) -> Mapping[str, Any]:
    replies = uow.replies.list_by_parent(scope.school_id, scope.parent_id)
    titles: dict[int, str] = {}
    for message_id in {r.message_id for r in replies}:
        message = uow.messages.get(scope.school_id, message_id)
        titles[message_id] = message.title if message is not None else ""
    return {
        "message_replies": [
            {
                "message": titles[r.message_id],
                "text": r.text,
                "sent_at": export_date(r.created_at),
            }
            for r in replies
        ]
    }
