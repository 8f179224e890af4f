"""Booking under every order of events: a stateful hypothesis test on the memory adapters.

After every step: no slot is in two bookings, every booking's slots are consecutive (no break
between) and as many as the child needs, a child has at most one booking per planning, and
nothing a parent does changes a closed planning."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from deborg.adapters.ical import IcalendarWriter
from deborg.adapters.memory import FixedClock, MemoryDatabase, MemoryUnitOfWork
from deborg.adapters.memory.links import StaticLinks
from deborg.domain import conferences as c
from deborg.domain.conferences.errors import (
    BookingChanged,
    NotEnoughTime,
    PlanningClosed,
    PlanningNotConcept,
    PlanningNotFound,
    PlanningNotOpen,
    ReadOnlyCannotBook,
    RequirementClashesWithBooking,
)
from deborg.domain.model import Child, Group, Guardianship, Parent, ParentState, School
from deborg.services import conferences

PARENT_REFUSALS = (
    c.SlotAlreadyTaken,
    NotEnoughTime,
    BookingChanged,
    PlanningClosed,
    PlanningNotFound,
    ReadOnlyCannotBook,
)


class BookingMachine(RuleBasedStateMachine):
    @initialize()
    def build(self) -> None:
        self.database = MemoryDatabase()
        self.clock = FixedClock(dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC))
        self.links = StaticLinks("https://portaal.example.nl")
        with self.uow() as uow:
            school = uow.schools.add(School(name="De Borg", code="99XX00"))
            groups = [uow.groups.add(Group(school.id, f"Groep {n}")) for n in (1, 2)]
            self.children = [
                uow.children.add(Child(school.id, groups[n % 2].id, f"Kind{n}", "Test"))
                for n in range(4)
            ]
            # (parent, child) pairs: child 0 has two guardians, one of them read-only.
            self.pairs: list[tuple[int, int]] = []
            for n, child in enumerate(self.children):
                parent = uow.parents.add(
                    Parent(school.id, f"p{n}@example.nl", state=ParentState.ACTIVE)
                )
                uow.guardianships.add(Guardianship(school.id, parent.id, child.id))
                self.pairs.append((parent.id, child.id))
            reader = uow.parents.add(
                Parent(school.id, "ro@example.nl", state=ParentState.ACTIVE, read_only=True)
            )
            uow.guardianships.add(Guardianship(school.id, reader.id, self.children[0].id))
            self.pairs.append((reader.id, self.children[0].id))
            uow.commit()
        self.school_id = school.id
        self.planning = conferences.create_planning(
            self.uow(),
            self.clock,
            school_id=school.id,
            title="Gesprekken",
            group_ids=[g.id for g in groups],
            days=[
                c.PlanningDay(dt.date(2026, 11, 12), dt.time(15, 0), dt.time(16, 0)),
                c.PlanningDay(dt.date(2026, 11, 13), dt.time(8, 30), dt.time(9, 0)),
            ],
            slot_minutes=10,
            breaks=[c.TimeRange(dt.time(15, 20), dt.time(15, 30))],
        )
        self.slots = self.planning.slots()

    def uow(self) -> MemoryUnitOfWork:
        return MemoryUnitOfWork(self.database)

    def state(self) -> c.PlanningState:
        with self.uow() as uow:
            planning = uow.plannings.get(self.school_id, self.planning.id)
            assert planning is not None
            return planning.state

    def bookings(self) -> list[c.Booking]:
        with self.uow() as uow:
            return list(uow.bookings.list_for_planning(self.school_id, self.planning.id))

    def _as_parent(self, action: object) -> None:
        closed = self.state() is c.PlanningState.CLOSED
        before = self.bookings()
        with contextlib.suppress(*PARENT_REFUSALS):
            action()  # type: ignore[operator]
        if closed:
            assert self.bookings() == before

    @rule(pair=st.integers(0, 4), slot=st.integers(0, 7))
    def book(self, pair: int, slot: int) -> None:
        parent_id, child_id = self.pairs[pair]
        self._as_parent(
            lambda: conferences.book_slot(
                self.uow(),
                self.clock,
                school_id=self.school_id,
                parent_id=parent_id,
                planning_id=self.planning.id,
                child_id=child_id,
                start=self.slots[slot].start,
            )
        )

    @rule(pair=st.integers(0, 4))
    def cancel(self, pair: int) -> None:
        parent_id, child_id = self.pairs[pair]
        self._as_parent(
            lambda: conferences.cancel_booking(
                self.uow(),
                self.clock,
                school_id=self.school_id,
                parent_id=parent_id,
                planning_id=self.planning.id,
                child_id=child_id,
            )
        )

    @rule(child=st.integers(0, 3), slot=st.integers(0, 7), must_exist=st.booleans())
    def staff_move(self, child: int, slot: int, must_exist: bool) -> None:
        with contextlib.suppress(
            c.SlotAlreadyTaken, NotEnoughTime, PlanningNotOpen, c.errors.NoBooking
        ):
            conferences.staff_book(
                self.uow(),
                self.clock,
                self.links,
                IcalendarWriter(),
                school_id=self.school_id,
                planning_id=self.planning.id,
                child_id=self.children[child].id,
                start=self.slots[slot].start,
                must_exist=must_exist,
            )

    @rule(child=st.integers(0, 3), needed=st.integers(1, 3))
    def set_double(self, child: int, needed: int) -> None:
        with contextlib.suppress(RequirementClashesWithBooking):
            conferences.set_requirement(
                self.uow(),
                school_id=self.school_id,
                planning_id=self.planning.id,
                child_id=self.children[child].id,
                slots_needed=needed,
            )

    @rule()
    def open(self) -> None:
        try:
            conferences.open_planning(
                self.uow(),
                self.clock,
                self.links,
                school_id=self.school_id,
                planning_id=self.planning.id,
            )
        except PlanningNotConcept:
            assert self.state() is not c.PlanningState.CONCEPT

    @rule()
    def close(self) -> None:
        try:
            conferences.close_planning(
                self.uow(),
                self.clock,
                self.links,
                IcalendarWriter(),
                school_id=self.school_id,
                planning_id=self.planning.id,
            )
        except (PlanningNotOpen, PlanningClosed):
            assert self.state() is not c.PlanningState.OPEN

    @invariant()
    def bookings_keep_the_rules(self) -> None:
        if not hasattr(self, "planning"):
            return
        bookings = self.bookings()
        with self.uow() as uow:
            needed = {
                r.child_id: r.slots_needed
                for r in uow.requirements.list_for_planning(self.school_id, self.planning.id)
            }
        taken = [start for b in bookings for start in b.starts]
        assert len(taken) == len(set(taken)), "a slot is in two bookings"
        children = [b.child_id for b in bookings]
        assert len(children) == len(set(children)), "a child has two bookings"
        index = {s.start: s for s in self.slots}
        for booking in bookings:
            assert len(booking.starts) == needed.get(booking.child_id, 1)
            run = [index[start] for start in booking.starts]
            for first, second in itertools.pairwise(run):
                assert second.index == first.index + 1
                assert second.start == first.end, "a break inside a booking"


TestBookingMachine = BookingMachine.TestCase
TestBookingMachine.settings = settings(max_examples=30, stateful_step_count=25, deadline=None)
