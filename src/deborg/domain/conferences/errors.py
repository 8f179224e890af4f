"""The rules of booking a conference, each with the Dutch text a parent or staff member reads."""

from __future__ import annotations

from deborg.domain.errors import AccountIsReadOnly, Conflict, InvalidInput, NotFound


class PlanningNotFound(NotFound):
    code = "planning_not_found"
    message = "Deze planning voor oudergesprekken bestaat niet (meer)."


class NotInvited(NotFound):
    code = "not_invited"
    message = "Voor dit kind is er geen uitnodiging voor deze oudergesprekken."


class SlotAlreadyTaken(Conflict):
    code = "slot_already_taken"
    message = "Dit tijdstip is zojuist door iemand anders gereserveerd. Kies een ander tijdstip."


class BookingChanged(Conflict):
    code = "booking_changed"
    message = (
        "De reservering voor uw kind is zojuist door iemand anders gewijzigd. Bekijk het "
        "actuele rooster."
    )


class NotEnoughTime(Conflict):
    code = "not_enough_time"
    message = (
        "Vanaf dit tijdstip is er niet genoeg aansluitende tijd vrij voor dit gesprek. "
        "Kies een ander tijdstip."
    )


class PlanningClosed(Conflict):
    code = "planning_closed"
    message = (
        "De planning is gesloten. Uw tijd kan niet meer worden gewijzigd; neem zo nodig "
        "contact op met de leerkracht."
    )


class PlanningNotOpen(Conflict):
    code = "planning_not_open"
    message = "De inschrijving voor deze oudergesprekken is nog niet geopend."


class PlanningNotConcept(Conflict):
    code = "planning_not_concept"
    message = "Deze planning is al geopend."


class NoBooking(Conflict):
    code = "no_booking"
    message = "Er is (nog) geen tijd gereserveerd voor dit kind."


class RequirementClashesWithBooking(Conflict):
    code = "requirement_clashes"
    message = (
        "Het gesprek kan niet langer worden gemaakt: de tijd direct na de huidige afspraak "
        "is niet vrij. Verplaats eerst de afspraak."
    )


class ReadOnlyCannotBook(AccountIsReadOnly):
    message = (
        "Uw account staat op alleen lezen. U kunt de uitnodiging en de gereserveerde tijd "
        "bekijken, maar niet reserveren, verplaatsen of annuleren. Neem contact op met de "
        "school als u dit wilt bespreken."
    )


class InvalidPlanning(InvalidInput):
    code = "invalid_planning"
