"""Large, deterministic data for the benchmarks, written straight through the repositories
(one transaction per school) so that seeding a platform takes seconds, not minutes."""

from __future__ import annotations

import datetime as dt
import random

import attrs

from deborg.bootstrap import Services
from deborg.domain.model import (
    Address,
    Child,
    Group,
    Guardianship,
    Parent,
    ParentState,
    School,
    StaffMember,
)
from deborg.ports.uow import UnitOfWork

BENCH_PASSWORD = "Bench-wachtw00rd!"  # noqa: S105 - a published benchmark credential


@attrs.frozen
class SeededSchool:
    school: School
    parent_logins: tuple[str, ...]
    group_ids: tuple[int, ...]


def add_school(uow: UnitOfWork, *, code: str, name: str, groups: int) -> tuple[School, list[Group]]:
    """Inside an open unit of work: a school with ``groups`` groups, each with its teacher."""
    school = uow.schools.add(School(name=name, code=code, city="Assen"))
    group_rows = [
        uow.groups.add(Group(school_id=school.id, name=f"Groep {n}", year=min(n, 8)))
        for n in range(1, groups + 1)
    ]
    for group in group_rows:
        uow.staff.add(
            StaffMember(
                school_id=school.id,
                name=f"Leerkracht {group.name}",
                email=f"leerkracht.{group.id}.{code.lower()}@school.example",
                group_ids=(group.id,),
            )
        )
    return school, group_rows


def new_pupil(school_id: int, group_id: int, code: str, number: int) -> Child:
    """The ``number``-th pupil of a benchmark school."""
    return Child(
        school_id=school_id,
        group_id=group_id,
        roepnaam=f"Kind{number}",
        achternaam=f"Achternaam{number % 97}",
        date_of_birth=dt.date(2016 + number % 8, 1 + number % 12, 1 + number % 28),
        pupil_number=f"{code}-{number}",
        address=Address(
            street="Brink", house_number=str(number % 200 + 1), postcode="9401 AB", city="Assen"
        ),
    )


def new_parent(
    school_id: int, login: str, number: int, password_hash: str, now: dt.datetime
) -> Parent:
    """An active parent of the ``number``-th pupil, who logs in with ``login``."""
    return Parent(
        school_id=school_id,
        login_name=login,
        contact_email=login,
        roepnaam=f"Ouder{number}",
        achternaam=f"Achternaam{number % 97}",
        password_hash=password_hash,
        state=ParentState.ACTIVE,
        created_at=now,
        activated_at=now,
    )


def seed_school(
    services: Services,
    *,
    code: str,
    name: str,
    groups: int = 8,
    pupils_per_group: int = 25,
    password_hash: str,
    seed: int = 0,
) -> SeededSchool:
    """A school with ``groups`` groups of ``pupils_per_group`` pupils; each pupil has one or two
    parents (about 1.6 per pupil), some families have children in two groups."""
    rng = random.Random(seed)
    now = services.clock.now()
    logins: list[str] = []
    with services.uow() as uow:
        school, group_rows = add_school(uow, code=code, name=name, groups=groups)
        previous_parents: list[Parent] = []
        number = 0
        for group in group_rows:
            for _ in range(pupils_per_group):
                number += 1
                child = uow.children.add(new_pupil(school.id, group.id, code, number))
                if previous_parents and rng.random() < 0.1:
                    parents = previous_parents  # a sibling in another group
                else:
                    parents = []
                    for p in range(2 if rng.random() < 0.6 else 1):
                        login = f"ouder{number}-{p}.{code.lower()}@bench.example"
                        parents.append(
                            uow.parents.add(
                                new_parent(school.id, login, number, password_hash, now)
                            )
                        )
                        logins.append(login)
                for parent in parents:
                    uow.guardianships.add(Guardianship(school.id, parent.id, child.id))
                previous_parents = parents
        uow.commit()
    return SeededSchool(
        school=school, parent_logins=tuple(logins), group_ids=tuple(g.id for g in group_rows)
    )
