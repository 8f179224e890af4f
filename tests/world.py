"""A small world for access and page tests: two schools, three groups, five families.

School "Kindcentrum De Borg" (99XX00):
  Groep 1: Anna Jansen  — guardians alice (active) and dirk (read-only)
           Bram de Vries — guardian bob
  Groep 2: Cees Visser  — guardian carla
  An open conference planning for Groep 1 and 2 (12 November 2026, 15.00-16.00, slots of 10
  minutes), with Anna booked at 15.00.
School "De Esch" (98YY11):
  Groep A: Eva Bos      — guardian erik
"""

from __future__ import annotations

import datetime as dt

import attrs

from deborg.bootstrap import Services
from deborg.domain.conferences import Booking, Planning, PlanningDay, PlanningState
from deborg.domain.model import (
    Child,
    Group,
    Guardianship,
    Parent,
    ParentState,
    School,
    StaffMember,
)

PASSWORD = "Geheim-wachtw00rd!"


@attrs.frozen
class World:
    school: School
    other_school: School
    group1: Group
    group2: Group
    other_group: Group
    anna: Child
    bram: Child
    cees: Child
    eva: Child
    alice: Parent
    dirk: Parent
    bob: Parent
    carla: Parent
    erik: Parent
    teacher: StaffMember
    planning: Planning | None = None
    password: str = PASSWORD


def build_world(services: Services) -> World:
    now = services.clock.now()
    password_hash = services.hasher.hash(PASSWORD)
    with services.uow() as uow:
        school = uow.schools.add(School(name="Kindcentrum De Borg", code="99XX00", city="Assen"))
        other = uow.schools.add(School(name="De Esch", code="98YY11", city="Assen"))
        group1 = uow.groups.add(Group(school_id=school.id, name="Groep 1", year=1))
        group2 = uow.groups.add(Group(school_id=school.id, name="Groep 2", year=2))
        other_group = uow.groups.add(Group(school_id=other.id, name="Groep A", year=1))

        def child(s: School, g: Group, first: str, last: str, tussen: str = "") -> Child:
            return uow.children.add(
                Child(
                    school_id=s.id,
                    group_id=g.id,
                    roepnaam=first,
                    achternaam=last,
                    tussenvoegsel=tussen,
                    date_of_birth=dt.date(2019, 5, 17),
                )
            )

        def parent(s: School, login: str, first: str, last: str, **kw: object) -> Parent:
            return uow.parents.add(
                Parent(
                    school_id=s.id,
                    login_name=login,
                    contact_email=login,
                    roepnaam=first,
                    achternaam=last,
                    password_hash=password_hash,
                    state=ParentState.ACTIVE,
                    created_at=now,
                    activated_at=now,
                    **kw,
                )  # type: ignore[arg-type]
            )

        anna = child(school, group1, "Anna", "Jansen")
        bram = child(school, group1, "Bram", "Vries", "de")
        cees = child(school, group2, "Cees", "Visser")
        eva = child(other, other_group, "Eva", "Bos")
        alice = parent(school, "alice@example.nl", "Alice", "Jansen")
        dirk = parent(school, "dirk@example.nl", "Dirk", "Jansen", read_only=True)
        bob = parent(school, "bob@example.nl", "Bob", "Vries")
        carla = parent(school, "carla@example.nl", "Carla", "Visser")
        erik = parent(other, "erik@example.nl", "Erik", "Bos")
        for p, c in ((alice, anna), (dirk, anna), (bob, bram), (carla, cees), (erik, eva)):
            uow.guardianships.add(Guardianship(p.school_id, p.id, c.id))
        teacher = uow.staff.add(
            StaffMember(
                school_id=school.id, name="Juf Anja", email="anja@deborg.nl", group_ids=(group1.id,)
            )
        )
        uow.commit()
    planning = _conference_planning(services, school, group1, group2, anna)
    return World(
        school=school,
        other_school=other,
        group1=group1,
        group2=group2,
        other_group=other_group,
        anna=anna,
        bram=bram,
        cees=cees,
        eva=eva,
        alice=alice,
        dirk=dirk,
        bob=bob,
        carla=carla,
        erik=erik,
        teacher=teacher,
        planning=planning,
    )


def _conference_planning(
    services: Services, school: School, group1: Group, group2: Group, anna: Child
) -> Planning:
    """Stored directly (no invitation mails in the outbox)."""
    now = services.clock.now()
    with services.uow() as uow:
        planning = uow.plannings.add(
            Planning(
                school_id=school.id,
                title="Oudergesprekken november",
                info="Tien minuten per gesprek.",
                group_ids=(group1.id, group2.id),
                days=(PlanningDay(dt.date(2026, 11, 12), dt.time(15, 0), dt.time(16, 0)),),
                slot_minutes=10,
                timezone=school.timezone,
                state=PlanningState.OPEN,
                created_at=now,
                opened_at=now,
                opens_for_all_at=now,
            )
        )
        uow.bookings.add(
            Booking(
                school_id=school.id,
                planning_id=planning.id,
                child_id=anna.id,
                starts=(planning.slots()[0].start,),
                booked_at=now,
                by_staff=True,
            )
        )
        uow.commit()
    return planning
