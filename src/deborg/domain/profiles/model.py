"""The records of this area. Each belongs to one school; repositories never cross schools."""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from deborg.domain.model import NEW

#: Bereikbaarheid holds at most this many phone numbers and extra e-mail addresses.
MAX_PHONES = 8
MAX_EXTRA_EMAILS = 4


class PhoneLabel(enum.StrEnum):
    MOBILE = "mobiel"
    HOME = "thuis"
    WORK = "werk"
    OTHER = "overig"

    @property
    def label(self) -> str:
        return self.value.capitalize()


@attrs.frozen
class Phone:
    label: PhoneLabel
    number: str  # normalised by the PhoneNumbers port

    def __str__(self) -> str:
        return f"{self.label.value}: {self.number}"


@attrs.define
class ParentContact:
    """A parent's Bereikbaarheid beyond the contact e-mail on the account: phone numbers
    with a label, and extra e-mail addresses. Saved as a whole."""

    school_id: int
    parent_id: int
    phones: tuple[Phone, ...] = ()
    extra_emails: tuple[str, ...] = ()


@attrs.define
class EmergencyNumber:
    """A noodnummer of a child: who to call when the parents cannot be reached."""

    school_id: int
    child_id: int
    name: str
    relation: str
    number: str
    id: int = NEW


@attrs.define
class TeacherNote:
    school_id: int
    child_id: int
    staff_id: int
    author: str
    text: str
    created_at: dt.datetime
    id: int = NEW


class SubjectType(enum.StrEnum):
    PARENT = "parent"
    CHILD = "child"


@attrs.frozen
class FieldChange:
    field: str
    label: str  # the Dutch label of the form field, for staff to read
    old: str
    new: str


@attrs.define
class ChangeReport:
    """A change a parent made and reported ("Wijziging melden"), for staff to process in the
    pupil administration; ``handled_at`` is set by ``deborg changes done``."""

    school_id: int
    subject_type: SubjectType
    subject_id: int
    subject_name: str
    reported_by: int  # parent id
    reporter_name: str
    changes: tuple[FieldChange, ...]
    reported_at: dt.datetime
    handled_at: dt.datetime | None = None
    id: int = NEW

    @property
    def login_rename(self) -> tuple[str, str] | None:
        """(old, new) when the parent changed their contact e-mail: staff follow up with
        ``deborg parent rename-login``."""
        for change in self.changes:
            if change.field == "contact_email" and change.new:
                return (change.old, change.new)
        return None


@attrs.frozen
class ProfilePhoto:
    """The photo (avatar) of a parent or a child: file-store keys of the re-encoded image
    and its thumbnail."""

    school_id: int
    subject_type: SubjectType
    subject_id: int
    key: str
    thumbnail_key: str
    content_type: str
    uploaded_at: dt.datetime
    uploaded_by: int  # parent id
