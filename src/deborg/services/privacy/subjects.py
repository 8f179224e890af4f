"""Building viewers and subjects for the rule from storage, for many at once: a page with 30
pupils asks a fixed number of queries however many pupils there are.

These functions run inside an open unit of work (``with uow:``) of the caller.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from deborg.domain.model import Child
from deborg.domain.privacy.rule import Subject, SubjectKind, Viewer
from deborg.ports.uow import UnitOfWork


def parent_viewer(uow: UnitOfWork, school_id: int, parent_id: int) -> Viewer:
    """A parent as viewer: the groups of their (not archived) children."""
    children = uow.children.of_parent(school_id, parent_id)  # archived ones left out
    return Viewer.parent(parent_id, school_id, (c.group_id for c, _ in children))


def staff_viewer(uow: UnitOfWork, school_id: int, staff_id: int) -> Viewer | None:
    staff = uow.staff.get(school_id, staff_id)
    return Viewer.staff(staff.id, school_id) if staff is not None else None


def child_subjects(
    uow: UnitOfWork, school_id: int, children: Sequence[Child]
) -> dict[int, Subject]:
    """child id -> the child as subject (its group, guardians and settings)."""
    ids = [c.id for c in children if c.school_id == school_id]
    guardians = uow.guardianships.parents_of(school_id, ids)
    settings = uow.privacy.get_many(school_id, SubjectKind.CHILD, ids)
    return {
        c.id: Subject(
            kind=SubjectKind.CHILD,
            id=c.id,
            school_id=school_id,
            group_ids=frozenset() if c.archived else {c.group_id},
            settings=settings[c.id],
            guardian_ids=guardians.get(c.id, []),
        )
        for c in children
        if c.school_id == school_id
    }


def parent_subjects(
    uow: UnitOfWork, school_id: int, parent_ids: Iterable[int]
) -> dict[int, Subject]:
    """parent id -> the parent as subject (the groups of their children, their settings)."""
    ids = sorted(set(parent_ids))
    children_of = uow.guardianships.children_of_many(school_id, ids)
    all_children = {child_id for child_ids in children_of.values() for child_id in child_ids}
    group_of = {
        c.id: c.group_id for c in uow.children.get_many(school_id, all_children) if not c.archived
    }
    settings = uow.privacy.get_many(school_id, SubjectKind.PARENT, ids)
    return {
        parent_id: Subject(
            kind=SubjectKind.PARENT,
            id=parent_id,
            school_id=school_id,
            group_ids={group_of[c] for c in children_of.get(parent_id, []) if c in group_of},
            settings=settings[parent_id],
        )
        for parent_id in ids
    }


def child_subject(uow: UnitOfWork, school_id: int, child_id: int) -> Subject | None:
    child = uow.children.get(school_id, child_id)
    return child_subjects(uow, school_id, [child])[child.id] if child is not None else None


def parent_subject(uow: UnitOfWork, school_id: int, parent_id: int) -> Subject | None:
    if uow.parents.get(school_id, parent_id) is None:
        return None
    return parent_subjects(uow, school_id, [parent_id])[parent_id]
