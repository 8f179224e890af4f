"""Storage of the privacy choices of children and parents."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from deborg.domain.privacy.rule import PrivacySettings, SubjectKind


class PrivacySettingsRepository(Protocol):
    def get(self, school_id: int, kind: SubjectKind, subject_id: int) -> PrivacySettings:
        """The subject's settings; the defaults (nobody sees anything) when none are stored."""
        ...

    def get_many(
        self, school_id: int, kind: SubjectKind, subject_ids: Iterable[int]
    ) -> dict[int, PrivacySettings]:
        """Settings of many subjects in one query; every asked id is in the answer."""
        ...

    def save(self, settings: PrivacySettings) -> None:
        """Store the settings, replacing what the subject had."""
        ...

    def save_many(self, settings: Iterable[PrivacySettings]) -> None:
        """``save`` for many subjects at once (imports, demo data)."""
        ...
