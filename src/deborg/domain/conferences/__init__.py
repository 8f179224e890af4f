"""Oudergesprekken: parent-teacher conference plannings, their slots and bookings, and the
rules of booking (consecutive slots, double slots, closing). The use cases are in
:mod:`deborg.services.conferences`."""

from deborg.domain.conferences.errors import (
    BookingChanged,
    NotEnoughTime,
    NotInvited,
    PlanningClosed,
    PlanningNotOpen,
    ReadOnlyCannotBook,
    SlotAlreadyTaken,
)
from deborg.domain.conferences.model import (
    Booking,
    Planning,
    PlanningDay,
    PlanningState,
    Reminder,
    Requirement,
    Slot,
    TimeRange,
)

__all__ = [
    "Booking",
    "BookingChanged",
    "NotEnoughTime",
    "NotInvited",
    "Planning",
    "PlanningClosed",
    "PlanningDay",
    "PlanningNotOpen",
    "PlanningState",
    "ReadOnlyCannotBook",
    "Reminder",
    "Requirement",
    "Slot",
    "SlotAlreadyTaken",
    "TimeRange",
]
