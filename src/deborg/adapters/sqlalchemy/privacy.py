"""Privacy choices in SQL: one row per subject and chosen field; no row means "nobody"."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import ForeignKey, String, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from deborg.adapters.sqlalchemy.base import SqlRepository
from deborg.adapters.sqlalchemy.tables import Base
from deborg.domain.privacy.rule import Audience, Field, PrivacySettings, SubjectKind


class PrivacyChoiceRow(Base):
    __tablename__ = "privacy_choices"

    subject_type: Mapped[str] = mapped_column(String(16), primary_key=True)
    subject_id: Mapped[int] = mapped_column(primary_key=True)
    field: Mapped[str] = mapped_column(String(32), primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    audience: Mapped[str] = mapped_column(String(16))


class SqlPrivacySettingsRepository(SqlRepository):
    def get(self, school_id: int, kind: SubjectKind, subject_id: int) -> PrivacySettings:
        return self.get_many(school_id, kind, [subject_id])[subject_id]

    def get_many(
        self, school_id: int, kind: SubjectKind, subject_ids: Iterable[int]
    ) -> dict[int, PrivacySettings]:
        ids = list(set(subject_ids))
        choices: dict[int, dict[Field, Audience]] = defaultdict(dict)
        if ids:
            rows = self.session.scalars(
                select(PrivacyChoiceRow).where(
                    PrivacyChoiceRow.school_id == school_id,
                    PrivacyChoiceRow.subject_type == kind.value,
                    PrivacyChoiceRow.subject_id.in_(ids),
                )
            )
            for row in rows:
                choices[row.subject_id][Field(row.field)] = Audience.from_key(row.audience)
        return {
            subject_id: PrivacySettings(school_id, kind, subject_id, choices.get(subject_id, {}))
            for subject_id in ids
        }

    def save(self, settings: PrivacySettings) -> None:
        self.save_many([settings])

    def save_many(self, settings: Iterable[PrivacySettings]) -> None:
        batch = list(settings)
        for kind in SubjectKind:
            ids = [one.subject_id for one in batch if one.subject_kind is kind]
            for start in range(0, len(ids), 500):  # keep IN lists modest
                self.session.execute(
                    delete(PrivacyChoiceRow).where(
                        PrivacyChoiceRow.subject_type == kind.value,
                        PrivacyChoiceRow.subject_id.in_(ids[start : start + 500]),
                    )
                )
        self.session.add_all(
            PrivacyChoiceRow(
                subject_type=one.subject_kind.value,
                subject_id=one.subject_id,
                field=field.value,
                school_id=one.school_id,
                audience=audience.key,
            )
            for one in batch
            for field, audience in one.choices
        )
        self.session.flush()
