"""Reads the absence use cases share, inside an open unit of work."""

from __future__ import annotations

from collections.abc import Sequence

from deborg.domain.errors import NotFound
from deborg.domain.model import Child, Parent, ParentState, School, StaffMember
from deborg.ports.uow import UnitOfWork
from deborg.services.lookups import parent_or_not_found, school_or_not_found
from deborg.services.profiles.access import readable_child


def parent_and_child(
    uow: UnitOfWork, school_id: int, parent_id: int, child_id: int
) -> tuple[School, Parent, Child]:
    """The school, the parent and their own child a use case about that child needs."""
    school = school_or_not_found(uow, school_id)
    parent = parent_or_not_found(uow, school_id, parent_id)
    return school, parent, readable_child(uow, school_id, parent_id, child_id)


def guardians(uow: UnitOfWork, school_id: int, child_id: int) -> Sequence[Parent]:
    """The child's guardians whose accounts are not blocked, by id."""
    ids = uow.guardianships.parents_of(school_id, [child_id]).get(child_id, [])
    found = uow.parents.get_many(school_id, ids)
    return sorted((p for p in found if p.state is not ParentState.BLOCKED), key=lambda p: p.id)


def parent_children(uow: UnitOfWork, school_id: int, parent_id: int) -> list[Child]:
    """The parent's children that are still at school, in Dutch name order."""
    children = uow.children.get_many(school_id, uow.guardianships.children_of(school_id, parent_id))
    return sorted((c for c in children if not c.archived), key=lambda c: c.sort_key)


def staff_by_email(uow: UnitOfWork, *, school_id: int, email: str) -> StaffMember:
    """The staff member with this e-mail address (the CLI's ``--as``)."""
    with uow:
        staff = uow.staff.get_by_email(school_id, email)
    if staff is None:
        raise NotFound(f"Geen personeelslid met e-mailadres {email}.")
    return staff
