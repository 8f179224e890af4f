"""Properties of the one visibility rule (deborg.domain.privacy.may_see)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deborg.domain.privacy import (
    CHOOSABLE_FIELDS,
    Audience,
    Field,
    PrivacySettings,
    Subject,
    SubjectKind,
    Viewer,
    ViewerKind,
    may_see,
    may_see_photo,
    visible_fields,
)

#: No deadline: the suite runs on busy machines, and a timing assertion is not a rule.
no_deadline = settings(deadline=None)

# Two schools with two groups each.
GROUPS_OF_SCHOOL = {1: (1, 2), 2: (3, 4)}
PARENT_IDS = st.integers(min_value=1, max_value=8)


@st.composite
def settings_for(draw: st.DrawFn, kind: SubjectKind, school_id: int, subject_id: int):  # type: ignore[no-untyped-def]
    fields = draw(st.lists(st.sampled_from(CHOOSABLE_FIELDS[kind]), unique=True))
    choices = {f: draw(st.sampled_from(Audience)) for f in fields}
    return PrivacySettings(school_id, kind, subject_id, choices)


@st.composite
def subjects(draw: st.DrawFn, kind: SubjectKind | None = None) -> Subject:
    kind = kind or draw(st.sampled_from(SubjectKind))
    school_id = draw(st.sampled_from(sorted(GROUPS_OF_SCHOOL)))
    subject_id = draw(PARENT_IDS)
    groups = GROUPS_OF_SCHOOL[school_id]
    if kind is SubjectKind.CHILD:
        group_ids = {draw(st.sampled_from(groups))}
        guardians = draw(st.frozensets(PARENT_IDS, max_size=3))
    else:
        group_ids = draw(st.frozensets(st.sampled_from(groups)))
        guardians = frozenset()
    return Subject(
        kind=kind,
        id=subject_id,
        school_id=school_id,
        group_ids=group_ids,
        settings=draw(settings_for(kind, school_id, subject_id)),
        guardian_ids=guardians,
    )


@st.composite
def viewers(draw: st.DrawFn, kind: ViewerKind | None = None) -> Viewer:
    kind = kind or draw(st.sampled_from(ViewerKind))
    school_id = draw(st.sampled_from(sorted(GROUPS_OF_SCHOOL)))
    if kind is ViewerKind.STAFF:
        return Viewer.staff(draw(PARENT_IDS), school_id)
    groups = draw(st.frozensets(st.sampled_from(GROUPS_OF_SCHOOL[school_id])))
    return Viewer.parent(draw(PARENT_IDS), school_id, groups)


def fields_of(subject: Subject) -> tuple[Field, ...]:
    return (Field.NAME, *CHOOSABLE_FIELDS[subject.kind])


def always_sees(viewer: Viewer, subject: Subject) -> bool:
    """Staff of the school, the subject themself, a child's guardians."""
    if viewer.school_id != subject.school_id:
        return False
    if viewer.kind is ViewerKind.STAFF:
        return True
    if subject.kind is SubjectKind.PARENT:
        return viewer.id == subject.id
    return viewer.id in subject.guardian_ids


@no_deadline
@given(viewers(ViewerKind.STAFF), subjects(), st.data())
def test_staff_of_the_school_see_everything(viewer: Viewer, subject: Subject, data) -> None:  # type: ignore[no-untyped-def]
    field = data.draw(st.sampled_from(fields_of(subject)))
    assert may_see(viewer, subject, field) == (viewer.school_id == subject.school_id)


@no_deadline
@given(subjects(SubjectKind.CHILD), st.data())
def test_guardians_always_see_their_childs_fields(subject: Subject, data) -> None:  # type: ignore[no-untyped-def]
    guardian = data.draw(st.sampled_from(sorted(subject.guardian_ids) or [1]))
    groups = data.draw(st.frozensets(st.sampled_from(GROUPS_OF_SCHOOL[subject.school_id])))
    viewer = Viewer.parent(guardian, subject.school_id, groups)
    if guardian in subject.guardian_ids:
        assert visible_fields(viewer, subject) == frozenset(fields_of(subject))


@no_deadline
@given(subjects(SubjectKind.PARENT), st.data())
def test_a_parent_always_sees_themself(subject: Subject, data) -> None:  # type: ignore[no-untyped-def]
    groups = data.draw(st.frozensets(st.sampled_from(GROUPS_OF_SCHOOL[subject.school_id])))
    viewer = Viewer.parent(subject.id, subject.school_id, groups)
    assert visible_fields(viewer, subject) == frozenset(fields_of(subject))


@no_deadline
@given(viewers(), subjects(), st.data())
def test_a_field_for_nobody_is_seen_only_by_subject_guardians_and_staff(  # type: ignore[no-untyped-def]
    viewer: Viewer, subject: Subject, data
) -> None:
    for field in CHOOSABLE_FIELDS[subject.kind]:
        if subject.settings.audience(field) is Audience.NOBODY:
            assert may_see(viewer, subject, field) == always_sees(viewer, subject)


@no_deadline
@given(viewers(ViewerKind.PARENT), subjects())
def test_a_field_for_the_group_is_seen_exactly_by_parents_with_a_child_in_the_group(
    viewer: Viewer, subject: Subject
) -> None:
    for field in CHOOSABLE_FIELDS[subject.kind]:
        if subject.settings.audience(field) is Audience.GROUP and not always_sees(viewer, subject):
            shares_a_group = bool(viewer.group_ids & subject.group_ids)
            same_school = viewer.school_id == subject.school_id
            assert may_see(viewer, subject, field) == (same_school and shares_a_group)


@no_deadline
@given(viewers(ViewerKind.PARENT), subjects())
def test_a_field_for_the_school_is_seen_exactly_by_parents_of_the_school(
    viewer: Viewer, subject: Subject
) -> None:
    for field in CHOOSABLE_FIELDS[subject.kind]:
        if subject.settings.audience(field) is Audience.SCHOOL:
            assert may_see(viewer, subject, field) == (viewer.school_id == subject.school_id)


@no_deadline
@given(viewers(), subjects(), st.data())
def test_nothing_is_visible_across_schools(viewer: Viewer, subject: Subject, data) -> None:  # type: ignore[no-untyped-def]
    if viewer.school_id != subject.school_id:
        assert visible_fields(viewer, subject) == frozenset()


@no_deadline
@given(viewers(ViewerKind.PARENT), subjects(SubjectKind.CHILD))
def test_a_childs_name_is_always_visible_to_its_group(viewer: Viewer, subject: Subject) -> None:
    if viewer.school_id == subject.school_id and viewer.group_ids & subject.group_ids:
        assert may_see(viewer, subject, Field.NAME)


@no_deadline
@given(viewers(), subjects(SubjectKind.PARENT))
def test_whoever_sees_a_parents_shared_field_also_sees_the_name(
    viewer: Viewer, subject: Subject
) -> None:
    if visible_fields(viewer, subject):
        assert may_see(viewer, subject, Field.NAME)


@no_deadline
@given(viewers(ViewerKind.PARENT), subjects(SubjectKind.CHILD))
def test_a_childs_name_is_seen_by_its_group_only_whatever_else_is_shared(
    viewer: Viewer, subject: Subject
) -> None:
    """The Privacy page promises the name stays within the group: a photo shared with the
    whole school is shown to other groups without the name."""
    if not always_sees(viewer, subject):
        in_group = viewer.school_id == subject.school_id and bool(
            viewer.group_ids & subject.group_ids
        )
        assert may_see(viewer, subject, Field.NAME) == in_group


@no_deadline
@given(viewers(), subjects())
def test_photo_route_answers_as_the_rule(viewer: Viewer, subject: Subject) -> None:
    assert may_see_photo(viewer, subject) == may_see(viewer, subject, Field.PHOTO)


def test_a_parent_without_choices_shares_nothing_not_even_the_name() -> None:
    subject = Subject(
        SubjectKind.PARENT, 1, 1, {1}, PrivacySettings.default(1, SubjectKind.PARENT, 1)
    )
    classmate_parent = Viewer.parent(2, 1, {1})
    assert visible_fields(classmate_parent, subject) == frozenset()


def test_a_child_cannot_choose_for_a_parents_field() -> None:
    with pytest.raises(ValueError, match="cannot choose"):
        PrivacySettings(1, SubjectKind.CHILD, 1, {Field.PHONE: Audience.SCHOOL})


def test_settings_of_another_subject_are_refused() -> None:
    with pytest.raises(ValueError, match="another subject"):
        Subject(SubjectKind.CHILD, 1, 1, {1}, PrivacySettings.default(1, SubjectKind.CHILD, 2))
