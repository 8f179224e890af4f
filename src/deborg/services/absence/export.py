"""The absence area's section of "Mijn gegevens downloaden": the children's absence reports
(with their reasons), leave requests, and the conversations with teachers this parent can
see. Times in ISO 8601."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from deborg.domain.absence.threads import Side, parent_can_see
from deborg.ports.uow import UnitOfWork
from deborg.services.privacy.export import ExportScope, export_date


def absences_section(uow: UnitOfWork, scope: ExportScope) -> Mapping[str, Any]:
    school_id = scope.school_id
    names = {c.id: c.name for c in uow.children.get_many(school_id, scope.child_ids)}
    reports = uow.absences.list_for_children(school_id, scope.child_ids)
    leave = uow.leave_requests.list_for_children(school_id, scope.child_ids)
    threads = [
        t
        for t in uow.threads.list_for_children(school_id, scope.child_ids)
        if parent_can_see(t, scope.parent_id, scope.child_ids)
    ]
    posts = uow.thread_posts.list_for_threads(school_id, [t.id for t in threads])
    staff = {s.id: s.name for s in uow.staff.list(school_id)}
    return {
        "absences": [
            {
                "child": names.get(r.child_id, ""),
                "reason": r.reason.label,
                "note": r.note,
                "first_day": export_date(r.first_day),
                "last_day": export_date(r.last_day),
                "withdrawn": r.cancelled,
                "reported_at": export_date(r.reported_at),
                "reported_by_me": r.reported_by == scope.parent_id,
            }
            for r in reports
        ],
        "leave_requests": [
            {
                "child": names.get(r.child_id, ""),
                "reason": r.reason.label,
                "note": r.note,
                "first_day": export_date(r.first_day),
                "last_day": export_date(r.last_day),
                "requested_at": export_date(r.requested_at),
                "status": r.status.label,
                "decision": r.decision_note,
                "decided_at": export_date(r.decided_at),
            }
            for r in leave
        ],
        "teacher_conversations": [
            {
                "child": names.get(t.child_id, ""),
                "teacher": staff.get(t.staff_id, ""),
                "subject": t.subject,
                "private": t.private,
                "posts": [
                    {
                        "from": "leerkracht"
                        if p.side is Side.STAFF
                        else ("ik" if p.author_id == scope.parent_id else "andere ouder"),
                        "at": export_date(p.posted_at),
                        "text": p.text,
                        "attachment": p.attachment.filename if p.attachment else None,
                    }
                    for p in posts
                    if p.thread_id == t.id
                ],
            }
            for t in threads
        ],
    }
