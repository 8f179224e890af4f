"""In-memory repositories of the conferences area. Like the database, they refuse a slot
that is in another booking and a second booking for a child, and check versions."""

from __future__ import annotations

import copy
from collections.abc import Collection, Iterable, Sequence

import attrs

from deborg.adapters.memory.store import MemoryRepository
from deborg.domain.conferences.errors import BookingChanged, SlotAlreadyTaken
from deborg.domain.conferences.model import Booking, Planning, Reminder, Requirement


class MemoryPlanningRepository(MemoryRepository[Planning]):
    table_name = "conversation_plannings"

    def add(self, planning: Planning) -> Planning:
        return self._insert(planning)

    def get(self, school_id: int, planning_id: int) -> Planning | None:
        return self._one(lambda p: p.id == planning_id and p.school_id == school_id)

    def list(
        self, school_id: int, *, group_ids: Collection[int] | None = None
    ) -> Sequence[Planning]:
        found = self._select(
            lambda p: (
                p.school_id == school_id
                and (group_ids is None or not set(group_ids).isdisjoint(p.group_ids))
            )
        )
        return sorted(found, key=lambda p: p.id, reverse=True)

    def update(self, planning: Planning) -> None:
        self._replace(planning)


class MemoryRequirementRepository(MemoryRepository[Requirement]):
    table_name = "conversation_requirements"

    def save(self, requirement: Requirement) -> None:
        self._rows[(requirement.planning_id, requirement.child_id)] = requirement

    def get(self, school_id: int, planning_id: int, child_id: int) -> Requirement | None:
        found = self._rows.get((planning_id, child_id))
        return found if found is not None and found.school_id == school_id else None

    def list_for_planning(self, school_id: int, planning_id: int) -> Sequence[Requirement]:
        return sorted(
            (
                r
                for r in self._rows.values()
                if r.school_id == school_id and r.planning_id == planning_id
            ),
            key=lambda r: r.child_id,
        )

    def list_for_children(self, school_id: int, child_ids: Iterable[int]) -> Sequence[Requirement]:
        wanted = set(child_ids)
        return sorted(
            (r for r in self._rows.values() if r.school_id == school_id and r.child_id in wanted),
            key=lambda r: (r.planning_id, r.child_id),
        )


class MemoryBookingRepository(MemoryRepository[Booking]):
    table_name = "conversation_bookings"

    def _check(self, booking: Booking) -> None:
        for other in self._rows.values():
            if other.planning_id != booking.planning_id or other.id == booking.id:
                continue
            if other.child_id == booking.child_id:
                raise BookingChanged()
            if set(other.starts) & set(booking.starts):
                raise SlotAlreadyTaken()

    def _current(self, booking: Booking) -> Booking:
        stored = self._rows.get(booking.id)
        if stored is None or stored.version != booking.version:
            raise BookingChanged()
        return stored

    def add(self, booking: Booking) -> Booking:
        self._check(booking)
        return self._insert(attrs.evolve(booking, version=1))

    def replace(self, booking: Booking) -> Booking:
        self._current(booking)
        self._check(booking)
        stored = attrs.evolve(booking, version=booking.version + 1)
        self._rows[booking.id] = stored
        booking.version = stored.version
        return copy.deepcopy(stored)

    def remove(self, booking: Booking) -> None:
        self._current(booking)
        del self._rows[booking.id]

    def get_for_child(self, school_id: int, planning_id: int, child_id: int) -> Booking | None:
        return self._one(
            lambda b: (
                b.school_id == school_id and b.planning_id == planning_id and b.child_id == child_id
            )
        )

    def list_for_planning(self, school_id: int, planning_id: int) -> Sequence[Booking]:
        found = self._select(lambda b: b.school_id == school_id and b.planning_id == planning_id)
        return sorted(found, key=lambda b: b.starts)

    def list_for_children(self, school_id: int, child_ids: Iterable[int]) -> Sequence[Booking]:
        wanted = set(child_ids)
        found = self._select(lambda b: b.school_id == school_id and b.child_id in wanted)
        return sorted(found, key=lambda b: b.starts)


class MemoryReminderRepository(MemoryRepository[Reminder]):
    table_name = "conference_reminders"

    def add(self, reminder: Reminder) -> None:
        key = (reminder.planning_id, reminder.child_id, reminder.start)
        self._rows.setdefault(key, reminder)

    def list_for_planning(self, school_id: int, planning_id: int) -> Sequence[Reminder]:
        found = self._select(lambda r: r.school_id == school_id and r.planning_id == planning_id)
        return sorted(found, key=lambda r: (r.start, r.child_id))
