"""A parent's own data export (the AVG right of access): everything the portal holds about
the parent and their children, and nothing about anyone else.

The export is a JSON-ready dict made of sections. Each area of the product contributes a
section: a function ``(uow, scope) -> {key: value}``, passed in by the composition root
(:class:`deborg.services.areas.AreaContributions`). A section
only reads what belongs to ``scope.parent_id`` and ``scope.child_ids``; about other people it
gives at most a name (a co-guardian) or a role (who changed something).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs

from deborg.domain.audit import AuditEntry
from deborg.domain.model import Address, Child, Parent
from deborg.domain.privacy.rule import CHOOSABLE_FIELDS, PrivacySettings, SubjectKind
from deborg.ports.clock import Clock
from deborg.ports.uow import UnitOfWork
from deborg.services.lookups import parent_or_not_found


@attrs.frozen
class ExportScope:
    school_id: int
    parent_id: int
    #: The parent's children (archived ones too: the portal still holds their data).
    child_ids: tuple[int, ...]


ExportSection = Callable[[UnitOfWork, ExportScope], Mapping[str, Any]]


def export_date(value: dt.date | dt.datetime | None) -> str | None:
    """Dates and times in the export: ISO 8601, or null."""
    return value.isoformat() if value is not None else None


def _address(address: Address) -> dict[str, str]:
    return attrs.asdict(address)


def _privacy(settings: PrivacySettings) -> dict[str, str]:
    return {f.value: settings.audience(f).key for f in CHOOSABLE_FIELDS[settings.subject_kind]}


def account_section(uow: UnitOfWork, scope: ExportScope) -> Mapping[str, Any]:
    parent = parent_or_not_found(uow, scope.school_id, scope.parent_id)
    school = uow.schools.get(scope.school_id)
    return {
        "school": {"name": school.name, "code": school.code} if school else None,
        "account": _account(parent),
    }


def _account(parent: Parent) -> dict[str, Any]:
    """Everything about the account but its password hash and internal counters."""
    return {
        "login_name": parent.login_name,
        "roepnaam": parent.roepnaam,
        "voorletters": parent.voorletters,
        "tussenvoegsel": parent.tussenvoegsel,
        "achternaam": parent.achternaam,
        "address": _address(parent.address),
        "contact_email": parent.contact_email,
        "pending_contact_email": parent.pending_contact_email,
        "state": parent.state.value,
        "read_only": parent.read_only,
        "created_at": export_date(parent.created_at),
        "activated_at": export_date(parent.activated_at),
    }


def _child(child: Child, group_name: str, co_guardians: Sequence[str]) -> dict[str, Any]:
    return {
        "roepnaam": child.roepnaam,
        "voorletters": child.voorletters,
        "tussenvoegsel": child.tussenvoegsel,
        "achternaam": child.achternaam,
        "date_of_birth": export_date(child.date_of_birth),
        "address": _address(child.address),
        "pupil_number": child.pupil_number,
        "group": group_name,
        "archived": child.archived,
        "co_guardians": list(co_guardians),
    }


def children_section(uow: UnitOfWork, scope: ExportScope) -> Mapping[str, Any]:
    children = uow.children.get_many(scope.school_id, scope.child_ids)
    groups = {g.id: g.name for g in uow.groups.list(scope.school_id)}
    guardians = uow.guardianships.parents_of(scope.school_id, scope.child_ids)
    others = {p for ids in guardians.values() for p in ids if p != scope.parent_id}
    names = {p.id: p.name for p in uow.parents.get_many(scope.school_id, others)}
    return {
        "children": [
            _child(
                c,
                groups.get(c.group_id, ""),
                [names[p] for p in guardians.get(c.id, []) if p in names],
            )
            for c in children
        ]
    }


def contact_of_section(uow: UnitOfWork, scope: ExportScope) -> Mapping[str, Any]:
    """The pupils the administration lists the parent for as a contact without custody (the
    school holds that link, so the parent gets it: the pupil's name and group, nothing more)."""
    child_ids = [
        c.child_id
        for c in uow.pupil_contacts.list(scope.school_id)
        if c.parent_id == scope.parent_id
    ]
    groups = {g.id: g.name for g in uow.groups.list(scope.school_id)}
    return {
        "contact_of": [
            {"pupil": c.name, "group": groups.get(c.group_id, "")}
            for c in uow.children.get_many(scope.school_id, child_ids)
        ]
    }


def privacy_section(uow: UnitOfWork, scope: ExportScope) -> Mapping[str, Any]:
    own = uow.privacy.get(scope.school_id, SubjectKind.PARENT, scope.parent_id)
    children = uow.privacy.get_many(scope.school_id, SubjectKind.CHILD, scope.child_ids)
    names = {c.id: c.name for c in uow.children.get_many(scope.school_id, scope.child_ids)}
    return {
        "privacy": {
            "own": _privacy(own),
            "children": [
                {"child": names.get(child_id, ""), **_privacy(children[child_id])}
                for child_id in scope.child_ids
            ],
        }
    }


def _actor(actor: str, parent_id: int) -> str:
    """Who made a change, without naming anyone but the parent: "u" (you), "andere
    ouder/verzorger", "school" or "systeem"."""
    kind, _, ident = actor.partition(":")
    if kind == "parent":
        return "u" if ident == str(parent_id) else "andere ouder/verzorger"
    if kind == "staff":
        return "school"
    return "systeem"


def _audit(entry: AuditEntry, parent_id: int, about: str) -> dict[str, Any]:
    return {
        "about": about,
        "field": entry.field,
        "old_value": entry.old_value,
        "new_value": entry.new_value,
        "changed_by": _actor(entry.actor, parent_id),
        "at": export_date(entry.at),
    }


def audit_section(uow: UnitOfWork, scope: ExportScope) -> Mapping[str, Any]:
    entries = [
        _audit(e, scope.parent_id, "u")
        for e in uow.audit.list_for_subject(scope.school_id, "parent", scope.parent_id)
    ]
    for child in uow.children.get_many(scope.school_id, scope.child_ids):
        entries += [
            _audit(e, scope.parent_id, child.name)
            for e in uow.audit.list_for_subject(scope.school_id, "child", child.id)
        ]
    return {"changes": entries}


def export_parent_data(
    uow: UnitOfWork,
    clock: Clock,
    *,
    school_id: int,
    parent_id: int,
    sections: Sequence[ExportSection],
) -> dict[str, Any]:
    """Everything the portal holds about the parent and their children, as JSON-ready data."""
    with uow:
        scope = ExportScope(
            school_id=school_id,
            parent_id=parent_id,
            child_ids=tuple(uow.guardianships.children_of(school_id, parent_id)),
        )
        data: dict[str, Any] = {"exported_at": export_date(clock.now())}
        for section in sections:
            data.update(section(uow, scope))
    return data
