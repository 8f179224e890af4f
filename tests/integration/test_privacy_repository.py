"""Contract of the privacy settings repository: memory, SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Callable

from deborg.domain.model import School
from deborg.domain.privacy import Audience, Field, PrivacySettings, SubjectKind
from deborg.ports.uow import UnitOfWork


def _schools(uow_factory: Callable[[], UnitOfWork]) -> tuple[int, int]:
    with uow_factory() as uow:
        one = uow.schools.add(School(name="Een", code="11AA11"))
        two = uow.schools.add(School(name="Twee", code="22BB22"))
        uow.commit()
    return one.id, two.id


def test_a_subject_without_stored_settings_shares_nothing(
    any_uow_factory: Callable[[], UnitOfWork],
) -> None:
    school_id, _ = _schools(any_uow_factory)
    with any_uow_factory() as uow:
        settings = uow.privacy.get(school_id, SubjectKind.PARENT, 7)
    assert settings == PrivacySettings.default(school_id, SubjectKind.PARENT, 7)
    assert settings.audience(Field.PHONE) is Audience.NOBODY


def test_saved_settings_come_back_and_replace_earlier_ones(
    any_uow_factory: Callable[[], UnitOfWork],
) -> None:
    school_id, _ = _schools(any_uow_factory)
    first = PrivacySettings(
        school_id,
        SubjectKind.PARENT,
        7,
        {Field.PHONE: Audience.GROUP, Field.EMAIL: Audience.SCHOOL},
    )
    second = PrivacySettings(school_id, SubjectKind.PARENT, 7, {Field.PHONE: Audience.SCHOOL})
    with any_uow_factory() as uow:
        uow.privacy.save(first)
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.privacy.get(school_id, SubjectKind.PARENT, 7) == first
        uow.privacy.save(second)
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.privacy.get(school_id, SubjectKind.PARENT, 7) == second


def test_settings_are_not_saved_without_commit(any_uow_factory: Callable[[], UnitOfWork]) -> None:
    school_id, _ = _schools(any_uow_factory)
    with any_uow_factory() as uow:
        uow.privacy.save(
            PrivacySettings(school_id, SubjectKind.CHILD, 3, {Field.PHOTO: Audience.SCHOOL})
        )
    with any_uow_factory() as uow:
        assert uow.privacy.get(school_id, SubjectKind.CHILD, 3).choices == ()


def test_get_many_answers_every_id_keeps_kinds_apart_and_never_crosses_schools(
    any_uow_factory: Callable[[], UnitOfWork],
) -> None:
    school_id, other_id = _schools(any_uow_factory)
    child = PrivacySettings(school_id, SubjectKind.CHILD, 1, {Field.PHOTO: Audience.GROUP})
    parent = PrivacySettings(school_id, SubjectKind.PARENT, 1, {Field.PHOTO: Audience.SCHOOL})
    with any_uow_factory() as uow:
        uow.privacy.save(child)
        uow.privacy.save(parent)
        uow.commit()
    with any_uow_factory() as uow:
        children = uow.privacy.get_many(school_id, SubjectKind.CHILD, [1, 2])
        parents = uow.privacy.get_many(school_id, SubjectKind.PARENT, [1])
        elsewhere = uow.privacy.get_many(other_id, SubjectKind.CHILD, [1])
        nothing = uow.privacy.get_many(school_id, SubjectKind.CHILD, [])
    assert children == {1: child, 2: PrivacySettings.default(school_id, SubjectKind.CHILD, 2)}
    assert parents == {1: parent}
    assert elsewhere == {1: PrivacySettings.default(other_id, SubjectKind.CHILD, 1)}
    assert nothing == {}


def test_save_many_replaces_the_settings_of_every_subject_given(
    any_uow_factory: Callable[[], UnitOfWork],
) -> None:
    school_id, _ = _schools(any_uow_factory)
    kept = PrivacySettings(school_id, SubjectKind.PARENT, 9, {Field.PHOTO: Audience.GROUP})
    with any_uow_factory() as uow:
        uow.privacy.save(kept)
        uow.privacy.save(
            PrivacySettings(school_id, SubjectKind.CHILD, 1, {Field.PHOTO: Audience.GROUP})
        )
        uow.commit()
    batch = [
        PrivacySettings(school_id, SubjectKind.CHILD, 1, {Field.DATE_OF_BIRTH: Audience.SCHOOL}),
        PrivacySettings(school_id, SubjectKind.PARENT, 1, {Field.PHONE: Audience.GROUP}),
    ]
    with any_uow_factory() as uow:
        uow.privacy.save_many(batch)
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.privacy.get(school_id, SubjectKind.CHILD, 1) == batch[0]
        assert uow.privacy.get(school_id, SubjectKind.PARENT, 1) == batch[1]
        assert uow.privacy.get(school_id, SubjectKind.PARENT, 9) == kept
