"""Conferences at scale for the statement counts: a planning over every group with ``factor``
days of slots, half the children booked, and the pages of the school's first parent."""

from __future__ import annotations

import datetime as dt

from bench.seed import SeededSchool
from deborg.bootstrap import Services
from deborg.domain import conferences as c
from deborg.services import conferences

#: school code -> (planning id, a child of the first parent)
PAGES: dict[str, tuple[int, int]] = {}


def extend(services: Services, seeded: SeededSchool, factor: int) -> None:
    school = seeded.school
    first_day = dt.date(2026, 11, 16)
    planning = conferences.create_planning(
        services.uow(),
        services.clock,
        school_id=school.id,
        title="Oudergesprekken",
        group_ids=seeded.group_ids,
        days=[
            c.PlanningDay(first_day + dt.timedelta(days=n), dt.time(8, 30), dt.time(17, 0))
            for n in range(factor)
        ],
        slot_minutes=10,
        breaks=[c.TimeRange(dt.time(12, 0), dt.time(13, 0))],
    )
    with services.uow() as uow:
        stored = uow.plannings.get(school.id, planning.id)
        assert stored is not None
        stored.state = c.PlanningState.OPEN
        stored.opened_at = stored.opens_for_all_at = services.clock.now()
        uow.plannings.update(stored)
        parent = uow.parents.get_by_login(seeded.parent_logins[0])
        assert parent is not None
        own = uow.guardianships.children_of(school.id, parent.id)
        slots = planning.slots()
        children = uow.children.list(school.id)
        for n, child in enumerate(children[::2]):
            if n < len(slots) and child.id not in own:
                uow.bookings.add(
                    c.Booking(
                        school.id,
                        planning.id,
                        child.id,
                        (slots[n].start,),
                        booked_at=services.clock.now(),
                    )
                )
        uow.commit()
    PAGES[school.code] = (planning.id, own[0])


def booking_path(seeded: SeededSchool) -> str:
    planning_id, child_id = PAGES[seeded.school.code]
    return f"/oudergesprekken/{planning_id}/kind/{child_id}"
