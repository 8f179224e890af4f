"""Leave requests (verlof buiten de schoolvakanties) under the Leerplichtwet 1969.

- Holiday leave because of the specific nature of a parent's work (artikel 11 onder f with
  artikel 13a): asked at least 8 weeks ahead, at most 10 school days.
- Important circumstances such as a family event (artikel 11 onder g with artikel 14): the
  head of the school decides on at most 10 school days; more is for the leerplichtambtenaar.
- Religious obligations (artikel 11 onder e with artikel 13): told at least 2 days ahead.

School days are Monday to Friday; the school's holidays are not in the portal, so a period
over a holiday counts its weekdays.
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from deborg.domain import dutch
from deborg.domain.absence.errors import AlreadyDecided, LeaveRefused
from deborg.domain.absence.reports import ensure_may_report
from deborg.domain.errors import InvalidInput
from deborg.domain.model import NEW, Parent

HOLIDAY_WEEKS_AHEAD = 8
MAX_SCHOOL_DAYS = 10
RELIGIOUS_DAYS_AHEAD = 2
MAX_NOTE = 1_000
MAX_DAYS_AHEAD = 366


class LeaveReason(enum.StrEnum):
    RELIGIOUS = "religieus"
    FAMILY = "familie"
    HOLIDAY = "vakantie"
    OTHER = "anders"

    @property
    def label(self) -> str:
        return LEAVE_LABELS[self]

    @property
    def article(self) -> str:
        return ARTICLES[self]


LEAVE_LABELS = {
    LeaveReason.RELIGIOUS: "Religieuze feestdag",
    LeaveReason.FAMILY: "Familieomstandigheid (bijvoorbeeld een huwelijk of begrafenis)",
    LeaveReason.HOLIDAY: "Vakantie wegens het beroep van een ouder",
    LeaveReason.OTHER: "Andere gewichtige omstandigheid",
}

ARTICLES = {
    LeaveReason.RELIGIOUS: "Leerplichtwet artikel 11 onder e en artikel 13",
    LeaveReason.FAMILY: "Leerplichtwet artikel 11 onder g en artikel 14",
    LeaveReason.HOLIDAY: "Leerplichtwet artikel 11 onder f en artikel 13a",
    LeaveReason.OTHER: "Leerplichtwet artikel 11 onder g en artikel 14",
}

#: What the form says about the rules, above the fields.
RULES_TEXT = (
    "Vakantieverlof wegens het beroep van een ouder vraagt u ten minste 8 weken van tevoren "
    "aan, voor hoogstens 10 schooldagen (Leerplichtwet artikel 11 en 13a). Verlof wegens "
    "gewichtige omstandigheden is hoogstens 10 schooldagen; voor meer beslist de "
    "leerplichtambtenaar (artikel 14). Een religieuze verplichting meldt u ten minste 2 dagen "
    "van tevoren (artikel 13)."
)


class LeaveStatus(enum.StrEnum):
    PENDING = "aangevraagd"
    GRANTED = "toegekend"
    REFUSED = "afgewezen"

    @property
    def label(self) -> str:
        return {
            "aangevraagd": "In behandeling",
            "toegekend": "Toegekend",
            "afgewezen": "Afgewezen",
        }[self.value]


@attrs.define
class LeaveRequest:
    school_id: int
    child_id: int
    requested_by: int
    reason: LeaveReason
    first_day: dt.date
    last_day: dt.date
    requested_at: dt.datetime
    note: str = ""
    status: LeaveStatus = LeaveStatus.PENDING
    decided_at: dt.datetime | None = None
    decided_by: str = ""
    decision_note: str = ""
    id: int = NEW

    @property
    def school_days(self) -> int:
        return school_days(self.first_day, self.last_day)

    def period_text(self) -> str:
        first = dutch.format_date(self.first_day, year=True)
        if self.first_day == self.last_day:
            return first
        return f"van {first} tot en met {dutch.format_date(self.last_day, year=True)}"


def school_days(first: dt.date, last: dt.date) -> int:
    """Monday to Friday from ``first`` through ``last``."""
    if last < first:
        return 0
    days = (last - first).days + 1
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for offset in range(rest):
        if (first + dt.timedelta(days=weeks * 7 + offset)).weekday() < 5:
            count += 1
    return count


def new_leave_request(
    *,
    parent: Parent,
    child_id: int,
    reason: LeaveReason,
    first_day: dt.date,
    last_day: dt.date,
    note: str,
    today: dt.date,
    now: dt.datetime,
) -> LeaveRequest:
    """A checked request; ``today`` is the school's date. Refusals name the article."""
    ensure_may_report(parent)
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise InvalidInput(f"De toelichting mag hoogstens {MAX_NOTE} tekens zijn.", "note")
    if reason in (LeaveReason.FAMILY, LeaveReason.OTHER) and not note:
        raise InvalidInput("Beschrijf kort de omstandigheid waarvoor u verlof vraagt.", "note")
    if first_day <= today:
        raise InvalidInput("Verlof vraagt u aan voor een dag na vandaag.", "first_day")
    if (first_day - today).days > MAX_DAYS_AHEAD:
        raise InvalidInput("U kunt hoogstens een jaar vooruit verlof aanvragen.", "first_day")
    if last_day < first_day:
        raise InvalidInput("De laatste dag ligt voor de eerste dag.", "last_day")
    days = school_days(first_day, last_day)
    if days == 0:
        raise InvalidInput("In deze periode valt geen schooldag.", "last_day")
    if reason is LeaveReason.HOLIDAY and first_day < today + dt.timedelta(
        weeks=HOLIDAY_WEEKS_AHEAD
    ):
        raise LeaveRefused(
            f"Vakantieverlof moet u ten minste {HOLIDAY_WEEKS_AHEAD} weken van tevoren "
            f"aanvragen ({reason.article}).",
            "first_day",
        )
    if reason is LeaveReason.RELIGIOUS and first_day < today + dt.timedelta(
        days=RELIGIOUS_DAYS_AHEAD
    ):
        raise LeaveRefused(
            f"Een religieuze verplichting meldt u ten minste {RELIGIOUS_DAYS_AHEAD} dagen "
            f"van tevoren ({reason.article}).",
            "first_day",
        )
    if days > MAX_SCHOOL_DAYS:
        if reason is LeaveReason.HOLIDAY:
            message = (
                f"Vakantieverlof is hoogstens {MAX_SCHOOL_DAYS} schooldagen; u vraagt "
                f"{days} schooldagen ({reason.article})."
            )
        else:
            message = (
                f"De school beslist over hoogstens {MAX_SCHOOL_DAYS} schooldagen verlof; u "
                f"vraagt {days} schooldagen. Voor meer dagen vraagt u verlof aan bij de "
                f"leerplichtambtenaar van de gemeente ({reason.article})."
            )
        raise LeaveRefused(message, "last_day")
    return LeaveRequest(
        school_id=parent.school_id,
        child_id=child_id,
        requested_by=parent.id,
        reason=reason,
        first_day=first_day,
        last_day=last_day,
        requested_at=now,
        note=note,
    )


def decide(
    request: LeaveRequest, *, grant: bool, by: str, note: str, now: dt.datetime
) -> LeaveRequest:
    """The beheerder's decision; a refusal needs a reason."""
    if request.status is not LeaveStatus.PENDING:
        raise AlreadyDecided()
    note = note.strip()
    if not grant and not note:
        raise InvalidInput("Geef de reden van de afwijzing.", "note")
    if len(note) > MAX_NOTE:
        raise InvalidInput(f"De toelichting mag hoogstens {MAX_NOTE} tekens zijn.", "note")
    return attrs.evolve(
        request,
        status=LeaveStatus.GRANTED if grant else LeaveStatus.REFUSED,
        decided_at=now,
        decided_by=by,
        decision_note=note,
    )
