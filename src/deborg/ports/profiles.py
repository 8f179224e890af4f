"""Repositories of Mijn account and Mijn kinderen. Every query is scoped to a school."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from deborg.domain.profiles.model import (
    ChangeReport,
    EmergencyNumber,
    ParentContact,
    ProfilePhoto,
    SubjectType,
    TeacherNote,
)


class ParentContactRepository(Protocol):
    def get(self, school_id: int, parent_id: int) -> ParentContact:
        """The parent's contact data; an empty one when nothing was saved yet."""
        ...

    def get_many(self, school_id: int, parent_ids: Iterable[int]) -> dict[int, ParentContact]:
        """parent id -> contact data, for every id asked (empty ones included)."""
        ...

    def save(self, contact: ParentContact) -> None:
        """Replace the parent's phone numbers and extra e-mail addresses."""
        ...

    def save_many(self, contacts: Sequence[ParentContact]) -> None:
        """:meth:`save` for many parents (an import), in few statements."""
        ...


class EmergencyNumberRepository(Protocol):
    def add(self, number: EmergencyNumber) -> EmergencyNumber: ...
    def get(self, school_id: int, number_id: int) -> EmergencyNumber | None: ...
    def list_for_child(self, school_id: int, child_id: int) -> Sequence[EmergencyNumber]:
        """In the order they were added."""
        ...

    def update(self, number: EmergencyNumber) -> None: ...
    def delete(self, school_id: int, number_id: int) -> None: ...


class TeacherNoteRepository(Protocol):
    def add(self, note: TeacherNote) -> TeacherNote: ...
    def list_for_child(self, school_id: int, child_id: int) -> Sequence[TeacherNote]:
        """Newest first."""
        ...


class ChangeReportRepository(Protocol):
    def add(self, report: ChangeReport) -> ChangeReport: ...
    def get(self, school_id: int, report_id: int) -> ChangeReport | None: ...
    def list(self, school_id: int, *, include_handled: bool = False) -> Sequence[ChangeReport]:
        """Oldest first: staff work through them in order."""
        ...

    def list_by_reporter(self, school_id: int, parent_id: int) -> Sequence[ChangeReport]:
        """The reports this parent filed, handled ones included; oldest first."""
        ...

    def update(self, report: ChangeReport) -> None: ...


class ProfilePhotoRepository(Protocol):
    def get(
        self, school_id: int, subject_type: SubjectType, subject_id: int
    ) -> ProfilePhoto | None: ...

    def get_many(
        self, school_id: int, subject_type: SubjectType, subject_ids: Iterable[int]
    ) -> dict[int, ProfilePhoto]: ...

    def save(self, photo: ProfilePhoto) -> None:
        """Set the photo of its subject, replacing any earlier one."""
        ...

    def delete(self, school_id: int, subject_type: SubjectType, subject_id: int) -> None: ...
