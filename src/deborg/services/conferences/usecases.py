"""Use cases of the conferences area: staff create, open, close and book; parents book,
move and cancel. Each is one transaction; mail goes to the outbox in the same one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from deborg.domain.conferences import mailtexts
from deborg.domain.conferences.errors import (
    BookingChanged,
    InvalidPlanning,
    NoBooking,
    NotEnoughTime,
    NotInvited,
    PlanningClosed,
    PlanningNotConcept,
    PlanningNotFound,
    PlanningNotOpen,
    ReadOnlyCannotBook,
    RequirementClashesWithBooking,
    SlotAlreadyTaken,
)
from deborg.domain.conferences.ics import event_attachment, event_file
from deborg.domain.conferences.model import (
    Booking,
    Planning,
    PlanningDay,
    PlanningState,
    Requirement,
    TimeRange,
)
from deborg.domain.conferences.rules import MAX_SLOTS_NEEDED, check_free, slot_run, taken
from deborg.domain.dutch import format_date, format_moment, format_time, local
from deborg.domain.errors import NotFound
from deborg.domain.mail import Attachment, MailCategory
from deborg.domain.model import Child, Group, Guardianship, Parent, ParentState, School
from deborg.domain.notifications.model import Delivery
from deborg.ports.clock import Clock
from deborg.ports.links import Links
from deborg.ports.uow import UnitOfWork
from deborg.services.notifications.preferences import NotificationPreferences
from deborg.services.notifications.routing import Notice, notify_parents

#: How many guardians were told how: by mail now, in the weekly digest, or not (switched off).
Told = dict[Delivery, int]

# ---------------------------------------------------------------------------------------------
# Shared look-ups


def get_planning(uow: UnitOfWork, school_id: int, planning_id: int) -> Planning:
    planning = uow.plannings.get(school_id, planning_id)
    if planning is None:
        raise PlanningNotFound()
    return planning


def _school(uow: UnitOfWork, school_id: int) -> School:
    school = uow.schools.get(school_id)
    if school is None:
        raise NotFound("Onbekende school.")
    return school


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


def _guardians(
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


def _notify(
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


def _told() -> Told:
    return dict.fromkeys(Delivery, 0)


# ---------------------------------------------------------------------------------------------
# Staff: the planning


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
        school = _school(uow, school_id)
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
        school = _school(uow, school_id)
        now = clock.now()
        planning.state = PlanningState.OPEN
        planning.opened_at = now
        planning.opens_for_all_at = now + (early_for_siblings or dt.timedelta(0))
        uow.plannings.update(planning)
        children = invited_children(uow, planning)
        guardians = _guardians(uow, school_id, (c.id for c in children))
        early = _early_parents(uow, school_id) if early_for_siblings else set()
        requirements = {
            r.child_id: r for r in uow.requirements.list_for_planning(school_id, planning_id)
        }
        groups = {g.id: g for g in uow.groups.list(school_id)}
        preferences = uow.notification_preferences.list_for_school(school_id)
        told = _told()
        for child in children:
            requirement = requirements.get(child.id) or Requirement(
                school_id, planning_id, child.id
            )
            for parent in guardians.get(child.id, []):
                _notify(
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
    uow: UnitOfWork, clock: Clock, links: Links, *, school_id: int, planning_id: int
) -> Told:
    """Lock the planning for parents and tell every child's guardians the definitive time,
    with the appointment as an iCalendar attachment. Returns how the guardians were told."""
    with uow:
        planning = get_planning(uow, school_id, planning_id)
        if planning.state is PlanningState.CONCEPT:
            raise PlanningNotOpen("Deze planning is nog niet geopend.")
        if planning.state is PlanningState.CLOSED:
            raise PlanningClosed("Deze planning is al gesloten.")
        school = _school(uow, school_id)
        now = clock.now()
        planning.state = PlanningState.CLOSED
        planning.closed_at = now
        uow.plannings.update(planning)
        children = invited_children(uow, planning)
        guardians = _guardians(uow, school_id, (c.id for c in children))
        bookings = {b.child_id: b for b in uow.bookings.list_for_planning(school_id, planning_id)}
        preferences = uow.notification_preferences.list_for_school(school_id)
        told = _told()
        for child in children:
            booking = bookings.get(child.id)
            link = links.booking(planning.id, child.id)
            if booking is None:
                _notify(
                    uow,
                    clock,
                    links,
                    guardians.get(child.id, []),
                    told,
                    school=school,
                    preferences=preferences,
                    subject=mailtexts.NO_TIME_SUBJECT.format(child=child.roepnaam),
                    text=mailtexts.NO_TIME_TEXT.format(title=planning.title, child=child.name),
                    summary=mailtexts.NO_TIME_SUMMARY,
                    link=link,
                )
                continue
            moment = describe(planning, booking.starts)
            _notify(
                uow,
                clock,
                links,
                guardians.get(child.id, []),
                told,
                school=school,
                preferences=preferences,
                subject=mailtexts.DEFINITIVE_SUBJECT.format(child=child.roepnaam),
                text=mailtexts.DEFINITIVE_TEXT.format(
                    title=planning.title, child=child.name, moment=moment
                ),
                summary=moment,
                link=link,
                attachments=(calendar_attachment(school, planning, child, booking, now),),
            )
        uow.commit()
    return told


def calendar_attachment(
    school: School, planning: Planning, child: Child, booking: Booking, stamp: dt.datetime
) -> Attachment:
    content = event_file(
        uid=f"planning-{planning.id}-child-{child.id}@{school.code.lower()}.ouderportaal",
        summary=f"{planning.title}: {child.name}",
        description=planning.info,
        start=booking.start,
        end=booking.end(planning.slot_minutes),
        stamp=stamp,
        location=school.name + (f", {school.city}" if school.city else ""),
    )
    return event_attachment("oudergesprek.ics", content)


def staff_book(
    uow: UnitOfWork,
    clock: Clock,
    links: Links,
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
        school = _school(uow, school_id)
        guardians = _guardians(uow, school_id, [child_id]).get(child_id, [])
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
            attachments = (calendar_attachment(school, planning, child, booking, clock.now()),)
        _notify(
            uow,
            clock,
            links,
            guardians,
            _told(),
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


# ---------------------------------------------------------------------------------------------
# Parents


def _parent_may_change(
    uow: UnitOfWork,
    clock: Clock,
    *,
    school_id: int,
    parent_id: int,
    planning_id: int,
    child_id: int,
) -> Planning:
    parent = uow.parents.get(school_id, parent_id)
    if parent is None or not uow.guardianships.exists(Guardianship(school_id, parent_id, child_id)):
        raise NotInvited()
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
