"""Ziekmelden: a parent reports a child absent or better; both guardians get a confirmation
they cannot switch off; the school reads the absences of a day per group."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs

from deborg.domain.absence import mailtexts
from deborg.domain.absence.reports import (
    AbsenceReason,
    AbsenceReport,
    before_cutoff,
    ensure_no_overlap,
    new_report,
    report_better,
    school_now,
)
from deborg.domain.absence.settings import AbsenceSettings
from deborg.domain.content.audience import mail_address
from deborg.domain.errors import NotFound
from deborg.domain.mail import MailCategory
from deborg.domain.model import Child, Group, School
from deborg.ports.clock import Clock
from deborg.ports.links import Links
from deborg.ports.uow import UnitOfWork
from deborg.services.absence.common import guardians, parent_and_child, parent_children
from deborg.services.lookups import school_or_not_found
from deborg.services.notifications.routing import signature
from deborg.services.outbox import queue_mail


@attrs.frozen
class Reported:
    report: AbsenceReport
    child: Child
    #: How many guardians were mailed a confirmation.
    confirmations: int


def report_absence(
    uow: UnitOfWork,
    clock: Clock,
    links: Links,
    *,
    school_id: int,
    parent_id: int,
    child_id: int,
    reason: AbsenceReason,
    first_day: dt.date,
    last_day: dt.date | None = None,
    note: str = "",
) -> Reported:
    """Report the parent's child absent (see :func:`deborg.domain.absence.reports.new_report`
    for the rules); every guardian is mailed a confirmation in the same transaction."""
    with uow:
        school, parent, child = parent_and_child(uow, school_id, parent_id, child_id)
        settings = uow.absence_settings.get(school_id)
        report = new_report(
            parent=parent,
            child_id=child.id,
            reason=reason,
            first_day=first_day,
            last_day=last_day,
            note=note,
            now=clock.now(),
            timezone=school.timezone,
            settings=settings,
        )
        ensure_no_overlap(report, list(uow.absences.list_for_children(school_id, [child.id])))
        report = uow.absences.add(report)
        mailed = _confirm(
            uow,
            clock,
            links,
            school,
            child,
            subject=mailtexts.ABSENCE_SUBJECT.format(child=child.roepnaam),
            text=mailtexts.ABSENCE_TEXT.format(
                reporter=parent.name,
                child=child.name,
                school=school.name,
                period=report.period_text(),
                reason=report.reason.label,
                note=f"\nToelichting: {report.note}" if report.note else "",
                phone=f" op {settings.phone}" if settings.phone else "",
            ),
        )
        uow.commit()
    return Reported(report, child, mailed)


def report_child_better(
    uow: UnitOfWork,
    clock: Clock,
    links: Links,
    *,
    school_id: int,
    parent_id: int,
    child_id: int,
    report_id: int,
) -> AbsenceReport:
    """ "Beter melden": end the child's open-ended report; the guardians are told."""
    with uow:
        school, parent, child = parent_and_child(uow, school_id, parent_id, child_id)
        report = uow.absences.get(school_id, report_id)
        if report is None or report.child_id != child.id:
            raise NotFound()
        settings = uow.absence_settings.get(school_id)
        ended = report_better(
            report, parent=parent, now=clock.now(), timezone=school.timezone, settings=settings
        )
        uow.absences.update(ended)
        _confirm(
            uow,
            clock,
            links,
            school,
            child,
            subject=mailtexts.BETTER_SUBJECT.format(child=child.roepnaam),
            text=mailtexts.BETTER_TEXT.format(
                reporter=parent.name, child=child.name, period=ended.period_text()
            ),
        )
        uow.commit()
    return ended


def _confirm(
    uow: UnitOfWork,
    clock: Clock,
    links: Links,
    school: School,
    child: Child,
    *,
    subject: str,
    text: str,
) -> int:
    """Mail every guardian of ``child`` (the reporter too) the confirmation ``text``."""
    mailed = 0
    for guardian in guardians(uow, school.id, child.id):
        queue_mail(
            uow,
            clock,
            school_id=school.id,
            to=mail_address(guardian),
            subject=subject,
            text=text + signature(school, links, MailCategory.ATTENDANCE),
            category=MailCategory.ATTENDANCE,
            links=links,
        )
        mailed += 1
    return mailed


# --- what parents see -----------------------------------------------------------------------


@attrs.frozen
class ChildAbsences:
    child: Child
    #: Current and coming reports, newest first day first.
    current: tuple[AbsenceReport, ...]
    #: Reports that ended (kept until the retention runs out).
    past: tuple[AbsenceReport, ...]

    @property
    def open_report(self) -> AbsenceReport | None:
        return next((r for r in self.current if r.open_ended), None)


@attrs.frozen
class AbsencePage:
    """The "Ziek melden" page of one child: the form's limits and the child's reports."""

    absences: ChildAbsences
    today: dt.date
    #: Reports for today are still accepted (before the cut-off).
    today_open: bool
    settings: AbsenceSettings
    read_only: bool


def _split(child: Child, reports: Sequence[AbsenceReport], today: dt.date) -> ChildAbsences:
    own = [r for r in reports if r.child_id == child.id]
    current = tuple(
        r for r in own if not r.cancelled and (r.last_day is None or r.last_day >= today)
    )
    past = tuple(r for r in own if r not in current)
    return ChildAbsences(child, current, past)


def absence_page(
    uow: UnitOfWork, clock: Clock, *, school_id: int, parent_id: int, child_id: int
) -> AbsencePage:
    with uow:
        school, parent, child = parent_and_child(uow, school_id, parent_id, child_id)
        settings = uow.absence_settings.get(school_id)
        reports = uow.absences.list_for_children(school_id, [child.id])
    now = clock.now()
    today = school_now(now, school.timezone).date()
    return AbsencePage(
        absences=_split(child, reports, today),
        today=today,
        today_open=before_cutoff(now, school.timezone, settings),
        settings=settings,
        read_only=parent.read_only,
    )


def absences_for_parent(
    uow: UnitOfWork, clock: Clock, *, school_id: int, parent_id: int
) -> list[ChildAbsences]:
    """Every child of the parent with their reports (the app's GET /absences)."""
    with uow:
        school = school_or_not_found(uow, school_id)
        children = parent_children(uow, school_id, parent_id)
        reports = uow.absences.list_for_children(school_id, [c.id for c in children])
    today = school_now(clock.now(), school.timezone).date()
    return [_split(child, reports, today) for child in children]


# --- what the school sees -------------------------------------------------------------------


@attrs.frozen
class AbsentChild:
    child: Child
    report: AbsenceReport
    reported_by: str


@attrs.frozen
class GroupAbsences:
    group: Group
    absent: tuple[AbsentChild, ...]


@attrs.frozen
class DayAbsences:
    day: dt.date
    groups: tuple[GroupAbsences, ...]

    @property
    def count(self) -> int:
        return sum(len(g.absent) for g in self.groups)


def school_today(uow: UnitOfWork, clock: Clock, *, school_id: int) -> dt.date:
    with uow:
        school = school_or_not_found(uow, school_id)
    return school_now(clock.now(), school.timezone).date()


def absences_on(
    uow: UnitOfWork,
    clock: Clock,
    *,
    school_id: int,
    day: dt.date | None = None,
    group_ids: Sequence[int] | None = None,
    group_names: Sequence[str] | None = None,
    staff_id: int | None = None,
) -> DayAbsences:
    """The read model of "today's absences per group" (the teacher's dashboard, ``deborg
    absence today``): every group with at least one child reported absent on ``day`` (the
    school's today by default), limited to ``group_ids`` or to the groups ``staff_id``
    teaches (or named ``group_names``)."""
    with uow:
        school = school_or_not_found(uow, school_id)
        day = day or school_now(clock.now(), school.timezone).date()
        if group_names:
            named = []
            for name in group_names:
                group = uow.groups.get_by_name(school_id, name)
                if group is None:
                    raise NotFound(f"Geen groep met de naam {name!r}.")
                named.append(group.id)
            group_ids = [g for g in named if group_ids is None or g in group_ids]
        return read_absences_on(uow, school_id, day, group_ids, staff_id)


def read_absences_on(
    uow: UnitOfWork,
    school_id: int,
    day: dt.date,
    group_ids: Sequence[int] | None,
    staff_id: int | None,
) -> DayAbsences:
    """:func:`absences_on` inside the caller's open unit of work."""
    wanted: set[int] | None = set(group_ids) if group_ids is not None else None
    if staff_id is not None:
        staff = uow.staff.get(school_id, staff_id)
        if staff is None:
            raise NotFound("Onbekend personeelslid.")
        taught = set(staff.group_ids)
        wanted = taught if wanted is None else wanted & taught
    reports = [r for r in uow.absences.list_between(school_id, day, day) if r.covers(day)]
    children = {c.id: c for c in uow.children.get_many(school_id, {r.child_id for r in reports})}
    reporters = {
        p.id: p.name for p in uow.parents.get_many(school_id, {r.reported_by for r in reports})
    }
    by_group: dict[int, list[AbsentChild]] = {}
    for report in reports:
        child = children.get(report.child_id)
        if child is None or child.archived:
            continue
        if wanted is not None and child.group_id not in wanted:
            continue
        by_group.setdefault(child.group_id, []).append(
            AbsentChild(child, report, reporters.get(report.reported_by, ""))
        )
    groups = {g.id: g for g in uow.groups.list(school_id)}
    result = []
    for group_id, absent in by_group.items():
        if group_id in groups:
            result.append(
                GroupAbsences(
                    groups[group_id], tuple(sorted(absent, key=lambda a: a.child.sort_key))
                )
            )
    result.sort(key=lambda g: ((g.group.year or 0), g.group.name))
    return DayAbsences(day, tuple(result))


def absences_between(
    uow: UnitOfWork, *, school_id: int, first: dt.date, last: dt.date
) -> list[AbsentChild]:
    """Every report reaching into ``first``..``last`` (``deborg absence list``), by first day."""
    with uow:
        school_or_not_found(uow, school_id)
        reports = [r for r in uow.absences.list_between(school_id, first, last) if not r.cancelled]
        children = {
            c.id: c for c in uow.children.get_many(school_id, {r.child_id for r in reports})
        }
        reporters = {
            p.id: p.name for p in uow.parents.get_many(school_id, {r.reported_by for r in reports})
        }
    return [
        AbsentChild(children[r.child_id], r, reporters.get(r.reported_by, ""))
        for r in reports
        if r.child_id in children
    ]
