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
from deborg.domain.profiles.model import (
    ParentContact,
    Phone,
    PhoneLabel,
    ProfilePhoto,
    SubjectType,
)
from deborg.services.groups import build_group_page
from deborg.services.privacy.subjects import parent_viewer, staff_viewer
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


#: Who sees a field of Bob or Bram (group 1) for each audience: Alice, a parent of the same
#: group, and Carla, a parent of group 2.
BY_AUDIENCE = pytest.mark.parametrize(
    ("audience", "alice_sees", "carla_sees"),
    [(Audience.NOBODY, False, False), (Audience.GROUP, True, False), (Audience.SCHOOL, True, True)],
)

#: Bob's mobile number: distinctive, so that a page or an export containing it is unmistakable.
BOB_PHONE = "06 98765432"


def _give_bob_a_phone(services: Services, world: World) -> None:
    with services.uow() as uow:
        uow.parent_contacts.save(
            ParentContact(
                world.school.id, world.bob.id, phones=(Phone(PhoneLabel.MOBILE, BOB_PHONE),)
            )
        )
        uow.commit()


def _give_a_photo(
    services: Services, world: World, subject_type: SubjectType, subject_id: int
) -> bytes:
    """A stored photo (the bytes stand in for an image: the route serves what is stored)."""
    content = f"foto van {subject_type.value} {subject_id}".encode()
    photo = _photo_row(world, subject_type, subject_id)
    services.files.put(photo.key, content)
    services.files.put(photo.thumbnail_key, content)
    with services.uow() as uow:
        uow.photos.save(photo)
        uow.commit()
    return content


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


@BY_AUDIENCE
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


@BY_AUDIENCE
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
        # Bram's name stays within his group (alice's), whatever else is shared.
        assert ("Bram de Vries" in page) is (viewer is world.alice)


@BY_AUDIENCE
def test_a_parents_phone_and_photo_are_shown_exactly_when_shared(
    browser_factory,  # type: ignore[no-untyped-def]
    world: World,
    sql_services: Services,
    audience: Audience,
    alice_sees: bool,
    carla_sees: bool,
) -> None:
    _give_bob_a_phone(sql_services, world)
    photo = _give_a_photo(sql_services, world, SubjectType.PARENT, world.bob.id)
    _share(
        sql_services,
        PrivacySettings(
            world.school.id,
            SubjectKind.PARENT,
            world.bob.id,
            # The e-mail address is shared with everyone: Bob's card (his name) is on the page
            # for every viewer, and only his phone and photo follow the audience.
            {Field.PHONE: audience, Field.PHOTO: audience, Field.EMAIL: Audience.SCHOOL},
        ),
    )
    photo_url = f"/foto/ouder/{world.bob.id}/klein"
    for viewer, sees in ((world.alice, alice_sees), (world.carla, carla_sees)):
        browser = browser_factory()
        browser.login(viewer.login_name, world.password)
        page = browser.get(f"/groepen/{world.group1.id}").get_data(as_text=True)
        assert "Bob Vries" in page
        assert (f'Mobiel: <a href="tel:0698765432">{BOB_PHONE}</a>' in page) is sees
        assert (photo_url in page) is sees, viewer.login_name
        # The photo itself is served by the same rule: exactly to those who see the link.
        served = browser.get(photo_url)
        assert served.status_code == (200 if sees else 404), viewer.login_name
        assert (served.get_data() == photo) is sees
        assert browser.get(f"/foto/ouder/{world.bob.id}").status_code == (200 if sees else 404)


@BY_AUDIENCE
def test_a_childs_photo_is_shown_exactly_when_shared(
    browser_factory,  # type: ignore[no-untyped-def]
    world: World,
    sql_services: Services,
    audience: Audience,
    alice_sees: bool,
    carla_sees: bool,
) -> None:
    photo = _give_a_photo(sql_services, world, SubjectType.CHILD, world.bram.id)
    _share(
        sql_services,
        PrivacySettings(world.school.id, SubjectKind.CHILD, world.bram.id, {Field.PHOTO: audience}),
    )
    photo_url = f"/foto/kind/{world.bram.id}/klein"
    for viewer, sees in ((world.alice, alice_sees), (world.carla, carla_sees), (world.bob, True)):
        browser = browser_factory()
        browser.login(viewer.login_name, world.password)
        page = browser.get(f"/groepen/{world.group1.id}").get_data(as_text=True)
        assert (photo_url in page) is sees, viewer.login_name
        # The photo shared with the whole school shows to Carla (Groep 2) without the name
        # (the Privacy page promises the name stays within the group).
        assert ("Bram de Vries" in page) is (viewer is not world.carla), viewer.login_name
        served = browser.get(photo_url)
        assert served.status_code == (200 if sees else 404), viewer.login_name
        assert (served.get_data() == photo) is sees


def test_a_guardian_sees_their_own_childs_photo_whatever_the_setting(
    browser: Browser, world: World, sql_services: Services
) -> None:
    _give_a_photo(sql_services, world, SubjectType.CHILD, world.anna.id)
    browser.login(world.dirk.login_name, world.password)  # the read-only co-guardian
    page = browser.get(f"/groepen/{world.group1.id}").get_data(as_text=True)
    assert f"/foto/kind/{world.anna.id}/klein" in page
    assert browser.get(f"/foto/kind/{world.anna.id}/klein").status_code == 200


def test_nothing_is_shown_across_schools_even_when_shared_with_the_school(
    browser: Browser, world: World, sql_services: Services
) -> None:
    _give_a_photo(sql_services, world, SubjectType.CHILD, world.bram.id)
    _share(
        sql_services,
        PrivacySettings(
            world.school.id, SubjectKind.CHILD, world.bram.id, {Field.PHOTO: Audience.SCHOOL}
        ),
    )
    browser.login(world.erik.login_name, world.password)
    assert browser.get(f"/foto/kind/{world.bram.id}/klein").status_code == 404
    assert browser.get(f"/groepen/{world.group1.id}").status_code == 404


def test_staff_see_every_phone_and_photo_of_the_group(world: World, sql_services: Services) -> None:
    _give_bob_a_phone(sql_services, world)
    _give_a_photo(sql_services, world, SubjectType.PARENT, world.bob.id)
    _give_a_photo(sql_services, world, SubjectType.CHILD, world.bram.id)
    with sql_services.uow() as uow:
        staff = staff_viewer(uow, world.school.id, world.teacher.id)
        assert staff is not None
        as_staff = build_group_page(uow, staff, world.group1.id)
        as_carla = build_group_page(
            uow, parent_viewer(uow, world.school.id, world.carla.id), world.group1.id
        )
    bram = next(p for p in as_staff.pupils if p.name == "Bram de Vries")
    assert bram.photo_of == world.bram.id
    assert [(c.name, c.phones, c.photo_of) for c in bram.parents] == [
        ("Bob Vries", (Phone(PhoneLabel.MOBILE, BOB_PHONE),), world.bob.id)
    ]
    # A parent of another group sees none of it (Bob and Bram share nothing).
    assert all(p.photo_of is None and not p.parents for p in as_carla.pupils)


def test_another_schools_group_is_not_found(browser: Browser, world: World) -> None:
    browser.login(world.alice.login_name, world.password)
    response = browser.get(f"/groepen/{world.other_group.id}")
    assert response.status_code == 404
    assert "Eva" not in response.get_data(as_text=True)


# --- no N+1 ----------------------------------------------------------------------------------


def _group_of(services: Services, world: World, name: str, size: int) -> Group:
    """A group of ``size`` pupils, each with two parents who share everything: every pupil
    and parent has a photo, every parent two phone numbers."""
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
                    {Field.DATE_OF_BIRTH: Audience.SCHOOL, Field.PHOTO: Audience.SCHOOL},
                )
            )
            uow.photos.save(_photo_row(world, SubjectType.CHILD, child.id))
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
                        {
                            Field.EMAIL: Audience.SCHOOL,
                            Field.ADDRESS: Audience.SCHOOL,
                            Field.PHONE: Audience.SCHOOL,
                            Field.PHOTO: Audience.SCHOOL,
                        },
                    )
                )
                uow.parent_contacts.save(
                    ParentContact(
                        world.school.id,
                        parent.id,
                        phones=(
                            Phone(PhoneLabel.MOBILE, f"06 {parent.id:08d}"),
                            Phone(PhoneLabel.WORK, "0592 123456"),
                        ),
                    )
                )
                uow.photos.save(_photo_row(world, SubjectType.PARENT, parent.id))
        uow.commit()
    return group


def _photo_row(world: World, subject_type: SubjectType, subject_id: int) -> ProfilePhoto:
    key = f"photos/{world.school.id}/{subject_type.value}-{subject_id}"
    return ProfilePhoto(
        school_id=world.school.id,
        subject_type=subject_type,
        subject_id=subject_id,
        key=f"{key}.jpg",
        thumbnail_key=f"{key}-klein.jpg",
        content_type="image/jpeg",
        uploaded_at=dt.datetime(2026, 9, 1, tzinfo=dt.UTC),
        uploaded_by=world.alice.id,
    )


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
        assert page.count("Werk: <a") == 2 * size  # with their phone numbers
        assert page.count('src="/foto/kind/') == size  # every pupil's photo
        assert page.count('src="/foto/ouder/') == 2 * size  # every parent's photo
        counts[size] = len(statements)
    assert counts[3] == counts[30], counts
