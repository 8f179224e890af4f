"""Staff plan conferences: create a planning, set a child's requirement, open it (every
guardian is invited) and close it (every guardian gets the definitive time)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs

from deborg.domain.calendar import Calendar
from deborg.domain.conferences import mailtexts
from deborg.domain.conferences.errors import (
    InvalidPlanning,
    NotEnoughTime,
    PlanningClosed,
    PlanningNotConcept,
    PlanningNotOpen,
    RequirementClashesWithBooking,
    SlotAlreadyTaken,
)
from deborg.domain.conferences.model import (
    Booking,
    Planning,
    PlanningDay,
    PlanningState,
    Requirement,
    TimeRange,
    booking_event,
)
from deborg.domain.conferences.rules import (
    MAX_SLOTS_NEEDED,
    check_free,
    slot_run,
    slots_short,
    taken,
    teacher_grids,
)
from deborg.domain.dutch import format_date, format_moment
from deborg.domain.mail import Attachment
from deborg.domain.model import Child, Group, School
from deborg.ports.calendar import CalendarWriter
from deborg.ports.clock import Clock
from deborg.ports.links import Links
from deborg.ports.uow import UnitOfWork
from deborg.services.conferences.common import (
    Told,
    describe,
    get_planning,
    guardians_by_child,
    invited_child,
    invited_children,
    new_told,
    notify_guardians,
    requirement_for,
)
from deborg.services.lookups import school_or_not_found


def create_planning(
    uow: UnitOfWork,
    clock: Clock,
    *,
    school_id: int,
    title: str,
    info: str = "",
    group_ids: Sequence[int],
    days: Sequence[PlanningDay],
    slot_minutes: int,
    breaks: Sequence[TimeRange] = (),
) -> Planning:
    """A planning in concept: nothing is visible to parents until it is opened."""
    title = title.strip()
    if not title:
        raise InvalidPlanning("Geef de planning een titel.", field="title")
    if not group_ids:
        raise InvalidPlanning("Kies minstens één groep.", field="group")
    if not days:
        raise InvalidPlanning("Geef minstens één dag met begin- en eindtijd.", field="day")
    if len({d.date for d in days}) != len(days):
        raise InvalidPlanning("Elke dag mag maar één keer voorkomen.", field="day")
    if not 5 <= slot_minutes <= 240:
        raise InvalidPlanning("Een tijdsslot duurt 5 tot 240 minuten.", field="slot_minutes")
    for day in days:
        if day.start >= day.end:
            raise InvalidPlanning(
                f"Op {format_date(day.date)} ligt de begintijd niet voor de eindtijd.", field="day"
            )
    for pause in breaks:
        if pause.start >= pause.end:
            raise InvalidPlanning("Een pauze moet eindigen na het begin.", field="break")
    with uow:
        school = school_or_not_found(uow, school_id)
        for group_id in group_ids:
            if uow.groups.get(school_id, group_id) is None:
                raise InvalidPlanning("Onbekende groep.", field="group")
        planning = Planning(
            school_id=school_id,
            title=title,
            info=info.strip(),
            group_ids=tuple(dict.fromkeys(group_ids)),
            days=tuple(sorted(days, key=lambda d: d.date)),
            slot_minutes=slot_minutes,
            breaks=tuple(sorted(breaks, key=lambda b: b.start)),
            timezone=school.timezone,
            created_at=clock.now(),
        )
        if not planning.slots():
            raise InvalidPlanning("Met deze tijden past er geen enkel tijdsslot.", field="day")
        planning = uow.plannings.add(planning)
        uow.commit()
    return planning


def create_plannings_per_teacher(
    uow: UnitOfWork,
    clock: Clock,
    *,
    school_id: int,
    title: str,
    info: str = "",
    group_ids: Sequence[int],
    days: Sequence[PlanningDay],
    slot_minutes: int,
    breaks: Sequence[TimeRange] = (),
) -> list[Planning]:
    """One planning per teacher (:func:`teacher_grids`): every teacher has a grid of their
    own on the same days, and siblings with different teachers never compete for a time.
    With more than one grid, each title names its teacher(s) or group."""
    with uow:
        groups = {g.id: g for g in uow.groups.list(school_id)}
        teachers: dict[int, list[str]] = {
            group_id: [s.name for s in uow.staff.list_for_group(school_id, group_id)]
            for group_id in dict.fromkeys(group_ids)
            if group_id in groups
        }
    grids = teacher_grids(list(dict.fromkeys(group_ids)), lambda g: teachers.get(g, []))
    made = []
    for grid_groups, names in grids:
        label = ", ".join(names) or ", ".join(groups[g].name for g in grid_groups if g in groups)
        made.append(
            create_planning(
                uow,
                clock,
                school_id=school_id,
                title=f"{title.strip()} – {label}" if len(grids) > 1 and label else title,
                info=info,
                group_ids=grid_groups,
                days=days,
                slot_minutes=slot_minutes,
                breaks=breaks,
            )
        )
    return made


@attrs.frozen
class Capacity:
    """Whether every invited child can get a time."""

    slots: int
    #: The slots the invited children need (one each, more for a double conference).
    needed: int
    children: int

    @property
    def short(self) -> int:
        return slots_short(self.slots, [self.needed])

    @property
    def warning(self) -> str:
        """The Dutch warning for staff, or "" when there are enough slots."""
        if not self.short:
            return ""
        return (
            f"Let op: deze planning heeft {self.slots} tijdssloten, maar de {self.children} "
            f"leerlingen hebben er samen {self.needed} nodig: {self.short} te weinig. Voeg een "
            "dag of tijd toe, of maak een planning per leerkracht."
        )


def planning_capacity(uow: UnitOfWork, *, school_id: int, planning_id: int) -> Capacity:
    """The planning's slots against what its invited children need."""
    with uow:
        planning = get_planning(uow, school_id, planning_id)
        children = invited_children(uow, planning)
        needs = {
            r.child_id: r.slots_needed
            for r in uow.requirements.list_for_planning(school_id, planning_id)
        }
    needed = [needs.get(c.id, 1) for c in children]
    return Capacity(slots=len(planning.slots()), needed=sum(needed), children=len(children))


def set_requirement(
    uow: UnitOfWork,
    *,
    school_id: int,
    planning_id: int,
    child_id: int,
    slots_needed: int | None = None,
    message: str | None = None,
) -> Requirement:
    """Set how many consecutive slots the child's conference takes, and/or the teacher's
    personal message. An existing booking grows or shrinks from its start when the slots
    after it are free; otherwise staff must move it first."""
    if slots_needed is not None and not 1 <= slots_needed <= MAX_SLOTS_NEEDED:
        raise InvalidPlanning(
            f"Een gesprek duurt 1 tot {MAX_SLOTS_NEEDED} tijdssloten.", field="slots"
        )
    with uow:
        planning = get_planning(uow, school_id, planning_id)
        invited_child(uow, planning, child_id)
        current = requirement_for(uow, planning, child_id)
        updated = Requirement(
            school_id=school_id,
            planning_id=planning_id,
            child_id=child_id,
            slots_needed=current.slots_needed if slots_needed is None else slots_needed,
            message=current.message if message is None else message.strip(),
        )
        booking = uow.bookings.get_for_child(school_id, planning_id, child_id)
        if booking is not None and len(booking.starts) != updated.slots_needed:
            try:
                run = slot_run(planning.slots(), booking.start, updated.slots_needed)
                check_free(
                    run, taken(uow.bookings.list_for_planning(school_id, planning_id)), child_id
                )
            except (NotEnoughTime, SlotAlreadyTaken) as error:
                raise RequirementClashesWithBooking() from error
            booking.starts = tuple(s.start for s in run)
            uow.bookings.replace(booking)
        uow.requirements.save(updated)
        uow.commit()
    return updated


def _early_parents(uow: UnitOfWork, school_id: int) -> set[int]:
    """Parents with children in more than one group of the school."""
    children = {c.id: c for c in uow.children.list(school_id)}
    groups: dict[int, set[int]] = {}
    for child_id, parent_ids in uow.guardianships.parents_of(school_id, children).items():
        for parent_id in parent_ids:
            groups.setdefault(parent_id, set()).add(children[child_id].group_id)
    return {p for p, g in groups.items() if len(g) > 1}


def open_planning(
    uow: UnitOfWork,
    clock: Clock,
    links: Links,
    *,
    school_id: int,
    planning_id: int,
    early_for_siblings: dt.timedelta | None = None,
) -> Told:
    """Open the planning and invite the guardians of every child of its groups (one
    invitation per child). With ``early_for_siblings``, families with children in several
    groups may book at once and everyone else that much later. Returns how the guardians
    were told."""
    with uow:
        planning = get_planning(uow, school_id, planning_id)
        if planning.state is not PlanningState.CONCEPT:
            raise PlanningNotConcept()
        school = school_or_not_found(uow, school_id)
        now = clock.now()
        planning.state = PlanningState.OPEN
        planning.opened_at = now
        planning.opens_for_all_at = now + (early_for_siblings or dt.timedelta(0))
        uow.plannings.update(planning)
        children = invited_children(uow, planning)
        guardians = guardians_by_child(uow, school_id, (c.id for c in children))
        early = _early_parents(uow, school_id) if early_for_siblings else set()
        requirements = {
            r.child_id: r for r in uow.requirements.list_for_planning(school_id, planning_id)
        }
        groups = {g.id: g for g in uow.groups.list(school_id)}
        preferences = uow.notification_preferences.list_for_school(school_id)
        told = new_told()
        for child in children:
            requirement = requirements.get(child.id) or Requirement(
                school_id, planning_id, child.id
            )
            for parent in guardians.get(child.id, []):
                notify_guardians(
                    uow,
                    clock,
                    links,
                    [parent],
                    told,
                    school=school,
                    preferences=preferences,
                    subject=mailtexts.INVITATION_SUBJECT.format(
                        title=planning.title, child=child.roepnaam
                    ),
                    summary=mailtexts.INVITATION_SUMMARY,
                    link=links.booking(planning.id, child.id),
                    text=_invitation_text(
                        planning,
                        child,
                        groups[child.group_id],
                        requirement,
                        links,
                        early=parent.id in early,
                    ),
                )
        uow.commit()
    return told


def _invitation_text(
    planning: Planning,
    child: Child,
    group: Group,
    requirement: Requirement,
    links: Links,
    *,
    early: bool,
) -> str:
    days = ", ".join(format_date(d.date) for d in planning.days)
    when = f"De gesprekken zijn op {days}."
    assert planning.opens_for_all_at is not None
    if planning.opened_at != planning.opens_for_all_at:
        if early:
            when += (
                " Omdat u kinderen in meerdere groepen heeft, kunt u nu al inschrijven; "
                "de andere ouders vanaf "
                + format_moment(planning.opens_for_all_at, planning.timezone)
                + "."
            )
        else:
            when += (
                " U kunt inschrijven vanaf "
                + format_moment(planning.opens_for_all_at, planning.timezone)
                + "."
            )
    length = ""
    if requirement.slots_needed > 1:
        minutes = requirement.slots_needed * planning.slot_minutes
        length = f"\nVoor dit gesprek is {minutes} minuten uitgetrokken.\n"
    return mailtexts.INVITATION_TEXT.format(
        title=planning.title,
        child=child.name,
        group=group.name,
        info=planning.info + "\n\n" if planning.info else "",
        message=(
            "Persoonlijke boodschap van de leerkracht:\n" + requirement.message + "\n\n"
            if requirement.message
            else ""
        ),
        when=when,
        link=links.booking(planning.id, child.id),
        length=length,
    )


def close_planning(
    uow: UnitOfWork,
    clock: Clock,
    links: Links,
    calendar: CalendarWriter,
    *,
    school_id: int,
    planning_id: int,
) -> Told:
    """Lock the planning for parents and tell every child's guardians the definitive time,
    with the appointment as an iCalendar attachment. Returns how the guardians were told."""
    with uow:
        planning = get_planning(uow, school_id, planning_id)
        if planning.state is PlanningState.CONCEPT:
            raise PlanningNotOpen("Deze planning is nog niet geopend.")
        if planning.state is PlanningState.CLOSED:
            raise PlanningClosed("Deze planning is al gesloten.")
        school = school_or_not_found(uow, school_id)
        now = clock.now()
        planning.state = PlanningState.CLOSED
        planning.closed_at = now
        uow.plannings.update(planning)
        children = invited_children(uow, planning)
        guardians = guardians_by_child(uow, school_id, (c.id for c in children))
        bookings = {b.child_id: b for b in uow.bookings.list_for_planning(school_id, planning_id)}
        preferences = uow.notification_preferences.list_for_school(school_id)
        told = new_told()
        for child in children:
            booking = bookings.get(child.id)
            attachments: tuple[Attachment, ...] = ()
            if booking is None:
                subject = mailtexts.NO_TIME_SUBJECT.format(child=child.roepnaam)
                text = mailtexts.NO_TIME_TEXT.format(title=planning.title, child=child.name)
                summary = mailtexts.NO_TIME_SUMMARY
            else:
                summary = describe(planning, booking.starts)
                subject = mailtexts.DEFINITIVE_SUBJECT.format(child=child.roepnaam)
                text = mailtexts.DEFINITIVE_TEXT.format(
                    title=planning.title, child=child.name, moment=summary
                )
                attachments = (
                    calendar_attachment(calendar, school, planning, child, booking, now),
                )
            notify_guardians(
                uow,
                clock,
                links,
                guardians.get(child.id, []),
                told,
                school=school,
                preferences=preferences,
                subject=subject,
                text=text,
                summary=summary,
                link=links.booking(planning.id, child.id),
                attachments=attachments,
            )
        uow.commit()
    return told


def calendar_attachment(
    writer: CalendarWriter,
    school: School,
    planning: Planning,
    child: Child,
    booking: Booking,
    now: dt.datetime,
) -> Attachment:
    """The definitive time as an .ics file, the same event as in the parent's calendar feed."""
    event = booking_event(school, planning, child, booking)
    return Attachment(
        filename="oudergesprek.ics",
        content_type="text/calendar; method=PUBLISH; charset=utf-8",
        content=writer.write(
            Calendar(school, (event,), subscription=False, method="PUBLISH"), now=now
        ),
    )
