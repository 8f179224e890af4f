"""Contract tests of the Mijn account / Mijn kinderen repositories: memory, SQLite and
PostgreSQL answer the same, and never across schools."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from deborg.domain.model import Child, Group, Parent, School, StaffMember
from deborg.domain.profiles.model import (
    ChangeReport,
    EmergencyNumber,
    FieldChange,
    ParentContact,
    Phone,
    PhoneLabel,
    ProfilePhoto,
    SubjectType,
    TeacherNote,
)
from deborg.ports.uow import UnitOfWork

NOW = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


def _setup(uow_factory: Callable[[], UnitOfWork]) -> tuple[int, int, int, int, int]:
    with uow_factory() as uow:
        school = uow.schools.add(School(name="A", code="11AA11"))
        other = uow.schools.add(School(name="B", code="22BB22"))
        group = uow.groups.add(Group(school_id=school.id, name="Groep 1"))
        child = uow.children.add(Child(school.id, group.id, "Anna", "Jansen"))
        parent = uow.parents.add(Parent(school_id=school.id, login_name="a@example.nl"))
        staff = uow.staff.add(StaffMember(school.id, "Juf Anja", "anja@example.nl"))
        uow.commit()
    return school.id, other.id, child.id, parent.id, staff.id


def test_profile_repositories_keep_to_their_contract(
    any_uow_factory: Callable[[], UnitOfWork],
) -> None:
    school, other, child, parent, staff = _setup(any_uow_factory)
    with any_uow_factory() as uow:
        phones = (Phone(PhoneLabel.MOBILE, "06 12345678"), Phone(PhoneLabel.WORK, "0592 123 456"))
        uow.parent_contacts.save(ParentContact(school, parent, phones, ("x@example.nl",)))
        number = uow.emergency_numbers.add(EmergencyNumber(school, child, "Oma", "oma", "06 1"))
        for days in (2, 0, 1):
            uow.teacher_notes.add(
                TeacherNote(school, child, staff, "Juf Anja", f"{days}", NOW - dt.timedelta(days))
            )
        report = uow.change_reports.add(
            ChangeReport(
                school,
                SubjectType.CHILD,
                child,
                "Anna",
                parent,
                "Alice",
                (FieldChange("postcode", "Postcode", "", "9401 AB"),),
                NOW,
            )
        )
        uow.photos.save(
            ProfilePhoto(school, SubjectType.CHILD, child, "k1", "t1", "image/png", NOW, parent)
        )
        uow.photos.save(
            ProfilePhoto(school, SubjectType.CHILD, child, "k2", "t2", "image/jpeg", NOW, parent)
        )
        uow.commit()

    with any_uow_factory() as uow:
        contact = uow.parent_contacts.get(school, parent)
        assert contact.phones == phones
        assert contact.extra_emails == ("x@example.nl",)
        assert uow.parent_contacts.get(other, parent).phones == ()
        assert uow.parent_contacts.get_many(school, [parent, 999])[999].phones == ()

        assert uow.emergency_numbers.get(other, number.id) is None
        saved = uow.emergency_numbers.get(school, number.id)
        assert saved is not None
        saved.number = "06 2"
        uow.emergency_numbers.update(saved)
        assert [n.number for n in uow.emergency_numbers.list_for_child(school, child)] == ["06 2"]
        uow.emergency_numbers.delete(other, number.id)  # another school: nothing happens
        assert uow.emergency_numbers.list_for_child(school, child)

        assert [n.text for n in uow.teacher_notes.list_for_child(school, child)] == ["0", "1", "2"]
        assert uow.teacher_notes.list_for_child(other, child) == []

        assert uow.change_reports.get(other, report.id) is None
        listed = uow.change_reports.list(school)
        assert [r.changes for r in listed] == [report.changes]
        listed[0].handled_at = NOW
        uow.change_reports.update(listed[0])
        assert uow.change_reports.list(school) == []
        assert len(uow.change_reports.list(school, include_handled=True)) == 1
        assert [r.id for r in uow.change_reports.list_by_reporter(school, parent)] == [report.id]
        assert uow.change_reports.list_by_reporter(other, parent) == []
        assert uow.change_reports.list_by_reporter(school, parent + 1000) == []

        photo = uow.photos.get(school, SubjectType.CHILD, child)
        assert photo is not None
        assert (photo.key, photo.content_type) == ("k2", "image/jpeg")
        assert uow.photos.get(other, SubjectType.CHILD, child) is None
        assert uow.photos.get(school, SubjectType.PARENT, child) is None
        assert set(uow.photos.get_many(school, SubjectType.CHILD, [child, 5])) == {child}
        uow.photos.delete(school, SubjectType.CHILD, child)
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.photos.get(school, SubjectType.CHILD, child) is None
        assert uow.change_reports.list(school) == []
