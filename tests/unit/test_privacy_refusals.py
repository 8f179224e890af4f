"""Privacy choices and the data export answer only for the parent's own account: another
school's parent is not found and nothing of theirs changes; the export never names who at
school changed something."""

from __future__ import annotations

import pytest

from deborg.bootstrap import Services
from deborg.domain.audit import AuditEntry
from deborg.domain.errors import NotFound
from deborg.domain.privacy import Audience, Field, SubjectKind
from deborg.services.privacy import settings as privacy
from deborg.services.privacy.export import export_parent_data
from tests.world import World, build_world


@pytest.fixture
def world(memory_services: Services) -> World:
    return build_world(memory_services)


def test_another_schools_parent_cannot_change_privacy_here(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    with pytest.raises(NotFound):
        privacy.change_parent_privacy(
            s.uow(),
            s.clock,
            school_id=world.school.id,
            parent_id=world.erik.id,
            choices={Field.PHONE: Audience.SCHOOL},
        )
    with s.uow() as uow:
        erik = uow.privacy.get(world.other_school.id, SubjectKind.PARENT, world.erik.id)
        assert uow.audit.list_for_subject(world.school.id, "parent", world.erik.id) == []
    assert erik.audience(Field.PHONE) is Audience.NOBODY


def test_another_schools_parent_sees_no_childs_privacy_here(
    memory_services: Services, world: World
) -> None:
    """Even asking about a child of their own school, through the wrong school, is refused."""
    with pytest.raises(NotFound):
        privacy.child_privacy(
            memory_services.uow(),
            school_id=world.school.id,
            parent_id=world.erik.id,
            child_id=world.eva.id,
        )


def export(s: Services, school_id: int, parent_id: int) -> dict[str, object]:
    return export_parent_data(
        s.uow(), s.clock, school_id=school_id, parent_id=parent_id, sections=s.areas.export_sections
    )


def test_the_export_of_another_schools_parent_is_not_found(
    memory_services: Services, world: World
) -> None:
    with pytest.raises(NotFound):
        export(memory_services, world.school.id, world.erik.id)
    assert export(memory_services, world.other_school.id, world.erik.id)["account"]


def test_the_export_says_school_or_system_and_names_no_staff_member(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    with s.uow() as uow:
        for actor, old, new in (
            (f"staff:{world.teacher.id}", "Jansen", "Jansen-Smit"),
            ("system", "Jansen-Smit", "Smit"),
            (f"parent:{world.dirk.id}", "Smit", "Jansen"),
        ):
            uow.audit.add(
                AuditEntry(
                    school_id=world.school.id,
                    actor=actor,
                    subject_type="child",
                    subject_id=world.anna.id,
                    field="achternaam",
                    old_value=old,
                    new_value=new,
                    at=s.clock.now(),
                )
            )
        uow.commit()
    changes = export(s, world.school.id, world.alice.id)["changes"]
    assert [(c["about"], c["changed_by"]) for c in changes] == [  # type: ignore[attr-defined]
        ("Anna Jansen", "school"),
        ("Anna Jansen", "systeem"),
        ("Anna Jansen", "andere ouder/verzorger"),
    ]
    assert "Anja" not in repr(changes)
