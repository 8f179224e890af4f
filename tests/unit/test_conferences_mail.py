"""Opening, moving and closing queue the right mails to every guardian."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest

from deborg.adapters.ical import IcalendarWriter
from deborg.adapters.memory import FixedClock
from deborg.bootstrap import Services
from deborg.domain.calendar import Calendar, CalendarEvent
from deborg.domain.mail import MailCategory, OutboxEntry
from deborg.domain.model import Guardianship, School
from deborg.domain.notifications.model import Delivery
from deborg.services import conferences
from deborg.services.content import feed
from deborg.services.notifications import preferences
from deborg.services.notifications.digest import run_digests
from tests.conferences_fixtures import DAY, make_planning
from tests.world import World, build_world


@pytest.fixture
def world(memory_services: Services) -> World:
    return build_world(memory_services)


def outbox(services: Services) -> list[OutboxEntry]:
    with services.uow() as uow:
        return list(reversed(uow.outbox.list(limit=1000)))


#: Monday 2 November 2026, 09:00 in Assen (UTC+1).
AMSTERDAM_MONDAY = dt.datetime(2026, 11, 2, 8, 0, tzinfo=dt.UTC)


def local_utc(hour: int, minute: int) -> dt.datetime:
    return dt.datetime(DAY.year, DAY.month, DAY.day, hour - 1, minute, tzinfo=dt.UTC)


def test_opening_invites_every_guardian_of_every_child(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    planning = make_planning(s, world, open_it=False)
    conferences.set_requirement(
        s.uow(),
        school_id=world.school.id,
        planning_id=planning.id,
        child_id=world.anna.id,
        slots_needed=2,
        message="Graag met beide ouders.",
    )
    told = conferences.open_planning(
        s.uow(), s.clock, s.links, school_id=world.school.id, planning_id=planning.id
    )
    mails = outbox(s)
    assert told == {Delivery.DIRECT: 4, Delivery.DIGEST: 0, Delivery.OFF: 0}
    assert len(mails) == 4  # Anna: alice and dirk; Bram: bob; Cees: carla
    assert sorted(m.mail.to for m in mails) == [
        "alice@example.nl",
        "bob@example.nl",
        "carla@example.nl",
        "dirk@example.nl",
    ]
    assert all(m.mail.category is MailCategory.CONVERSATIONS for m in mails)
    anna_mail = next(m.mail for m in mails if m.mail.to == "alice@example.nl")
    assert "Anna Jansen" in anna_mail.text
    assert "Graag met beide ouders." in anna_mail.text
    assert "20 minuten" in anna_mail.text
    assert f"/oudergesprekken/{planning.id}/kind/{world.anna.id}" in anna_mail.text
    unsubscribe = memory_services.links.unsubscribe(
        world.school.id, world.alice.id, "conversations"
    )
    assert ("List-Unsubscribe", f"<{unsubscribe}>") in anna_mail.headers
    assert ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click") in anna_mail.headers
    assert anna_mail.text.count("Met vriendelijke groet,") == 1
    assert "Mijn account > Notificaties" in anna_mail.text
    bob_mail = next(m.mail for m in mails if m.mail.to == "bob@example.nl")
    assert "Graag met beide ouders." not in bob_mail.text


def test_conference_mail_follows_each_parents_notification_choice(
    memory_services: Services, world: World, clock: FixedClock
) -> None:
    """The manual: a parent may switch a subject off on the Notificaties tab, invitations
    included. Dirk switched conferences off, Alice reads them in the weekmail."""
    s = memory_services
    clock.set(AMSTERDAM_MONDAY)
    for parent, choice in ((world.dirk, Delivery.OFF), (world.alice, Delivery.DIGEST)):
        preferences.set_preferences(
            s.uow(),
            school_id=world.school.id,
            parent_id=parent.id,
            choices={MailCategory.CONVERSATIONS: choice},
        )
    planning = make_planning(s, world, open_it=False)
    told = conferences.open_planning(
        s.uow(), s.clock, s.links, school_id=world.school.id, planning_id=planning.id
    )
    assert told == {Delivery.DIRECT: 2, Delivery.DIGEST: 1, Delivery.OFF: 1}
    assert sorted(m.mail.to for m in outbox(s)) == ["bob@example.nl", "carla@example.nl"]

    clock.set(AMSTERDAM_MONDAY + dt.timedelta(days=4, hours=7))  # Friday 16:00
    run_digests(s.uow(), s.clock, s.links, lookups=s.areas.digest_lookups)
    weekmail = [m.mail for m in outbox(s) if m.mail.to == "alice@example.nl"]
    assert len(weekmail) == 1
    assert "Uitnodiging: Oudergesprekken november (Anna)" in weekmail[0].text
    assert f"/oudergesprekken/{planning.id}/kind/{world.anna.id}" in weekmail[0].text
    assert not [m for m in outbox(s) if m.mail.to == "dirk@example.nl"]

    conferences.book_slot(
        s.uow(),
        s.clock,
        school_id=world.school.id,
        parent_id=world.alice.id,
        planning_id=planning.id,
        child_id=world.anna.id,
        start=local_utc(15, 0),
    )
    before = len(outbox(s))
    conferences.close_planning(
        s.uow(), s.clock, s.links, s.calendar, school_id=world.school.id, planning_id=planning.id
    )
    closing = [m.mail.to for m in outbox(s)[before:]]
    assert "dirk@example.nl" not in closing
    assert "alice@example.nl" not in closing  # her definitive time waits for the weekmail
    assert sorted(closing) == ["bob@example.nl", "carla@example.nl"]


def test_early_opening_tells_each_family_when_it_may_book(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    with s.uow() as uow:
        uow.guardianships.add(Guardianship(world.school.id, world.carla.id, world.bram.id))
        uow.commit()
    planning = make_planning(s, world, open_it=False)
    conferences.open_planning(
        s.uow(),
        s.clock,
        s.links,
        school_id=world.school.id,
        planning_id=planning.id,
        early_for_siblings=dt.timedelta(hours=48),
    )
    texts = {m.mail.to: m.mail.text for m in outbox(s)}
    assert "kunt u nu al inschrijven" in texts["carla@example.nl"]
    assert "U kunt inschrijven vanaf woensdag 4 november om 10.00 uur" in texts["alice@example.nl"]


def test_staff_move_mails_both_guardians_with_old_and_new_time(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    planning = make_planning(s, world)
    conferences.book_slot(
        s.uow(),
        s.clock,
        school_id=world.school.id,
        parent_id=world.alice.id,
        planning_id=planning.id,
        child_id=world.anna.id,
        start=local_utc(15, 0),
    )
    before = len(outbox(s))
    conferences.staff_book(
        s.uow(),
        s.clock,
        s.links,
        s.calendar,
        school_id=world.school.id,
        planning_id=planning.id,
        child_id=world.anna.id,
        start=local_utc(15, 40),
        must_exist=True,
    )
    moved = outbox(s)[before:]
    assert sorted(m.mail.to for m in moved) == ["alice@example.nl", "dirk@example.nl"]
    assert "Was: donderdag 12 november van 15.00 tot 15.10 uur" in moved[0].mail.text
    assert "Nieuw: donderdag 12 november van 15.40 tot 15.50 uur" in moved[0].mail.text


def test_closing_mails_the_definitive_time_with_a_valid_calendar_file(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    planning = make_planning(s, world)
    conferences.set_requirement(
        s.uow(),
        school_id=world.school.id,
        planning_id=planning.id,
        child_id=world.anna.id,
        slots_needed=2,
    )
    conferences.book_slot(
        s.uow(),
        s.clock,
        school_id=world.school.id,
        parent_id=world.alice.id,
        planning_id=planning.id,
        child_id=world.anna.id,
        start=local_utc(15, 10),
    )
    before = len(outbox(s))
    told = conferences.close_planning(
        s.uow(), s.clock, s.links, s.calendar, school_id=world.school.id, planning_id=planning.id
    )
    mails = [m.mail for m in outbox(s)[before:]]
    assert told[Delivery.DIRECT] == len(mails) == 4
    definitive = [m for m in mails if m.attachments]
    assert sorted(m.to for m in definitive) == ["alice@example.nl", "dirk@example.nl"]
    assert "donderdag 12 november van 15.10 tot 15.30 uur" in definitive[0].text
    attachment = definitive[0].attachments[0]
    assert attachment.filename.endswith(".ics")
    assert attachment.content_type.startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(attachment.content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    assert events[0].decoded("DTSTART") == local_utc(15, 10)
    assert events[0].decoded("DTEND") == local_utc(15, 30)
    assert "Anna Jansen" in str(events[0]["SUMMARY"])
    others = [m for m in mails if not m.attachments]
    assert sorted(m.to for m in others) == ["bob@example.nl", "carla@example.nl"]
    assert "geen tijd gereserveerd" in others[0].text


def test_calendar_file_folds_long_lines_and_escapes_text() -> None:
    moment = dt.datetime(2026, 11, 12, 14, 0, tzinfo=dt.UTC)
    event = CalendarEvent(
        uid="x@y",
        title="Gesprek; met, komma's",
        description="Één " * 40 + "\nregel twee",
        starts_at=moment,
        ends_at=moment + dt.timedelta(minutes=10),
    )
    school = School(name="De Borg", code="99XX00")
    content = IcalendarWriter().write(Calendar(school, (event,), subscription=False), now=moment)
    assert all(len(line) <= 75 for line in content.split(b"\r\n"))
    parsed = next(iter(icalendar.Calendar.from_ical(content).walk("VEVENT")))
    assert str(parsed["SUMMARY"]) == "Gesprek; met, komma's"
    assert str(parsed["DESCRIPTION"]).endswith("\nregel twee")


def test_the_mail_and_the_feed_carry_the_same_event(
    memory_services: Services, world: World
) -> None:
    """One booking is one event: a calendar app that has it from the mail recognises it in
    the subscribed feed (same UID), instead of showing it twice."""
    s = memory_services
    planning = make_planning(s, world)
    conferences.book_slot(
        s.uow(),
        s.clock,
        school_id=world.school.id,
        parent_id=world.alice.id,
        planning_id=planning.id,
        child_id=world.anna.id,
        start=local_utc(15, 10),
    )
    before = len(outbox(s))
    conferences.close_planning(
        s.uow(), s.clock, s.links, s.calendar, school_id=world.school.id, planning_id=planning.id
    )
    attachment = next(m.mail for m in outbox(s)[before:] if m.mail.attachments).attachments[0]
    mailed = next(iter(icalendar.Calendar.from_ical(attachment.content).walk("VEVENT")))
    token = feed.renew_feed(
        s.uow(), s.clock, s.tokens, school_id=world.school.id, parent_id=world.alice.id
    )
    calendar = feed.calendar_for_token(
        s.uow(), s.clock, token=token, sources=s.areas.calendar_sources
    )
    subscribed = icalendar.Calendar.from_ical(s.calendar.write(calendar, now=s.clock.now()))
    in_feed = [e for e in subscribed.walk("VEVENT") if e["UID"] == mailed["UID"]]
    assert len(in_feed) == 1
    assert in_feed[0].decoded("DTSTART") == mailed.decoded("DTSTART") == local_utc(15, 10)
    assert str(in_feed[0]["SUMMARY"]) == str(mailed["SUMMARY"])
