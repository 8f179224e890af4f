"""Absence reports (ziekmelden / afwezig melden): a child away for a day, a period, or from a
day until the parent reports the child better ("Beter melden").

The cut-off: a report that includes today is accepted until the school's cut-off time
(default 08:15) on the school's wall clock, summer time or not; after it the parent phones
the school. Times come in as aware UTC datetimes and are read in the school's time zone.
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from deborg.domain import dutch
from deborg.domain.absence.errors import AlreadyEnded, TooLateToReport
from deborg.domain.absence.settings import AbsenceSettings
from deborg.domain.errors import AccountIsReadOnly, Conflict, InvalidInput
from deborg.domain.model import NEW, Parent


class AbsenceReason(enum.StrEnum):
    SICK = "ziek"
    MEDICAL = "arts"
    OTHER = "anders"

    @property
    def label(self) -> str:
        return REASON_LABELS[self]


REASON_LABELS = {
    AbsenceReason.SICK: "Ziek",
    AbsenceReason.MEDICAL: "Huisarts, tandarts of ziekenhuis",
    AbsenceReason.OTHER: "Anders",
}

MAX_NOTE = 500
#: How far ahead and how long one report may reach; longer absences are a talk with school.
MAX_DAYS_AHEAD = 92
MAX_PERIOD_DAYS = 92

READ_ONLY_REPORT = (
    "Uw account staat op alleen lezen. U kunt uw kind niet via het ouderportaal ziek of "
    "afwezig melden; bel de school of vraag de andere ouder/verzorger."
)


@attrs.define
class AbsenceReport:
    school_id: int
    child_id: int
    #: The parent who reported.
    reported_by: int
    reason: AbsenceReason
    first_day: dt.date
    #: None: open-ended, until "Beter melden".
    last_day: dt.date | None
    reported_at: dt.datetime
    note: str = ""
    #: When "Beter melden" ended an open-ended report.
    ended_at: dt.datetime | None = None
    #: Reported better before the first day began: the child was never away.
    cancelled: bool = False
    id: int = NEW

    @property
    def open_ended(self) -> bool:
        return self.last_day is None and not self.cancelled

    def covers(self, day: dt.date) -> bool:
        if self.cancelled or day < self.first_day:
            return False
        return self.last_day is None or day <= self.last_day

    def overlaps(self, first: dt.date, last: dt.date | None) -> bool:
        if self.cancelled:
            return False
        ends_before = self.last_day is not None and self.last_day < first
        starts_after = last is not None and self.first_day > last
        return not (ends_before or starts_after)

    def period_text(self) -> str:
        """'donderdag 3 december', 'van ... tot en met ...', 'vanaf ... (tot beter melden)'."""
        first = dutch.format_date(self.first_day)
        if self.cancelled:
            return f"{first} (ingetrokken)"
        if self.last_day is None:
            return f"vanaf {first} tot beter melden"
        if self.last_day == self.first_day:
            return first
        return f"van {first} tot en met {dutch.format_date(self.last_day)}"


def school_now(now: dt.datetime, timezone: str) -> dt.datetime:
    return dutch.local(now, timezone)


def before_cutoff(now: dt.datetime, timezone: str, settings: AbsenceSettings) -> bool:
    """Whether reports for today are still taken: the school's wall-clock time is earlier
    than the cut-off."""
    return school_now(now, timezone).time().replace(tzinfo=None) < settings.cutoff


def is_school_day(day: dt.date) -> bool:
    """Monday to Friday (the portal does not know the school's holidays)."""
    return day.weekday() < 5


def ensure_may_report(parent: Parent) -> None:
    if parent.read_only:
        raise AccountIsReadOnly(READ_ONLY_REPORT)


def new_report(
    *,
    parent: Parent,
    child_id: int,
    reason: AbsenceReason,
    first_day: dt.date,
    last_day: dt.date | None,
    note: str,
    now: dt.datetime,
    timezone: str,
    settings: AbsenceSettings,
) -> AbsenceReport:
    """A checked report. ``last_day`` None is open-ended for a sick child and one day for
    the other reasons. Refusals: a read-only account, a day in the past, today after the
    cut-off (phone the school), a period that ends before it starts or reaches too far, an
    "anders" without a note."""
    ensure_may_report(parent)
    today = school_now(now, timezone).date()
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise InvalidInput(f"De toelichting mag hoogstens {MAX_NOTE} tekens zijn.", "note")
    if reason is AbsenceReason.OTHER and not note:
        raise InvalidInput("Schrijf kort waarom uw kind afwezig is.", "note")
    if first_day < today:
        raise InvalidInput("U kunt geen dag in het verleden melden.", "first_day")
    if first_day == today and not before_cutoff(now, timezone, settings):
        raise TooLateToReport(settings.cutoff, settings.phone)
    if (first_day - today).days > MAX_DAYS_AHEAD:
        raise InvalidInput(f"U kunt hoogstens {MAX_DAYS_AHEAD} dagen vooruit melden.", "first_day")
    if last_day is None and reason is not AbsenceReason.SICK:
        last_day = first_day
    if last_day is not None:
        if last_day < first_day:
            raise InvalidInput("De laatste dag ligt voor de eerste dag.", "last_day")
        if (last_day - first_day).days >= MAX_PERIOD_DAYS:
            raise InvalidInput(
                f"Een melding duurt hoogstens {MAX_PERIOD_DAYS} dagen. Neem voor een langere "
                "afwezigheid contact op met de school.",
                "last_day",
            )
    return AbsenceReport(
        school_id=parent.school_id,
        child_id=child_id,
        reported_by=parent.id,
        reason=reason,
        first_day=first_day,
        last_day=last_day,
        reported_at=now,
        note=note,
    )


def ensure_no_overlap(report: AbsenceReport, existing: list[AbsenceReport]) -> None:
    for other in existing:
        if other.child_id == report.child_id and other.overlaps(report.first_day, report.last_day):
            raise Conflict(
                "Uw kind is voor (een deel van) deze dagen al afwezig gemeld: "
                f"{other.period_text()}."
            )


def report_better(
    report: AbsenceReport,
    *,
    parent: Parent,
    now: dt.datetime,
    timezone: str,
    settings: AbsenceSettings,
) -> AbsenceReport:
    """ "Beter melden": an open-ended report ends. Before the cut-off the child is back today
    (the last day absent is yesterday), after it tomorrow (today was still a day away). A
    report that had not begun yet is withdrawn."""
    ensure_may_report(parent)
    if not report.open_ended:
        raise AlreadyEnded()
    today = school_now(now, timezone).date()
    back = today if before_cutoff(now, timezone, settings) else today + dt.timedelta(days=1)
    last = back - dt.timedelta(days=1)
    if last < report.first_day:
        return attrs.evolve(report, ended_at=now, cancelled=True)
    return attrs.evolve(report, last_day=last, ended_at=now)
