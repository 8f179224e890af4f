"""Booking a time: parents book, move and cancel until the planning closes; staff book and
move for a child, also after closing. Each is one transaction."""

from __future__ import annotations

import datetime as dt

from deborg.domain.conferences import mailtexts
from deborg.domain.conferences.errors import (
    BookingChanged,
    NoBooking,
    PlanningClosed,
    PlanningNotFound,
    PlanningNotOpen,
    ReadOnlyCannotBook,
)
from deborg.domain.conferences.model import (
    Booking,
    Planning,
    PlanningState,
)
from deborg.domain.conferences.rules import check_free, slot_run, taken
from deborg.domain.dutch import format_moment
from deborg.domain.mail import Attachment
from deborg.ports.calendar import CalendarWriter
from deborg.ports.clock import Clock
from deborg.ports.links import Links
from deborg.ports.uow import UnitOfWork
from deborg.services.conferences.common import (
    describe,
    get_planning,
    guardian_of,
    guardians_by_child,
    invited_child,
    new_told,
    notify_guardians,
    requirement_for,
)
from deborg.services.conferences.planning import calendar_attachment
from deborg.services.lookups import school_or_not_found


def staff_book(
    uow: UnitOfWork,
    clock: Clock,
    links: Links,
    calendar: CalendarWriter,
    *,
    school_id: int,
    planning_id: int,
    child_id: int,
    start: dt.datetime,
    must_exist: bool = False,
) -> Booking:
    """Book for a child, or move its booking to ``start`` — also after closing. The
    guardians are mailed. ``must_exist``: only a move (``deborg conversations move``)."""
    with uow:
        planning = get_planning(uow, school_id, planning_id)
        if planning.state is PlanningState.CONCEPT:
            raise PlanningNotOpen("Open de planning eerst.")
        child = invited_child(uow, planning, child_id)
        existing = uow.bookings.get_for_child(school_id, planning_id, child_id)
        if existing is None and must_exist:
            raise NoBooking()
        old = describe(planning, existing.starts) if existing else ""
        booking = _place(uow, clock, planning, child_id, start, existing, by_staff=True)
        school = school_or_not_found(uow, school_id)
        guardians = guardians_by_child(uow, school_id, [child_id]).get(child_id, [])
        moment = describe(planning, booking.starts)
        link = links.booking(planning.id, child.id)
        if existing is not None:
            subject = mailtexts.MOVED_SUBJECT.format(child=child.roepnaam)
            text = mailtexts.MOVED_TEXT.format(
                child=child.name,
                title=planning.title,
                old=old,
                moment=moment,
                link=link,
            )
            summary = mailtexts.MOVED_SUMMARY.format(moment=moment)
        else:
            subject = mailtexts.BOOKED_BY_SCHOOL_SUBJECT.format(child=child.roepnaam)
            text = mailtexts.BOOKED_BY_SCHOOL_TEXT.format(
                child=child.name,
                title=planning.title,
                moment=moment,
                link=link,
            )
            summary = moment
        attachments: tuple[Attachment, ...] = ()
        if planning.state is PlanningState.CLOSED:
            attachments = (
                calendar_attachment(calendar, school, planning, child, booking, clock.now()),
            )
        notify_guardians(
            uow,
            clock,
            links,
            guardians,
            new_told(),
            school=school,
            preferences=uow.notification_preferences.list_for_school(school_id),
            subject=subject,
            text=text,
            summary=summary,
            link=link,
            attachments=attachments,
        )
        uow.commit()
    return booking


def _place(
    uow: UnitOfWork,
    clock: Clock,
    planning: Planning,
    child_id: int,
    start: dt.datetime,
    existing: Booking | None,
    *,
    by_staff: bool,
) -> Booking:
    """Book the child's run from ``start``, or move its booking there in one step."""
    needed = requirement_for(uow, planning, child_id).slots_needed
    run = slot_run(planning.slots(), start, needed)
    check_free(
        run, taken(uow.bookings.list_for_planning(planning.school_id, planning.id)), child_id
    )
    starts = tuple(s.start for s in run)
    if existing is None:
        return uow.bookings.add(
            Booking(
                school_id=planning.school_id,
                planning_id=planning.id,
                child_id=child_id,
                starts=starts,
                booked_at=clock.now(),
                by_staff=by_staff,
            )
        )
    existing.starts = starts
    existing.booked_at = clock.now()
    existing.by_staff = by_staff
    return uow.bookings.replace(existing)


def _parent_may_change(
    uow: UnitOfWork,
    clock: Clock,
    *,
    school_id: int,
    parent_id: int,
    planning_id: int,
    child_id: int,
) -> Planning:
    parent = guardian_of(uow, school_id, parent_id, child_id)
    planning = get_planning(uow, school_id, planning_id)
    if planning.state is PlanningState.CONCEPT:
        raise PlanningNotFound()
    invited_child(uow, planning, child_id)
    if parent.read_only:
        raise ReadOnlyCannotBook()
    if planning.state is PlanningState.CLOSED:
        raise PlanningClosed()
    if not planning.is_open_for(
        clock.now(), early=has_children_in_several_groups(uow, school_id, parent_id)
    ):
        assert planning.opens_for_all_at is not None
        raise PlanningNotOpen(
            "De inschrijving opent op "
            + format_moment(planning.opens_for_all_at, planning.timezone)
            + "."
        )
    return planning


def has_children_in_several_groups(uow: UnitOfWork, school_id: int, parent_id: int) -> bool:
    children = uow.children.get_many(school_id, uow.guardianships.children_of(school_id, parent_id))
    return len({c.group_id for c in children if not c.archived}) > 1


def book_slot(
    uow: UnitOfWork,
    clock: Clock,
    *,
    school_id: int,
    parent_id: int,
    planning_id: int,
    child_id: int,
    start: dt.datetime,
) -> Booking:
    """A parent books the child's conference from ``start`` (as many consecutive slots as the
    teacher set); with a booking already, this moves it in one step."""
    with uow:
        planning = _parent_may_change(
            uow,
            clock,
            school_id=school_id,
            parent_id=parent_id,
            planning_id=planning_id,
            child_id=child_id,
        )
        existing = uow.bookings.get_for_child(school_id, planning_id, child_id)
        booking = _place(uow, clock, planning, child_id, start, existing, by_staff=False)
        uow.commit()
    return booking


def cancel_booking(
    uow: UnitOfWork,
    clock: Clock,
    *,
    school_id: int,
    parent_id: int,
    planning_id: int,
    child_id: int,
) -> None:
    with uow:
        _parent_may_change(
            uow,
            clock,
            school_id=school_id,
            parent_id=parent_id,
            planning_id=planning_id,
            child_id=child_id,
        )
        existing = uow.bookings.get_for_child(school_id, planning_id, child_id)
        if existing is None:
            raise BookingChanged("Er is geen reservering (meer) om te annuleren.")
        uow.bookings.remove(existing)
        uow.commit()
