"""Rows and repositories of Mijn account and Mijn kinderen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from deborg.adapters.sqlalchemy.base import SqlRepository
from deborg.adapters.sqlalchemy.tables import Base, get_in_school
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

# --- rows -----------------------------------------------------------------------------------


class ParentPhoneRow(Base):
    __tablename__ = "parent_phones"
    __table_args__ = (Index(None, "school_id", "parent_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    parent_id: Mapped[int] = mapped_column(ForeignKey("parents.id"))
    position: Mapped[int]
    label: Mapped[str] = mapped_column(String(16))
    number: Mapped[str] = mapped_column(String(40))


class ParentEmailRow(Base):
    __tablename__ = "parent_emails"
    __table_args__ = (Index(None, "school_id", "parent_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    parent_id: Mapped[int] = mapped_column(ForeignKey("parents.id"))
    position: Mapped[int]
    email: Mapped[str] = mapped_column(String(254))


class EmergencyNumberRow(Base):
    __tablename__ = "emergency_numbers"
    __table_args__ = (Index(None, "school_id", "child_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"))
    name: Mapped[str] = mapped_column(String(100))
    relation: Mapped[str] = mapped_column(String(60))
    number: Mapped[str] = mapped_column(String(40))


class TeacherNoteRow(Base):
    __tablename__ = "teacher_notes"
    __table_args__ = (Index(None, "school_id", "child_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    author: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime]


class ChangeReportRow(Base):
    __tablename__ = "change_reports"
    __table_args__ = (Index(None, "school_id", "handled_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    subject_type: Mapped[str] = mapped_column(String(16))
    subject_id: Mapped[int]
    subject_name: Mapped[str] = mapped_column(String(300))
    reported_by: Mapped[int] = mapped_column(ForeignKey("parents.id"))
    reporter_name: Mapped[str] = mapped_column(String(300))
    changes: Mapped[list[Any]]
    reported_at: Mapped[dt.datetime]
    handled_at: Mapped[dt.datetime | None]


class ProfilePhotoRow(Base):
    __tablename__ = "profile_photos"

    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), primary_key=True)
    subject_type: Mapped[str] = mapped_column(String(16), primary_key=True)
    subject_id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200))
    thumbnail_key: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(32))
    uploaded_at: Mapped[dt.datetime]
    uploaded_by: Mapped[int] = mapped_column(ForeignKey("parents.id"))


# --- repositories ---------------------------------------------------------------------------


class SqlParentContactRepository(SqlRepository):
    def get(self, school_id: int, parent_id: int) -> ParentContact:
        return self.get_many(school_id, [parent_id])[parent_id]

    def get_many(self, school_id: int, parent_ids: Iterable[int]) -> dict[int, ParentContact]:
        ids = list(set(parent_ids))
        found = {i: ParentContact(school_id, i) for i in ids}
        if not ids:
            return found
        phones = self.session.scalars(
            select(ParentPhoneRow)
            .where(ParentPhoneRow.school_id == school_id, ParentPhoneRow.parent_id.in_(ids))
            .order_by(ParentPhoneRow.position)
        )
        for phone in phones:
            contact = found[phone.parent_id]
            contact.phones = (*contact.phones, Phone(PhoneLabel(phone.label), phone.number))
        emails = self.session.scalars(
            select(ParentEmailRow)
            .where(ParentEmailRow.school_id == school_id, ParentEmailRow.parent_id.in_(ids))
            .order_by(ParentEmailRow.position)
        )
        for email in emails:
            contact = found[email.parent_id]
            contact.extra_emails = (*contact.extra_emails, email.email)
        return found

    def save_many(self, contacts: Sequence[ParentContact]) -> None:
        by_school: dict[int, list[int]] = {}
        for contact in contacts:
            by_school.setdefault(contact.school_id, []).append(contact.parent_id)
        for school_id, parent_ids in by_school.items():
            for start in range(0, len(parent_ids), 1000):
                chunk = parent_ids[start : start + 1000]
                for row_type in (ParentPhoneRow, ParentEmailRow):
                    self.session.execute(
                        delete(row_type).where(
                            row_type.school_id == school_id, row_type.parent_id.in_(chunk)
                        )
                    )
        self.session.add_all(
            [
                ParentPhoneRow(
                    school_id=c.school_id,
                    parent_id=c.parent_id,
                    position=position,
                    label=phone.label.value,
                    number=phone.number,
                )
                for c in contacts
                for position, phone in enumerate(c.phones)
            ]
            + [
                ParentEmailRow(
                    school_id=c.school_id, parent_id=c.parent_id, position=position, email=email
                )
                for c in contacts
                for position, email in enumerate(c.extra_emails)
            ]
        )
        self.session.flush()

    def save(self, contact: ParentContact) -> None:
        for row_type in (ParentPhoneRow, ParentEmailRow):
            self.session.execute(
                delete(row_type).where(
                    row_type.school_id == contact.school_id,
                    row_type.parent_id == contact.parent_id,
                )
            )
        for position, phone in enumerate(contact.phones):
            self.session.add(
                ParentPhoneRow(
                    school_id=contact.school_id,
                    parent_id=contact.parent_id,
                    position=position,
                    label=phone.label.value,
                    number=phone.number,
                )
            )
        for position, email in enumerate(contact.extra_emails):
            self.session.add(
                ParentEmailRow(
                    school_id=contact.school_id,
                    parent_id=contact.parent_id,
                    position=position,
                    email=email,
                )
            )
        self.session.flush()


def _emergency(row: EmergencyNumberRow) -> EmergencyNumber:
    return EmergencyNumber(
        id=row.id,
        school_id=row.school_id,
        child_id=row.child_id,
        name=row.name,
        relation=row.relation,
        number=row.number,
    )


class SqlEmergencyNumberRepository(SqlRepository):
    def add(self, number: EmergencyNumber) -> EmergencyNumber:
        row = EmergencyNumberRow(
            school_id=number.school_id,
            child_id=number.child_id,
            name=number.name,
            relation=number.relation,
            number=number.number,
        )
        self.session.add(row)
        self.session.flush()
        return _emergency(row)

    def get(self, school_id: int, number_id: int) -> EmergencyNumber | None:
        return get_in_school(self.session, EmergencyNumberRow, number_id, school_id, _emergency)

    def list_for_child(self, school_id: int, child_id: int) -> Sequence[EmergencyNumber]:
        rows = self.session.scalars(
            select(EmergencyNumberRow)
            .where(
                EmergencyNumberRow.school_id == school_id, EmergencyNumberRow.child_id == child_id
            )
            .order_by(EmergencyNumberRow.id)
        )
        return [_emergency(r) for r in rows]

    def update(self, number: EmergencyNumber) -> None:
        row = self.session.get_one(EmergencyNumberRow, number.id)
        row.name = number.name
        row.relation = number.relation
        row.number = number.number
        self.session.flush()

    def delete(self, school_id: int, number_id: int) -> None:
        self.session.execute(
            delete(EmergencyNumberRow).where(
                EmergencyNumberRow.school_id == school_id, EmergencyNumberRow.id == number_id
            )
        )


def _note(row: TeacherNoteRow) -> TeacherNote:
    return TeacherNote(
        id=row.id,
        school_id=row.school_id,
        child_id=row.child_id,
        staff_id=row.staff_id,
        author=row.author,
        text=row.text,
        created_at=row.created_at,
    )


class SqlTeacherNoteRepository(SqlRepository):
    def add(self, note: TeacherNote) -> TeacherNote:
        row = TeacherNoteRow(
            school_id=note.school_id,
            child_id=note.child_id,
            staff_id=note.staff_id,
            author=note.author,
            text=note.text,
            created_at=note.created_at,
        )
        self.session.add(row)
        self.session.flush()
        return _note(row)

    def list_for_child(self, school_id: int, child_id: int) -> Sequence[TeacherNote]:
        rows = self.session.scalars(
            select(TeacherNoteRow)
            .where(TeacherNoteRow.school_id == school_id, TeacherNoteRow.child_id == child_id)
            .order_by(TeacherNoteRow.created_at.desc(), TeacherNoteRow.id.desc())
        )
        return [_note(r) for r in rows]


def _report(row: ChangeReportRow) -> ChangeReport:
    return ChangeReport(
        id=row.id,
        school_id=row.school_id,
        subject_type=SubjectType(row.subject_type),
        subject_id=row.subject_id,
        subject_name=row.subject_name,
        reported_by=row.reported_by,
        reporter_name=row.reporter_name,
        changes=tuple(FieldChange(**c) for c in row.changes),
        reported_at=row.reported_at,
        handled_at=row.handled_at,
    )


class SqlChangeReportRepository(SqlRepository):
    def add(self, report: ChangeReport) -> ChangeReport:
        row = ChangeReportRow(
            school_id=report.school_id,
            subject_type=report.subject_type.value,
            subject_id=report.subject_id,
            subject_name=report.subject_name,
            reported_by=report.reported_by,
            reporter_name=report.reporter_name,
            changes=[
                {"field": c.field, "label": c.label, "old": c.old, "new": c.new}
                for c in report.changes
            ],
            reported_at=report.reported_at,
            handled_at=report.handled_at,
        )
        self.session.add(row)
        self.session.flush()
        return _report(row)

    def get(self, school_id: int, report_id: int) -> ChangeReport | None:
        return get_in_school(self.session, ChangeReportRow, report_id, school_id, _report)

    def list(self, school_id: int, *, include_handled: bool = False) -> Sequence[ChangeReport]:
        query = (
            select(ChangeReportRow)
            .where(ChangeReportRow.school_id == school_id)
            .order_by(ChangeReportRow.id)
        )
        if not include_handled:
            query = query.where(ChangeReportRow.handled_at.is_(None))
        return [_report(r) for r in self.session.scalars(query)]

    def list_by_reporter(self, school_id: int, parent_id: int) -> Sequence[ChangeReport]:
        query = (
            select(ChangeReportRow)
            .where(ChangeReportRow.school_id == school_id, ChangeReportRow.reported_by == parent_id)
            .order_by(ChangeReportRow.id)
        )
        return [_report(r) for r in self.session.scalars(query)]

    def update(self, report: ChangeReport) -> None:
        row = self.session.get_one(ChangeReportRow, report.id)
        row.handled_at = report.handled_at
        self.session.flush()


def _photo(row: ProfilePhotoRow) -> ProfilePhoto:
    return ProfilePhoto(
        school_id=row.school_id,
        subject_type=SubjectType(row.subject_type),
        subject_id=row.subject_id,
        key=row.key,
        thumbnail_key=row.thumbnail_key,
        content_type=row.content_type,
        uploaded_at=row.uploaded_at,
        uploaded_by=row.uploaded_by,
    )


class SqlProfilePhotoRepository(SqlRepository):
    def get(
        self, school_id: int, subject_type: SubjectType, subject_id: int
    ) -> ProfilePhoto | None:
        row = self.session.get(ProfilePhotoRow, (school_id, subject_type.value, subject_id))
        return _photo(row) if row else None

    def get_many(
        self, school_id: int, subject_type: SubjectType, subject_ids: Iterable[int]
    ) -> dict[int, ProfilePhoto]:
        ids = list(set(subject_ids))
        if not ids:
            return {}
        rows = self.session.scalars(
            select(ProfilePhotoRow).where(
                ProfilePhotoRow.school_id == school_id,
                ProfilePhotoRow.subject_type == subject_type.value,
                ProfilePhotoRow.subject_id.in_(ids),
            )
        )
        return {r.subject_id: _photo(r) for r in rows}

    def save(self, photo: ProfilePhoto) -> None:
        row = self.session.get(
            ProfilePhotoRow, (photo.school_id, photo.subject_type.value, photo.subject_id)
        )
        if row is None:
            row = ProfilePhotoRow(
                school_id=photo.school_id,
                subject_type=photo.subject_type.value,
                subject_id=photo.subject_id,
            )
            self.session.add(row)
        row.key = photo.key
        row.thumbnail_key = photo.thumbnail_key
        row.content_type = photo.content_type
        row.uploaded_at = photo.uploaded_at
        row.uploaded_by = photo.uploaded_by
        self.session.flush()

    def delete(self, school_id: int, subject_type: SubjectType, subject_id: int) -> None:
        self.session.execute(
            delete(ProfilePhotoRow).where(
                ProfilePhotoRow.school_id == school_id,
                ProfilePhotoRow.subject_type == subject_type.value,
                ProfilePhotoRow.subject_id == subject_id,
            )
        )
