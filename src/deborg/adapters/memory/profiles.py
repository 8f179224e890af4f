"""In-memory repositories of Mijn account and Mijn kinderen."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence

from deborg.adapters.memory.store import MemoryRepository
from deborg.domain.profiles.model import (
    ChangeReport,
    EmergencyNumber,
    ParentContact,
    ProfilePhoto,
    SubjectType,
    TeacherNote,
)


class MemoryParentContactRepository(MemoryRepository[ParentContact]):
    table_name = "parent_contacts"

    def get(self, school_id: int, parent_id: int) -> ParentContact:
        found = self._rows.get((school_id, parent_id))
        return copy.deepcopy(found) if found else ParentContact(school_id, parent_id)

    def get_many(self, school_id: int, parent_ids: Iterable[int]) -> dict[int, ParentContact]:
        return {parent_id: self.get(school_id, parent_id) for parent_id in set(parent_ids)}

    def save(self, contact: ParentContact) -> None:
        self._rows[(contact.school_id, contact.parent_id)] = copy.deepcopy(contact)

    def save_many(self, contacts: Sequence[ParentContact]) -> None:
        for contact in contacts:
            self.save(contact)


class MemoryEmergencyNumberRepository(MemoryRepository[EmergencyNumber]):
    table_name = "emergency_numbers"

    def add(self, number: EmergencyNumber) -> EmergencyNumber:
        return self._insert(number)

    def get(self, school_id: int, number_id: int) -> EmergencyNumber | None:
        return self._one(lambda n: n.id == number_id and n.school_id == school_id)

    def list_for_child(self, school_id: int, child_id: int) -> Sequence[EmergencyNumber]:
        found = self._select(lambda n: n.school_id == school_id and n.child_id == child_id)
        return sorted(found, key=lambda n: n.id)

    def update(self, number: EmergencyNumber) -> None:
        self._replace(number)

    def delete(self, school_id: int, number_id: int) -> None:
        found = self._rows.get(number_id)
        if found is not None and found.school_id == school_id:
            del self._rows[number_id]


class MemoryTeacherNoteRepository(MemoryRepository[TeacherNote]):
    table_name = "teacher_notes"

    def add(self, note: TeacherNote) -> TeacherNote:
        return self._insert(note)

    def list_for_child(self, school_id: int, child_id: int) -> Sequence[TeacherNote]:
        found = self._select(lambda n: n.school_id == school_id and n.child_id == child_id)
        return sorted(found, key=lambda n: (n.created_at, n.id), reverse=True)


class MemoryChangeReportRepository(MemoryRepository[ChangeReport]):
    table_name = "change_reports"

    def add(self, report: ChangeReport) -> ChangeReport:
        return self._insert(report)

    def get(self, school_id: int, report_id: int) -> ChangeReport | None:
        return self._one(lambda r: r.id == report_id and r.school_id == school_id)

    def list(self, school_id: int, *, include_handled: bool = False) -> Sequence[ChangeReport]:
        found = self._select(
            lambda r: r.school_id == school_id and (include_handled or r.handled_at is None)
        )
        return sorted(found, key=lambda r: r.id)

    def list_by_reporter(self, school_id: int, parent_id: int) -> Sequence[ChangeReport]:
        found = self._select(lambda r: r.school_id == school_id and r.reported_by == parent_id)
        return sorted(found, key=lambda r: r.id)

    def update(self, report: ChangeReport) -> None:
        self._replace(report)


class MemoryProfilePhotoRepository(MemoryRepository[ProfilePhoto]):
    table_name = "profile_photos"

    def get(
        self, school_id: int, subject_type: SubjectType, subject_id: int
    ) -> ProfilePhoto | None:
        return self._rows.get((school_id, subject_type, subject_id))

    def get_many(
        self, school_id: int, subject_type: SubjectType, subject_ids: Iterable[int]
    ) -> dict[int, ProfilePhoto]:
        found = {}
        for subject_id in set(subject_ids):
            photo = self.get(school_id, subject_type, subject_id)
            if photo is not None:
                found[subject_id] = photo
        return found

    def save(self, photo: ProfilePhoto) -> None:
        self._rows[(photo.school_id, photo.subject_type, photo.subject_id)] = photo

    def delete(self, school_id: int, subject_type: SubjectType, subject_id: int) -> None:
        self._rows.pop((school_id, subject_type, subject_id), None)
