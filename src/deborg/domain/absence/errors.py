"""The refusals of the absence area, each with the Dutch text a parent or staff member reads."""

from __future__ import annotations

import datetime as dt

from deborg.domain import dutch
from deborg.domain.errors import Conflict, DeborgError, InvalidInput


class TooLateToReport(DeborgError):
    """Today's absence is reported after the school's cut-off: the parent phones instead."""

    code = "too_late_to_report"

    def __init__(self, cutoff: dt.time, phone: str) -> None:
        self.cutoff = cutoff
        self.phone = phone
        call = f"Bel de school op {phone}." if phone else "Bel de school."
        super().__init__(
            f"Na {dutch.format_time(cutoff)} uur kunt u uw kind voor vandaag niet meer via het "
            f"ouderportaal ziek of afwezig melden. {call}"
        )


class LeaveRefused(InvalidInput):
    """A leave request the Leerplichtwet does not allow the school to grant as asked; the
    message names the article."""

    code = "leave_refused"


class AlreadyDecided(Conflict):
    code = "already_decided"
    message = "Over deze verlofaanvraag is al beslist."


class AlreadyEnded(Conflict):
    code = "already_ended"
    message = "Deze melding is al beëindigd."


class NotYourTeacher(InvalidInput):
    code = "not_your_teacher"

    def __init__(self) -> None:
        super().__init__("Kies een leerkracht van de groep van uw kind.", "staff_id")
