"""Changes parents make: the audit trail entry for each field, and the report to staff
("Wijziging melden") that ``deborg changes list`` shows until staff mark it done."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from deborg.domain.audit import AuditEntry
from deborg.domain.profiles.errors import ChangeReportNotFound
from deborg.domain.profiles.model import ChangeReport, FieldChange, SubjectType
from deborg.ports.clock import Clock
from deborg.ports.uow import UnitOfWork
from deborg.services.lookups import staff_or_not_found
from deborg.services.staff.dashboard import reported_changes

#: Dutch labels of the fields a parent can change, as the forms show them.
LABELS = {
    "roepnaam": "Roepnaam",
    "voorletters": "Voorletter(s)",
    "tussenvoegsel": "Tussenvoegsel",
    "achternaam": "Achternaam",
    "street": "Straat",
    "house_number": "Huisnummer",
    "house_number_suffix": "Huisnummertoevoeging",
    "postcode": "Postcode",
    "city": "Plaats",
    "date_of_birth": "Geboortedatum",
    "contact_email": "E-mailadres",
    "phones": "Telefoonnummers",
    "extra_emails": "Extra e-mailadressen",
    "photo": "Foto",
    "emergency_number": "Noodnummer",
}


def parent_actor(parent_id: int) -> str:
    return f"parent:{parent_id}"


def field_changes(before: dict[str, str], after: dict[str, str]) -> list[FieldChange]:
    """The fields whose value differs, in the order of ``after``."""
    return [
        FieldChange(field=field, label=LABELS.get(field, field), old=before.get(field, ""), new=new)
        for field, new in after.items()
        if before.get(field, "") != new
    ]


@attrs.frozen
class Reporter:
    parent_id: int
    name: str


def record_and_report(
    uow: UnitOfWork,
    clock: Clock,
    *,
    school_id: int,
    reporter: Reporter,
    subject_type: SubjectType,
    subject_id: int,
    subject_name: str,
    changes: Sequence[FieldChange],
) -> ChangeReport | None:
    """Write each change to the audit trail and report them together to staff, inside the
    caller's unit of work. Nothing changed: nothing recorded, None."""
    if not changes:
        return None
    now = clock.now()
    for change in changes:
        uow.audit.add(
            AuditEntry(
                school_id=school_id,
                actor=parent_actor(reporter.parent_id),
                subject_type=subject_type.value,
                subject_id=subject_id,
                field=change.field,
                old_value=change.old,
                new_value=change.new,
                at=now,
            )
        )
    return uow.change_reports.add(
        ChangeReport(
            school_id=school_id,
            subject_type=subject_type,
            subject_id=subject_id,
            subject_name=subject_name,
            reported_by=reporter.parent_id,
            reporter_name=reporter.name,
            changes=tuple(changes),
            reported_at=now,
        )
    )


def list_changes(
    uow: UnitOfWork, *, school_id: int, include_handled: bool = False
) -> Sequence[ChangeReport]:
    with uow:
        return uow.change_reports.list(school_id, include_handled=include_handled)


@attrs.frozen
class Handled:
    report: ChangeReport
    already: bool  # it was marked done before


def mark_change_done(
    uow: UnitOfWork,
    clock: Clock,
    *,
    school_id: int,
    report_id: int,
    staff_id: int | None = None,
) -> Handled:
    """Staff processed the change ("afgehandeld"). Marking it again changes nothing. From the
    portal (``staff_id``) a report outside the staff member's reach reads as not found."""
    with uow:
        report = uow.change_reports.get(school_id, report_id)
        if report is None or (
            staff_id is not None
            and report.id
            not in {
                r.id
                for r in reported_changes(
                    uow, staff_or_not_found(uow, school_id, staff_id), include_handled=True
                )
            }
        ):
            raise ChangeReportNotFound()
        if report.handled_at is not None:
            return Handled(report, already=True)
        report.handled_at = clock.now()
        uow.change_reports.update(report)
        uow.commit()
    return Handled(report, already=False)
