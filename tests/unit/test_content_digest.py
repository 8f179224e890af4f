"""The weekly digest on a fixed clock: only what is new and visible, per parent's choices,
never twice, a missed day caught up once, and 16:00 school time across summer time."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from deborg.adapters.memory import FixedClock
from deborg.bootstrap import Services
from deborg.domain.mail import MailCategory, OutboxEntry
from deborg.domain.model import SchoolSettings, Weekday
from deborg.domain.notifications.model import Delivery
from deborg.domain.notifications.schedule import latest_digest_moment
from deborg.entrypoints.cli.context import CliContext
from deborg.entrypoints.cli.main import cli
from deborg.services.content import publishing
from deborg.services.notifications import preferences
from deborg.services.notifications.digest import run_digests
from tests.world import World, build_world

AMS = ZoneInfo("Europe/Amsterdam")


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A wall-clock moment in Assen, as UTC."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=AMS).astimezone(dt.UTC)


@pytest.fixture
def world(memory_services: Services) -> World:
    return build_world(memory_services)


def news(s: Services, w: World, title: str, *groups: str) -> None:
    publishing.post_news(
        s.uow(),
        s.clock,
        s.links,
        s.richtext,
        school_id=w.school.id,
        title=title,
        body=f"Tekst van {title}.",
        group_names=groups,
    )


def outbox(s: Services) -> list[OutboxEntry]:
    with s.uow() as uow:
        return list(reversed(uow.outbox.list(limit=10_000)))


def digests_to(s: Services, address: str) -> list[OutboxEntry]:
    return [e for e in outbox(s) if e.mail.to == address and "Weekoverzicht" in e.mail.subject]


def run(s: Services) -> int:
    return run_digests(s.uow(), s.clock, s.links, lookups=s.areas.digest_lookups).mails


def test_digest_holds_only_what_the_parent_may_see(
    memory_services: Services, world: World, clock: FixedClock
) -> None:
    s = memory_services
    clock.set(at(2026, 11, 2, 9))  # Monday
    news(s, world, "Kinderboekenmarkt")
    news(s, world, "Uitje van Groep 2", "Groep 2")
    clock.set(at(2026, 11, 6, 16))  # Friday 16:00
    assert run(s) == 4  # alice, dirk, bob (school-wide only) and carla (both)
    alice = digests_to(s, world.alice.login_name)[0].mail.text
    carla = digests_to(s, world.carla.login_name)[0].mail.text
    assert "Kinderboekenmarkt" in alice
    assert "Uitje van Groep 2" not in alice
    assert "Kinderboekenmarkt" in carla
    assert "Uitje van Groep 2" in carla
    assert not digests_to(s, world.erik.login_name)  # another school


def test_digest_is_not_sent_before_the_digest_moment(
    memory_services: Services, world: World, clock: FixedClock
) -> None:
    s = memory_services
    clock.set(at(2026, 11, 2, 9))
    news(s, world, "Nieuws")
    assert run(s) == 0  # Monday: the news came after last Friday's digest
    clock.set(at(2026, 11, 6, 15, 59))
    before = len(outbox(s))
    assert run(s) == 0
    assert len(outbox(s)) == before


def test_running_twice_sends_nothing_twice(
    memory_services: Services, world: World, clock: FixedClock
) -> None:
    s = memory_services
    clock.set(at(2026, 11, 2, 9))
    news(s, world, "Nieuws")
    clock.set(at(2026, 11, 6, 16, 5))
    assert run(s) == 4
    assert run(s) == 0
    clock.advance(dt.timedelta(hours=3))
    assert run(s) == 0
    assert len(digests_to(s, world.alice.login_name)) == 1


def test_next_digest_holds_only_what_came_after_the_previous_one(
    memory_services: Services, world: World, clock: FixedClock
) -> None:
    s = memory_services
    clock.set(at(2026, 11, 2, 9))
    news(s, world, "Eerste week")
    clock.set(at(2026, 11, 6, 16))
    run(s)
    clock.set(at(2026, 11, 10, 9))
    news(s, world, "Tweede week")
    clock.set(at(2026, 11, 13, 16))
    assert run(s) == 4
    second = digests_to(s, world.alice.login_name)[-1].mail.text
    assert "Tweede week" in second
    assert "Eerste week" not in second


def test_an_empty_digest_is_not_sent(
    memory_services: Services, world: World, clock: FixedClock
) -> None:
    s = memory_services
    clock.set(at(2026, 11, 6, 16))
    assert run(s) == 0
    assert outbox(s) == []


def test_a_switched_off_category_is_left_out(
    memory_services: Services, world: World, clock: FixedClock
) -> None:
    s = memory_services
    clock.set(at(2026, 11, 2, 9))
    news(s, world, "Nieuws vooraf")
    # Switched off after the news was kept for the digest: still left out.
    preferences.set_preferences(
        s.uow(),
        school_id=world.school.id,
        parent_id=world.alice.id,
        choices={MailCategory.NEWS: Delivery.OFF},
    )
    news(s, world, "Nieuws daarna")
    clock.set(at(2026, 11, 6, 16))
    run(s)
    assert digests_to(s, world.alice.login_name) == []
    assert len(digests_to(s, world.bob.login_name)) == 1


def test_a_direct_category_is_mailed_at_once_and_not_repeated_in_the_digest(
    memory_services: Services, world: World, clock: FixedClock
) -> None:
    s = memory_services
    preferences.set_preferences(
        s.uow(),
        school_id=world.school.id,
        parent_id=world.alice.id,
        choices={MailCategory.NEWS: Delivery.DIRECT},
    )
    clock.set(at(2026, 11, 2, 9))
    news(s, world, "Direct nieuws")
    direct = [e for e in outbox(s) if e.mail.to == world.alice.login_name]
    assert [e.mail.subject for e in direct] == ["Nieuws: Direct nieuws"]
    unsubscribe = s.links.unsubscribe(world.school.id, world.alice.id, "news")
    assert ("List-Unsubscribe", f"<{unsubscribe}>") in direct[0].mail.headers
    clock.set(at(2026, 11, 6, 16))
    run(s)
    assert digests_to(s, world.alice.login_name) == []
    assert len(digests_to(s, world.bob.login_name)) == 1


def test_a_missed_digest_day_is_caught_up_once(
    memory_services: Services, world: World, clock: FixedClock
) -> None:
    s = memory_services
    clock.set(at(2026, 11, 2, 9))
    news(s, world, "Voor de gemiste vrijdag")
    # Nobody ran the digest on Friday 6 November (the server was down) …
    clock.set(at(2026, 11, 10, 8))  # … until Tuesday morning.
    assert run(s) == 4
    assert run(s) == 0
    clock.set(at(2026, 11, 13, 16))  # the next Friday: nothing new, nothing sent
    assert run(s) == 0
    assert len(digests_to(s, world.alice.login_name)) == 1


@pytest.mark.parametrize(
    ("friday", "utc_hour"),
    [
        (dt.date(2026, 3, 27), 15),  # winter time (CET, UTC+1): summer time starts 29 March
        (dt.date(2026, 4, 3), 14),  # summer time (CEST, UTC+2)
        (dt.date(2026, 10, 23), 14),  # summer time: winter time starts 25 October
        (dt.date(2026, 10, 30), 15),  # winter time
    ],
)
def test_digest_goes_out_at_16_school_time_across_summer_time(
    memory_services: Services, world: World, clock: FixedClock, friday: dt.date, utc_hour: int
) -> None:
    s = memory_services
    clock.set(dt.datetime.combine(friday - dt.timedelta(days=3), dt.time(9), dt.UTC))
    news(s, world, "Nieuws van de week")
    one_minute_early = dt.datetime.combine(friday, dt.time(utc_hour - 1, 59), dt.UTC)
    clock.set(one_minute_early)
    assert run(s) == 0
    clock.set(one_minute_early + dt.timedelta(minutes=1))
    assert run(s) == 4
    assert dt.datetime.combine(friday, dt.time(utc_hour), dt.UTC).astimezone(AMS).hour == 16


@settings(deadline=None)  # pure arithmetic; a loaded CI machine must not fail it
@given(st.datetimes(min_value=dt.datetime(2024, 1, 1), max_value=dt.datetime(2030, 12, 31)))
def test_latest_digest_moment_is_the_last_friday_16_school_time(naive: dt.datetime) -> None:
    now = naive.replace(tzinfo=dt.UTC)
    moment = latest_digest_moment(now, SchoolSettings(), "Europe/Amsterdam")
    local = moment.astimezone(AMS)
    assert moment <= now
    assert now - moment < dt.timedelta(days=7, hours=1)
    assert (local.weekday(), local.hour, local.minute) == (Weekday.FRIDAY, 16, 0)
    # and no later Friday 16:00 fits before now
    assert (local + dt.timedelta(days=7)).astimezone(dt.UTC) > now


def test_a_digest_on_demand_and_the_friday_run_never_send_a_line_twice(
    memory_services: Services, world: World, clock: FixedClock
) -> None:
    s = memory_services

    def digest(*args: str) -> str:
        result = CliRunner().invoke(
            cli, ["--school", "99XX00", "mail", "digest", *args],
            obj=CliContext(services_factory=lambda: s),
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        return result.output

    clock.set(at(2026, 11, 2, 9))  # Monday
    news(s, world, "Eerste bericht")
    assert "0 mail(s)" in digest()  # last Friday's, never made: the news came after it
    assert "al gemaakt" in digest()  # without --now, the next one is not due before Friday
    clock.set(at(2026, 11, 4, 12))  # Wednesday
    assert "4 mail(s) in de wachtrij" in digest("--now")
    clock.advance(dt.timedelta(minutes=5))
    assert "0 mail(s)" in digest("--now")  # nothing new since
    news(s, world, "Tweede bericht")
    clock.set(at(2026, 11, 6, 16))  # Friday: the scheduled digest has only what came after
    assert run(s) == 4
    assert run(s) == 0
    texts = [e.mail.text for e in digests_to(s, world.alice.login_name)]
    assert len(texts) == 2
    assert "Eerste bericht" in texts[0]
    assert "Tweede bericht" not in texts[0]
    assert "Eerste bericht" not in texts[1]
    assert "Tweede bericht" in texts[1]
    assert not digests_to(s, world.erik.login_name)  # only the chosen school
