"""Reading the school or the parent a use case is about, inside its unit of work; one that
does not exist (any more) is :class:`~deborg.domain.errors.NotFound`."""

from __future__ import annotations

from deborg.domain.errors import NotFound
from deborg.domain.model import Parent, School, StaffMember, StaffState
from deborg.ports.uow import UnitOfWork

UNKNOWN_SCHOOL = "Onbekende school."


def school_or_not_found(
    uow: UnitOfWork, school_id: int, message: str | None = UNKNOWN_SCHOOL
) -> School:
    """The school; NotFound with ``message`` (None: NotFound's own text) when there is none."""
    school = uow.schools.get(school_id)
    if school is None:
        raise NotFound(message)
    return school


def parent_or_not_found(
    uow: UnitOfWork, school_id: int, parent_id: int, message: str | None = None
) -> Parent:
    """The parent of this school; NotFound with ``message`` (None: NotFound's own text) when
    there is none."""
    parent = uow.parents.get(school_id, parent_id)
    if parent is None:
        raise NotFound(message)
    return parent


def staff_or_not_found(uow: UnitOfWork, school_id: int, staff_id: int) -> StaffMember:
    """The staff member of this school; a removed one (or none) is NotFound."""
    staff = uow.staff.get(school_id, staff_id)
    if staff is None or staff.state is StaffState.REMOVED:
        raise NotFound("Onbekende medewerker.")
    return staff
