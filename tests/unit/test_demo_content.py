"""The demo school's content is dated relative to today and agrees with itself."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import given
from hypothesis import strategies as st

from deborg.bootstrap import Services
from deborg.demo import seed_demo
from deborg.demo.content import urgent_day
from deborg.domain import dutch
from deborg.services.content.queries import agenda_entry

TZ = "Europe/Amsterdam"


@given(st.datetimes(min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2028, 12, 31)))
def test_a_spoedbericht_speaks_of_today_only_on_a_school_morning(now: dt.datetime) -> None:
    said = urgent_day(now)
    if now.weekday() < 5 and now.hour < 11:
        assert said == "vandaag"
    elif now.weekday() in (0, 1, 2, 3, 6):  # the next day is a school day
        assert said == "morgen"
    else:  # Friday afternoon or Saturday: Monday
        assert said == "maandag"


def test_the_news_names_the_days_the_agenda_has(memory_services: Services) -> None:
    """Seeded on a Thursday evening of 2026 (Sinterklaas on 5 December is a Saturday)."""
    today = dt.datetime(2026, 12, 3, 19, 30, tzinfo=dt.UTC)
    memory_services.clock.set(today)  # type: ignore[attr-defined]
    seed_demo(memory_services)
    with memory_services.uow() as uow:
        [school] = uow.schools.list()
        news = {n.title: n.body.text for n in uow.news.list(school.id)}
        messages = {m.title: m for m in uow.messages.list(school.id)}
        agenda = {
            a.title: agenda_entry(a, TZ) for a in uow.agenda.list(school.id, ending_after=None)
        }
    sinterklaas = dutch.format_date(agenda["Sinterklaasfeest"].day)
    assert f"Op {sinterklaas} komt Sinterklaas" in news["Sinterklaas bezoekt De Borg"]
    market = dutch.format_date(agenda["Kinderboekenmarkt"].day).capitalize()
    assert market in news["Kinderboekenmarkt op het schoolplein!"]
    # Every weekday named beside a date is that date's weekday.
    for text in [*news.values(), *(m.body.text for m in messages.values())]:
        for weekday, day, month in re.findall(r"(\w+dag) (\d+) (\w+)", text.lower()):
            number = dutch.MONTHS.index(month) + 1
            matches = [
                entry.day
                for entry in agenda.values()
                if (entry.day.day, entry.day.month) == (int(day), number)
            ]
            assert matches, text
            assert dutch.WEEKDAYS[matches[0].weekday()] == weekday, text
    [urgent] = [m for m in messages.values() if m.urgent]
    local = dutch.local(today, TZ)
    assert ("vandaag" in urgent.title) == (local.weekday() < 5 and local.hour < 11)
