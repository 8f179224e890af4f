"""Shared builders for the conferences tests: a planning over the world's groups."""

from __future__ import annotations

import datetime as dt

from deborg.bootstrap import Services
from deborg.domain import conferences as c
from deborg.services import conferences
from tests.world import World

DAY = dt.date(2026, 11, 12)  # a Thursday, in winter time (UTC+1)


def make_planning(
    services: Services,
    world: World,
    *,
    slot_minutes: int = 10,
    start: dt.time = dt.time(15, 0),
    end: dt.time = dt.time(16, 0),
    breaks: tuple[c.TimeRange, ...] = (c.TimeRange(dt.time(15, 30), dt.time(15, 40)),),
    groups: tuple[int, ...] | None = None,
    open_it: bool = True,
    day: dt.date = DAY,
) -> c.Planning:
    planning = conferences.create_planning(
        services.uow(),
        services.clock,
        school_id=world.school.id,
        title="Oudergesprekken november",
        info="De gesprekken duren tien minuten.",
        group_ids=groups or (world.group1.id, world.group2.id),
        days=(c.PlanningDay(day, start, end),),
        slot_minutes=slot_minutes,
        breaks=breaks,
    )
    if open_it:
        conferences.open_planning(
            services.uow(),
            services.clock,
            services.links,
            school_id=world.school.id,
            planning_id=planning.id,
        )
    with services.uow() as uow:
        found = uow.plannings.get(world.school.id, planning.id)
    assert found is not None
    return found
