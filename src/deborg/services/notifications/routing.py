"""Routing a notice to a parent: a mail now, a line in the weekly digest, or nothing, as the
parent chose on the Notificaties tab. Other areas (conferences) call :func:`notify_parent`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import attrs

from deborg.domain.content import texts
from deborg.domain.content.audience import mail_address
from deborg.domain.mail import Attachment, MailCategory
from deborg.domain.model import Parent, School
from deborg.domain.notifications.model import DigestEntry, unsubscribe_kind
from deborg.ports.clock import Clock
from deborg.ports.links import Links
from deborg.ports.uow import UnitOfWork
from deborg.services.notifications.preferences import Delivery, NotificationPreferences
from deborg.services.outbox import queue_mail


@attrs.frozen
class Notice:
    """Something a parent should hear about.

    ``subject`` and ``text`` make the mail when it goes out at once; ``title``, ``summary``
    and ``link`` make its line in the weekly digest.
    """

    category: MailCategory
    subject: str
    text: str
    title: str
    summary: str = ""
    link: str = ""
    ref_kind: str = ""
    ref_id: int | None = None
    attachments: tuple[Attachment, ...] = ()


def notify_parent(
    uow: UnitOfWork,
    clock: Clock,
    links: Links,
    *,
    school: School,
    parent: Parent,
    notice: Notice,
    preferences: NotificationPreferences | None = None,
) -> Delivery:
    """Inside the caller's unit of work: mail the notice now, keep it for the weekly digest,
    or drop it, as the parent chose for its category. Returns what happened."""
    if preferences is None:
        preferences = uow.notification_preferences.get(school.id, parent.id)
    delivery = (preferences or NotificationPreferences(school.id, parent.id)).delivery(
        notice.category
    )
    if delivery is Delivery.DIRECT:
        queue_mail(
            uow,
            clock,
            school_id=school.id,
            to=mail_address(parent),
            subject=notice.subject,
            text=notice.text + signature(school, links, notice.category),
            category=notice.category,
            links=links,
            attachments=notice.attachments,
            unsubscribe=links.unsubscribe(school.id, parent.id, unsubscribe_kind(notice.category))
            if notice.category.can_be_switched_off
            else "",
        )
    elif delivery is Delivery.DIGEST:
        uow.digest_entries.add(
            DigestEntry(
                school_id=school.id,
                parent_id=parent.id,
                category=notice.category,
                title=notice.title,
                summary=notice.summary,
                link=notice.link,
                created_at=clock.now(),
                ref_kind=notice.ref_kind,
                ref_id=notice.ref_id,
            )
        )
    return delivery


def notify_parents(
    uow: UnitOfWork,
    clock: Clock,
    links: Links,
    *,
    school: School,
    parents: Iterable[Parent],
    notice: Notice | Callable[[Parent], Notice],
    preferences: Mapping[int, NotificationPreferences] | None = None,
) -> dict[Delivery, int]:
    """:func:`notify_parent` for many parents, reading all preferences in one query (or
    taking the school's ``preferences`` from a caller that notifies in several rounds)."""
    if preferences is None:
        preferences = uow.notification_preferences.list_for_school(school.id)
    counts = dict.fromkeys(Delivery, 0)
    for parent in parents:
        own = notice(parent) if callable(notice) else notice
        delivery = notify_parent(
            uow,
            clock,
            links,
            school=school,
            parent=parent,
            notice=own,
            preferences=preferences.get(parent.id, NotificationPreferences(school.id, parent.id)),
        )
        counts[delivery] += 1
    return counts


def signature(school: School, links: Links, category: MailCategory) -> str:
    """The closing of a parent's mail; mail they chose gets a pointer to their choices."""
    text = texts.SIGNATURE.format(school=school.name)
    if category.can_be_switched_off:
        text += texts.CHOICE_NOTE.format(notifications=links.notifications())
    return text + "\n"
