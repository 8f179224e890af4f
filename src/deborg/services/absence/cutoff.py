"""The teachers' mail at the cut-off: once a school day (Monday to Friday; a period reported
over a weekend mails nobody on Saturday), when the school's cut-off has passed,
each teacher of a group with absences gets ONE mail listing the absent children of their
groups (not a mail per report). Run by ``deborg mail run``; running it again the same day
sends nothing twice (the day is recorded in the same transaction as the mails)."""

from __future__ import annotations

import attrs

from deborg.domain import dutch
from deborg.domain.absence import mailtexts
from deborg.domain.absence.reports import before_cutoff, is_school_day, school_now
from deborg.domain.mail import MailCategory
from deborg.domain.model import School, StaffMember
from deborg.ports.clock import Clock
from deborg.ports.links import Links
from deborg.ports.uow import UnitOfWork
from deborg.services.absence.reports import GroupAbsences, read_absences_on
from deborg.services.outbox import queue_mail


@attrs.frozen
class CutoffReport:
    schools: int = 0
    mails: int = 0


def run_cutoff_mails(uow: UnitOfWork, clock: Clock, links: Links) -> CutoffReport:
    """For every school whose cut-off has passed today and whose mail has not gone out."""
    with uow:
        schools = uow.schools.list()
    report = CutoffReport()
    for school in schools:
        sent = run_school_cutoff(uow, clock, links, school=school)
        if sent is not None:
            report = CutoffReport(report.schools + 1, report.mails + sent)
    return report


def run_school_cutoff(uow: UnitOfWork, clock: Clock, links: Links, *, school: School) -> int | None:
    """The number of mails queued, or None when it is not yet time or already done."""
    now = clock.now()
    with uow:
        uow.schools.lock(school.id)  # a second run at the same time waits, then finds it done
        settings = uow.absence_settings.get(school.id)
        if before_cutoff(now, school.timezone, settings):
            return None
        today = school_now(now, school.timezone).date()
        if not is_school_day(today) or uow.cutoff_runs.done(school.id, today):
            return None
        absences = read_absences_on(uow, school.id, today, None, None)
        teachers: dict[int, tuple[StaffMember, list[GroupAbsences]]] = {}
        for group in absences.groups:
            for teacher in uow.staff.list_for_group(school.id, group.group.id):
                teachers.setdefault(teacher.id, (teacher, []))[1].append(group)
        date = dutch.format_date(today)
        for teacher, groups in teachers.values():
            count = sum(len(g.absent) for g in groups)
            queue_mail(
                uow,
                clock,
                school_id=school.id,
                to=teacher.email,
                subject=mailtexts.CUTOFF_SUBJECT.format(date=date, count=count),
                text=_text(teacher, groups, date),
                category=MailCategory.STAFF,
                links=links,
            )
        uow.cutoff_runs.record(school.id, today, now)
        uow.commit()
    return len(teachers)


def _text(teacher: StaffMember, groups: list[GroupAbsences], date: str) -> str:
    parts = [mailtexts.CUTOFF_INTRO.format(teacher=teacher.name, date=date)]
    for group in groups:
        lines = [group.group.name]
        for absent in group.absent:
            report = absent.report
            line = f"* {absent.child.name}: {report.reason.label.lower()}"
            if report.note:
                line += f" ({report.note})"
            line += f", {report.period_text()}"
            if absent.reported_by:
                line += f"; gemeld door {absent.reported_by}"
            lines.append(line)
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"
