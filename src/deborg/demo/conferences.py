"""Demo conferences: the open 10-minutengesprekken for Groep 3, 5 and 6, one grid per
teacher with room for every pupil, double slots, personal messages and some times already
taken; the closed Leesgesprekken of Groep 3 next Monday with final times; and a September
planning that is over (it no longer shows). The demo parent (children in Groep 3 and
Groep 6) can book at once."""

from __future__ import annotations

import datetime as dt

from deborg.bootstrap import Services
from deborg.demo import people
from deborg.domain import conferences as c
from deborg.domain.model import Child, School
from deborg.services import conferences


def _next_weekday(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7 or 7)


def _book(
    services: Services,
    school: School,
    planning: c.Planning,
    child: Child,
    guardians: dict[int, list[int]],
    slot: c.Slot,
) -> None:
    parent_ids = guardians.get(child.id, [])
    with services.uow() as uow:
        parents = [p for p in uow.parents.get_many(school.id, parent_ids) if not p.read_only]
    if not parents:
        return
    conferences.book_slot(
        services.uow(),
        services.clock,
        school_id=school.id,
        parent_id=parents[0].id,
        planning_id=planning.id,
        child_id=child.id,
        start=slot.start,
    )


def seed(services: Services, school: School) -> None:
    s = services
    today = s.clock.now().date()
    with s.uow() as uow:
        groups = {g.name: g for g in uow.groups.list(school.id)}
        demo_parent = uow.parents.get_by_login(people.DEMO_PARENT_LOGIN)
        assert demo_parent is not None
        own = set(uow.guardianships.children_of(school.id, demo_parent.id))
        by_group = {
            name: list(uow.children.list_for_group(school.id, groups[name].id))
            for name in ("Groep 3", "Groep 5", "Groep 6")
        }
        guardians = uow.guardianships.parents_of(
            school.id, [ch.id for kids in by_group.values() for ch in kids]
        )

    # A closed planning from September: the demo parent's Groep 3 child has its time.
    september = conferences.create_planning(
        s.uow(),
        s.clock,
        school_id=school.id,
        title="Startgesprekken Groep 3",
        info="Kennismaken met de nieuwe leerkracht.",
        group_ids=[groups["Groep 3"].id],
        days=[
            c.PlanningDay(
                dt.date(today.year if today.month > 9 else today.year - 1, 9, 17),
                dt.time(15, 0),
                dt.time(17, 0),
            )
        ],
        slot_minutes=15,
    )
    conferences.open_planning(
        s.uow(), s.clock, s.links, school_id=school.id, planning_id=september.id
    )
    slots = september.slots()
    first_own = sorted(by_group["Groep 3"], key=lambda ch: ch.id not in own)
    for n, child in enumerate(first_own[: len(slots) - 2]):
        _book(s, school, september, child, guardians, slots[n])
    conferences.close_planning(
        s.uow(), s.clock, s.links, s.calendar, school_id=school.id, planning_id=september.id
    )

    # Leesgesprekken for Groep 3 next Monday: the booking has closed, the times are final.
    monday = _next_weekday(today, 0)
    reading = conferences.create_planning(
        s.uow(),
        s.clock,
        school_id=school.id,
        title="Leesgesprekken Groep 3",
        info="Een kort gesprek over het leren lezen.",
        group_ids=[groups["Groep 3"].id],
        days=[c.PlanningDay(monday, dt.time(14, 0), dt.time(18, 0))],
        slot_minutes=5,
    )
    conferences.open_planning(
        s.uow(), s.clock, s.links, school_id=school.id, planning_id=reading.id
    )
    slots = reading.slots()
    for n, child in enumerate(first_own[: len(slots)]):
        _book(s, school, reading, child, guardians, slots[n])
    conferences.close_planning(
        s.uow(), s.clock, s.links, s.calendar, school_id=school.id, planning_id=reading.id
    )

    # The open 10-minutengesprekken, one grid per teacher (siblings with different teachers
    # never compete for a time), with room for every pupil: Tuesday and Thursday afternoon.
    tuesday = _next_weekday(today, 1)
    made = conferences.create_plannings_per_teacher(
        s.uow(),
        s.clock,
        school_id=school.id,
        title="10-minutengesprekken",
        info=(
            "Graag bespreken wij met u hoe het met uw kind gaat. Een gesprek duurt tien "
            "minuten; waar meer tijd nodig is, heeft de leerkracht een dubbel gesprek gepland."
        ),
        group_ids=[groups[name].id for name in ("Groep 3", "Groep 5", "Groep 6")],
        days=[
            c.PlanningDay(tuesday, dt.time(15, 0), dt.time(17, 30)),
            c.PlanningDay(tuesday + dt.timedelta(days=2), dt.time(13, 30), dt.time(17, 30)),
        ],
        slot_minutes=10,
        breaks=[c.TimeRange(dt.time(16, 0), dt.time(16, 15))],
    )
    by_planning_group = {p.group_ids[0]: p for p in made}
    doubles = [ch for ch in by_group["Groep 6"] if ch.id in own][:1]
    doubles += [ch for ch in by_group["Groep 5"] if ch.id not in own][:2]
    for child in doubles:
        conferences.set_requirement(
            s.uow(),
            school_id=school.id,
            planning_id=by_planning_group[child.group_id].id,
            child_id=child.id,
            slots_needed=2,
            message=f"Ik wil graag wat meer tijd nemen om over {child.roepnaam} te praten, "
            "daarom is dit een dubbel gesprek.",
        )
    for planning in made:
        conferences.open_planning(
            s.uow(), s.clock, s.links, school_id=school.id, planning_id=planning.id
        )
    for name in ("Groep 5", "Groep 3"):
        planning = by_planning_group[groups[name].id]
        slots = planning.slots()
        others = [ch for ch in by_group[name] if ch.id not in own]
        for n, child in enumerate(others[:4]):
            try:
                _book(s, school, planning, child, guardians, slots[1 + n * 3])
            except c.NotEnoughTime:
                continue
