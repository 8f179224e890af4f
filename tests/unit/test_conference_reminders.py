"""The reminder the day before a booked conference: from 9.00 school time the day before,
once per child and start (a moved booking is reminded of its new time), to the guardians
who did not switch "Herinnering oudergesprek" off, by ``deborg mail run``."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from deborg.adapters.memory import FixedClock
from deborg.bootstrap import Services
from deborg.domain.mail import MailCategory, OutboxEntry
from deborg.domain.notifications.model import Delivery
from deborg.entrypoints.cli.context import CliContext
from deborg.entrypoints.cli.main import cli
from deborg.services import conferences
from deborg.services.conferences.reminders import send_reminders
from deborg.services.notifications.preferences import set_preferences
from tests.world import World, build_world

AMS = ZoneInfo("Europe/Amsterdam")


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=AMS).astimezone(dt.UTC)


@pytest.fixture
def world(memory_services: Services) -> World:
    return build_world(memory_services)  # Anna is booked on Thursday 12 November, 15.00


def reminders(s: Services) -> list[OutboxEntry]:
    with s.uow() as uow:
        entries = uow.outbox.list(limit=1000)
    return [e for e in entries if e.mail.category is MailCategory.REMINDERS]


def mail_run(s: Services) -> str:
    result = CliRunner().invoke(cli, ["mail", "run"], obj=CliContext(services_factory=lambda: s))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_guardians_are_reminded_once_the_day_before(
    memory_services: Services, world: World, clock: FixedClock
) -> None:
    s = memory_services
    clock.set(at(11, 8, 59))
    assert "Herinneringen oudergesprek: 0" in mail_run(s)
    clock.set(at(11, 9, 0))
    assert "Herinneringen oudergesprek: 1 gesprek(ken)." in mail_run(s)
    sent = sorted(e.mail.to for e in reminders(s))
    assert sent == ["alice@example.nl", "dirk@example.nl"]
    [alice] = [e.mail for e in reminders(s) if e.mail.to == "alice@example.nl"]
    assert alice.subject == "Herinnering: morgen oudergesprek over Anna"
    assert "donderdag 12 november van 15.00 tot 15.10 uur" in alice.text
    unsubscribe = s.links.unsubscribe(world.school.id, world.alice.id, "reminders")
    assert ("List-Unsubscribe", f"<{unsubscribe}>") in alice.headers
    for hour in (12, 20):
        clock.set(at(11, hour))
        assert send_reminders(s.uow(), s.clock, s.links) == 0
    assert len(reminders(s)) == 2


def test_a_parent_who_switched_reminders_off_gets_none(
    memory_services: Services, world: World, clock: FixedClock
) -> None:
    s = memory_services
    set_preferences(
        s.uow(), school_id=world.school.id, parent_id=world.alice.id,
        choices={MailCategory.REMINDERS: Delivery.OFF},
    )  # fmt: skip
    clock.set(at(11, 18))
    assert send_reminders(s.uow(), s.clock, s.links) == 1
    assert [e.mail.to for e in reminders(s)] == ["dirk@example.nl"]


def test_a_moved_booking_is_reminded_of_its_new_time_and_a_past_one_never(
    memory_services: Services, world: World, clock: FixedClock
) -> None:
    s = memory_services
    assert world.planning is not None
    clock.set(at(11, 10))
    assert send_reminders(s.uow(), s.clock, s.links) == 1
    conferences.staff_book(
        s.uow(), s.clock, s.links, s.calendar, school_id=world.school.id,
        planning_id=world.planning.id, child_id=world.anna.id,
        start=world.planning.slots()[3].start, must_exist=True,
    )  # fmt: skip
    assert send_reminders(s.uow(), s.clock, s.links) == 1
    texts = [e.mail.text for e in reminders(s) if e.mail.to == "alice@example.nl"]
    assert len(texts) == 2
    assert any("van 15.30 tot 15.40 uur" in t for t in texts)
    clock.set(at(12, 16))  # after the conference: nothing more
    assert send_reminders(s.uow(), s.clock, s.links) == 0


def test_a_missed_morning_still_reminds_before_the_conference_starts(
    memory_services: Services, world: World, clock: FixedClock
) -> None:
    s = memory_services
    clock.set(at(12, 14, 30))  # cron was down the day before
    assert send_reminders(s.uow(), s.clock, s.links) == 1
    clock.set(at(12, 15, 1))
    assert send_reminders(s.uow(), s.clock, s.links) == 0
