"""The weekly digest goes through a school's parents in batches, in one transaction: on the
memory adapter, SQLite and PostgreSQL, a school with more parents than a batch gets every
digest once, with the same mail as before batching; a run that fails half-way queues nothing,
and the next run sends every mail exactly once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import pytest

from deborg.adapters.memory import FixedClock
from deborg.adapters.memory.outbox import MemoryOutboxRepository
from deborg.adapters.sqlalchemy.outbox import SqlOutboxRepository
from deborg.adapters.sqlalchemy.uow import SqlAlchemyUnitOfWork
from deborg.bootstrap import Services
from deborg.domain.content.model import Audience
from deborg.domain.mail import MailCategory, OutboxEntry, lifetime
from deborg.domain.model import Child, Guardianship, Parent, ParentState
from deborg.domain.notifications.model import WEEKMAIL, Delivery
from deborg.services.content import publishing
from deborg.services.content.audience import guardians_of, viewers_of
from deborg.services.notifications import digest, preferences
from deborg.services.notifications.digest import run_digests
from tests.conftest import DATABASES, _open_engine
from tests.world import World, build_world

AMS = ZoneInfo("Europe/Amsterdam")
MONDAY = dt.datetime(2026, 11, 2, 9, tzinfo=AMS).astimezone(dt.UTC)
FRIDAY = dt.datetime(2026, 11, 6, 16, 5, tzinfo=AMS).astimezone(dt.UTC)


@pytest.fixture(params=["memory", *DATABASES])
def services(
    request: pytest.FixtureRequest, memory_services: Services, tmp_path: Path, sqlite_template: Path
) -> Services:
    """The use cases on the memory adapter, SQLite and PostgreSQL."""
    if request.param == "memory":
        return memory_services
    engine = _open_engine(request.param, request, tmp_path, sqlite_template)
    return attrs.evolve(
        memory_services, uow_factory=lambda: SqlAlchemyUnitOfWork(engine), engine=engine
    )


@attrs.frozen
class School:
    world: World
    #: Who gets a digest, and which items' titles it holds.
    expected: dict[str, list[str]]


def school_of_twelve_parents(s: Services, clock: FixedClock) -> School:
    """The world's school (four parents) with eight more, a week of news published on Monday, and
    afterwards one parent blocked, one whose only child left, and one who switched news off."""
    world = build_world(s)
    clock.set(MONDAY)
    extra: list[Parent] = []
    with s.uow() as uow:
        for n in range(8):
            group = world.group1 if n % 2 else world.group2
            child = uow.children.add(
                Child(
                    school_id=world.school.id, group_id=group.id, roepnaam=f"Kind{n}",
                    achternaam="Extra", date_of_birth=dt.date(2019, 1, 1 + n),
                )
            )  # fmt: skip
            parent = uow.parents.add(
                Parent(
                    school_id=world.school.id, login_name=f"ouder{n}@example.nl",
                    contact_email=f"ouder{n}@example.nl", roepnaam="Ouder", achternaam=str(n),
                    state=ParentState.ACTIVE, created_at=MONDAY,
                )
            )  # fmt: skip
            uow.guardianships.add(Guardianship(world.school.id, parent.id, child.id))
            extra.append(parent)
        uow.commit()
    for title, groups in (("Kinderboekenmarkt", ()), ("Uitje van Groep 2", ("Groep 2",))):
        publishing.post_news(
            s.uow(), clock, s.links, s.richtext, school_id=world.school.id, title=title,
            body=f"<p>Tekst van {title}.</p>", group_names=groups,
        )  # fmt: skip
        clock.advance(dt.timedelta(hours=1))
    blocked, left, switched_off = extra[0], extra[1], extra[2]
    with s.uow() as uow:
        parent = uow.parents.get(world.school.id, blocked.id)
        assert parent is not None
        parent.state = ParentState.BLOCKED
        uow.parents.update(parent)
        [child] = uow.children.get_many(
            world.school.id, uow.guardianships.children_of(world.school.id, left.id)
        )
        child.archived = True
        uow.children.update(child)
        uow.commit()
    preferences.set_preferences(
        s.uow(),
        school_id=world.school.id,
        parent_id=switched_off.id,
        choices={MailCategory.NEWS: Delivery.OFF},
    )
    everyone = ["Kinderboekenmarkt"]
    group2 = ["Kinderboekenmarkt", "Uitje van Groep 2"]
    expected = {
        world.alice.login_name: everyone,
        world.dirk.login_name: everyone,
        world.bob.login_name: everyone,
        world.carla.login_name: group2,
    }
    for n, parent in enumerate(extra[3:], start=3):
        expected[parent.login_name] = everyone if n % 2 else group2
    return School(world, expected)


def digests(s: Services) -> list[OutboxEntry]:
    with s.uow() as uow:
        return [e for e in uow.outbox.list(limit=1000) if "Weekoverzicht" in e.mail.subject]


def run(s: Services) -> int:
    return run_digests(s.uow(), s.clock, s.links, lookups=s.areas.digest_lookups).mails


def test_a_school_with_more_parents_than_a_batch_gets_every_digest_once(
    services: Services, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = services
    school = school_of_twelve_parents(s, clock)
    monkeypatch.setattr(digest, "BATCH", 5)  # 12 parents with lines: batches of 5, 5 and 2
    clock.set(FRIDAY)
    assert run(s) == len(school.expected) == 9
    mails = digests(s)
    assert sorted(e.mail.to for e in mails) == sorted(school.expected)
    for entry in mails:
        titles = [t for t in ("Kinderboekenmarkt", "Uitje van Groep 2") if t in entry.mail.text]
        assert titles == school.expected[entry.mail.to], entry.mail.to
    assert run(s) == 0
    with s.uow() as uow:
        assert uow.digest_entries.pending(school.world.school.id) == []


def test_a_digest_that_fails_half_way_queues_nothing_and_the_rerun_sends_each_mail_once(
    services: Services, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = services
    school = school_of_twelve_parents(s, clock)
    monkeypatch.setattr(digest, "BATCH", 3)  # four batches
    calls: list[int] = []

    def crash_in_the_third_batch(self: object, entries: list[OutboxEntry]) -> None:
        calls.append(len(entries))
        if len(calls) == 3:
            raise ConnectionError("the database went away")
        original(self, entries)

    repository = MemoryOutboxRepository if s.engine is None else SqlOutboxRepository
    original = repository.add_many
    monkeypatch.setattr(repository, "add_many", crash_in_the_third_batch)
    clock.set(FRIDAY)
    with pytest.raises(ConnectionError):
        run(s)
    assert len(calls) == 3  # two batches were queued before the failure …
    assert digests(s) == []  # … and none of their mails is kept
    with s.uow() as uow:
        assert len(uow.digest_entries.pending(school.world.school.id)) == 17  # none marked
    monkeypatch.setattr(repository, "add_many", original)
    clock.advance(dt.timedelta(minutes=10))
    assert run(s) == 9
    assert sorted(e.mail.to for e in digests(s)) == sorted(school.expected)
    assert run(s) == 0
    assert len(digests(s)) == 9


def test_a_batch_of_parents_has_the_recipients_the_whole_school_has(
    services: Services, clock: FixedClock
) -> None:
    """viewers_of (a batch) agrees with guardians_of (the whole school): blocked parents and
    parents whose only child left are out, each parent's groups are those of their children."""
    s = services
    world = school_of_twelve_parents(s, clock).world
    with s.uow() as uow:
        everyone = guardians_of(uow, world.school.id, Audience.whole_school())
        ids = [p.id for p in uow.parents.list(world.school.id)] + [world.erik.id]
        assert len(ids) == 13
        assert viewers_of(uow, world.school.id, ids) == everyone
        assert len(everyone) == 10
        some = ids[::3]
        assert viewers_of(uow, world.school.id, some) == [
            (p, v) for p, v in everyone if p.id in some
        ]


def test_the_digest_mail_is_the_same_as_before_batching(
    services: Services, clock: FixedClock
) -> None:
    """Subject, text, HTML, the one-click unsubscribe headers and the lifetime of the mail
    to a parent in Groep 2, to the letter."""
    s = services
    school = school_of_twelve_parents(s, clock)
    clock.set(FRIDAY)
    run(s)
    world = school.world
    [carla] = [e for e in digests(s) if e.mail.to == world.carla.login_name]
    unsubscribe = s.links.unsubscribe(world.school.id, world.carla.id, WEEKMAIL)
    assert carla.mail.subject == EXPECTED_SUBJECT
    assert carla.mail.text == EXPECTED_TEXT
    assert carla.mail.html == EXPECTED_HTML
    assert carla.mail.category is MailCategory.NEWS
    assert carla.mail.headers == (
        ("List-Unsubscribe", f"<{unsubscribe}>"),
        ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
    )
    assert carla.created_at == carla.next_attempt_at == FRIDAY
    assert carla.expires_at == FRIDAY + lifetime(MailCategory.NEWS)


EXPECTED_SUBJECT = "Weekoverzicht van Kindcentrum De Borg – vrijdag 6 november"
EXPECTED_TEXT = (
    "Beste ouder/verzorger,\n"
    "\n"
    "Dit is het overzicht van wat er sinds de vorige weekmail nieuw is in het ouderportaal van "
    "Kindcentrum De Borg.\n"
    "\n"
    "Nieuws\n"
    "------\n"
    "* Kinderboekenmarkt\n"
    "  Tekst van Kinderboekenmarkt.\n"
    "  https://portaal.example.nl/nieuws/1\n"
    "* Uitje van Groep 2\n"
    "  Tekst van Uitje van Groep 2.\n"
    "  https://portaal.example.nl/nieuws/2\n"
    "\n"
    "Met vriendelijke groet,\n"
    "Kindcentrum De Borg\n"
    "\n"
    "U ontvangt deze e-mail omdat dit zo staat ingesteld bij Mijn account > Notificaties.\n"
    "Wilt u het anders? Pas het daar aan: https://portaal.example.nl/account/notificaties\n"
    "\n"
)
EXPECTED_HTML = (
    '<!doctype html><html lang="nl"><body style="font-family:Arial,sans-serif;'
    'line-height:1.5;color:#1d2a3a"><p>Beste ouder/verzorger,</p>\n'
    "<p>Dit is het overzicht van wat er sinds de vorige weekmail nieuw is in het ouderportaal "
    "van Kindcentrum De Borg.</p>\n"
    "<p>Nieuws<br>\n"
    "------<br>\n"
    "* Kinderboekenmarkt<br>\n"
    "  Tekst van Kinderboekenmarkt.<br>\n"
    '  <a href="https://portaal.example.nl/nieuws/1">https://portaal.example.nl/nieuws/1</a><br>\n'
    "* Uitje van Groep 2<br>\n"
    "  Tekst van Uitje van Groep 2.<br>\n"
    '  <a href="https://portaal.example.nl/nieuws/2">https://portaal.example.nl/nieuws/2</a></p>\n'
    "<p>Met vriendelijke groet,<br>\n"
    "Kindcentrum De Borg</p>\n"
    "<p>U ontvangt deze e-mail omdat dit zo staat ingesteld bij Mijn account &gt; "
    "Notificaties.<br>\n"
    'Wilt u het anders? Pas het daar aan: <a href="https://portaal.example.nl/account/'
    'notificaties">https://portaal.example.nl/account/notificaties</a></p></body></html>'
)
