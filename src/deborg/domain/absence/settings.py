"""What a school sets for absences and conversations: the cut-off for reporting today, the
number parents phone after it, the teachers' reachable hours and how long records are kept."""

from __future__ import annotations

import datetime as dt

import attrs

from deborg.domain import dutch
from deborg.domain.errors import InvalidInput

DEFAULT_CUTOFF = dt.time(8, 15)
#: Absences, leave and conversations are kept until the end of the school year after next.
DEFAULT_RETENTION_YEARS = 2


@attrs.frozen
class ReachableHours:
    """On ``weekday`` (0 = Monday) from ``start`` to ``end``, school time."""

    weekday: int
    start: dt.time
    end: dt.time

    def __attrs_post_init__(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise InvalidInput("Kies een dag van de week.", "reachable")
        if self.start >= self.end:
            raise InvalidInput("Het begin moet voor het einde liggen.", "reachable")

    def describe(self) -> str:
        return (
            f"{dutch.WEEKDAYS[self.weekday]} van {dutch.format_time(self.start)} tot "
            f"{dutch.format_time(self.end)} uur"
        )


@attrs.frozen
class AbsenceSettings:
    school_id: int
    cutoff: dt.time = DEFAULT_CUTOFF
    #: The number a parent phones after the cut-off (shown as typed, e.g. "0592 123 456").
    phone: str = ""
    #: Empty: the school sets no hours and parents are not told when to expect an answer.
    reachable: tuple[ReachableHours, ...] = ()
    retention_years: int = DEFAULT_RETENTION_YEARS

    @property
    def cutoff_text(self) -> str:
        """'08.15'"""
        return dutch.format_time(self.cutoff)

    def __attrs_post_init__(self) -> None:
        if not 0 <= self.retention_years <= 10:
            raise InvalidInput("Bewaar de gegevens 0 tot 10 schooljaren.", "retention_years")
        if len(self.phone) > 40:
            raise InvalidInput("Het telefoonnummer is te lang.", "phone")


def parse_reachable(text: str) -> tuple[ReachableHours, ...]:
    """'ma-vr 08:00-16:30, wo 08:00-12:30' -> hours per weekday; a later entry for the same
    day replaces an earlier one. Day names are Dutch abbreviations (ma di wo do vr za zo)."""
    days = {"ma": 0, "di": 1, "wo": 2, "do": 3, "vr": 4, "za": 5, "zo": 6}
    found: dict[int, ReachableHours] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        try:
            day_text, hours_text = part.split()
            first, _, last = day_text.lower().partition("-")
            start_text, end_text = hours_text.split("-")
            start = dt.time.fromisoformat(start_text.replace(".", ":").zfill(5))
            end = dt.time.fromisoformat(end_text.replace(".", ":").zfill(5))
            first_day, last_day = days[first], days[last or first]
        except (KeyError, ValueError):
            raise InvalidInput(
                f"{part!r} begrijp ik niet; schrijf bijvoorbeeld 'ma-vr 08:00-16:30'.",
                "reachable",
            ) from None
        if last_day < first_day:
            raise InvalidInput(f"{part!r}: de eerste dag moet voor de laatste liggen.", "reachable")
        for weekday in range(first_day, last_day + 1):
            found[weekday] = ReachableHours(weekday, start, end)
    return tuple(found[d] for d in sorted(found))
