"""The Notificaties section of "Mijn gegevens downloaden" (see
:mod:`deborg.services.privacy.export`): how each kind of mail reaches the parent, and whether
they have a private agenda feed (not its secret address)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from deborg.domain.notifications.model import NotificationPreferences
from deborg.ports.uow import UnitOfWork
from deborg.services.privacy.export import ExportScope, export_date


def notifications_section(uow: UnitOfWork, scope: ExportScope) -> Mapping[str, Any]:
    preferences = uow.notification_preferences.get(
        scope.school_id, scope.parent_id
    ) or NotificationPreferences(scope.school_id, scope.parent_id)
    feed = uow.calendar_feeds.get_for_parent(scope.school_id, scope.parent_id)
    return {
        "notifications": {
            category.value: delivery.value
            for category, delivery in preferences.all_choices().items()
        },
        "agenda_feed": (
            {
                "created_at": export_date(feed.created_at),
                "last_used_at": export_date(feed.last_used_at),
            }
            if feed is not None
            else None
        ),
    }
