"""The weekly digest (weekmail): on the school's digest day and time (default Friday 16:00,
school time), one mail per parent with what was kept for it since their previous digest.

The rules: only lines kept since the parent's previous digest and up to this digest's
moment (each line is included once);
only what the parent may still see (the audience rule, re-checked); categories switched off
in the meantime left out; an empty digest is not sent; a second run sends nothing twice (the
school's digest moment is recorded in the same transaction as the mails); a missed digest
day is caught up once, at the next run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence

import attrs

from deborg.domain import dutch
from deborg.domain.content import texts
from deborg.domain.content.audience import Viewer, can_see, mail_address
from deborg.domain.content.model import Audience, AudienceItem
from deborg.domain.mail import MailCategory
from deborg.domain.model import School
from deborg.domain.notifications.model import WEEKMAIL, DigestEntry, DigestState
from deborg.domain.notifications.schedule import latest_digest_moment
from deborg.ports.clock import Clock
from deborg.ports.links import Links
from deborg.ports.uow import UnitOfWork
from deborg.services.content.audience import guardians_of
from deborg.services.notifications.preferences import CHOOSABLE, Delivery, NotificationPreferences
from deborg.services.notifications.routing import signature
from deborg.services.outbox import queue_mail

HEADINGS = {
    MailCategory.TEACHER_MESSAGES: "Berichten van de leerkracht",
    MailCategory.CONVERSATIONS: "Oudergesprekken",
    MailCategory.REMINDERS: "Herinneringen",
    MailCategory.NEWS: "Nieuws",
    MailCategory.MESSAGES: "Berichten",
    MailCategory.AGENDA: "Agenda",
    MailCategory.ALBUMS: "Fotoalbums",
    MailCategory.DOCUMENTS: "Documenten",
}


@attrs.frozen
class DigestReport:
    schools: int = 0
    mails: int = 0


#: Looks up the item a digest line is about, to re-check it still exists and is visible:
#: (uow, school_id, item_id) -> item or None, by the line's ref_kind. The content area's are
#: :func:`deborg.services.content.lookups.content_lookups`; the composition root passes them in.
ItemLookup = Callable[[UnitOfWork, int, int], AudienceItem | None]


def run_digests(
    uow: UnitOfWork, clock: Clock, links: Links, *, lookups: Mapping[str, ItemLookup]
) -> DigestReport:
    """Make the digests that are due, for every school; safe to run as often as cron likes."""
    with uow:
        schools = uow.schools.list()
    report = DigestReport()
    for school in schools:
        sent = run_school_digest(uow, clock, links, school_id=school.id, lookups=lookups)
        if sent is not None:
            report = DigestReport(report.schools + 1, report.mails + sent)
    return report


def run_school_digest(
    uow: UnitOfWork,
    clock: Clock,
    links: Links,
    *,
    school_id: int,
    lookups: Mapping[str, ItemLookup],
    now: bool = False,
) -> int | None:
    """One school's digest, if due: the number of mails queued, or None when not due.

    With ``now`` (``deborg mail digest --now``) the digest is made at once with every line
    kept so far, and recorded as made now: the next scheduled digest holds only later lines,
    so nothing is sent twice."""
    with uow:
        school = uow.schools.get(school_id)
        if school is None:
            return None
        moment = clock.now()
        state = uow.digest_state.get_for_update(school_id) or DigestState(school_id)
        due = moment if now else latest_digest_moment(moment, school.settings, school.timezone)
        if state.last_digest_at is not None and state.last_digest_at >= due:
            return None
        # What was kept up to the digest moment; later lines wait for the next one.
        pending = [e for e in uow.digest_entries.pending(school_id) if e.created_at <= due]
        sent = _send(uow, clock, links, school, pending, moment, lookups)
        uow.digest_entries.mark_included([e.id for e in pending], moment)
        uow.digest_state.save(DigestState(school_id, due))
        uow.commit()
    return sent


def _send(
    uow: UnitOfWork,
    clock: Clock,
    links: Links,
    school: School,
    pending: Sequence[DigestEntry],
    now: dt.datetime,
    lookups: Mapping[str, ItemLookup],
) -> int:
    recipients = {
        parent.id: (parent, viewer)
        for parent, viewer in guardians_of(uow, school.id, Audience.whole_school())
    }
    preferences = uow.notification_preferences.list_for_school(school.id)
    lookup_cache: dict[tuple[str, int], AudienceItem | None] = {}

    def still_visible(entry: DigestEntry, viewer: Viewer) -> bool:
        lookup = lookups.get(entry.ref_kind)
        if lookup is None or entry.ref_id is None:
            return True
        key = (entry.ref_kind, entry.ref_id)
        if key not in lookup_cache:
            lookup_cache[key] = lookup(uow, school.id, entry.ref_id)
        item = lookup_cache[key]
        return item is not None and can_see(viewer, item)

    by_parent: dict[int, list[DigestEntry]] = {}
    for entry in pending:
        by_parent.setdefault(entry.parent_id, []).append(entry)
    sent = 0
    for parent_id, entries in sorted(by_parent.items()):
        if parent_id not in recipients:
            continue  # no longer a guardian here, or blocked
        parent, viewer = recipients[parent_id]
        choice = preferences.get(parent_id, NotificationPreferences(school.id, parent_id))
        lines = [
            e
            for e in entries
            if choice.delivery(e.category) is not Delivery.OFF and still_visible(e, viewer)
        ]
        if not lines:
            continue
        queue_mail(
            uow,
            clock,
            school_id=school.id,
            to=mail_address(parent),
            subject=texts.DIGEST_SUBJECT.format(
                school=school.name, date=dutch.format_date(dutch.local(now, school.timezone).date())
            ),
            text=digest_text(school, lines) + signature(school, links, MailCategory.NEWS),
            category=_main_category(lines),
            links=links,
            unsubscribe=links.unsubscribe(school.id, parent.id, WEEKMAIL),
        )
        sent += 1
    return sent


def _main_category(lines: Sequence[DigestEntry]) -> MailCategory:
    return lines[0].category if len({e.category for e in lines}) == 1 else MailCategory.NEWS


def digest_text(school: School, lines: Sequence[DigestEntry]) -> str:
    parts = [
        "Beste ouder/verzorger,",
        texts.DIGEST_INTRO.format(school=school.name),
    ]
    for category in CHOOSABLE:
        of_category = sorted(
            (e for e in lines if e.category is category), key=lambda e: (e.created_at, e.id)
        )
        if not of_category:
            continue
        block = [HEADINGS[category], "-" * len(HEADINGS[category])]
        for entry in of_category:
            block.append(f"* {entry.title}")
            if entry.summary:
                block.append(f"  {entry.summary}")
            if entry.link:
                block.append(f"  {entry.link}")
        parts.append("\n".join(block))
    return "\n\n".join(parts)
