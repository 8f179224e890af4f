"""What an import did (or, in a dry run, would do): created, changed, unchanged, rejected."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

import attrs


class Kind(enum.StrEnum):
    GROUP = "group"
    PUPIL = "pupil"
    PARENT = "parent"
    GUARDIANSHIP = "guardianship"
    #: A parent linked to a pupil without custody: a contact without access to the pupil.
    CONTACT = "contact"


class Action(enum.StrEnum):
    CREATED = "created"
    CHANGED = "changed"


@attrs.frozen
class FieldChange:
    field: str
    old: str
    new: str


@attrs.frozen
class Outcome:
    """One record created or changed. ``key`` is how the administration knows it: the group's
    name, the pupil number, the parent's login name, or "pupil number/login name"."""

    kind: Kind
    action: Action
    key: str
    name: str
    line: int
    changes: tuple[FieldChange, ...] = ()


@attrs.frozen
class LineNote:
    """A line number with a reason (rejected lines) or a remark (warnings)."""

    line: int
    message: str


@attrs.frozen
class Leaver:
    """A pupil the portal has but the file no longer lists."""

    pupil_number: str
    name: str
    group: str


@attrs.frozen
class LooseGuardianship:
    """A parent linked to a pupil in the portal, while the file lists the pupil without that
    parent."""

    pupil_number: str
    pupil_name: str
    parent_login: str


@attrs.frozen
class PupilWithoutParent:
    """A pupil in the file who, after the import, has no parent with access in the portal."""

    pupil_number: str
    name: str
    group: str


@attrs.frozen
class ImportReport:
    lines: int
    outcomes: tuple[Outcome, ...]
    unchanged: Mapping[Kind, int]
    rejected: tuple[LineNote, ...]
    warnings: tuple[LineNote, ...]
    left: tuple[Leaver, ...]
    loose_guardianships: tuple[LooseGuardianship, ...]
    #: With --archive-missing: leavers were archived and loose guardianships removed.
    archive_missing: bool
    dry_run: bool
    #: The line with the column names (title and empty lines above it are skipped).
    header_line: int = 1
    #: Remarks on the file as a whole (which lines were skipped, how columns were read).
    notes: tuple[str, ...] = ()
    without_parents: tuple[PupilWithoutParent, ...] = ()
    #: Guardianships turned into contacts: the parent no longer sees the pupil.
    access_removed: tuple[LooseGuardianship, ...] = ()

    def of(self, kind: Kind, action: Action) -> list[Outcome]:
        return [o for o in self.outcomes if o.kind is kind and o.action is action]

    def keys(self, kind: Kind, action: Action) -> list[str]:
        return [o.key for o in self.of(kind, action)]

    def count(self, kind: Kind, action: Action) -> int:
        return len(self.of(kind, action))

    @property
    def writes_anything(self) -> bool:
        return (
            bool(self.outcomes)
            or bool(self.access_removed)
            or (self.archive_missing and bool(self.left or self.loose_guardianships))
        )

    def as_dict(self) -> dict[str, Any]:
        """For ``--json``: plain data, stable keys."""
        return {
            "dry_run": self.dry_run,
            "archive_missing": self.archive_missing,
            "lines": self.lines,
            "header_line": self.header_line,
            "notes": list(self.notes),
            "summary": {
                kind.value: {
                    "created": self.count(kind, Action.CREATED),
                    "changed": self.count(kind, Action.CHANGED),
                    "unchanged": self.unchanged.get(kind, 0),
                }
                for kind in Kind
            },
            "created": [_outcome(o) for o in self.outcomes if o.action is Action.CREATED],
            "changed": [_outcome(o) for o in self.outcomes if o.action is Action.CHANGED],
            "rejected": [{"line": r.line, "reason": r.message} for r in self.rejected],
            "warnings": [{"line": w.line, "message": w.message} for w in self.warnings],
            "left": [attrs.asdict(p) for p in self.left],
            "loose_guardianships": [attrs.asdict(g) for g in self.loose_guardianships],
            "access_removed": [attrs.asdict(g) for g in self.access_removed],
            "without_parents": [attrs.asdict(p) for p in self.without_parents],
        }


def _outcome(outcome: Outcome) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": outcome.kind.value,
        "key": outcome.key,
        "name": outcome.name,
        "line": outcome.line,
    }
    if outcome.changes:
        data["changes"] = [attrs.asdict(c) for c in outcome.changes]
    return data
