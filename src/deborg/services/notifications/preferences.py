"""Notification preferences: per category that may be switched off, how a parent wants it.
The value types live in :mod:`deborg.domain.notifications.model`."""

from __future__ import annotations

from collections.abc import Mapping

from deborg.domain.errors import InvalidInput, NotFound
from deborg.domain.mail import MailCategory
from deborg.domain.notifications.model import (
    CHOOSABLE,
    DEFAULTS,
    Delivery,
    NotificationPreferences,
    unsubscribe_choices,
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


def unsubscribe(
    uow: UnitOfWork, *, school_id: int, parent_id: int, kind: str
) -> tuple[MailCategory, ...]:
    """The one-click unsubscribe of a mail (RFC 8058), no login: sets that kind of mail to
    "uit" for the parent the signed link was made for. Returns the categories switched off
    (none when they were off already); NotFound when the parent is no longer there."""
    with uow:
        if uow.parents.get(school_id, parent_id) is None:
            raise NotFound()
        current = preferences_of(uow, school_id, parent_id)
        off = unsubscribe_choices(current, kind)
        changed = {c: d for c, d in off.items() if current.delivery(c) is not d}
        if changed:
            uow.notification_preferences.save(
                NotificationPreferences(school_id, parent_id, {**current.all_choices(), **off})
            )
            uow.commit()
    return tuple(changed)


__all__ = ["CHOOSABLE", "DEFAULTS", "Delivery", "NotificationPreferences"]
