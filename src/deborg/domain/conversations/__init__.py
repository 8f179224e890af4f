"""Oudergesprekken: parent-teacher conference plannings, booking and definitive times."""

from deborg.domain.conversations.errors import (
    BookingChanged,
    NotEnoughTime,
    NotInvited,
    PlanningClosed,
    PlanningNotOpen,
    ReadOnlyCannotBook,
    SlotAlreadyTaken,
)
from deborg.domain.conversations.model import (
    Booking,
    Planning,
    PlanningDay,
    PlanningState,
    Requirement,
    Slot,
    TimeRange,
)
from deborg.domain.conversations.usecases import (
    Told,
    book_slot,
    cancel_booking,
    close_planning,
    create_planning,
    open_planning,
    set_requirement,
    staff_book,
)
from deborg.domain.conversations.views import (
    booking_page,
    open_invitations,
    parent_conversations,
    planning_overview,
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
    "Requirement",
    "Slot",
    "SlotAlreadyTaken",
    "TimeRange",
    "Told",
    "book_slot",
    "booking_page",
    "cancel_booking",
    "close_planning",
    "create_planning",
    "open_invitations",
    "open_planning",
    "parent_conversations",
    "planning_overview",
    "set_requirement",
    "staff_book",
]
