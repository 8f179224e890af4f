"""What the conferences use cases share: reading a planning and its invited children, and
telling guardians through their notification choices."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from deborg.domain.conferences.errors import (
    NotInvited,
    PlanningNotFound,
)
from deborg.domain.conferences.model import (
    Planning,
    Requirement,
)
from deborg.domain.dutch import format_date, format_time, local
from deborg.domain.mail import Attachment, MailCategory
from deborg.domain.model import Child, Guardianship, Parent, ParentState, School
from deborg.domain.notifications.model import Delivery
from deborg.ports.clock import Clock
from deborg.ports.links import Links
from deborg.ports.uow import UnitOfWork
from deborg.services.notifications.preferences import NotificationPreferences
from deborg.services.notifications.routing import Notice, notify_parents

#: How many guardians were told how: by mail now, in the weekly digest, or not (switched off).
Told = dict[Delivery, int]


def get_planning(uow: UnitOfWork, school_id: int, planning_id: int) -> Planning:
    planning = uow.plannings.get(school_id, planning_id)
    if planning is None:
        raise PlanningNotFound()
    return planning


def guardian_of(uow: UnitOfWork, school_id: int, parent_id: int, child_id: int) -> Parent:
    """The parent, if a guardian of the child at this school; else NotInvited (another
    family's child looks exactly like a child that was not invited)."""
    parent = uow.parents.get(school_id, parent_id)
    if parent is None or not uow.guardianships.exists(Guardianship(school_id, parent_id, child_id)):
        raise NotInvited()
    return parent


def invited_child(uow: UnitOfWork, planning: Planning, child_id: int) -> Child:
    child = uow.children.get(planning.school_id, child_id)
    if child is None or child.archived or child.group_id not in planning.group_ids:
        raise NotInvited()
    return child


def invited_children(uow: UnitOfWork, planning: Planning) -> list[Child]:
    children: list[Child] = []
    for group_id in planning.group_ids:
        children.extend(uow.children.list_for_group(planning.school_id, group_id))
    return sorted(children, key=lambda c: (c.sort_key, c.id))


def requirement_for(uow: UnitOfWork, planning: Planning, child_id: int) -> Requirement:
    found = uow.requirements.get(planning.school_id, planning.id, child_id)
    return found or Requirement(planning.school_id, planning.id, child_id)


def describe(planning: Planning, starts: Sequence[dt.datetime]) -> str:
    """donderdag 12 november van 15.10 tot 15.30 uur"""
    start = local(starts[0], planning.timezone)
    end = local(starts[-1] + dt.timedelta(minutes=planning.slot_minutes), planning.timezone)
    return f"{format_date(start.date())} van {format_time(start)} tot {format_time(end)} uur"


def guardians_by_child(
    uow: UnitOfWork, school_id: int, child_ids: Iterable[int]
) -> dict[int, list[Parent]]:
    """child id -> the guardians who get mail (everyone but blocked accounts)."""
    by_child = uow.guardianships.parents_of(school_id, child_ids)
    wanted = {p for ids in by_child.values() for p in ids}
    parents = {p.id: p for p in uow.parents.get_many(school_id, wanted)}
    return {
        child_id: [
            parents[p] for p in ids if p in parents and parents[p].state is not ParentState.BLOCKED
        ]
        for child_id, ids in by_child.items()
    }


def notify_guardians(
    uow: UnitOfWork,
    clock: Clock,
    links: Links,
    guardians: Iterable[Parent],
    told: Told,
    *,
    school: School,
    preferences: Mapping[int, NotificationPreferences],
    subject: str,
    text: str,
    summary: str,
    link: str,
    attachments: tuple[Attachment, ...] = (),
) -> None:
    """Tell the guardians about a conference as each chose on the Notificaties tab: a mail
    now, a line in the weekly digest, or nothing ("Alle informatie gaat digitaal, ook
    uitnodigingen": the choice is theirs). ``preferences`` are the school's, read once per
    use case; ``told`` counts how each guardian was told."""
    notice = Notice(
        category=MailCategory.CONVERSATIONS,
        subject=subject,
        text=text,
        title=subject,
        summary=summary,
        link=link,
        attachments=attachments,
    )
    counts = notify_parents(
        uow, clock, links, school=school, parents=guardians, notice=notice, preferences=preferences
    )
    for delivery, count in counts.items():
        told[delivery] += count


def new_told() -> Told:
    return dict.fromkeys(Delivery, 0)
