"""What the planner starts from (the school as it is, the options) and what it gives (the
plan of writes and the report), and how group names and the file's e-mail addresses are
read."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

import attrs

from deborg.domain.model import Child, Group, Guardianship, Parent, normalise_login
from deborg.domain.profiles.model import ParentContact
from deborg.domain.pupil_import.columns import Field
from deborg.domain.pupil_import.lines import RawLine
from deborg.domain.pupil_import.report import ImportReport

_GROUP_YEAR = re.compile(r"^groep\s*([1-8])(?![0-9])", re.IGNORECASE)


@attrs.frozen
class ImportOptions:
    create_groups: bool = False
    archive_missing: bool = False
    dry_run: bool = False


@attrs.frozen
class SchoolSnapshot:
    """What the school holds now, loaded in a few queries."""

    school_id: int
    groups: Sequence[Group]
    children: Sequence[Child]  # archived ones included
    parents: Sequence[Parent]
    guardianships: Sequence[Guardianship]
    #: E-mail addresses from the file that are login names at another school.
    logins_elsewhere: frozenset[str] = frozenset()
    #: Parent id -> their phone numbers and extra addresses (only parents who have any).
    contacts: Mapping[int, ParentContact] = attrs.field(factory=dict)


@attrs.frozen
class PlannedChild:
    child: Child
    group_key: str  # resolved to an id when applying: the group may be new


@attrs.frozen
class ImportPlan:
    """The writes, in the order they must happen. Records refer to each other by natural key
    (group key, pupil number, login name) because new ones get their ids only when added."""

    school_id: int
    new_groups: Mapping[str, Group]
    new_children: Sequence[PlannedChild]
    changed_children: Sequence[PlannedChild]
    new_parents: Sequence[Parent]
    changed_parents: Sequence[Parent]
    new_guardianships: Sequence[tuple[str, str]]  # (pupil number, login name)
    removed_guardianships: Sequence[Guardianship]
    report: ImportReport
    #: (login name, the parent's contact data with the file's number added).
    contacts: Sequence[tuple[str, ParentContact]] = ()
    #: Ids of the records the school already has, by pupil number and by login name.
    known_child_ids: Mapping[str, int] = attrs.field(factory=dict)
    known_parent_ids: Mapping[str, int] = attrs.field(factory=dict)

    @property
    def steps(self) -> int:
        return (
            len(self.new_groups)
            + len(self.new_children)
            + len(self.changed_children)
            + len(self.new_parents)
            + len(self.changed_parents)
            + len(self.new_guardianships)
            + len(self.removed_guardianships)
            + len(self.contacts)
        )


def group_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def group_year(name: str) -> int | None:
    """'Groep 5a' -> 5; names that do not say their year give None."""
    match = _GROUP_YEAR.match(name.strip())
    return int(match.group(1)) if match else None


def file_emails(lines: Iterable[RawLine], columns: Mapping[Field, str]) -> set[str]:
    """Every e-mail address the file names, normalised (for one batch lookup)."""
    header = columns.get(Field.PARENT_EMAIL)
    if header is None:
        return set()
    return {normalise_login(e) for line in lines if (e := line.values.get(header) or "").strip()}
