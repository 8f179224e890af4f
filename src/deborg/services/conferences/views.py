"""Read models for the pages and the staff overview, each in a fixed number of queries
whatever the number of slots or children."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping, Sequence

import attrs

from deborg.domain.calendar import CalendarEvent
from deborg.domain.conferences.errors import NotInvited, PlanningNotFound
from deborg.domain.conferences.model import (
    Booking,
    Break,
    Planning,
    PlanningState,
    Requirement,
    Slot,
    booking_event,
)
from deborg.domain.conferences.rules import Appointment, can_start, overlapping, suggestions, taken
from deborg.domain.content.audience import Viewer
from deborg.domain.model import Child, Group, School
from deborg.ports.clock import Clock
from deborg.ports.uow import UnitOfWork
from deborg.services.conferences.common import get_planning, guardian_of, invited_children


@attrs.frozen
class Invitation:
    planning: Planning
    child: Child
    group: Group
    requirement: Requirement
    booking: Booking | None
    #: May this family book now (open, and past the opening for everyone or early)?
    can_book_now: bool = False

    @property
    def closed(self) -> bool:
        return self.planning.state is PlanningState.CLOSED

    @property
    def booking_end(self) -> dt.datetime | None:
        return self.booking.end(self.planning.slot_minutes) if self.booking else None

    @property
    def minutes(self) -> int:
        return self.requirement.slots_needed * self.planning.slot_minutes


@attrs.frozen
class Overlap:
    """Two of the parent's children have appointments at overlapping times."""

    first: Invitation
    second: Invitation


@attrs.frozen
class ParentConversations:
    invitations: tuple[Invitation, ...]
    overlaps: tuple[Overlap, ...]


def _appointment(invitation: Invitation) -> Appointment | None:
    booking = invitation.booking
    if booking is None:
        return None
    return Appointment(
        child_id=booking.child_id,
        planning_id=booking.planning_id,
        start=booking.start,
        end=booking.end(invitation.planning.slot_minutes),
    )


def _invitations(
    uow: UnitOfWork,
    school_id: int,
    parent_id: int,
    now: dt.datetime | None,
    known: tuple[Sequence[Child], Mapping[int, Group]] | None = None,
    *,
    only_open: bool = False,
    past_too: bool = False,
) -> list[Invitation]:
    """``known``: the parent's children and their groups, when the caller has read them
    already (Home). ``only_open``: only plannings that are open now (Home). Plannings
    whose last time has passed ``now`` are left out unless ``past_too``."""
    if known is None:
        pairs = uow.children.of_parent(school_id, parent_id)  # archived ones left out
        children = [c for c, _ in pairs]
        if not children:
            return []
        groups: Mapping[int, Group] = {g.id: g for _, g in pairs}
    else:
        children = [c for c in known[0] if not c.archived]
        groups = known[1]
        if not children:
            return []
    early = len({c.group_id for c in children}) > 1
    wanted = (PlanningState.OPEN,) if only_open else (PlanningState.OPEN, PlanningState.CLOSED)
    group_ids = {c.group_id for c in children}
    plannings = [
        p
        for p in uow.plannings.list(school_id, group_ids=group_ids)
        if p.state in wanted and (past_too or now is None or not p.is_over(now))
    ]
    if not plannings:  # most of the year: no need to read requirements and bookings
        return []
    child_ids = [c.id for c in children]
    requirements = {
        (r.planning_id, r.child_id): r
        for r in uow.requirements.list_for_children(school_id, child_ids)
    }
    bookings = {
        (b.planning_id, b.child_id): b for b in uow.bookings.list_for_children(school_id, child_ids)
    }
    found = []
    for planning in plannings:
        for child in children:
            if child.group_id not in planning.group_ids:
                continue
            key = (planning.id, child.id)
            found.append(
                Invitation(
                    planning=planning,
                    child=child,
                    group=groups[child.group_id],
                    requirement=requirements.get(key)
                    or Requirement(school_id, planning.id, child.id),
                    booking=bookings.get(key),
                    can_book_now=now is not None and planning.is_open_for(now, early=early),
                )
            )
    return found


def _overlaps(invitations: Sequence[Invitation]) -> tuple[Overlap, ...]:
    by_key = {(i.planning.id, i.child.id): i for i in invitations}
    appointments = [a for a in map(_appointment, invitations) if a is not None]
    return tuple(
        Overlap(by_key[(a.planning_id, a.child_id)], by_key[(b.planning_id, b.child_id)])
        for a, b in overlapping(appointments)
    )


def parent_conferences(
    uow: UnitOfWork, clock: Clock, *, school_id: int, parent_id: int
) -> ParentConversations:
    """Oudergesprekken: one invitation per child per open or closed planning."""
    with uow:
        invitations = _invitations(uow, school_id, parent_id, clock.now())
    return ParentConversations(tuple(invitations), _overlaps(invitations))


def open_invitations(uow: UnitOfWork, school_id: int, parent_id: int) -> list[Invitation]:
    """For Home: the invitations of plannings that are open, booked or not."""
    with uow:
        return _invitations(uow, school_id, parent_id, None, only_open=True)


def open_invitations_in(
    uow: UnitOfWork,
    school_id: int,
    parent_id: int,
    children: Sequence[Child],
    groups: Mapping[int, Group],
    now: dt.datetime,
) -> list[Invitation]:
    """The same, inside a unit of work the caller already opened (Home's overview), with the
    parent's children and the school's groups that the caller read already. ``now`` decides
    whether each invitation can be booked yet (Home says when the booking opens until then)."""
    return _invitations(uow, school_id, parent_id, now, (children, groups), only_open=True)


class SlotStatus(enum.StrEnum):
    FREE = "free"  # and the child's conference fits from here
    MINE = "mine"  # this child's booking
    SIBLING = "sibling"  # booked for another child of this parent
    BOOKED = "booked"  # someone else's
    UNAVAILABLE = "unavailable"  # free, but not enough consecutive time from here


@attrs.frozen
class SlotView:
    slot: Slot
    status: SlotStatus
    suggested: bool = False
    #: A free slot overlapping an appointment of another child of this parent.
    clashes_with_sibling: bool = False


@attrs.frozen
class DayView:
    day: dt.date
    cells: tuple[SlotView | Break, ...]


@attrs.frozen
class BookingPage:
    invitation: Invitation
    days: tuple[DayView, ...]
    read_only: bool
    #: Buttons are shown: open for this family and the account may change things.
    can_change: bool
    siblings: tuple[Invitation, ...]
    overlaps: tuple[Overlap, ...]
    suggestions: tuple[Slot, ...]


def booking_page(
    uow: UnitOfWork,
    clock: Clock,
    *,
    school_id: int,
    parent_id: int,
    planning_id: int,
    child_id: int,
) -> BookingPage:
    """Inschrijven: the information, the teacher's message and the slots of one child."""
    with uow:
        parent = guardian_of(uow, school_id, parent_id, child_id)
        planning = get_planning(uow, school_id, planning_id)
        if planning.state is PlanningState.CONCEPT:
            raise PlanningNotFound()
        now = clock.now()
        invitations = _invitations(uow, school_id, parent_id, now, past_too=True)
        mine = next(
            (i for i in invitations if i.planning.id == planning_id and i.child.id == child_id),
            None,
        )
        if mine is None:
            raise NotInvited()
        others = [
            i
            for i in invitations
            if i.child.id != child_id
            and i.booking is not None
            and i.booking_end is not None
            # a sibling's appointment that is over (last term's conference) is no help here
            and i.booking_end > now
        ]
        all_bookings = uow.bookings.list_for_planning(school_id, planning_id)
    taken_slots = taken(all_bookings)
    needed = mine.requirement.slots_needed
    slots = planning.slots()
    sibling_children = {i.child.id for i in others}
    sibling_times = [a for a in map(_appointment, others) if a is not None]
    suggested = (
        suggestions(slots, needed, taken_slots, child_id, sibling_times)
        if mine.can_book_now
        else []
    )
    suggested_starts = {s.start for s in suggested}
    days: dict[dt.date, list[SlotView | Break]] = {}
    for cell in planning.cells():
        if isinstance(cell, Break):
            days.setdefault(cell.day, []).append(cell)
            continue
        owner = taken_slots.get(cell.start)
        if owner == child_id:
            status = SlotStatus.MINE
        elif owner in sibling_children:
            status = SlotStatus.SIBLING
        elif owner is not None:
            status = SlotStatus.BOOKED
        elif can_start(slots, cell, needed, taken_slots, child_id):
            status = SlotStatus.FREE
        else:
            status = SlotStatus.UNAVAILABLE
        clash = status is SlotStatus.FREE and any(
            a.start < cell.start + (cell.end - cell.start) * needed and cell.start < a.end
            for a in sibling_times
        )
        days.setdefault(cell.day, []).append(
            SlotView(cell, status, cell.start in suggested_starts, clash)
        )
    return BookingPage(
        invitation=mine,
        days=tuple(DayView(day, tuple(cells)) for day, cells in days.items()),
        read_only=parent.read_only,
        can_change=mine.can_book_now and not parent.read_only,
        siblings=tuple(others),
        overlaps=tuple(
            o for o in _overlaps(invitations) if child_id in (o.first.child.id, o.second.child.id)
        ),
        suggestions=tuple(suggested),
    )


@attrs.frozen
class OverviewRow:
    slot: Slot
    child: Child | None
    group: Group | None


@attrs.frozen
class PlanningOverview:
    planning: Planning
    rows: tuple[OverviewRow, ...]
    without_booking: tuple[Child, ...]
    requirements: dict[int, Requirement]


def planning_overview(uow: UnitOfWork, *, school_id: int, planning_id: int) -> PlanningOverview:
    """For staff: per slot who booked, and the children without a booking."""
    with uow:
        planning = get_planning(uow, school_id, planning_id)
        children = {c.id: c for c in invited_children(uow, planning)}
        groups = {g.id: g for g in uow.groups.list(school_id)}
        bookings = uow.bookings.list_for_planning(school_id, planning_id)
        requirements = {
            r.child_id: r for r in uow.requirements.list_for_planning(school_id, planning_id)
        }
    owner = taken(bookings)
    rows = []
    for slot in planning.slots():
        child = children.get(owner[slot.start]) if slot.start in owner else None
        rows.append(OverviewRow(slot, child, groups.get(child.group_id) if child else None))
    booked = {b.child_id for b in bookings}
    return PlanningOverview(
        planning=planning,
        rows=tuple(rows),
        without_booking=tuple(c for c in children.values() if c.id not in booked),
        requirements=requirements,
    )


def booking_events(uow: UnitOfWork, school: School, viewer: Viewer) -> list[CalendarEvent]:
    """The parent's conference bookings (open and closed plannings), for the private
    calendar feed of the content area."""
    events = []
    for invitation in _invitations(uow, school.id, viewer.parent_id, None):
        booking = invitation.booking
        if booking is None or invitation.planning.state is PlanningState.CONCEPT:
            continue
        events.append(booking_event(school, invitation.planning, invitation.child, booking))
    return events
