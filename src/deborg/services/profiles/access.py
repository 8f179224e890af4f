"""Who may read and change which child: the child's guardians read; guardians whose account
is not read-only change. A child that is not yours does not exist, as far as you can tell."""

from __future__ import annotations

from deborg.domain.errors import AccountIsReadOnly
from deborg.domain.model import Child, Guardianship, Parent
from deborg.domain.profiles.errors import ChildNotFound
from deborg.ports.uow import UnitOfWork
from deborg.services.lookups import parent_or_not_found


def the_parent(uow: UnitOfWork, school_id: int, parent_id: int) -> Parent:
    """The signed-in parent, whose account may have been removed meanwhile."""
    return parent_or_not_found(uow, school_id, parent_id, "Dit account bestaat niet (meer).")


def readable_child(uow: UnitOfWork, school_id: int, parent_id: int, child_id: int) -> Child:
    child = uow.children.get(school_id, child_id)
    if (
        child is None
        or child.archived
        or not uow.guardianships.exists(Guardianship(school_id, parent_id, child_id))
    ):
        raise ChildNotFound()
    return child


def changeable_child(
    uow: UnitOfWork, school_id: int, parent_id: int, child_id: int
) -> tuple[Parent, Child]:
    """The parent and the child, when this parent may change the child's data. A stranger
    hears that the child does not exist; a read-only guardian hears why not."""
    child = readable_child(uow, school_id, parent_id, child_id)
    parent = the_parent(uow, school_id, parent_id)
    if parent.read_only:
        raise AccountIsReadOnly()
    return parent, child
