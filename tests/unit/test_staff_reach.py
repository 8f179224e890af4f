"""Who of the staff may work on what (deborg.domain.staff), for any groups, roles and
audiences: a beheerder reaches everything of their school; a leerkracht what lies within
their own groups or what they posted, and posts to their own groups only (to the whole school
only when the school allows it)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deborg.domain.content.model import Audience
from deborg.domain.errors import NotFound
from deborg.domain.model import Child, StaffMember, StaffRole
from deborg.domain.staff import (
    GroupNotOwn,
    OutOfReach,
    SchoolWideNotAllowed,
    check_audience,
    reaches,
    reaches_planning,
    require_child,
    require_reach,
)

group_sets = st.frozensets(st.integers(1, 8), max_size=8)


def member(role: StaffRole, groups: frozenset[int], staff_id: int = 7) -> StaffMember:
    return StaffMember(
        school_id=1, name="X", email="x@deborg.nl", group_ids=tuple(sorted(groups)), role=role,
        id=staff_id,
    )  # fmt: skip


@given(own=group_sets, audience=group_sets, author=st.none() | st.integers(1, 9))
def test_a_leerkracht_reaches_an_item_within_her_groups_or_her_own(
    own: frozenset[int], audience: frozenset[int], author: int | None
) -> None:
    teacher = member(StaffRole.LEERKRACHT, own)
    expected = author == teacher.id or (bool(audience) and audience <= own)
    assert reaches(teacher, Audience.groups(audience), author) is expected
    if expected:
        require_reach(teacher, Audience.groups(audience), author)
    else:
        with pytest.raises(OutOfReach):
            require_reach(teacher, Audience.groups(audience), author)
    assert reaches_planning(teacher, audience) is (bool(audience) and audience <= own)


@given(own=group_sets, audience=group_sets, author=st.none() | st.integers(1, 9))
def test_a_beheerder_reaches_everything(
    own: frozenset[int], audience: frozenset[int], author: int | None
) -> None:
    assert reaches(member(StaffRole.BEHEERDER, own), Audience.groups(audience), author)


@given(own=group_sets, audience=group_sets, allowed=st.booleans())
def test_a_leerkracht_posts_to_her_own_groups_and_school_wide_only_when_allowed(
    own: frozenset[int], audience: frozenset[int], allowed: bool
) -> None:
    teacher = member(StaffRole.LEERKRACHT, own)
    names = {g: f"Groep {g}" for g in range(1, 9)}
    if not audience:
        if allowed:
            check_audience(teacher, Audience.whole_school(), names, school_wide_allowed=True)
        else:
            with pytest.raises(SchoolWideNotAllowed):
                check_audience(teacher, Audience.whole_school(), names, school_wide_allowed=False)
    elif audience <= own:
        check_audience(teacher, Audience.groups(audience), names, school_wide_allowed=allowed)
    else:
        with pytest.raises(GroupNotOwn) as refused:
            check_audience(teacher, Audience.groups(audience), names, school_wide_allowed=allowed)
        assert refused.value.message.endswith(f"Groep {min(audience - own)} is dat niet.")
    # A beheerder posts anywhere.
    check_audience(
        member(StaffRole.BEHEERDER, own), Audience.groups(audience), names,
        school_wide_allowed=False,
    )  # fmt: skip


@given(own=group_sets, group=st.integers(1, 8))
def test_a_child_is_a_leerkrachts_when_it_is_in_one_of_her_groups(
    own: frozenset[int], group: int
) -> None:
    child = Child(school_id=1, group_id=group, roepnaam="Anna", achternaam="J", id=3)
    teacher = member(StaffRole.LEERKRACHT, own)
    if group in own:
        assert require_child(teacher, child) is child
    else:
        with pytest.raises(NotFound):
            require_child(teacher, child)
    assert require_child(member(StaffRole.BEHEERDER, frozenset()), child) is child
