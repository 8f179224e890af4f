"""The reminder mail the day before a booked conference (from 9.00 school time), sent by
``deborg mail run``: once per child and start (a moved booking is reminded again of its new
time), to each guardian who did not switch "Herinnering oudergesprek" off."""

from __future__ import annotations

from deborg.domain.conferences import mailtexts
from deborg.domain.conferences.model import PlanningState, Reminder, reminder_due
from deborg.domain.mail import MailCategory
from deborg.ports.clock import Clock
from deborg.ports.links import Links
from deborg.ports.uow import UnitOfWork
from deborg.services.conferences.common import describe, guardians_by_child
from deborg.services.notifications.routing import Notice, notify_parents


def send_reminders(uow: UnitOfWork, clock: Clock, links: Links) -> int:
    """Queue the reminders that are due, for every school; returns how many bookings were
    reminded. Safe to run as often as cron likes: each is recorded in the same transaction
    as its mails."""
    with uow:
        school_ids = [s.id for s in uow.schools.list()]
    return sum(_school_reminders(uow, clock, links, school_id) for school_id in school_ids)


def _school_reminders(uow: UnitOfWork, clock: Clock, links: Links, school_id: int) -> int:
    reminded = 0
    with uow:
        uow.schools.lock(school_id)  # a second run at the same time waits, then finds them sent
        school = uow.schools.get(school_id)
        if school is None:
            return 0
        now = clock.now()
        preferences = None
        for planning in uow.plannings.list(school_id):
            if planning.state is PlanningState.CONCEPT:
                continue
            done = {
                (r.child_id, r.start)
                for r in uow.reminders.list_for_planning(school_id, planning.id)
            }
            due = [
                b
                for b in uow.bookings.list_for_planning(school_id, planning.id)
                if (b.child_id, b.start) not in done
                and reminder_due(b.start, planning.timezone, now)
            ]
            if not due:
                continue
            if preferences is None:
                preferences = uow.notification_preferences.list_for_school(school_id)
            children = {
                c.id: c for c in uow.children.get_many(school_id, [b.child_id for b in due])
            }
            guardians = guardians_by_child(uow, school_id, [b.child_id for b in due])
            for booking in due:
                child = children.get(booking.child_id)
                if child is None:
                    continue
                moment = describe(planning, booking.starts)
                link = links.booking(planning.id, child.id)
                notice = Notice(
                    category=MailCategory.REMINDERS,
                    subject=mailtexts.REMINDER_SUBJECT.format(child=child.roepnaam),
                    text=mailtexts.REMINDER_TEXT.format(
                        child=child.name, title=planning.title, moment=moment, link=link
                    ),
                    title=mailtexts.REMINDER_SUBJECT.format(child=child.roepnaam),
                    summary=mailtexts.REMINDER_SUMMARY.format(moment=moment),
                    link=link,
                )
                notify_parents(
                    uow, clock, links, school=school,
                    parents=guardians.get(child.id, []), notice=notice, preferences=preferences,
                )  # fmt: skip
                uow.reminders.add(Reminder(school_id, planning.id, child.id, booking.start, now))
                reminded += 1
        uow.commit()
    return reminded
