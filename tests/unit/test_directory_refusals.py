"""Staff's directory work refuses what would mix schools or duplicate people, naming what is
wrong, and writes nothing when it refuses."""

from __future__ import annotations

import pytest

from deborg.bootstrap import Services
from deborg.domain.errors import Conflict, InvalidInput, NotFound
from deborg.services import directory
from tests.world import World, build_world


@pytest.fixture
def world(memory_services: Services) -> World:
    return build_world(memory_services)


def test_a_child_of_another_school_cannot_be_linked_to_a_parent(
    memory_services: Services, world: World
) -> None:
    """The whole addition is refused: no new account is left behind without children."""
    s = memory_services
    with pytest.raises(NotFound) as refused:
        directory.add_parent(
            s.uow(),
            s.clock,
            emails=s.emails,
            school_id=world.school.id,
            data=directory.ParentInput("nina@example.nl", "Nina", "Bos"),
            child_ids=(world.anna.id, world.eva.id),
        )
    assert refused.value.message == f"Onbekende leerling: {world.eva.id}."
    with s.uow() as uow:
        assert uow.parents.get_by_login("nina@example.nl") is None
        assert uow.guardianships.parents_of(world.school.id, [world.anna.id]) == {
            world.anna.id: [world.alice.id, world.dirk.id]
        }


def test_an_existing_parent_is_not_linked_to_another_schools_child(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    with pytest.raises(NotFound):
        directory.add_parent(
            s.uow(),
            s.clock,
            emails=s.emails,
            school_id=world.school.id,
            data=directory.ParentInput(world.bob.login_name),
            child_ids=(world.eva.id,),
        )
    with s.uow() as uow:
        assert list(uow.guardianships.children_of(world.school.id, world.bob.id)) == [world.bram.id]


def test_a_parent_login_of_another_school_is_refused(
    memory_services: Services, world: World
) -> None:
    with pytest.raises(Conflict) as refused:
        directory.add_parent(
            memory_services.uow(),
            memory_services.clock,
            emails=memory_services.emails,
            school_id=world.school.id,
            data=directory.ParentInput(" Erik@Example.nl "),
            child_ids=(world.anna.id,),
        )
    assert refused.value.message == (
        "Het e-mailadres erik@example.nl is al de gebruikersnaam van een ouder op een andere "
        "school. Gebruik een ander e-mailadres."
    )


def test_a_second_staff_member_with_the_same_address_is_refused(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    with pytest.raises(Conflict) as refused:
        directory.add_staff(
            s.uow(),
            emails=s.emails,
            school_id=world.school.id,
            name="Meester Bas",
            email=" ANJA@deborg.nl",
        )
    assert refused.value.message == "Er is al een medewerker met e-mailadres anja@deborg.nl."
    # The address is the login name of the staff portal: not at another school either.
    with pytest.raises(Conflict):
        directory.add_staff(
            s.uow(),
            emails=s.emails,
            school_id=world.other_school.id,
            name="Juf Anja",
            email="anja@deborg.nl",
        )


def test_staff_are_not_placed_in_another_schools_group(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    with pytest.raises(NotFound) as refused:
        directory.add_staff(
            s.uow(),
            emails=s.emails,
            school_id=world.school.id,
            name="Meester Bas",
            email="bas@deborg.nl",
            group_names=["Groep 1", "Groep A"],
        )
    assert refused.value.message == "Onbekende groep: Groep A."
    with s.uow() as uow:
        assert uow.staff.get_by_email(world.school.id, "bas@deborg.nl") is None


def test_a_school_code_is_looked_up_as_typed_and_an_unknown_one_named(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    assert directory.school_by_code(s.uow(), "99XX00").id == world.school.id
    with pytest.raises(NotFound) as refused:
        directory.school_by_code(s.uow(), " 11aa22 ")
    assert refused.value.message == "Geen school met schoolcode 11AA22."


def test_changing_a_school_keeps_what_is_not_given(memory_services: Services, world: World) -> None:
    s = memory_services
    changed = directory.change_school(
        s.uow(),
        school_id=world.school.id,
        city="  Assen  Noord ",
        website_url=" https://deborg.nl ",
    )
    assert (changed.name, changed.city) == ("Kindcentrum De Borg", "Assen Noord")
    assert changed.settings.website_url == "https://deborg.nl"
    assert changed.settings.uses_results is False
    with s.uow() as uow:
        stored = uow.schools.get(world.school.id)
    assert stored is not None
    assert (stored.city, stored.settings.website_url) == ("Assen Noord", "https://deborg.nl")


def test_changing_an_unknown_school_or_blanking_its_name_is_refused(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    with pytest.raises(NotFound, match=r"^Onbekende school\.$"):
        directory.change_school(s.uow(), school_id=9999, name="Nieuw")
    with pytest.raises(InvalidInput) as refused:
        directory.change_school(s.uow(), school_id=world.school.id, name="  ", city="Emmen")
    assert (refused.value.message, refused.value.field) == ("Dit veld is verplicht.", "name")
    with s.uow() as uow:
        stored = uow.schools.get(world.school.id)
    assert stored is not None
    assert (stored.name, stored.city) == ("Kindcentrum De Borg", "Assen")
