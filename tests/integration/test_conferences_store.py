"""The booking store's contract on memory, SQLite and PostgreSQL, and the race on the
databases: however many parents click at once, a slot ends up in exactly one booking."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

import attrs
import pytest

from deborg.bootstrap import Services
from deborg.domain import conferences as c
from deborg.domain.model import Child, Guardianship, Parent, ParentState
from deborg.ports.uow import UnitOfWork
from deborg.services import conferences
from tests.conferences_fixtures import make_planning
from tests.world import World, build_world


@pytest.fixture
def services_on(any_uow_factory: Callable[[], UnitOfWork], memory_services: Services) -> Services:
    """The memory services, on the contract test's store."""
    return attrs.evolve(memory_services, uow_factory=any_uow_factory)


def _booking(planning: c.Planning, child_id: int, *starts: dt.datetime) -> c.Booking:
    return c.Booking(
        school_id=planning.school_id,
        planning_id=planning.id,
        child_id=child_id,
        starts=starts,
        booked_at=starts[0],
    )


def test_store_keeps_a_slot_in_one_booking_and_a_child_in_one(services_on: Services) -> None:
    world = build_world(services_on)
    planning = make_planning(services_on, world)
    slots = planning.slots()
    with services_on.uow() as uow:
        stored = uow.bookings.add(_booking(planning, world.anna.id, slots[0].start, slots[1].start))
        uow.commit()
    assert stored.id
    assert stored.version == 1
    with services_on.uow() as uow, pytest.raises(c.SlotAlreadyTaken):
        uow.bookings.add(_booking(planning, world.bram.id, slots[1].start))
    with services_on.uow() as uow, pytest.raises(c.BookingChanged):
        uow.bookings.add(_booking(planning, world.anna.id, slots[3].start))
    with services_on.uow() as uow:
        found = uow.bookings.get_for_child(world.school.id, planning.id, world.anna.id)
        assert found is not None
        assert found.starts == (slots[0].start, slots[1].start)
        found.starts = (slots[1].start, slots[2].start)  # overlaps its own old slot: fine
        moved = uow.bookings.replace(found)
        uow.commit()
    assert moved.version == 2
    stale = attrs.evolve(moved, version=1)
    with services_on.uow() as uow, pytest.raises(c.BookingChanged):
        uow.bookings.replace(stale)
    with services_on.uow() as uow:
        assert [
            (b.planning_id, b.starts)
            for b in uow.bookings.list_for_children(world.school.id, [world.anna.id])
        ] == [  # the world's own booking for Anna at 15.00, and this one
            (world.planning.id, (slots[0].start,)),  # type: ignore[union-attr]
            (planning.id, (slots[1].start, slots[2].start)),
        ]
        assert uow.bookings.list_for_planning(world.other_school.id, planning.id) == []
        uow.bookings.remove(moved)
        uow.commit()
    with services_on.uow() as uow:
        assert uow.bookings.list_for_planning(world.school.id, planning.id) == []


def test_planning_and_requirements_round_trip(services_on: Services) -> None:
    world = build_world(services_on)
    planning = make_planning(services_on, world)
    conferences.set_requirement(
        services_on.uow(),
        school_id=world.school.id,
        planning_id=planning.id,
        child_id=world.anna.id,
        slots_needed=3,
        message="Tot dan!",
    )
    with services_on.uow() as uow:
        again = uow.plannings.get(world.school.id, planning.id)
        assert again == planning
        assert uow.plannings.get(world.other_school.id, planning.id) is None
        assert [
            r.slots_needed
            for r in uow.requirements.list_for_children(world.school.id, [world.anna.id])
        ] == [3]
        assert uow.requirements.get(world.school.id, planning.id, world.anna.id) == c.Requirement(
            world.school.id, planning.id, world.anna.id, 3, "Tot dan!"
        )


def test_plannings_are_listed_for_a_parents_groups_each_with_all_its_groups(
    services_on: Services,
) -> None:
    world = build_world(services_on)
    both = make_planning(services_on, world)
    second = make_planning(services_on, world, groups=(world.group2.id,))
    school = world.school.id
    with services_on.uow() as uow:
        every = uow.plannings.list(school)
        first = uow.plannings.list(school, group_ids={world.group1.id})
        of_second = uow.plannings.list(school, group_ids=[world.group2.id])
        none = uow.plannings.list(school, group_ids=())
        elsewhere = uow.plannings.list(world.other_school.id, group_ids={world.group1.id})
    assert first == [p for p in every if world.group1.id in p.group_ids]
    assert both in first
    assert second not in first
    assert of_second == [p for p in every if world.group2.id in p.group_ids]
    assert both in of_second
    assert second in of_second
    assert none == []
    assert elsewhere == []


# --- the race -------------------------------------------------------------------------------


def _families(services: Services, world: World, count: int) -> list[tuple[int, int]]:
    """``count`` extra (parent, child) pairs in Groep 1."""
    pairs = []
    with services.uow() as uow:
        for n in range(count):
            child = uow.children.add(Child(world.school.id, world.group1.id, f"Kind{n}", "Racer"))
            parent = uow.parents.add(
                Parent(world.school.id, f"racer{n}@example.nl", state=ParentState.ACTIVE)
            )
            uow.guardianships.add(Guardianship(world.school.id, parent.id, child.id))
            pairs.append((parent.id, child.id))
        uow.commit()
    return pairs


def _race(
    services: Services,
    world: World,
    planning: c.Planning,
    attempts: list[tuple[int, int, dt.datetime]],
) -> list[object]:
    barrier = threading.Barrier(len(attempts))
    results: list[object] = [None] * len(attempts)

    def run(i: int, parent_id: int, child_id: int, start: dt.datetime) -> None:
        barrier.wait()
        try:
            results[i] = conferences.book_slot(
                services.uow(),
                services.clock,
                school_id=world.school.id,
                parent_id=parent_id,
                planning_id=planning.id,
                child_id=child_id,
                start=start,
            )
        except Exception as error:
            results[i] = error

    threads = [threading.Thread(target=run, args=(i, *a)) for i, a in enumerate(attempts)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_twenty_parents_race_for_one_slot(sql_services: Services) -> None:
    world = build_world(sql_services)
    planning = make_planning(sql_services, world)
    target = planning.slots()[2].start
    families = _families(sql_services, world, 20)
    results = _race(sql_services, world, planning, [(p, ch, target) for p, ch in families])
    winners = [r for r in results if isinstance(r, c.Booking)]
    losers = [r for r in results if isinstance(r, c.SlotAlreadyTaken)]
    assert len(winners) == 1, results
    assert len(losers) == 19, results
    with sql_services.uow() as uow:
        bookings = uow.bookings.list_for_planning(world.school.id, planning.id)
    assert [b.starts for b in bookings] == [(target,)]


def test_twenty_parents_race_for_overlapping_double_slots(sql_services: Services) -> None:
    world = build_world(sql_services)
    planning = make_planning(sql_services, world, end=dt.time(17, 0), breaks=())
    families = _families(sql_services, world, 20)
    for _, child_id in families:
        conferences.set_requirement(
            sql_services.uow(),
            school_id=world.school.id,
            planning_id=planning.id,
            child_id=child_id,
            slots_needed=2,
        )
    slots = planning.slots()
    # Half click slot 3 (taking 3 and 4), half slot 4 (taking 4 and 5): all overlap in slot 4.
    attempts = [(p, ch, slots[3 + n % 2].start) for n, (p, ch) in enumerate(families)]
    results = _race(sql_services, world, planning, attempts)
    winners = [r for r in results if isinstance(r, c.Booking)]
    losers = [r for r in results if isinstance(r, c.SlotAlreadyTaken)]
    assert len(winners) == 1, results
    assert len(losers) == 19, results
    with sql_services.uow() as uow:
        bookings = uow.bookings.list_for_planning(world.school.id, planning.id)
    assert len(bookings) == 1
    assert len(bookings[0].starts) == 2


def test_the_store_keeps_one_reminder_per_child_and_start(services_on: Services) -> None:
    world = build_world(services_on)
    planning = make_planning(services_on, world)
    first, second = planning.slots()[0].start, planning.slots()[1].start
    sent = dt.datetime(2026, 11, 11, 9, tzinfo=dt.UTC)
    with services_on.uow() as uow:
        for start in (first, first, second):
            uow.reminders.add(c.Reminder(world.school.id, planning.id, world.anna.id, start, sent))
        uow.reminders.add(c.Reminder(world.school.id, planning.id, world.bram.id, first, sent))
        uow.commit()
    with services_on.uow() as uow:
        found = uow.reminders.list_for_planning(world.school.id, planning.id)
        assert [(r.child_id, r.start) for r in found] == [
            (world.anna.id, first),
            (world.bram.id, first),
            (world.anna.id, second),
        ]
        assert all(r.sent_at == sent for r in found)
        assert uow.reminders.list_for_planning(world.other_school.id, planning.id) == []
