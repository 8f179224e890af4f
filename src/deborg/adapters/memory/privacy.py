"""In-memory privacy settings."""

from __future__ import annotations

import copy
from collections.abc import Iterable

from deborg.adapters.memory.store import MemoryRepository
from deborg.domain.privacy.rule import PrivacySettings, SubjectKind


class MemoryPrivacySettingsRepository(MemoryRepository[PrivacySettings]):
    table_name = "privacy_settings"

    def get(self, school_id: int, kind: SubjectKind, subject_id: int) -> PrivacySettings:
        return self.get_many(school_id, kind, [subject_id])[subject_id]

    def get_many(
        self, school_id: int, kind: SubjectKind, subject_ids: Iterable[int]
    ) -> dict[int, PrivacySettings]:
        result = {}
        for subject_id in set(subject_ids):
            stored = self._rows.get((kind, subject_id))
            if stored is not None and stored.school_id == school_id:
                result[subject_id] = copy.deepcopy(stored)
            else:
                result[subject_id] = PrivacySettings.default(school_id, kind, subject_id)
        return result

    def save(self, settings: PrivacySettings) -> None:
        self._rows[(settings.subject_kind, settings.subject_id)] = copy.deepcopy(settings)

    def save_many(self, settings: Iterable[PrivacySettings]) -> None:
        for one in settings:
            self.save(one)
