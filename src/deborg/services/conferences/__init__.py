"""Oudergesprekken use cases: staff plan, open, move and close; parents book, move and cancel;
and the read models of the booking pages and Home's invitations."""

from deborg.services.conferences.booking import book_slot, cancel_booking, staff_book
from deborg.services.conferences.common import Told
from deborg.services.conferences.planning import (
    close_planning,
    create_planning,
    open_planning,
    set_requirement,
)
from deborg.services.conferences.views import (
    booking_page,
    open_invitations,
    parent_conferences,
    planning_overview,
)

__all__ = [
    "Told",
    "book_slot",
    "booking_page",
    "cancel_booking",
    "close_planning",
    "create_planning",
    "open_invitations",
    "open_planning",
    "parent_conferences",
    "planning_overview",
    "set_requirement",
    "staff_book",
]
