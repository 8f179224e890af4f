"""What the planner starts from (the school as it is, the options) and what it gives (the
plan of writes and the report), and how group names and the file's e-mail addresses are
read."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

import attrs

from deborg.domain.model import Child, Group, Guardianship, Parent, PupilContact, normalise_login
from deborg.domain.profiles.model import ParentContact
from deborg.domain.pupil_import.columns import Columns, Field
from deborg.domain.pupil_import.lines import RawLine
from deborg.domain.pupil_import.report import ImportReport

#: "Groep 5", "groep 5a", "gr 5", "gr. 5", "5", "5B", "1/2a", "Groep 3/4", "groep 3-4".
_GROUP = re.compile(
    r"^(?:groep|grp|gr|g)?\.?\s*([1-8])(?:\s*[/&+-]\s*([1-8]))?\s*([a-z])?$", re.IGNORECASE
)


@attrs.frozen
class ImportOptions:
    create_groups: bool = False
    archive_missing: bool = False
    dry_run: bool = False
    #: Import a file without parent e-mail addresses on purpose (only the pupils).
    pupils_only: bool = False


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
    #: E-mail addresses from the file that are login names of staff (of any school).
    staff_logins: frozenset[str] = frozenset()
    #: Parent id -> their phone numbers and extra addresses (only parents who have any).
    contacts: Mapping[int, ParentContact] = attrs.field(factory=dict)
    #: Parents who are a pupil's contact without custody.
    pupil_contacts: Sequence[PupilContact] = ()


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
    new_guardianships: Sequence[tuple[str, str]]  # (pupil key, login name)
    removed_guardianships: Sequence[Guardianship]
    report: ImportReport
    #: (login name, the parent's contact data with the file's number added).
    contacts: Sequence[tuple[str, ParentContact]] = ()
    #: Ids of the records the school already has, by pupil key and by login name.
    known_child_ids: Mapping[str, int] = attrs.field(factory=dict)
    known_parent_ids: Mapping[str, int] = attrs.field(factory=dict)
    new_pupil_contacts: Sequence[tuple[str, str]] = ()  # (pupil key, login name)
    removed_pupil_contacts: Sequence[PupilContact] = ()

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
            + len(self.new_pupil_contacts)
            + len(self.removed_pupil_contacts)
            + len(self.contacts)
        )


def group_name(name: str) -> str:
    """The consistent name of a group the way administrations write it: "gr 5", "groep 5",
    "5" -> "Groep 5"; "5B" -> "Groep 5b"; combination groups "1/2a", "Groep 3-4" -> "Groep
    1/2a", "Groep 3/4". Other names ("Vlinders") keep their own spelling."""
    text = " ".join(name.split())
    match = _GROUP.match(text)
    if match is None:
        return text
    first, second, letter = match.groups()
    years = f"{first}/{second}" if second and second != first else first
    return f"Groep {years}{(letter or '').lower()}"


def group_key(name: str) -> str:
    """Group names compare by their consistent name, case-insensitively: "gr 5" is the
    school's "Groep 5"."""
    return group_name(name).casefold()


def group_years(name: str) -> tuple[int | None, int | None]:
    """The year and, for a combination group, the higher year: 'Groep 5a' -> (5, None),
    'Groep 1/2' -> (1, 2); names that do not say their year give (None, None)."""
    match = _GROUP.match(" ".join(name.split()))
    if match is None:
        return None, None
    first, second = int(match.group(1)), int(match.group(2) or 0)
    return min(first, second or first), (max(first, second) if second and second != first else None)


def file_emails(lines: Iterable[RawLine], columns: Columns) -> set[str]:
    """Every e-mail address the file names, normalised (for one batch lookup)."""
    headers = [b[Field.PARENT_EMAIL] for b in columns.parents]
    return {
        normalise_login(e)
        for line in lines
        for header in headers
        if (e := line.values.get(header) or "").strip()
    }
