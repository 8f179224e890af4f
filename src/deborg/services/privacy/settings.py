"""Use cases of the Privacy tabs: a parent's own choices and, for a guardian, a child's."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from deborg.domain.audit import AuditEntry
from deborg.domain.errors import AccountIsReadOnly, NotFound
from deborg.domain.model import Child, Guardianship, Parent
from deborg.domain.privacy.rule import (
    CHOOSABLE_FIELDS,
    Audience,
    Field,
    PrivacySettings,
    SubjectKind,
)
from deborg.ports.clock import Clock
from deborg.ports.uow import UnitOfWork
from deborg.services.lookups import parent_or_not_found


def _record(
    uow: UnitOfWork,
    clock: Clock,
    *,
    actor: str,
    before: PrivacySettings,
    after: PrivacySettings,
) -> None:
    now = clock.now()
    for field in CHOOSABLE_FIELDS[after.subject_kind]:
        old, new = before.audience(field), after.audience(field)
        if old != new:
            uow.audit.add(
                AuditEntry(
                    school_id=after.school_id,
                    actor=actor,
                    subject_type=after.subject_kind.value,
                    subject_id=after.subject_id,
                    field=f"privacy.{field.value}",
                    old_value=old.key,
                    new_value=new.key,
                    at=now,
                )
            )


def parent_privacy(uow: UnitOfWork, *, school_id: int, parent_id: int) -> PrivacySettings:
    with uow:
        return uow.privacy.get(school_id, SubjectKind.PARENT, parent_id)


def change_parent_privacy(
    uow: UnitOfWork,
    clock: Clock,
    *,
    school_id: int,
    parent_id: int,
    choices: Mapping[Field, Audience],
) -> PrivacySettings:
    """A parent decides who sees their phone numbers, e-mail, address and photo. Read-only
    accounts may: this is their own data, not a child's."""
    with uow:
        parent_or_not_found(uow, school_id, parent_id)
        before = uow.privacy.get(school_id, SubjectKind.PARENT, parent_id)
        after = before.with_choices(choices)
        uow.privacy.save(after)
        _record(uow, clock, actor=f"parent:{parent_id}", before=before, after=after)
        uow.commit()
    return after


@attrs.frozen
class ChildPrivacy:
    child: Child
    settings: PrivacySettings
    #: False for a read-only account: the page shows the choices without controls.
    can_change: bool


def _guarded_child(uow: UnitOfWork, school_id: int, parent: Parent, child_id: int) -> Child:
    child = uow.children.get(school_id, child_id)
    if child is None or not uow.guardianships.exists(Guardianship(school_id, parent.id, child.id)):
        raise NotFound()
    return child


def child_privacy(
    uow: UnitOfWork, *, school_id: int, parent_id: int, child_id: int
) -> ChildPrivacy:
    """A guardian's view of what other parents see of the child. Anyone else: NotFound."""
    with uow:
        parent = parent_or_not_found(uow, school_id, parent_id)
        child = _guarded_child(uow, school_id, parent, child_id)
        settings = uow.privacy.get(school_id, SubjectKind.CHILD, child.id)
    return ChildPrivacy(child, settings, can_change=not parent.read_only)


def change_child_privacy(
    uow: UnitOfWork,
    clock: Clock,
    *,
    school_id: int,
    parent_id: int,
    child_id: int,
    choices: Mapping[Field, Audience],
) -> PrivacySettings:
    """A guardian decides who sees the child's photo and date of birth."""
    with uow:
        parent = parent_or_not_found(uow, school_id, parent_id)
        child = _guarded_child(uow, school_id, parent, child_id)
        if parent.read_only:
            raise AccountIsReadOnly()
        before = uow.privacy.get(school_id, SubjectKind.CHILD, child.id)
        after = before.with_choices(choices)
        uow.privacy.save(after)
        _record(uow, clock, actor=f"parent:{parent_id}", before=before, after=after)
        uow.commit()
    return after
