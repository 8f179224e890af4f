"""Oudergesprekken use cases: staff plan, open, move and close; parents book, move and cancel;
and the read models of the booking pages and Home's invitations."""

from deborg.services.conferences.booking import book_slot, cancel_booking, staff_book
from deborg.services.conferences.common import Told
from deborg.services.conferences.planning import (
    Capacity,
    close_planning,
    create_planning,
    create_plannings_per_teacher,
    open_planning,
    planning_capacity,
    set_requirement,
)
from deborg.services.conferences.views import (
    booking_page,
    open_invitations,
    parent_conferences,
    planning_overview,
)

__all__ = [
    "Capacity",
    "Told",
    "book_slot",
    "booking_page",
    "cancel_booking",
    "close_planning",
    "create_planning",
    "create_plannings_per_teacher",
    "open_invitations",
    "open_planning",
    "parent_conferences",
    "planning_capacity",
    "planning_overview",
    "set_requirement",
    "staff_book",
]
