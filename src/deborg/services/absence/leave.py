"""Verlof aanvragen: the parent asks, the beheerder grants or refuses with a reason (CLI,
staff portal), the parent sees the status and is mailed the decision; granted leave is in
the parent's agenda feed."""

from __future__ import annotations

import datetime as dt

import attrs

from deborg.domain.absence import mailtexts
from deborg.domain.absence.leave import (
    LeaveReason,
    LeaveRequest,
    LeaveStatus,
    decide,
    new_leave_request,
)
from deborg.domain.absence.reports import school_now
from deborg.domain.calendar import CalendarEvent
from deborg.domain.content.audience import Viewer, mail_address
from deborg.domain.dutch import to_utc
from deborg.domain.errors import NotFound
from deborg.domain.mail import MailCategory
from deborg.domain.model import Child, School
from deborg.ports.clock import Clock
from deborg.ports.links import Links
from deborg.ports.uow import UnitOfWork
from deborg.services.absence.common import guardians, parent_and_child, parent_children
from deborg.services.lookups import school_or_not_found
from deborg.services.notifications.routing import signature
from deborg.services.outbox import queue_mail


def request_leave(
    uow: UnitOfWork,
    clock: Clock,
    *,
    school_id: int,
    parent_id: int,
    child_id: int,
    reason: LeaveReason,
    first_day: dt.date,
    last_day: dt.date,
    note: str = "",
) -> LeaveRequest:
    """A request for the parent's child; the Leerplichtwet's rules refuse it at once
    (:func:`deborg.domain.absence.leave.new_leave_request`)."""
    with uow:
        school, parent, child = parent_and_child(uow, school_id, parent_id, child_id)
        now = clock.now()
        request = uow.leave_requests.add(
            new_leave_request(
                parent=parent,
                child_id=child.id,
                reason=reason,
                first_day=first_day,
                last_day=last_day,
                note=note,
                today=school_now(now, school.timezone).date(),
                now=now,
            )
        )
        uow.commit()
    return request


@attrs.frozen
class LeavePage:
    child: Child
    requests: tuple[LeaveRequest, ...]
    today: dt.date
    read_only: bool


def leave_page(
    uow: UnitOfWork, clock: Clock, *, school_id: int, parent_id: int, child_id: int
) -> LeavePage:
    with uow:
        school, parent, child = parent_and_child(uow, school_id, parent_id, child_id)
        requests = uow.leave_requests.list_for_children(school_id, [child.id])
    return LeavePage(
        child=child,
        requests=tuple(requests),
        today=school_now(clock.now(), school.timezone).date(),
        read_only=parent.read_only,
    )


@attrs.frozen
class LeaveLine:
    request: LeaveRequest
    child: Child
    requested_by: str


def list_leave(
    uow: UnitOfWork, *, school_id: int, status: LeaveStatus | None = None
) -> list[LeaveLine]:
    """The school's requests (``deborg leave list``, the staff portal), by first day."""
    with uow:
        school_or_not_found(uow, school_id)
        requests = uow.leave_requests.list(school_id, status=status)
        children = {
            c.id: c for c in uow.children.get_many(school_id, {r.child_id for r in requests})
        }
        parents = {
            p.id: p.name
            for p in uow.parents.get_many(school_id, {r.requested_by for r in requests})
        }
    return [
        LeaveLine(r, children[r.child_id], parents.get(r.requested_by, ""))
        for r in requests
        if r.child_id in children
    ]


def decide_leave(
    uow: UnitOfWork,
    clock: Clock,
    links: Links,
    *,
    school_id: int,
    request_id: int,
    grant: bool,
    by: str,
    note: str = "",
) -> LeaveRequest:
    """Grant or refuse (a refusal needs a reason); the child's guardians are mailed."""
    with uow:
        school = school_or_not_found(uow, school_id)
        request = uow.leave_requests.get(school_id, request_id)
        if request is None:
            raise NotFound(f"Geen verlofaanvraag met nummer {request_id}.")
        decided = decide(request, grant=grant, by=by, note=note, now=clock.now())
        uow.leave_requests.update(decided)
        child = uow.children.get(school_id, decided.child_id)
        if child is not None:
            _mail_decision(uow, clock, links, school, child, decided)
        uow.commit()
    return decided


def _mail_decision(
    uow: UnitOfWork,
    clock: Clock,
    links: Links,
    school: School,
    child: Child,
    request: LeaveRequest,
) -> None:
    about = {
        "child": child.name,
        "period": request.period_text(),
        "reason": request.reason.label.lower(),
    }
    if request.status is LeaveStatus.GRANTED:
        note = request.decision_note
        text = mailtexts.LEAVE_GRANTED.format(
            **about, note=f"\n\nToelichting: {note}" if note else ""
        )
    else:
        text = mailtexts.LEAVE_REFUSED.format(**about, note=request.decision_note)
    text += f"\n\nUw aanvragen: {links.leave(child.id)}"
    for guardian in guardians(uow, school.id, child.id):
        queue_mail(
            uow,
            clock,
            school_id=school.id,
            to=mail_address(guardian),
            subject=mailtexts.LEAVE_SUBJECT.format(
                child=child.roepnaam, status=request.status.label.lower()
            ),
            text=text + signature(school, links, MailCategory.ATTENDANCE),
            category=MailCategory.ATTENDANCE,
            links=links,
        )


def leave_events(uow: UnitOfWork, school: School, viewer: Viewer) -> list[CalendarEvent]:
    """Granted leave of the viewer's children, as all-day events in their agenda feed (an
    :data:`deborg.services.content.feed.EventSource`)."""
    children = parent_children(uow, school.id, viewer.parent_id)
    names = {c.id: c.roepnaam for c in children}
    granted = [
        r
        for r in uow.leave_requests.list_for_children(school.id, names)
        if r.status is LeaveStatus.GRANTED
    ]
    zone = school.timezone
    return [
        CalendarEvent(
            uid=f"verlof-{r.id}@{school.code.lower()}.deborg",
            title=f"Verlof {names[r.child_id]}",
            starts_at=to_utc(r.first_day, dt.time(0, 0), zone),
            ends_at=to_utc(r.last_day, dt.time(0, 0), zone),
            all_day=True,
            description=r.reason.label
            + (f". Toegekend door {r.decided_by}." if r.decided_by else "."),
            last_modified=r.decided_at,
        )
        for r in granted
    ]
