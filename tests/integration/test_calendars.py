"""One calendar writer for the feed, the "Zet in mijn agenda" download and the conference
mails: every file passes RFC 5545 parsers (icalendar and vobject), with a VTIMEZONE of
yearly rules (RRULE, no list of RDATEs) that puts events at the right moment in summer and
winter time; the same UID for a booking in the feed and in the mail, a SEQUENCE raised by
every move, and METHOD only in a mail's attachment."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import icalendar
import pytest
import vobject
from hypothesis import example, given, settings
from hypothesis import strategies as st

from deborg.adapters.ical import IcalendarWriter
from deborg.bootstrap import Services
from deborg.domain.calendar import Calendar, CalendarEvent
from deborg.domain.content.model import AgendaItem
from deborg.domain.model import School
from deborg.services import conferences
from deborg.services.content import feed, publishing
from tests.conftest import Browser
from tests.world import World

NOW = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


def _checked(ics: bytes) -> icalendar.Calendar:
    """Both parsers read it; the time zone is yearly rules; events resolve to UTC moments."""
    parsed = icalendar.Calendar.from_ical(ics)
    strict = vobject.readOne(ics.decode())
    assert strict.name == "VCALENDAR"
    for zone in parsed.walk("VTIMEZONE"):
        for period in zone.subcomponents:
            assert "RRULE" in period or period["TZOFFSETFROM"] == period["TZOFFSETTO"]
            assert "RDATE" not in period
    for event in getattr(strict, "vevent_list", []):
        assert event.uid.value
        assert event.dtstamp.value.tzinfo is not None
    return parsed


def _events(strict_ics: bytes) -> dict[str, dt.datetime]:
    """UID -> DTSTART in UTC, as vobject resolves it through the file's own VTIMEZONE."""
    strict = vobject.readOne(strict_ics.decode())
    return {
        e.uid.value: e.dtstart.value.astimezone(dt.UTC) for e in getattr(strict, "vevent_list", [])
    }


@given(
    moment=st.datetimes(min_value=dt.datetime(2024, 1, 1), max_value=dt.datetime(2036, 12, 31)).map(
        lambda d: d.replace(second=0, microsecond=0, tzinfo=dt.UTC)
    ),
    zone=st.sampled_from(["Europe/Amsterdam", "Europe/London", "America/New_York", "Asia/Tokyo"]),
)
# The second 2.30 of the night winter time starts in Assen, and the second 1.00 in New York:
# a wall-clock time with a TZID means the first one, so these go out in UTC.
@example(moment=dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC), zone="Europe/Amsterdam")
@example(moment=dt.datetime(2027, 11, 7, 6, 0, tzinfo=dt.UTC), zone="America/New_York")
@settings(max_examples=60, deadline=None)
def test_a_parser_puts_every_event_at_its_moment_through_the_rrule_timezone(
    moment: dt.datetime, zone: str
) -> None:
    school = School(name="De Borg", code="99XX00", timezone=zone, id=1)
    event = CalendarEvent(uid="x@deborg", title="Iets", starts_at=moment, ends_at=None)
    ics = IcalendarWriter().write(Calendar(school, (event,)), now=NOW)
    _checked(ics)
    assert _events(ics) == {"x@deborg": moment}


def test_a_feed_and_a_download_carry_no_method(sql_services: Services, world: World) -> None:
    school = world.school
    event = CalendarEvent(uid="x@deborg", title="Iets", starts_at=NOW, ends_at=None)
    for subscription in (True, False):
        ics = IcalendarWriter().write(Calendar(school, (event,), subscription), now=NOW)
        assert "METHOD" not in _checked(ics)


def _close_and_move(s: Services, world: World) -> tuple[bytes, bytes]:
    """Close the planning (mail with the definitive time), then move Anna's booking."""
    assert world.planning is not None
    conferences.close_planning(
        s.uow(), s.clock, s.links, s.calendar,
        school_id=world.school.id, planning_id=world.planning.id,
    )  # fmt: skip
    conferences.staff_book(
        s.uow(), s.clock, s.links, s.calendar, school_id=world.school.id,
        planning_id=world.planning.id, child_id=world.anna.id,
        start=world.planning.slots()[2].start, must_exist=True,
    )  # fmt: skip
    with s.uow() as uow:
        mails = [e.mail for e in uow.outbox.list(limit=100) if e.mail.to == "alice@example.nl"]
    first, moved = [m.attachments[0] for m in reversed(mails) if m.attachments]
    assert (
        first.content_type == moved.content_type == "text/calendar; method=PUBLISH; charset=utf-8"
    )
    return first.content, moved.content


def test_a_moved_booking_raises_sequence_under_the_uid_of_the_feed(
    sql_services: Services, world: World
) -> None:
    s = sql_services
    first, moved = _close_and_move(s, world)
    [one] = _checked(first).walk("VEVENT")
    [two] = _checked(moved).walk("VEVENT")
    assert _checked(first)["METHOD"] == "PUBLISH"
    assert one["UID"] == two["UID"]
    assert (one["SEQUENCE"], two["SEQUENCE"]) == (0, 1)
    assert world.planning is not None
    assert _events(moved) == {str(two["UID"]): world.planning.slots()[2].start}

    token = feed.renew_feed(
        s.uow(), s.clock, s.tokens, school_id=world.school.id, parent_id=world.alice.id
    )
    calendar = feed.calendar_for_token(
        s.uow(), s.clock, token=token, sources=s.areas.calendar_sources
    )
    ics = s.calendar.write(calendar, now=s.clock.now())
    parsed = _checked(ics)
    assert "METHOD" not in parsed
    [in_feed] = [e for e in parsed.walk("VEVENT") if e["UID"] == one["UID"]]
    assert in_feed["SEQUENCE"] == 1


@pytest.fixture
def item(sql_services: Services, world: World) -> AgendaItem:
    s = sql_services
    return publishing.add_agenda_item(
        s.uow(), s.clock, s.links, s.richtext, school_id=world.school.id,
        data=publishing.AgendaInput(
            title="Schoolreis", day=dt.date(2027, 6, 18), start_time=dt.time(8, 30),
            end_time=dt.time(15, 0), description="Neem een lunchpakket mee.",
        ),
        group_names=("Groep 1",),
    ).item  # fmt: skip


def test_zet_in_mijn_agenda_downloads_the_item_as_the_feed_has_it(
    sql_services: Services, world: World, item: AgendaItem, browser_factory: Callable[[], Browser]
) -> None:
    alice = browser_factory()
    alice.login(world.alice.login_name, world.password)
    page = alice.get("/agenda").get_data(as_text=True)
    assert f'href="/agenda/{item.id}.ics"' in page
    assert "Zet in mijn agenda" in page
    answer = alice.get(f"/agenda/{item.id}.ics")
    assert answer.status_code == 200
    assert answer.mimetype == "text/calendar"
    assert answer.headers["Content-Disposition"].startswith("attachment;")
    parsed = _checked(answer.data)
    assert "METHOD" not in parsed
    [event] = parsed.walk("VEVENT")
    assert event["UID"] == f"agenda-{item.id}@99xx00.deborg"
    assert _events(answer.data) == {
        str(event["UID"]): dt.datetime(2027, 6, 18, 6, 30, tzinfo=dt.UTC)  # 8.30 summer time
    }
    carla = browser_factory()  # Groep 2 only
    carla.login(world.carla.login_name, world.password)
    assert carla.get(f"/agenda/{item.id}.ics").status_code == 404
