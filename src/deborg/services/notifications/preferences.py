"""Notification preferences: per category that may be switched off, how a parent wants it.
The value types live in :mod:`deborg.domain.notifications.model`."""

from __future__ import annotations

from collections.abc import Mapping

from deborg.domain.errors import InvalidInput
from deborg.domain.mail import MailCategory
from deborg.domain.notifications.model import (
    CHOOSABLE,
    DEFAULTS,
    Delivery,
    NotificationPreferences,
)
from deborg.ports.uow import UnitOfWork


def preferences_of(uow: UnitOfWork, school_id: int, parent_id: int) -> NotificationPreferences:
    """Inside an open unit of work; the defaults when the parent never chose."""
    stored = uow.notification_preferences.get(school_id, parent_id)
    return stored or NotificationPreferences(school_id, parent_id)


def get_preferences(uow: UnitOfWork, *, school_id: int, parent_id: int) -> NotificationPreferences:
    with uow:
        return preferences_of(uow, school_id, parent_id)


def set_preferences(
    uow: UnitOfWork,
    *,
    school_id: int,
    parent_id: int,
    choices: Mapping[MailCategory, Delivery],
) -> NotificationPreferences:
    for category in choices:
        if category not in CHOOSABLE:
            raise InvalidInput("Deze e-mails kunt u niet uitschakelen.", category.value)
    with uow:
        current = preferences_of(uow, school_id, parent_id)
        updated = NotificationPreferences(
            school_id, parent_id, {**current.all_choices(), **choices}
        )
        uow.notification_preferences.save(updated)
        uow.commit()
    return updated


__all__ = ["CHOOSABLE", "DEFAULTS", "Delivery", "NotificationPreferences"]
