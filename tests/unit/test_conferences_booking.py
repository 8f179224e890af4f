"""Booking, moving, cancelling and closing on the memory adapters."""

from __future__ import annotations

import datetime as dt

import pytest

from deborg.bootstrap import Services
from deborg.domain import conferences as c
from deborg.domain.errors import InvalidInput, NotFound
from deborg.services import conferences
from tests.conferences_fixtures import DAY, make_planning
from tests.world import World, build_world


@pytest.fixture
def world(memory_services: Services) -> World:
    return build_world(memory_services)


def utc(hour: int, minute: int) -> dt.datetime:
    """A wall-clock time on DAY at the school (UTC+1 in November) as UTC."""
    return dt.datetime(DAY.year, DAY.month, DAY.day, hour - 1, minute, tzinfo=dt.UTC)


def book(
    services: Services,
    world: World,
    planning: c.Planning,
    parent_id: int,
    child_id: int,
    start: dt.datetime,
) -> c.Booking:
    return conferences.book_slot(
        services.uow(),
        services.clock,
        school_id=world.school.id,
        parent_id=parent_id,
        planning_id=planning.id,
        child_id=child_id,
        start=start,
    )


def test_slots_skip_the_break_and_are_in_school_time(
    memory_services: Services, world: World
) -> None:
    planning = make_planning(memory_services, world)
    starts = [s.start for s in planning.slots()]
    assert starts == [utc(15, 0), utc(15, 10), utc(15, 20), utc(15, 40), utc(15, 50)]
    cells = planning.cells()
    assert isinstance(cells[3], c.model.Break)


def test_second_parent_sees_the_same_booking(memory_services: Services, world: World) -> None:
    planning = make_planning(memory_services, world)
    book(memory_services, world, planning, world.alice.id, world.anna.id, utc(15, 10))
    page = conferences.booking_page(
        memory_services.uow(),
        memory_services.clock,
        school_id=world.school.id,
        parent_id=world.dirk.id,
        planning_id=planning.id,
        child_id=world.anna.id,
    )
    assert page.invitation.booking is not None
    assert page.invitation.booking.start == utc(15, 10)
    assert page.read_only
    assert not page.can_change


def test_a_taken_slot_cannot_be_booked_again(memory_services: Services, world: World) -> None:
    planning = make_planning(memory_services, world)
    book(memory_services, world, planning, world.alice.id, world.anna.id, utc(15, 10))
    with pytest.raises(c.SlotAlreadyTaken) as raised:
        book(memory_services, world, planning, world.bob.id, world.bram.id, utc(15, 10))
    assert raised.value.message.startswith("Dit tijdstip is zojuist door iemand anders")


def test_a_double_slot_takes_two_consecutive_slots_and_not_across_the_break(
    memory_services: Services, world: World
) -> None:
    planning = make_planning(memory_services, world)
    conferences.set_requirement(
        memory_services.uow(),
        school_id=world.school.id,
        planning_id=planning.id,
        child_id=world.anna.id,
        slots_needed=2,
        message="Graag beide ouders.",
    )
    with pytest.raises(c.NotEnoughTime):
        book(memory_services, world, planning, world.alice.id, world.anna.id, utc(15, 20))
    booking = book(memory_services, world, planning, world.alice.id, world.anna.id, utc(15, 40))
    assert booking.starts == (utc(15, 40), utc(15, 50))
    with pytest.raises(c.SlotAlreadyTaken):
        book(memory_services, world, planning, world.bob.id, world.bram.id, utc(15, 50))


def test_booking_again_moves_in_one_step(memory_services: Services, world: World) -> None:
    planning = make_planning(memory_services, world)
    book(memory_services, world, planning, world.alice.id, world.anna.id, utc(15, 0))
    moved = book(memory_services, world, planning, world.alice.id, world.anna.id, utc(15, 50))
    assert moved.starts == (utc(15, 50),)
    book(memory_services, world, planning, world.bob.id, world.bram.id, utc(15, 0))  # free again
    with memory_services.uow() as uow:
        assert len(uow.bookings.list_for_planning(world.school.id, planning.id)) == 2


def test_cancel_frees_the_slot(memory_services: Services, world: World) -> None:
    planning = make_planning(memory_services, world)
    book(memory_services, world, planning, world.alice.id, world.anna.id, utc(15, 0))
    conferences.cancel_booking(
        memory_services.uow(),
        memory_services.clock,
        school_id=world.school.id,
        parent_id=world.alice.id,
        planning_id=planning.id,
        child_id=world.anna.id,
    )
    book(memory_services, world, planning, world.bob.id, world.bram.id, utc(15, 0))


def test_read_only_parent_cannot_book(memory_services: Services, world: World) -> None:
    planning = make_planning(memory_services, world)
    with pytest.raises(c.ReadOnlyCannotBook):
        book(memory_services, world, planning, world.dirk.id, world.anna.id, utc(15, 0))


def test_parent_cannot_book_for_a_child_that_is_not_theirs(
    memory_services: Services, world: World
) -> None:
    planning = make_planning(memory_services, world)
    with pytest.raises(c.NotInvited):
        book(memory_services, world, planning, world.carla.id, world.anna.id, utc(15, 0))


def test_closed_planning_refuses_parents_but_staff_can_move(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    planning = make_planning(s, world)
    book(s, world, planning, world.alice.id, world.anna.id, utc(15, 0))
    conferences.close_planning(
        s.uow(), s.clock, s.links, s.calendar, school_id=world.school.id, planning_id=planning.id
    )
    with pytest.raises(c.PlanningClosed):
        book(s, world, planning, world.alice.id, world.anna.id, utc(15, 10))
    moved = conferences.staff_book(
        s.uow(),
        s.clock,
        s.links,
        s.calendar,
        school_id=world.school.id,
        planning_id=planning.id,
        child_id=world.anna.id,
        start=utc(15, 20),
        must_exist=True,
    )
    assert moved.starts == (utc(15, 20),)


def test_an_unknown_time_is_refused(memory_services: Services, world: World) -> None:
    planning = make_planning(memory_services, world)
    with pytest.raises(InvalidInput):
        book(memory_services, world, planning, world.alice.id, world.anna.id, utc(15, 5))


def test_concept_planning_is_not_bookable(memory_services: Services, world: World) -> None:
    planning = make_planning(memory_services, world, open_it=False)
    with pytest.raises(NotFound):
        book(memory_services, world, planning, world.alice.id, world.anna.id, utc(15, 0))


def test_early_opening_lets_only_families_with_several_groups_book(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    from deborg.domain.model import Guardianship

    with s.uow() as uow:  # alice also cares for Cees (Groep 2): children in two groups
        uow.guardianships.add(Guardianship(world.school.id, world.alice.id, world.cees.id))
        uow.commit()
    planning = make_planning(s, world, open_it=False)
    conferences.open_planning(
        s.uow(),
        s.clock,
        s.links,
        school_id=world.school.id,
        planning_id=planning.id,
        early_for_siblings=dt.timedelta(hours=24),
    )
    book(s, world, planning, world.alice.id, world.anna.id, utc(15, 0))
    with pytest.raises(c.PlanningNotOpen):
        book(s, world, planning, world.bob.id, world.bram.id, utc(15, 10))
    s.clock.advance(dt.timedelta(hours=24))  # type: ignore[attr-defined]
    book(s, world, planning, world.bob.id, world.bram.id, utc(15, 10))


def test_overlapping_sibling_bookings_are_warned_and_back_to_back_times_suggested(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    from deborg.domain.model import Guardianship

    with s.uow() as uow:
        uow.guardianships.add(Guardianship(world.school.id, world.alice.id, world.cees.id))
        uow.commit()
    first = make_planning(s, world, groups=(world.group1.id,))
    second = make_planning(s, world, groups=(world.group2.id,))
    book(s, world, first, world.alice.id, world.anna.id, utc(15, 10))
    page = conferences.booking_page(
        s.uow(),
        s.clock,
        school_id=world.school.id,
        parent_id=world.alice.id,
        planning_id=second.id,
        child_id=world.cees.id,
    )
    # Anna has 15.00 (the world's planning) and 15.10 here: right before or after either.
    assert [x.start for x in page.suggestions] == [utc(15, 0), utc(15, 10), utc(15, 20)]
    book(s, world, second, world.alice.id, world.cees.id, utc(15, 10))
    overview = conferences.parent_conferences(
        s.uow(), s.clock, school_id=world.school.id, parent_id=world.alice.id
    )
    assert len(overview.overlaps) == 1


def test_making_a_booking_double_extends_it_when_the_next_slot_is_free(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    planning = make_planning(s, world)
    book(s, world, planning, world.alice.id, world.anna.id, utc(15, 0))
    book(s, world, planning, world.bob.id, world.bram.id, utc(15, 20))
    conferences.set_requirement(
        s.uow(),
        school_id=world.school.id,
        planning_id=planning.id,
        child_id=world.anna.id,
        slots_needed=2,
    )
    with s.uow() as uow:
        booking = uow.bookings.get_for_child(world.school.id, planning.id, world.anna.id)
    assert booking is not None
    assert booking.starts == (utc(15, 0), utc(15, 10))
    with pytest.raises(c.errors.RequirementClashesWithBooking):
        conferences.set_requirement(
            s.uow(),
            school_id=world.school.id,
            planning_id=planning.id,
            child_id=world.anna.id,
            slots_needed=3,
        )


def test_a_siblings_appointment_that_is_over_is_not_mentioned_on_a_later_booking_page(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    from deborg.domain.model import Guardianship

    with s.uow() as uow:  # alice also cares for Cees (Groep 2)
        uow.guardianships.add(Guardianship(world.school.id, world.alice.id, world.cees.id))
        uow.commit()
    november = make_planning(s, world, groups=(world.group1.id,))
    book(s, world, november, world.alice.id, world.anna.id, utc(15, 10))
    conferences.close_planning(
        s.uow(), s.clock, s.links, s.calendar, school_id=world.school.id, planning_id=november.id
    )
    s.clock.set(dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC))  # type: ignore[attr-defined]
    december = make_planning(s, world, groups=(world.group2.id,), day=dt.date(2026, 12, 10))

    def page() -> conferences.BookingPage:
        return conferences.booking_page(
            s.uow(),
            s.clock,
            school_id=world.school.id,
            parent_id=world.alice.id,
            planning_id=december.id,
            child_id=world.cees.id,
        )

    # The world's own planning (Anna at 15.00 on 12 November) and November's are both over.
    assert page().siblings == ()
    assert page().suggestions == ()
    # Before they were over, the same page points to them.
    s.clock.set(dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC))  # type: ignore[attr-defined]
    assert {i.child.id for i in page().siblings} == {world.anna.id}
