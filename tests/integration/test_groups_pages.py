"""Groepen and the group page: own groups marked, each field shown exactly when the privacy
rule allows it, a constant number of queries however large the group."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from deborg.bootstrap import Services
from deborg.domain.model import Address, Child, Group, Guardianship, Parent, ParentState
from deborg.domain.privacy import Audience, Field, PrivacySettings, SubjectKind
from tests.conftest import Browser
from tests.world import World


def _share(services: Services, settings: PrivacySettings) -> None:
    with services.uow() as uow:
        uow.privacy.save(settings)
        uow.commit()


def _give_bob_an_address(services: Services, world: World) -> None:
    with services.uow() as uow:
        bob = uow.parents.get(world.school.id, world.bob.id)
        assert bob is not None
        bob.address = Address("Brink", "7", "", "9401 AB", "Assen")
        uow.parents.update(bob)
        uow.commit()


def test_groups_of_the_parents_own_children_are_blue(browser: Browser, world: World) -> None:
    browser.login(world.carla.login_name, world.password)
    page = browser.get("/groepen/").get_data(as_text=True)
    own = f'class="group-button group-button--own" href="/groepen/{world.group2.id}"'
    other = f'class="group-button" href="/groepen/{world.group1.id}"'
    assert own in page
    assert other in page
    assert "Groep A" not in page  # the other school's group


def test_group_page_shows_teacher_and_pupils_sorted_by_name(browser: Browser, world: World) -> None:
    browser.login(world.alice.login_name, world.password)
    page = browser.get(f"/groepen/{world.group1.id}").get_data(as_text=True)
    assert "Juf Anja" in page
    assert page.index("Anna Jansen") < page.index("Bram de Vries")


def test_nothing_is_shared_by_default(browser: Browser, world: World) -> None:
    browser.login(world.alice.login_name, world.password)
    page = browser.get(f"/groepen/{world.group1.id}").get_data(as_text=True)
    assert "Bram de Vries" in page  # a child's name is always visible to its group
    assert "Bob Vries" not in page
    assert "bob@example.nl" not in page
    assert "17 mei 2019" in page  # Anna's own date of birth, for her guardian
    assert page.count("17 mei 2019") == 1  # not Bram's


@pytest.mark.parametrize(
    ("audience", "alice_sees", "carla_sees"),
    [(Audience.NOBODY, False, False), (Audience.GROUP, True, False), (Audience.SCHOOL, True, True)],
)
def test_a_parents_contact_data_is_shown_exactly_when_shared(
    browser_factory,  # type: ignore[no-untyped-def]
    world: World,
    sql_services: Services,
    audience: Audience,
    alice_sees: bool,
    carla_sees: bool,
) -> None:
    _give_bob_an_address(sql_services, world)
    _share(
        sql_services,
        PrivacySettings(
            world.school.id,
            SubjectKind.PARENT,
            world.bob.id,
            {Field.EMAIL: audience, Field.ADDRESS: audience},
        ),
    )
    for viewer, sees in ((world.alice, alice_sees), (world.carla, carla_sees)):
        browser = browser_factory()
        browser.login(viewer.login_name, world.password)
        page = browser.get(f"/groepen/{world.group1.id}").get_data(as_text=True)
        assert ("bob@example.nl" in page) is sees, viewer.login_name
        assert ("Brink 7" in page) is sees, viewer.login_name
        assert ("Bob Vries" in page) is sees, viewer.login_name


@pytest.mark.parametrize(
    ("audience", "alice_sees", "carla_sees"),
    [(Audience.NOBODY, False, False), (Audience.GROUP, True, False), (Audience.SCHOOL, True, True)],
)
def test_a_childs_date_of_birth_is_shown_exactly_when_shared(
    browser_factory,  # type: ignore[no-untyped-def]
    world: World,
    sql_services: Services,
    audience: Audience,
    alice_sees: bool,
    carla_sees: bool,
) -> None:
    _share(
        sql_services,
        PrivacySettings(
            world.school.id, SubjectKind.CHILD, world.bram.id, {Field.DATE_OF_BIRTH: audience}
        ),
    )
    for viewer, sees in ((world.alice, alice_sees), (world.carla, carla_sees)):
        browser = browser_factory()
        browser.login(viewer.login_name, world.password)
        page = browser.get(f"/groepen/{world.group1.id}").get_data(as_text=True)
        # Anna's date of birth shows for her guardian alice; Bram's is the same date.
        expected = (1 if viewer is world.alice else 0) + (1 if sees else 0)
        assert page.count("17 mei 2019") == expected, viewer.login_name
        assert ("Bram de Vries" in page) is (viewer is world.alice or sees)


def test_another_schools_group_is_not_found(browser: Browser, world: World) -> None:
    browser.login(world.alice.login_name, world.password)
    response = browser.get(f"/groepen/{world.other_group.id}")
    assert response.status_code == 404
    assert "Eva" not in response.get_data(as_text=True)


# --- no N+1 ----------------------------------------------------------------------------------


def _group_of(services: Services, world: World, name: str, size: int) -> Group:
    """A group of ``size`` pupils, each with two parents who share everything."""
    with services.uow() as uow:
        group = uow.groups.add(Group(school_id=world.school.id, name=name))
        for n in range(size):
            child = uow.children.add(
                Child(
                    school_id=world.school.id,
                    group_id=group.id,
                    roepnaam=f"Kind{n}",
                    achternaam=name,
                    date_of_birth=dt.date(2018, 1, 1),
                )
            )
            uow.privacy.save(
                PrivacySettings(
                    world.school.id,
                    SubjectKind.CHILD,
                    child.id,
                    {Field.DATE_OF_BIRTH: Audience.SCHOOL},
                )
            )
            for p in range(2):
                parent = uow.parents.add(
                    Parent(
                        school_id=world.school.id,
                        login_name=f"{name.replace(' ', '')}-{n}-{p}@example.nl",
                        contact_email=f"{name.replace(' ', '')}-{n}-{p}@example.nl",
                        roepnaam=f"Ouder{p}",
                        achternaam=name,
                        state=ParentState.ACTIVE,
                    )
                )
                uow.guardianships.add(Guardianship(world.school.id, parent.id, child.id))
                uow.privacy.save(
                    PrivacySettings(
                        world.school.id,
                        SubjectKind.PARENT,
                        parent.id,
                        {Field.EMAIL: Audience.SCHOOL, Field.ADDRESS: Audience.SCHOOL},
                    )
                )
        uow.commit()
    return group


@contextmanager
def _counting(services: Services) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    assert services.engine is not None
    event.listen(services.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(services.engine, "before_cursor_execute", count)


def test_a_group_page_costs_the_same_queries_for_3_and_30_pupils(
    browser: Browser, world: World, sql_services: Services
) -> None:
    small = _group_of(sql_services, world, "Groep 3", 3)
    large = _group_of(sql_services, world, "Groep 4", 30)
    browser.login(world.alice.login_name, world.password)
    counts = {}
    for group, size in ((small, 3), (large, 30)):
        with _counting(sql_services) as statements:
            page = browser.get(f"/groepen/{group.id}").get_data(as_text=True)
        assert page.count("Ouder1 ") == size  # every pupil's parents are on the page
        counts[size] = len(statements)
    assert counts[3] == counts[30], counts
