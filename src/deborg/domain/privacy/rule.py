"""Who may see what: the one visibility rule of the portal.

Every page, the JSON API and every export ask :func:`may_see` before they show a field of a
child or a parent to anyone; nothing decides visibility on its own.

The rule, in order:

1. Nothing crosses schools.
2. Staff of the school see everything.
3. A parent always sees their own data and the data of their own children.
4. Otherwise the subject's privacy choice for the field decides: ``nobody`` (the default),
   ``group`` (parents with a child in one of the subject's groups; a parent's groups are the
   groups of their children) or ``school`` (every parent of the school).

Names are not a choice of their own. A child's name is shown to its group and to nobody else,
whatever else the guardians share: a photo shared with the whole school is shown there without
the name (the Privacy page promises the name stays within the group). A parent's name is shown
to whoever may see any of the parent's contact data: a phone number without a name is useless.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping

import attrs


class Field(enum.StrEnum):
    NAME = "name"
    PHONE = "phone"
    EMAIL = "email"
    ADDRESS = "address"
    PHOTO = "photo"
    DATE_OF_BIRTH = "date_of_birth"


class Audience(enum.IntEnum):
    """Who may see a field, widening: each audience includes the ones before it."""

    NOBODY = 0
    GROUP = 1
    SCHOOL = 2

    @property
    def key(self) -> str:
        return self.name.lower()

    @classmethod
    def from_key(cls, key: str) -> Audience:
        return cls[key.strip().upper()]


class SubjectKind(enum.StrEnum):
    CHILD = "child"
    PARENT = "parent"


#: The fields a subject chooses an audience for, in the order the Privacy tabs show them.
CHOOSABLE_FIELDS: Mapping[SubjectKind, tuple[Field, ...]] = {
    SubjectKind.PARENT: (Field.PHONE, Field.EMAIL, Field.ADDRESS, Field.PHOTO),
    SubjectKind.CHILD: (Field.PHOTO, Field.DATE_OF_BIRTH),
}
#: The least audience of a subject's name (see the module's docstring).
NAME_FLOOR: Mapping[SubjectKind, Audience] = {
    SubjectKind.PARENT: Audience.NOBODY,
    SubjectKind.CHILD: Audience.GROUP,
}
#: Whether the subject's other choices widen who sees the name (see the module's docstring).
NAME_FOLLOWS_CHOICES: Mapping[SubjectKind, bool] = {
    SubjectKind.PARENT: True,
    SubjectKind.CHILD: False,
}


def _choices(
    value: Mapping[Field, Audience] | Iterable[tuple[Field, Audience]],
) -> tuple[tuple[Field, Audience], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted(((Field(f), Audience(a)) for f, a in items), key=lambda item: item[0]))


@attrs.frozen
class PrivacySettings:
    """A child's or a parent's choices. Fields not chosen are visible to nobody."""

    school_id: int
    subject_kind: SubjectKind
    subject_id: int
    choices: tuple[tuple[Field, Audience], ...] = attrs.field(default=(), converter=_choices)

    @choices.validator
    def _only_choosable(self, _: object, value: tuple[tuple[Field, Audience], ...]) -> None:
        allowed = CHOOSABLE_FIELDS[self.subject_kind]
        fields = [f for f, _ in value]
        if len(set(fields)) != len(fields) or any(f not in allowed for f in fields):
            raise ValueError(f"{self.subject_kind} cannot choose for {fields}")

    def audience(self, field: Field) -> Audience:
        if field is Field.NAME:
            floor = NAME_FLOOR[self.subject_kind]
            if not NAME_FOLLOWS_CHOICES[self.subject_kind]:
                return floor
            return max(max((a for _, a in self.choices), default=Audience.NOBODY), floor)
        return dict(self.choices).get(field, Audience.NOBODY)

    def with_choices(self, choices: Mapping[Field, Audience]) -> PrivacySettings:
        return attrs.evolve(self, choices={**dict(self.choices), **choices})

    @classmethod
    def default(cls, school_id: int, kind: SubjectKind, subject_id: int) -> PrivacySettings:
        return cls(school_id, kind, subject_id)


def _ids(value: Iterable[int]) -> frozenset[int]:
    return frozenset(value)


class ViewerKind(enum.StrEnum):
    PARENT = "parent"
    STAFF = "staff"


@attrs.frozen
class Viewer:
    """Who is looking: a parent (with the groups of their children) or a staff member."""

    kind: ViewerKind
    id: int
    school_id: int
    group_ids: frozenset[int] = attrs.field(default=frozenset(), converter=_ids)

    @classmethod
    def parent(cls, parent_id: int, school_id: int, group_ids: Iterable[int]) -> Viewer:
        return cls(ViewerKind.PARENT, parent_id, school_id, _ids(group_ids))

    @classmethod
    def staff(cls, staff_id: int, school_id: int) -> Viewer:
        return cls(ViewerKind.STAFF, staff_id, school_id)


@attrs.frozen
class Subject:
    """Whose data: a child (its group, its guardians) or a parent (their children's groups),
    with the subject's privacy settings."""

    kind: SubjectKind
    id: int
    school_id: int
    group_ids: frozenset[int] = attrs.field(converter=_ids)
    settings: PrivacySettings = attrs.field()
    #: For a child: the parents who are its guardians. Unused for a parent.
    guardian_ids: frozenset[int] = attrs.field(default=frozenset(), converter=_ids)

    @settings.validator
    def _settings_belong(self, _: object, value: PrivacySettings) -> None:
        if (value.subject_kind, value.subject_id, value.school_id) != (
            self.kind,
            self.id,
            self.school_id,
        ):
            raise ValueError("privacy settings of another subject")


def may_see(viewer: Viewer, subject: Subject, field: Field) -> bool:
    """Whether ``viewer`` may see ``field`` of ``subject``. Pure; the one rule of the portal."""
    if viewer.school_id != subject.school_id:
        return False
    if viewer.kind is ViewerKind.STAFF:
        return True
    if subject.kind is SubjectKind.PARENT and subject.id == viewer.id:
        return True
    if subject.kind is SubjectKind.CHILD and viewer.id in subject.guardian_ids:
        return True
    audience = subject.settings.audience(field)
    if audience is Audience.SCHOOL:
        return True
    if audience is Audience.GROUP:
        return not viewer.group_ids.isdisjoint(subject.group_ids)
    return False


def may_see_photo(viewer: Viewer, subject: Subject) -> bool:
    """For the photo route: serve the subject's photo to this viewer or not."""
    return may_see(viewer, subject, Field.PHOTO)


def visible_fields(viewer: Viewer, subject: Subject) -> frozenset[Field]:
    fields = (Field.NAME, *CHOOSABLE_FIELDS[subject.kind])
    return frozenset(f for f in fields if may_see(viewer, subject, f))
