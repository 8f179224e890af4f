"""Oudergesprekken: a planning that makes no sense is refused with the message staff read, and
nothing is stored; another school's groups, children and plannings are not there; a parent
sees only the invitations of their own children."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deborg.bootstrap import Services
from deborg.domain import conferences as c
from deborg.domain.conferences.errors import InvalidPlanning, NotInvited, PlanningNotFound
from deborg.domain.errors import NotFound
from deborg.services import conferences, directory
from deborg.services.conferences.views import SlotStatus, SlotView
from deborg.services.content import feed
from tests.conferences_fixtures import DAY, make_planning
from tests.world import World, build_world

FROM_3_TO_4 = (c.PlanningDay(DAY, dt.time(15, 0), dt.time(16, 0)),)


@pytest.fixture
def world(memory_services: Services) -> World:
    return build_world(memory_services)


def plannings(s: Services, w: World) -> list[str]:
    with s.uow() as uow:
        return sorted(p.title for p in uow.plannings.list(w.school.id))


def create(s: Services, w: World, **kw: object) -> c.Planning:
    fields: dict[str, object] = {
        "school_id": w.school.id,
        "title": "Voortgangsgesprekken",
        "group_ids": (w.group1.id,),
        "days": FROM_3_TO_4,
        "slot_minutes": 10,
    }
    fields.update(kw)
    return conferences.create_planning(s.uow(), s.clock, **fields)  # type: ignore[arg-type]


def refusals(w: World) -> list[tuple[dict[str, object], str, str]]:
    return [
        ({"title": " \n "}, "Geef de planning een titel.", "title"),
        ({"group_ids": ()}, "Kies minstens één groep.", "group"),
        ({"days": ()}, "Geef minstens één dag met begin- en eindtijd.", "day"),
        ({"days": FROM_3_TO_4 * 2}, "Elke dag mag maar één keer voorkomen.", "day"),
        (
            {"days": (c.PlanningDay(DAY, dt.time(16, 0), dt.time(15, 0)),)},
            "Op donderdag 12 november ligt de begintijd niet voor de eindtijd.",
            "day",
        ),
        (
            {"days": (c.PlanningDay(DAY, dt.time(15, 0), dt.time(15, 0)),)},
            "Op donderdag 12 november ligt de begintijd niet voor de eindtijd.",
            "day",
        ),
        (
            {"breaks": (c.TimeRange(dt.time(15, 30), dt.time(15, 30)),)},
            "Een pauze moet eindigen na het begin.",
            "break",
        ),
        ({"group_ids": (w.other_group.id,)}, "Onbekende groep.", "group"),
        ({"group_ids": (w.group1.id, 9999)}, "Onbekende groep.", "group"),
        (
            {"breaks": (c.TimeRange(dt.time(14, 0), dt.time(17, 0)),)},
            "Met deze tijden past er geen enkel tijdsslot.",
            "day",
        ),
    ]


@pytest.mark.parametrize("case", range(10))
def test_a_planning_that_makes_no_sense_is_refused_and_not_stored(
    memory_services: Services, world: World, case: int
) -> None:
    changes, message, field = refusals(world)[case]
    before = plannings(memory_services, world)
    with pytest.raises(InvalidPlanning) as refused:
        create(memory_services, world, **changes)
    assert (refused.value.message, refused.value.field) == (message, field)
    assert plannings(memory_services, world) == before


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=40)
@given(minutes=st.integers(min_value=-5, max_value=300))
def test_a_slot_lasts_5_to_240_minutes_and_must_fit_the_day(
    memory_services: Services, world: World, minutes: int
) -> None:
    """The day runs from 15.00 to 16.00: slots over an hour fit nowhere."""
    if not 5 <= minutes <= 240 or minutes > 60:
        before = plannings(memory_services, world)
        with pytest.raises(InvalidPlanning) as refused:
            create(memory_services, world, slot_minutes=minutes)
        assert refused.value.message == (
            "Een tijdsslot duurt 5 tot 240 minuten."
            if not 5 <= minutes <= 240
            else "Met deze tijden past er geen enkel tijdsslot."
        )
        assert plannings(memory_services, world) == before
    else:
        planning = create(memory_services, world, slot_minutes=minutes)
        assert len(planning.slots()) == 60 // minutes


def test_an_unknown_school_cannot_plan(memory_services: Services, world: World) -> None:
    with pytest.raises(NotFound, match=re.escape("Onbekende school.")):
        create(memory_services, world, school_id=9999, group_ids=(9999,))


# --- requirements -----------------------------------------------------------------------------


@pytest.mark.parametrize("slots", [0, -1, 9, 100])
def test_a_conference_takes_1_to_8_slots(
    memory_services: Services, world: World, slots: int
) -> None:
    planning = make_planning(memory_services, world)
    with pytest.raises(InvalidPlanning) as refused:
        conferences.set_requirement(
            memory_services.uow(),
            school_id=world.school.id,
            planning_id=planning.id,
            child_id=world.bram.id,
            slots_needed=slots,
        )
    assert refused.value.message == "Een gesprek duurt 1 tot 8 tijdssloten."
    assert refused.value.field == "slots"
    with memory_services.uow() as uow:
        assert uow.requirements.list_for_planning(world.school.id, planning.id) == []


def test_requirements_only_for_invited_children_of_this_school(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    planning = make_planning(s, world, groups=(world.group1.id,))
    for child_id in (world.eva.id, world.cees.id, 9999):  # other school, other group, unknown
        with pytest.raises(NotInvited):
            conferences.set_requirement(
                s.uow(),
                school_id=world.school.id,
                planning_id=planning.id,
                child_id=child_id,
                message="Graag even langskomen.",
            )
    with pytest.raises(PlanningNotFound) as refused:
        conferences.set_requirement(
            s.uow(),
            school_id=world.other_school.id,
            planning_id=planning.id,
            child_id=world.eva.id,
            slots_needed=2,
        )
    assert refused.value.message == "Deze planning voor oudergesprekken bestaat niet (meer)."
    with s.uow() as uow:
        assert uow.requirements.list_for_planning(world.school.id, planning.id) == []


def test_staff_cannot_see_another_schools_planning(memory_services: Services, world: World) -> None:
    assert world.planning is not None
    with pytest.raises(PlanningNotFound):
        conferences.planning_overview(
            memory_services.uow(), school_id=world.other_school.id, planning_id=world.planning.id
        )


# --- the parent's side ------------------------------------------------------------------------


def page(s: Services, w: World, parent_id: int, planning_id: int, child_id: int):  # type: ignore[no-untyped-def]
    return conferences.booking_page(
        s.uow(),
        s.clock,
        school_id=w.school.id,
        parent_id=parent_id,
        planning_id=planning_id,
        child_id=child_id,
    )


def test_a_planning_in_concept_is_not_there_for_parents(
    memory_services: Services, world: World
) -> None:
    planning = make_planning(memory_services, world, open_it=False)
    with pytest.raises(PlanningNotFound):
        page(memory_services, world, world.alice.id, planning.id, world.anna.id)


def test_a_child_outside_the_plannings_groups_is_not_invited(
    memory_services: Services, world: World
) -> None:
    planning = make_planning(memory_services, world, groups=(world.group2.id,))
    with pytest.raises(NotInvited) as refused:
        page(memory_services, world, world.alice.id, planning.id, world.anna.id)
    assert refused.value.message == (
        "Voor dit kind is er geen uitnodiging voor deze oudergesprekken."
    )
    shown = page(memory_services, world, world.carla.id, planning.id, world.cees.id)
    assert shown.invitation.child.id == world.cees.id


def test_a_parent_of_another_school_sees_no_booking_page(
    memory_services: Services, world: World
) -> None:
    assert world.planning is not None
    with pytest.raises(NotInvited):
        page(memory_services, world, world.erik.id, world.planning.id, world.anna.id)


def test_a_parent_without_children_has_no_invitations(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    added = directory.add_parent(
        s.uow(),
        s.clock,
        emails=s.emails,
        school_id=world.school.id,
        data=directory.ParentInput("nieuw@example.nl", "Nina", "Nieuw"),
    )
    assert added.created
    found = conferences.parent_conferences(
        s.uow(), s.clock, school_id=world.school.id, parent_id=added.parent.id
    )
    assert (found.invitations, found.overlaps) == ((), ())


def test_home_lists_the_open_invitations_of_the_parents_own_children(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    for parent, children in (
        (world.alice, {world.anna.id}),
        (world.carla, {world.cees.id}),
        (world.erik, set()),
    ):
        invitations = conferences.open_invitations(s.uow(), world.school.id, parent.id)
        assert {i.child.id for i in invitations} == children
    assert world.planning is not None
    conferences.close_planning(
        s.uow(),
        s.clock,
        s.links,
        s.calendar,
        school_id=world.school.id,
        planning_id=world.planning.id,
    )
    assert conferences.open_invitations(s.uow(), world.school.id, world.alice.id) == []


def test_a_brother_or_sisters_time_shows_as_theirs(memory_services: Services, world: World) -> None:
    """Alice becomes Cees's guardian too: on Cees's page Anna's 15.00 is 'sibling', not
    someone else's, and other families' times stay 'booked'."""
    s = memory_services
    directory.add_parent(
        s.uow(),
        s.clock,
        emails=s.emails,
        school_id=world.school.id,
        data=directory.ParentInput(world.alice.login_name),
        child_ids=(world.cees.id,),
    )
    assert world.planning is not None
    conferences.book_slot(
        s.uow(),
        s.clock,
        school_id=world.school.id,
        parent_id=world.bob.id,
        planning_id=world.planning.id,
        child_id=world.bram.id,
        start=world.planning.slots()[1].start,
    )
    shown = page(s, world, world.alice.id, world.planning.id, world.cees.id)
    statuses = {
        cell.slot.start: cell.status
        for day in shown.days
        for cell in day.cells
        if isinstance(cell, SlotView)
    }
    slots = world.planning.slots()
    assert statuses[slots[0].start] is SlotStatus.SIBLING
    assert statuses[slots[1].start] is SlotStatus.BOOKED
    assert statuses[slots[2].start] is SlotStatus.FREE
    assert [i.child.id for i in shown.siblings] == [world.anna.id]


def test_a_child_without_a_booking_adds_nothing_to_the_calendar_feed(
    memory_services: Services, world: World
) -> None:
    s = memory_services

    def events(parent_id: int) -> list[str]:
        token = feed.renew_feed(
            s.uow(), s.clock, s.tokens, school_id=world.school.id, parent_id=parent_id
        )
        calendar = feed.calendar_for_token(
            s.uow(), s.clock, token=token, sources=s.areas.calendar_sources
        )
        return [e.title for e in calendar.events]

    assert events(world.bob.id) == []  # Bram is invited but not booked
    assert len(events(world.alice.id)) == 1  # Anna is booked at 15.00
