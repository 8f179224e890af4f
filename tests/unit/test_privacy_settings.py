"""The Privacy tabs' use cases on the memory adapters."""

from __future__ import annotations

import pytest

from deborg.bootstrap import Services
from deborg.domain.errors import AccountIsReadOnly, NotFound, ValidationFailed
from deborg.domain.privacy import Audience, Field, SubjectKind
from deborg.domain.privacy.choices import parse_choices
from deborg.services.privacy import settings as privacy
from tests.world import World, build_world


@pytest.fixture
def world(memory_services: Services) -> World:
    return build_world(memory_services)


def test_a_parent_shares_the_phone_number_with_the_group(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    choices = parse_choices(SubjectKind.PARENT, {"phone": "group", "email": "nobody"})
    privacy.change_parent_privacy(
        s.uow(), s.clock, school_id=world.school.id, parent_id=world.alice.id, choices=choices
    )
    settings = privacy.parent_privacy(s.uow(), school_id=world.school.id, parent_id=world.alice.id)
    assert settings.audience(Field.PHONE) is Audience.GROUP
    assert settings.audience(Field.ADDRESS) is Audience.NOBODY
    with s.uow() as uow:
        trail = uow.audit.list_for_subject(world.school.id, "parent", world.alice.id)
    assert [(e.field, e.old_value, e.new_value, e.actor) for e in trail] == [
        ("privacy.phone", "nobody", "group", f"parent:{world.alice.id}")
    ]


def test_an_unknown_audience_is_refused_beside_its_field() -> None:
    with pytest.raises(ValidationFailed) as refused:
        parse_choices(SubjectKind.PARENT, {"phone": "everybody", "email": "school"})
    assert set(refused.value.errors) == {"phone"}


def test_a_child_form_cannot_choose_a_parents_field() -> None:
    assert parse_choices(SubjectKind.CHILD, {"phone": "school"}) == {}


def test_a_guardian_changes_what_other_parents_see_of_the_child(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    privacy.change_child_privacy(
        s.uow(),
        s.clock,
        school_id=world.school.id,
        parent_id=world.alice.id,
        child_id=world.anna.id,
        choices={Field.PHOTO: Audience.SCHOOL},
    )
    view = privacy.child_privacy(
        s.uow(), school_id=world.school.id, parent_id=world.dirk.id, child_id=world.anna.id
    )
    assert view.settings.audience(Field.PHOTO) is Audience.SCHOOL
    assert view.can_change is False  # dirk is read-only, but sees the choice
    with s.uow() as uow:
        trail = uow.audit.list_for_subject(world.school.id, "child", world.anna.id)
    assert [(e.field, e.new_value) for e in trail] == [("privacy.photo", "school")]


def test_a_read_only_guardian_cannot_change_the_childs_privacy(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    with pytest.raises(AccountIsReadOnly):
        privacy.change_child_privacy(
            s.uow(),
            s.clock,
            school_id=world.school.id,
            parent_id=world.dirk.id,
            child_id=world.anna.id,
            choices={Field.PHOTO: Audience.SCHOOL},
        )
    with s.uow() as uow:
        assert uow.privacy.get(world.school.id, SubjectKind.CHILD, world.anna.id).choices == ()


@pytest.mark.parametrize("who", ["bob", "carla", "erik"])
def test_only_guardians_reach_a_childs_privacy(
    memory_services: Services, world: World, who: str
) -> None:
    s = memory_services
    parent = getattr(world, who)
    with pytest.raises(NotFound):
        privacy.child_privacy(
            s.uow(), school_id=parent.school_id, parent_id=parent.id, child_id=world.anna.id
        )
    with pytest.raises(NotFound):
        privacy.change_child_privacy(
            s.uow(),
            s.clock,
            school_id=parent.school_id,
            parent_id=parent.id,
            child_id=world.anna.id,
            choices={Field.PHOTO: Audience.SCHOOL},
        )
