"""Mijn kinderen: the list, the child's page, emergency numbers and teacher notes."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import attrs

from deborg.domain import validation
from deborg.domain.errors import InvalidInput, NotFound, ValidationFailed
from deborg.domain.model import Child, Group, Parent, StaffMember
from deborg.domain.profiles.errors import ChildNotFound, EmergencyNumberNotFound
from deborg.domain.profiles.model import (
    EmergencyNumber,
    ProfilePhoto,
    SubjectType,
    TeacherNote,
)
from deborg.domain.staff import require_child
from deborg.ports.clock import Clock
from deborg.ports.phones import PhoneNumbers
from deborg.ports.uow import UnitOfWork
from deborg.services.lookups import staff_or_not_found
from deborg.services.profiles.access import changeable_child, readable_child, the_parent
from deborg.services.profiles.changes import Reporter, field_changes, record_and_report
from deborg.services.profiles.personal import normalise_phone

MAX_EMERGENCY_NUMBERS = 10


@attrs.frozen
class ChildListEntry:
    child: Child
    group: Group | None
    photo: ProfilePhoto | None


def my_children(uow: UnitOfWork, *, school_id: int, parent_id: int) -> list[ChildListEntry]:
    with uow:
        ids = uow.guardianships.children_of(school_id, parent_id)
        children = [c for c in uow.children.get_many(school_id, ids) if not c.archived]
        groups = {g.id: g for g in uow.groups.list(school_id)}
        photos = uow.photos.get_many(school_id, SubjectType.CHILD, [c.id for c in children])
    return [ChildListEntry(c, groups.get(c.group_id), photos.get(c.id)) for c in children]


@attrs.frozen
class ChildPage:
    """Everything the child's tabs show to one of its guardians."""

    child: Child
    group: Group | None
    photo: ProfilePhoto | None
    emergency_numbers: Sequence[EmergencyNumber]
    notes: Sequence[TeacherNote]
    read_only: bool  # this guardian may look, not change
    uses_results: bool


def child_page(uow: UnitOfWork, *, school_id: int, parent_id: int, child_id: int) -> ChildPage:
    with uow:
        child = readable_child(uow, school_id, parent_id, child_id)
        parent = the_parent(uow, school_id, parent_id)
        school = uow.schools.get(school_id)
        return ChildPage(
            child=child,
            group=uow.groups.get(school_id, child.group_id),
            photo=uow.photos.get(school_id, SubjectType.CHILD, child.id),
            emergency_numbers=uow.emergency_numbers.list_for_child(school_id, child.id),
            notes=uow.teacher_notes.list_for_child(school_id, child.id),
            read_only=parent.read_only,
            uses_results=bool(school and school.settings.uses_results),
        )


# --- emergency numbers ----------------------------------------------------------------------


@attrs.frozen
class EmergencyInput:
    name: str
    relation: str
    number: str


def _validate_emergency(phones: PhoneNumbers, data: EmergencyInput) -> EmergencyInput:
    errors: dict[str, str] = {}
    values: dict[str, str] = {}
    checks: dict[str, Callable[[str], str]] = {
        "name": lambda v: validation.validate_text(v, field="name", max_length=100, required=True),
        "relation": lambda v: validation.validate_text(
            v, field="relation", max_length=60, required=True
        ),
        "number": lambda v: normalise_phone(phones, v, field="number"),
    }
    for field, check in checks.items():
        try:
            values[field] = check(getattr(data, field))
        except InvalidInput as failure:
            errors[field] = failure.message
    if errors:
        raise ValidationFailed(errors)
    return EmergencyInput(**values)


def _describe(number: EmergencyNumber | EmergencyInput | None) -> str:
    if number is None:
        return ""
    return f"{number.name} ({number.relation}): {number.number}"


def _report_emergency(
    uow: UnitOfWork,
    clock: Clock,
    parent: Parent,
    child: Child,
    before: EmergencyNumber | EmergencyInput | None,
    after: EmergencyNumber | EmergencyInput | None,
) -> None:
    record_and_report(
        uow,
        clock,
        school_id=child.school_id,
        reporter=Reporter(parent.id, parent.name),
        subject_type=SubjectType.CHILD,
        subject_id=child.id,
        subject_name=child.name,
        changes=field_changes(
            {"emergency_number": _describe(before)}, {"emergency_number": _describe(after)}
        ),
    )


def add_emergency_number(
    uow: UnitOfWork,
    clock: Clock,
    phones: PhoneNumbers,
    *,
    school_id: int,
    parent_id: int,
    child_id: int,
    data: EmergencyInput,
) -> EmergencyNumber:
    with uow:
        changeable_child(uow, school_id, parent_id, child_id)
    valid = _validate_emergency(phones, data)
    with uow:
        parent, child = changeable_child(uow, school_id, parent_id, child_id)
        existing = uow.emergency_numbers.list_for_child(school_id, child.id)
        if len(existing) >= MAX_EMERGENCY_NUMBERS:
            raise InvalidInput(
                f"Er kunnen maximaal {MAX_EMERGENCY_NUMBERS} noodnummers worden opgegeven.",
                "number",
            )
        added = uow.emergency_numbers.add(
            EmergencyNumber(school_id, child.id, valid.name, valid.relation, valid.number)
        )
        _report_emergency(uow, clock, parent, child, None, added)
        uow.commit()
    return added


def _own_number(uow: UnitOfWork, school_id: int, child: Child, number_id: int) -> EmergencyNumber:
    number = uow.emergency_numbers.get(school_id, number_id)
    if number is None or number.child_id != child.id:
        raise EmergencyNumberNotFound()
    return number


def change_emergency_number(
    uow: UnitOfWork,
    clock: Clock,
    phones: PhoneNumbers,
    *,
    school_id: int,
    parent_id: int,
    child_id: int,
    number_id: int,
    data: EmergencyInput,
) -> EmergencyNumber:
    with uow:
        _, child = changeable_child(uow, school_id, parent_id, child_id)
        _own_number(uow, school_id, child, number_id)
    valid = _validate_emergency(phones, data)
    with uow:
        parent, child = changeable_child(uow, school_id, parent_id, child_id)
        number = _own_number(uow, school_id, child, number_id)
        before = attrs.evolve(number)
        number.name, number.relation, number.number = valid.name, valid.relation, valid.number
        if _describe(before) != _describe(number):
            uow.emergency_numbers.update(number)
            _report_emergency(uow, clock, parent, child, before, number)
            uow.commit()
    return number


def delete_emergency_number(
    uow: UnitOfWork,
    clock: Clock,
    *,
    school_id: int,
    parent_id: int,
    child_id: int,
    number_id: int,
) -> None:
    with uow:
        parent, child = changeable_child(uow, school_id, parent_id, child_id)
        number = _own_number(uow, school_id, child, number_id)
        uow.emergency_numbers.delete(school_id, number.id)
        _report_emergency(uow, clock, parent, child, number, None)
        uow.commit()


# --- teacher notes --------------------------------------------------------------------------


def find_child(uow: UnitOfWork, school_id: int, reference: str) -> Child:
    """Staff name a child by pupil number or by id (inside the caller's unit of work)."""
    text = reference.strip()
    child = uow.children.get_by_pupil_number(school_id, text)
    if child is None and text.isdigit():
        child = uow.children.get(school_id, int(text))
    if child is None:
        raise ChildNotFound(f"Onbekende leerling: {text} (leerlingnummer of id).")
    return child


def add_note(
    uow: UnitOfWork,
    clock: Clock,
    *,
    school_id: int,
    child: str,
    text: str,
    staff_email: str = "",
    staff_id: int | None = None,
) -> TeacherNote:
    """A teacher places a note about a child; its guardians read it under Notities. From the
    school's side of the portal (``staff_id``) only about a child in the teacher's groups."""
    body = text.strip()
    if not body:
        raise InvalidInput("De notitie is leeg.", "text")
    if len(body) > 5000:
        raise InvalidInput("Een notitie is maximaal 5000 tekens.", "text")
    email = validation.validate_email(staff_email, field="as") if staff_id is None else ""
    with uow:
        found = find_child(uow, school_id, child)
        staff: StaffMember | None
        if staff_id is not None:
            staff = staff_or_not_found(uow, school_id, staff_id)
            require_child(staff, found)
        else:
            staff = uow.staff.get_by_email(school_id, email)
        if staff is None:
            raise NotFound(f"Geen medewerker met e-mailadres {email} op deze school.")
        note = uow.teacher_notes.add(
            TeacherNote(
                school_id=school_id,
                child_id=found.id,
                staff_id=staff.id,
                author=staff.name,
                text=body,
                created_at=clock.now(),
            )
        )
        uow.commit()
    return note


def notes_of(
    uow: UnitOfWork, *, school_id: int, child: str, staff_id: int | None = None
) -> tuple[Child, Sequence[TeacherNote]]:
    """A child's notes; from the portal (``staff_id``) only of a child in the teacher's
    groups."""
    with uow:
        found = find_child(uow, school_id, child)
        if staff_id is not None:
            require_child(staff_or_not_found(uow, school_id, staff_id), found)
        return found, uow.teacher_notes.list_for_child(school_id, found.id)
