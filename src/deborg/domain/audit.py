"""The audit trail: who changed what about a child or a parent, when, from what to what."""

from __future__ import annotations

import datetime as dt

import attrs

from deborg.domain.model import NEW


@attrs.frozen
class AuditEntry:
    school_id: int
    actor: str  # "parent:12", "staff:3", "system"
    subject_type: str  # "child" or "parent"
    subject_id: int
    field: str
    old_value: str
    new_value: str
    at: dt.datetime
    id: int = NEW


def changes(before: dict[str, str], after: dict[str, str]) -> list[tuple[str, str, str]]:
    """The (field, old, new) triples where ``after`` differs from ``before``."""
    return [
        (field, before.get(field, ""), value)
        for field, value in after.items()
        if before.get(field, "") != value
    ]
