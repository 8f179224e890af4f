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
from deborg.domain.content.model import AudienceItem
from deborg.domain.mail import MailCategory, OutboxEntry
from deborg.domain.model import School
from deborg.domain.notifications.model import WEEKMAIL, DigestEntry, DigestState
from deborg.domain.notifications.schedule import latest_digest_moment
from deborg.ports.clock import Clock
from deborg.ports.links import Links
from deborg.ports.uow import UnitOfWork
from deborg.services.content.audience import viewers_of
from deborg.services.notifications.preferences import CHOOSABLE, Delivery, NotificationPreferences
from deborg.services.notifications.routing import signature
from deborg.services.outbox import outbox_entry, text_to_html

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


#: Parents per batch: a batch's lines, recipients, preferences and mails are in memory at
#: once, one batch at a time, so the digest's memory does not grow with the school.
BATCH = 500


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
    so nothing is sent twice.

    The parents with lines are taken in batches of :data:`BATCH`: a batch's lines are read
    and marked as included in one statement, its mails queued together (``add_many``).
    Every batch is in the one transaction that also records the digest moment, so a run
    that fails half-way queues nothing and marks nothing, and the next run makes the whole
    digest once."""
    with uow:
        school = uow.schools.get(school_id)
        if school is None:
            return None
        moment = clock.now()
        state = uow.digest_state.get_for_update(school_id) or DigestState(school_id)
        due = moment if now else latest_digest_moment(moment, school.settings, school.timezone)
        if state.last_digest_at is not None and state.last_digest_at >= due:
            return None
        # What was kept up to the digest moment; later lines wait for the next one. A batch is
        # a run of this sorted list, so the range of its first and last id holds its parents.
        parent_ids = uow.digest_entries.pending_parents(school_id, due)
        digest = _Digest(uow, links, school, moment, lookups)
        sent = 0
        for start in range(0, len(parent_ids), BATCH):
            batch = parent_ids[start : start + BATCH]
            lines = uow.digest_entries.take(school_id, (batch[0], batch[-1]), due, moment)
            mails = digest.mails(lines)
            uow.outbox.add_many(mails)
            sent += len(mails)
        uow.digest_state.save(DigestState(school_id, due))
        uow.commit()
    return sent


class _Digest:
    """One school's digest being made: what is the same for every mail (subject, signature,
    the items the lines are about) is made once, and the body once per distinct set of
    lines (most parents of a school get the same week)."""

    #: Distinct bodies kept at most (then forgotten, so that memory stays flat).
    BODIES = 256

    def __init__(
        self,
        uow: UnitOfWork,
        links: Links,
        school: School,
        now: dt.datetime,
        lookups: Mapping[str, ItemLookup],
    ) -> None:
        self.uow = uow
        self.links = links
        self.school = school
        self.now = now
        self.lookups = lookups
        self.subject = texts.DIGEST_SUBJECT.format(
            school=school.name, date=dutch.format_date(dutch.local(now, school.timezone).date())
        )
        self.signature = signature(school, links, MailCategory.NEWS)
        self.items: dict[tuple[str, int], AudienceItem | None] = {}
        self.bodies: dict[tuple[tuple[str, str, str, str], ...], tuple[str, str, MailCategory]]
        self.bodies = {}

    def mails(self, pending: Sequence[DigestEntry]) -> list[OutboxEntry]:
        """The mails of a batch of parents, from their pending lines (oldest first)."""
        school = self.school
        by_parent: dict[int, list[DigestEntry]] = {}
        for entry in pending:
            by_parent.setdefault(entry.parent_id, []).append(entry)
        # No longer a guardian here, or blocked: absent, so no mail.
        recipients = {
            parent.id: (parent, viewer)
            for parent, viewer in viewers_of(self.uow, school.id, by_parent)
        }
        preferences = self.uow.notification_preferences.get_many(school.id, by_parent)
        mails = []
        for parent_id in sorted(by_parent):
            if parent_id not in recipients:
                continue
            parent, viewer = recipients[parent_id]
            choice = preferences.get(parent_id) or NotificationPreferences(school.id, parent_id)
            lines = [
                e
                for e in by_parent[parent_id]
                if choice.delivery(e.category) is not Delivery.OFF and self.visible(e, viewer)
            ]
            if not lines:
                continue
            text, html, category = self.body(lines)
            mails.append(
                outbox_entry(
                    school_id=school.id,
                    to=mail_address(parent),
                    subject=self.subject,
                    text=text,
                    html=html,
                    category=category,
                    links=self.links,
                    now=self.now,
                    unsubscribe=self.links.unsubscribe(school.id, parent_id, WEEKMAIL),
                )
            )
        return mails

    def visible(self, entry: DigestEntry, viewer: Viewer) -> bool:
        """Whether the item the line is about still exists and the parent may still see it."""
        lookup = self.lookups.get(entry.ref_kind)
        if lookup is None or entry.ref_id is None:
            return True
        key = (entry.ref_kind, entry.ref_id)
        if key not in self.items:
            self.items[key] = lookup(self.uow, self.school.id, entry.ref_id)
        item = self.items[key]
        return item is not None and can_see(viewer, item)

    def body(self, lines: Sequence[DigestEntry]) -> tuple[str, str, MailCategory]:
        """Text, HTML and category of the mail with these lines (oldest first)."""
        key = tuple((e.category.value, e.title, e.summary, e.link) for e in lines)
        if key not in self.bodies:
            if len(self.bodies) >= self.BODIES:
                self.bodies.clear()
            text = digest_text(self.school, lines) + self.signature
            self.bodies[key] = (text, text_to_html(text), _main_category(lines))
        return self.bodies[key]


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
