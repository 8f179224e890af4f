"""Oudergesprekken from the school's side of the portal: the conference use cases of
:mod:`deborg.services.conferences` (the same as ``deborg conversations``), each after checking
that the planning and its groups are within the staff member's reach (a leerkracht plans for
their own groups; a beheerder for the whole school)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs

from deborg.domain.conferences import Booking, Planning, PlanningDay, Requirement
from deborg.domain.conferences.errors import InvalidPlanning
from deborg.domain.errors import NotFound
from deborg.domain.staff import reaches_planning, require_group
from deborg.ports.calendar import CalendarWriter
from deborg.ports.clock import Clock
from deborg.ports.links import Links
from deborg.ports.uow import UnitOfWork
from deborg.services import conferences
from deborg.services.conferences.common import Told, get_planning
from deborg.services.conferences.views import PlanningOverview, planning_overview
from deborg.services.lookups import staff_or_not_found


def _check(uow: UnitOfWork, school_id: int, planning_id: int, staff_id: int) -> Planning:
    with uow:
        staff = staff_or_not_found(uow, school_id, staff_id)
        planning = get_planning(uow, school_id, planning_id)
        if not reaches_planning(staff, planning.group_ids):
            raise NotFound("Deze planning bestaat niet, of is niet van uw groepen.")
    return planning


def plannings_for_staff(uow: UnitOfWork, *, school_id: int, staff_id: int) -> list[Planning]:
    with uow:
        staff = staff_or_not_found(uow, school_id, staff_id)
        return [p for p in uow.plannings.list(school_id) if reaches_planning(staff, p.group_ids)]


@attrs.frozen
class PlanningInput:
    title: str
    info: str
    group_names: Sequence[str]
    days: Sequence[PlanningDay]
    slot_minutes: int


def create_planning(
    uow: UnitOfWork, clock: Clock, *, school_id: int, staff_id: int, data: PlanningInput
) -> Planning:
    with uow:
        staff = staff_or_not_found(uow, school_id, staff_id)
        group_ids = []
        for name in data.group_names:
            group = uow.groups.get_by_name(school_id, name)
            if group is None:
                raise InvalidPlanning(f"Onbekende groep: {name}.", field="groups")
            require_group(staff, group.id)
            group_ids.append(group.id)
    return conferences.create_planning(
        uow,
        clock,
        school_id=school_id,
        title=data.title,
        info=data.info,
        group_ids=group_ids,
        days=data.days,
        slot_minutes=data.slot_minutes,
    )


def overview(
    uow: UnitOfWork, *, school_id: int, planning_id: int, staff_id: int
) -> PlanningOverview:
    _check(uow, school_id, planning_id, staff_id)
    return planning_overview(uow, school_id=school_id, planning_id=planning_id)


def open_planning(
    uow: UnitOfWork,
    clock: Clock,
    links: Links,
    *,
    school_id: int,
    planning_id: int,
    staff_id: int,
    early_for_siblings: dt.timedelta | None = None,
) -> Told:
    _check(uow, school_id, planning_id, staff_id)
    return conferences.open_planning(
        uow,
        clock,
        links,
        school_id=school_id,
        planning_id=planning_id,
        early_for_siblings=early_for_siblings,
    )


def close_planning(
    uow: UnitOfWork,
    clock: Clock,
    links: Links,
    calendar: CalendarWriter,
    *,
    school_id: int,
    planning_id: int,
    staff_id: int,
) -> Told:
    _check(uow, school_id, planning_id, staff_id)
    return conferences.close_planning(
        uow, clock, links, calendar, school_id=school_id, planning_id=planning_id
    )


def book(
    uow: UnitOfWork,
    clock: Clock,
    links: Links,
    calendar: CalendarWriter,
    *,
    school_id: int,
    planning_id: int,
    staff_id: int,
    child_id: int,
    start: dt.datetime,
) -> Booking:
    """Book for a parent, or move a booking to the chosen free slot (the guardians are
    mailed, as from ``deborg conversations book/move``)."""
    _check(uow, school_id, planning_id, staff_id)
    return conferences.staff_book(
        uow,
        clock,
        links,
        calendar,
        school_id=school_id,
        planning_id=planning_id,
        child_id=child_id,
        start=start,
    )


def set_requirement(
    uow: UnitOfWork,
    *,
    school_id: int,
    planning_id: int,
    staff_id: int,
    child_id: int,
    slots_needed: int | None,
    message: str | None,
) -> Requirement:
    """A double (or longer) slot for a child, and the teacher's personal note for them."""
    _check(uow, school_id, planning_id, staff_id)
    return conferences.set_requirement(
        uow,
        school_id=school_id,
        planning_id=planning_id,
        child_id=child_id,
        slots_needed=slots_needed,
        message=message,
    )
