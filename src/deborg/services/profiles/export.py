"""The account area's sections of "Mijn gegevens downloaden" (see
:mod:`deborg.services.privacy.export`): Bereikbaarheid, photos, emergency numbers, the teacher's
notes and the changes the parent reported. Only what belongs to the parent and their children;
of other people at most the teacher's name on a note, as the Notities tab shows it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from deborg.domain.profiles.model import ChangeReport, ProfilePhoto, SubjectType
from deborg.ports.uow import UnitOfWork
from deborg.services.privacy.export import ExportScope, export_date


def contact_section(uow: UnitOfWork, scope: ExportScope) -> Mapping[str, Any]:
    """Bereikbaarheid: phone numbers with their label and the extra e-mail addresses."""
    contact = uow.parent_contacts.get(scope.school_id, scope.parent_id)
    return {
        "contact": {
            "phones": [{"label": p.label.value, "number": p.number} for p in contact.phones],
            "extra_emails": list(contact.extra_emails),
        }
    }


def _photo(photo: ProfilePhoto) -> dict[str, Any]:
    """That there is a photo, and when it was uploaded; the picture itself is on the page."""
    return {"content_type": photo.content_type, "uploaded_at": export_date(photo.uploaded_at)}


def _child_names(uow: UnitOfWork, scope: ExportScope) -> dict[int, str]:
    return {c.id: c.name for c in uow.children.get_many(scope.school_id, scope.child_ids)}


def children_data_section(uow: UnitOfWork, scope: ExportScope) -> Mapping[str, Any]:
    """Photos (the parent's and the children's), the children's emergency numbers and the
    notes their teachers placed (all of which the guardians see on the child's page)."""
    names = _child_names(uow, scope)
    own = uow.photos.get(scope.school_id, SubjectType.PARENT, scope.parent_id)
    child_photos = uow.photos.get_many(scope.school_id, SubjectType.CHILD, scope.child_ids)
    emergency: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    for child_id in scope.child_ids:
        child = names.get(child_id, "")
        emergency += [
            {"child": child, "name": n.name, "relation": n.relation, "number": n.number}
            for n in uow.emergency_numbers.list_for_child(scope.school_id, child_id)
        ]
        notes += [
            {
                "child": child,
                "author": n.author,
                "text": n.text,
                "created_at": export_date(n.created_at),
            }
            for n in uow.teacher_notes.list_for_child(scope.school_id, child_id)
        ]
    return {
        "photos": {
            "own": _photo(own) if own is not None else None,
            "children": [
                {"child": names.get(child_id, ""), **_photo(child_photos[child_id])}
                for child_id in scope.child_ids
                if child_id in child_photos
            ],
        },
        "emergency_numbers": emergency,
        "teacher_notes": notes,
    }


def _report(report: ChangeReport) -> dict[str, Any]:
    return {
        "about": "u" if report.subject_type is SubjectType.PARENT else report.subject_name,
        "reported_at": export_date(report.reported_at),
        "handled_at": export_date(report.handled_at),
        "changes": [
            {"field": c.label or c.field, "old": c.old, "new": c.new} for c in report.changes
        ],
    }


def change_reports_section(uow: UnitOfWork, scope: ExportScope) -> Mapping[str, Any]:
    """The changes the parent reported to the school ("Wijziging melden"), about themselves
    or a child who is still theirs: a report about a child no longer in their care is
    someone else's data now."""
    reports = uow.change_reports.list_by_reporter(scope.school_id, scope.parent_id)
    children = set(scope.child_ids)

    def ours(report: ChangeReport) -> bool:
        if report.subject_type is SubjectType.PARENT:
            return report.subject_id == scope.parent_id
        return report.subject_id in children

    return {"reported_changes": [_report(r) for r in reports if ours(r)]}
