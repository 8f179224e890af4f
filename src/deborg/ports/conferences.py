"""Repositories of the conferences area. Every query is scoped to a school."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Protocol

from deborg.domain.conferences.model import Booking, Planning, Reminder, Requirement


class PlanningRepository(Protocol):
    def add(self, planning: Planning) -> Planning: ...
    def get(self, school_id: int, planning_id: int) -> Planning | None: ...
    def list(
        self, school_id: int, *, group_ids: Collection[int] | None = None
    ) -> Sequence[Planning]:
        """Newest first. ``group_ids``: only the plannings for at least one of these groups
        (a parent's, on Home), each still with all its groups."""
        ...

    def update(self, planning: Planning) -> None: ...


class RequirementRepository(Protocol):
    def save(self, requirement: Requirement) -> None:
        """Insert or replace the requirement of (planning, child)."""
        ...

    def get(self, school_id: int, planning_id: int, child_id: int) -> Requirement | None: ...
    def list_for_planning(self, school_id: int, planning_id: int) -> Sequence[Requirement]: ...
    def list_for_children(
        self, school_id: int, child_ids: Iterable[int]
    ) -> Sequence[Requirement]: ...


class BookingRepository(Protocol):
    """The store enforces the two booking rules itself, so that racing transactions cannot
    break them: a slot is in at most one booking (else ``SlotAlreadyTaken``) and a child has at
    most one booking per planning; a change to a booking that someone else changed meanwhile
    fails (both ``BookingChanged``)."""

    def add(self, booking: Booking) -> Booking: ...
    def replace(self, booking: Booking) -> Booking:
        """Store new ``starts`` for a booking read earlier (its ``version`` must still hold);
        returns it with its version raised."""
        ...

    def remove(self, booking: Booking) -> None: ...
    def get_for_child(self, school_id: int, planning_id: int, child_id: int) -> Booking | None: ...
    def list_for_planning(self, school_id: int, planning_id: int) -> Sequence[Booking]: ...
    def list_for_children(self, school_id: int, child_ids: Iterable[int]) -> Sequence[Booking]:
        """Every booking of these children, in any planning."""
        ...


class ReminderRepository(Protocol):
    def add(self, reminder: Reminder) -> None:
        """Record a reminder; recording the same (planning, child, start) again is a no-op."""
        ...

    def list_for_planning(self, school_id: int, planning_id: int) -> Sequence[Reminder]: ...
