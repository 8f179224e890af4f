"""The repository methods the import added: which login names exist (of parents, of staff), in
any school, in few queries. Held to the same contract on memory, SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable

from deborg.domain.model import (
    Child,
    Group,
    Guardianship,
    Parent,
    PupilContact,
    School,
    StaffMember,
)
from deborg.domain.profiles.model import ParentContact, Phone, PhoneLabel
from deborg.ports.uow import UnitOfWork


def test_logins_in_use_answers_across_schools_for_many_names(
    any_uow_factory: Callable[[], UnitOfWork],
) -> None:
    with any_uow_factory() as uow:
        one = uow.schools.add(School(name="Een", code="11AA11"))
        two = uow.schools.add(School(name="Twee", code="22BB22"))
        uow.parents.add(Parent(school_id=one.id, login_name="a@x.nl"))
        uow.parents.add(Parent(school_id=two.id, login_name="b@x.nl"))
        uow.staff.add(StaffMember(school_id=one.id, name="Juf Anja", email="anja@x.nl"))
        uow.staff.add(StaffMember(school_id=two.id, name="Meester Bas", email="bas@x.nl"))
        uow.commit()
    asked = {"a@x.nl", "b@x.nl", "anja@x.nl", "bas@x.nl"} | {f"n{i}@x.nl" for i in range(1200)}

    with any_uow_factory() as uow:
        assert uow.parents.logins_in_use(asked) == {"a@x.nl", "b@x.nl"}
        assert uow.parents.logins_in_use([]) == set()
        assert uow.staff.logins_in_use(asked) == {"anja@x.nl", "bas@x.nl"}
        assert uow.staff.logins_in_use([]) == set()


def test_pupil_contacts_are_added_listed_per_school_and_removed(
    any_uow_factory: Callable[[], UnitOfWork],
) -> None:
    with any_uow_factory() as uow:
        one = uow.schools.add(School(name="Een", code="11AA11"))
        two = uow.schools.add(School(name="Twee", code="22BB22"))
        group = uow.groups.add(Group(school_id=one.id, name="Groep 1"))
        other_group = uow.groups.add(Group(school_id=two.id, name="Groep 1"))
        eva = uow.children.add(
            Child(school_id=one.id, group_id=group.id, roepnaam="Eva", achternaam="Bos")
        )
        bram = uow.children.add(
            Child(school_id=two.id, group_id=other_group.id, roepnaam="Bram", achternaam="Vos")
        )
        opa = uow.parents.add(Parent(school_id=one.id, login_name="opa@x.nl"))
        oma = uow.parents.add(Parent(school_id=two.id, login_name="oma@x.nl"))
        contact = PupilContact(one.id, opa.id, eva.id)
        uow.pupil_contacts.add(contact)
        uow.pupil_contacts.add(contact)  # twice is once
        uow.pupil_contacts.add(PupilContact(two.id, oma.id, bram.id))
        uow.commit()

    with any_uow_factory() as uow:
        assert uow.pupil_contacts.list(one.id) == [contact]
        # A contact gives no access: it is not a guardianship.
        assert uow.guardianships.children_of(one.id, opa.id) == []
        uow.pupil_contacts.remove(contact)
        uow.commit()

    with any_uow_factory() as uow:
        assert uow.pupil_contacts.list(one.id) == []
        assert len(uow.pupil_contacts.list(two.id)) == 1


def test_the_import_adds_many_records_in_batches_with_their_ids(
    any_uow_factory: Callable[[], UnitOfWork],
) -> None:
    with any_uow_factory() as uow:
        school = uow.schools.add(School(name="Een", code="11AA11"))
        group = uow.groups.add(Group(school_id=school.id, name="Groep 1"))
        kids = uow.children.add_many(
            [
                Child(school_id=school.id, group_id=group.id, roepnaam=f"K{i}", achternaam="Bos")
                for i in range(3)
            ]
        )
        parents = uow.parents.add_many(
            [Parent(school_id=school.id, login_name=f"p{i}@x.nl") for i in range(3)]
        )
        uow.guardianships.add(Guardianship(school.id, parents[0].id, kids[0].id))
        uow.guardianships.add_many(
            [Guardianship(school.id, p.id, k.id) for p, k in zip(parents, kids, strict=True)]
        )
        uow.pupil_contacts.add_many([PupilContact(school.id, parents[0].id, kids[1].id)] * 2)
        uow.parent_contacts.save(
            ParentContact(school.id, parents[0].id, phones=(Phone(PhoneLabel.HOME, "0592-1"),))
        )
        uow.parent_contacts.save_many(
            [
                ParentContact(school.id, p.id, phones=(Phone(PhoneLabel.MOBILE, f"06-{p.id}"),))
                for p in parents
            ]
        )
        uow.commit()

    assert [k.roepnaam for k in kids] == ["K0", "K1", "K2"]
    assert len({k.id for k in kids}) == 3
    with any_uow_factory() as uow:
        assert [c.id for c in uow.children.list(school.id)] == [k.id for k in kids]
        assert uow.parents.get_by_login("p2@x.nl") == parents[2]
        links = uow.guardianships.parents_of(school.id, [k.id for k in kids])
        assert links == {k.id: [p.id] for p, k in zip(parents, kids, strict=True)}
        assert uow.pupil_contacts.list(school.id) == [
            PupilContact(school.id, parents[0].id, kids[1].id)
        ]
        contacts = uow.parent_contacts.get_many(school.id, [p.id for p in parents])
        assert {i: c.phones for i, c in contacts.items()} == {
            p.id: (Phone(PhoneLabel.MOBILE, f"06-{p.id}"),) for p in parents
        }
