"""The staff dashboard (/school/): the day at a glance for one staff member, within their
reach — what was posted lately, the parents' replies this staff member has not read and those
waiting for an answer, the conference plannings and how full they are, and the changes parents
reported that wait to be handled."""

from __future__ import annotations

import datetime as dt

import attrs

from deborg.domain.conferences import Planning, PlanningState
from deborg.domain.content.model import AgendaItem, Album, Document, Message, NewsItem
from deborg.domain.content.reads import unread_replies
from deborg.domain.model import Child, Group, School, StaffMember
from deborg.domain.profiles.model import ChangeReport, SubjectType
from deborg.domain.staff import reaches, reaches_group, reaches_planning
from deborg.ports.uow import UnitOfWork
from deborg.services.lookups import school_or_not_found, staff_or_not_found

#: How many recent news items and messages the dashboard lists.
RECENT = 8


@attrs.frozen
class PlanningFill:
    planning: Planning
    booked: int
    invited: int


@attrs.frozen
class ReplyCounts:
    """Per message (id), the replies without an answer and those this staff member has not
    read (they did not open the message's thread since the reply came)."""

    waiting: dict[int, int] = attrs.field(factory=dict)
    unread: dict[int, int] = attrs.field(factory=dict)

    @property
    def replies_waiting(self) -> int:
        return sum(self.waiting.values())

    @property
    def replies_unread(self) -> int:
        return sum(self.unread.values())

    def needs_attention(self, message: Message) -> bool:
        return bool(self.waiting.get(message.id) or self.unread.get(message.id))


@attrs.frozen
class Dashboard:
    school: School
    staff: StaffMember
    groups: tuple[Group, ...]
    news: tuple[NewsItem, ...]
    messages: tuple[Message, ...]
    replies: ReplyCounts
    #: The newest messages with unread or unanswered replies.
    reply_threads: tuple[Message, ...]
    plannings: tuple[PlanningFill, ...]
    changes: tuple[ChangeReport, ...]


def staff_messages(uow: UnitOfWork, staff: StaffMember) -> list[Message]:
    """The messages a staff member works on (inside the caller's unit of work)."""
    return [
        m for m in uow.messages.list(staff.school_id) if reaches(staff, m.audience, m.author_id)
    ]


def reply_counts(uow: UnitOfWork, staff: StaffMember, messages: list[Message]) -> ReplyCounts:
    """The replies to ``messages`` without an answer (of messages that still take replies) and
    those the staff member has not read, in two queries."""
    taking = {m.id for m in messages if m.allow_replies}
    replies = uow.replies.list_for_messages(staff.school_id, [m.id for m in messages])
    waiting: dict[int, int] = {}
    for reply in replies:
        if not reply.answered and reply.message_id in taking:
            waiting[reply.message_id] = waiting.get(reply.message_id, 0) + 1
    markers = uow.reply_reads.for_staff(staff.school_id, staff.id, {r.message_id for r in replies})
    unread = unread_replies(((r.message_id, r.created_at) for r in replies), markers)
    return ReplyCounts(waiting, unread)


def staff_dashboard(uow: UnitOfWork, *, school_id: int, staff_id: int) -> Dashboard:
    with uow:
        school = school_or_not_found(uow, school_id)
        staff = staff_or_not_found(uow, school_id, staff_id)
        groups = tuple(g for g in uow.groups.list(school_id) if reaches_group(staff, g.id))
        news = [n for n in uow.news.list(school_id) if reaches(staff, n.audience, n.author_id)]
        messages = staff_messages(uow, staff)
        replies = reply_counts(uow, staff, messages)
        fills = []
        for planning in uow.plannings.list(school_id):
            if planning.state is PlanningState.CLOSED:
                continue
            if not reaches_planning(staff, planning.group_ids):
                continue
            invited = sum(
                len(uow.children.list_for_group(school_id, g)) for g in planning.group_ids
            )
            booked = len(uow.bookings.list_for_planning(school_id, planning.id))
            fills.append(PlanningFill(planning, booked, invited))
        changes = tuple(reported_changes(uow, staff))
    return Dashboard(
        school=school,
        staff=staff,
        groups=groups,
        news=tuple(news[:RECENT]),
        messages=tuple(messages[:RECENT]),
        replies=replies,
        reply_threads=tuple(m for m in messages if replies.needs_attention(m))[:RECENT],
        plannings=tuple(fills),
        changes=changes,
    )


def reported_changes(
    uow: UnitOfWork, staff: StaffMember, *, include_handled: bool = False
) -> list[ChangeReport]:
    """The changes parents reported that this staff member handles: every one for a
    beheerder; for a leerkracht, those about a child in their groups or a parent of one."""
    reports = uow.change_reports.list(staff.school_id, include_handled=include_handled)
    if staff.is_beheerder:
        return list(reports)
    own_children = {
        c.id for g in staff.group_ids for c in uow.children.list_for_group(staff.school_id, g)
    }
    own_parents = {
        p
        for ids in uow.guardianships.parents_of(staff.school_id, own_children).values()
        for p in ids
    }
    return [
        r
        for r in reports
        if (r.subject_type is SubjectType.CHILD and r.subject_id in own_children)
        or (r.subject_type is not SubjectType.CHILD and r.reported_by in own_parents)
    ]


def changes_for_staff(
    uow: UnitOfWork, *, school_id: int, staff_id: int, include_handled: bool = False
) -> list[ChangeReport]:
    """Wijzigingen on the school's side: the reported changes within the staff member's reach."""
    with uow:
        staff = staff_or_not_found(uow, school_id, staff_id)
        return reported_changes(uow, staff, include_handled=include_handled)


@attrs.frozen
class Choices:
    """What the publishing forms offer a staff member: their groups, and whether they may
    post to the whole school (no group chosen)."""

    groups: tuple[Group, ...]
    school_wide: bool


def publishing_choices(uow: UnitOfWork, *, school_id: int, staff_id: int) -> Choices:
    with uow:
        school = school_or_not_found(uow, school_id)
        staff = staff_or_not_found(uow, school_id, staff_id)
        groups = tuple(g for g in uow.groups.list(school_id) if reaches_group(staff, g.id))
    return Choices(groups, staff.is_beheerder or school.settings.teachers_post_school_wide)


@attrs.frozen
class Posted:
    news: tuple[NewsItem, ...]
    messages: tuple[Message, ...]
    replies: ReplyCounts
    albums: tuple[Album, ...]
    agenda: tuple[AgendaItem, ...]
    documents: tuple[Document, ...]


def posted_within_reach(
    uow: UnitOfWork, *, school_id: int, staff_id: int, now: dt.datetime
) -> Posted:
    """Every news item, message and album the staff member works on, newest first, with the
    unanswered and the unread replies per message, and the agenda items not over at ``now``."""
    with uow:
        staff = staff_or_not_found(uow, school_id, staff_id)
        news = [n for n in uow.news.list(school_id) if reaches(staff, n.audience, n.author_id)]
        messages = staff_messages(uow, staff)
        replies = reply_counts(uow, staff, messages)
        albums = [a for a in uow.albums.list(school_id) if reaches(staff, a.audience)]
        agenda = [
            a for a in uow.agenda.list(school_id, ending_after=now) if reaches(staff, a.audience)
        ]
        documents = [d for d in uow.documents.list(school_id) if reaches(staff, d.audience)]
    return Posted(
        tuple(news), tuple(messages), replies, tuple(albums), tuple(agenda), tuple(documents)
    )


@attrs.frozen
class GroupChildren:
    group: Group
    children: tuple[Child, ...]


def children_for_staff(uow: UnitOfWork, *, school_id: int, staff_id: int) -> list[GroupChildren]:
    """The pupils of the staff member's groups (every group for a beheerder), by group."""
    with uow:
        staff = staff_or_not_found(uow, school_id, staff_id)
        return [
            GroupChildren(g, tuple(uow.children.list_for_group(school_id, g.id)))
            for g in uow.groups.list(school_id)
            if reaches_group(staff, g.id)
        ]
