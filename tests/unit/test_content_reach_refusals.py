"""Albums, documents, the agenda list, the calendar feed and the notices: uploads that cannot
be stored are refused with their message and leave no file behind; a file that went missing
is "not found" rather than an error; a blocked account is told nothing and its feed is gone."""

from __future__ import annotations

import datetime as dt

import pytest

from deborg.adapters.memory import FixedClock, MemoryFileStore
from deborg.bootstrap import Services
from deborg.domain import dutch
from deborg.domain.content.model import Document, Photo
from deborg.domain.errors import InvalidInput, NotFound
from deborg.domain.mail import MailCategory
from deborg.domain.model import ParentState
from deborg.domain.notifications.model import Delivery
from deborg.services import directory
from deborg.services.content import feed, files, publishing, queries
from deborg.services.content.publishing import AgendaInput, Published
from deborg.services.notifications import preferences
from deborg.services.notifications.digest import run_digests
from deborg.services.stored_files import ServedFile
from tests import images
from tests.world import World, build_world

PDF = b"%PDF-1.7\n" + b"x" * 64 + b"\n%%EOF\n"
DAY = dt.date(2026, 11, 12)  # a Thursday; the clock stands at 2 November


@pytest.fixture
def world(memory_services: Services) -> World:
    return build_world(memory_services)


def stored_files(s: Services) -> list[str]:
    assert isinstance(s.files, MemoryFileStore)
    return sorted(s.files)


def add_document(s: Services, w: World, content: bytes, **kw: object) -> Document:
    fields: dict[str, object] = {
        "school_id": w.school.id,
        "title": "Schoolgids",
        "filename": "schoolgids.pdf",
        "content": content,
        "max_bytes": 1024 * 1024,
    }
    fields.update(kw)
    return files.add_document(s.uow(), s.clock, s.links, s.files, s.tokens, **fields).item  # type: ignore[arg-type]


# --- uploads ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "kw", "message", "field"),
    [
        (b"", {}, "Het bestand is leeg.", "file"),
        (PDF + b"x" * (1024 * 1024), {}, "Het bestand is te groot (hoogstens 1 MB).", "file"),
        (
            PDF,
            {"description": "x" * 2001},
            "De omschrijving is te lang (hoogstens 2000 tekens).",
            "description",
        ),
    ],
)
def test_a_document_that_cannot_be_kept_is_refused_and_leaves_nothing(
    memory_services: Services,
    world: World,
    content: bytes,
    kw: dict[str, object],
    message: str,
    field: str,
) -> None:
    s = memory_services
    with pytest.raises(InvalidInput) as refused:
        add_document(s, world, content, **kw)
    assert (refused.value.message, refused.value.field) == (message, field)
    assert stored_files(s) == []
    with s.uow() as uow:
        assert uow.documents.list(world.school.id) == []
        assert uow.digest_entries.pending(world.school.id) == []


def test_a_document_of_exactly_the_limit_is_kept(memory_services: Services, world: World) -> None:
    content = PDF + b"x" * (1024 * 1024 - len(PDF))
    document = add_document(memory_services, world, content, notify=False)
    assert document.size == 1024 * 1024


def test_an_album_description_over_2000_characters_is_refused(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    with pytest.raises(InvalidInput) as refused:
        files.create_album(
            s.uow(), s.clock, school_id=world.school.id, title="Kamp", description="x" * 2001
        )
    assert refused.value.message == "De omschrijving is te lang (hoogstens 2000 tekens)."
    with s.uow() as uow:
        assert uow.albums.list(world.school.id) == []


def add_photo(s: Services, school_id: int, album_id: int) -> Published[Photo]:
    return files.add_photo(
        s.uow(),
        s.clock,
        s.links,
        s.files,
        s.images,
        s.tokens,
        school_id=school_id,
        album_id=album_id,
        content=images.png(),
        filename="kamp.png",
    )


def test_photos_go_only_into_an_album_of_this_school(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    album = files.create_album(s.uow(), s.clock, school_id=world.school.id, title="Kamp")
    for school_id, album_id in ((world.other_school.id, album.id), (world.school.id, 9999)):
        with pytest.raises(NotFound) as refused:
            add_photo(s, school_id, album_id)
        assert refused.value.message == f"Geen album met id {album_id}."
    assert stored_files(s) == []
    with s.uow() as uow:
        assert uow.album_photos.list_for_album(world.school.id, album.id) == []


# --- files that went missing ------------------------------------------------------------------


def test_a_photo_whose_file_went_missing_is_not_found(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    album = files.create_album(s.uow(), s.clock, school_id=world.school.id, title="Kamp")
    photo = add_photo(s, world.school.id, album.id).item

    def fetch(thumbnail: bool) -> ServedFile:
        return files.photo_for_parent(
            s.uow(),
            s.files,
            school_id=world.school.id,
            parent_id=world.bob.id,
            album_id=album.id,
            photo_id=photo.id,
            thumbnail=thumbnail,
        )

    assert fetch(thumbnail=False).content_type == "image/png"
    s.files.delete(photo.file_key)
    with pytest.raises(NotFound):
        fetch(thumbnail=False)
    assert fetch(thumbnail=True).filename.endswith("-klein.png")


def test_a_document_whose_file_went_missing_is_not_found(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    document = add_document(s, world, PDF, notify=False)

    def fetch() -> bytes:
        return files.document_for_parent(
            s.uow(),
            s.files,
            school_id=world.school.id,
            parent_id=world.carla.id,
            document_id=document.id,
        ).content

    assert fetch() == PDF
    s.files.delete(document.file_key)
    with pytest.raises(NotFound):
        fetch()


def test_a_group_document_is_not_there_for_another_groups_parent(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    document = add_document(s, world, PDF, group_names=["Groep 2"], notify=False)
    for parent in (world.alice, world.bob):
        with pytest.raises(NotFound):
            files.document_for_parent(
                s.uow(),
                s.files,
                school_id=world.school.id,
                parent_id=parent.id,
                document_id=document.id,
            )
    with pytest.raises(NotFound):
        files.document_for_parent(
            s.uow(),
            s.files,
            school_id=world.other_school.id,
            parent_id=world.erik.id,
            document_id=document.id,
        )


# --- the agenda list --------------------------------------------------------------------------


def add_agenda(s: Services, w: World, data: AgendaInput, groups: tuple[str, ...] = ()) -> None:
    publishing.add_agenda_item(
        s.uow(),
        s.clock,
        s.links,
        s.richtext,
        school_id=w.school.id,
        data=data,
        group_names=groups,
        notify=False,
    )


def test_the_agenda_says_when_each_item_is_in_the_schools_time(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    add_agenda(s, world, AgendaInput("Studiedag", DAY))
    add_agenda(
        s,
        world,
        AgendaInput("Sinterklaas", DAY + dt.timedelta(days=1), end_day=DAY + dt.timedelta(days=2)),
    )
    add_agenda(
        s,
        world,
        AgendaInput(
            "Kamp",
            DAY + dt.timedelta(days=3),
            start_time=dt.time(9, 0),
            end_day=DAY + dt.timedelta(days=4),
            end_time=dt.time(14, 0),
        ),
        ("Groep 1",),
    )
    add_agenda(s, world, AgendaInput("Uitje", DAY, start_time=dt.time(10, 0)), ("Groep 2",))
    entries = queries.coming_agenda(
        s.uow(), school_id=world.school.id, parent_id=world.alice.id, now=s.clock.now()
    )
    assert [(e.item.title, e.weekday, e.when) for e in entries] == [
        ("Studiedag", "do", "hele dag"),
        ("Sinterklaas", "vr", "t/m zaterdag 14 november"),
        ("Kamp", "zo", "09.00 uur t/m maandag 16 november"),
    ]  # not Groep 2's Uitje
    carla = queries.coming_agenda(
        s.uow(), school_id=world.school.id, parent_id=world.carla.id, now=s.clock.now(), limit=10
    )
    assert [e.item.title for e in carla] == ["Studiedag", "Uitje", "Sinterklaas"]


def test_the_agenda_of_an_unknown_school_is_not_found(
    memory_services: Services, world: World
) -> None:
    with pytest.raises(NotFound):
        queries.coming_agenda(
            memory_services.uow(),
            school_id=9999,
            parent_id=world.alice.id,
            now=memory_services.clock.now(),
        )


# --- blocked and not yet active accounts ------------------------------------------------------


def block(s: Services, w: World, parent_id: int) -> None:
    with s.uow() as uow:
        parent = uow.parents.get(w.school.id, parent_id)
        assert parent is not None
        parent.state = ParentState.BLOCKED
        uow.parents.update(parent)
        uow.commit()


def test_a_blocked_accounts_calendar_feed_is_gone(memory_services: Services, world: World) -> None:
    s = memory_services
    token = feed.renew_feed(
        s.uow(), s.clock, s.tokens, school_id=world.school.id, parent_id=world.alice.id
    )
    calendar = feed.calendar_for_token(
        s.uow(), s.clock, token=token, sources=s.areas.calendar_sources
    )
    assert calendar.school.id == world.school.id
    block(s, world, world.alice.id)
    with pytest.raises(NotFound):
        feed.calendar_for_token(s.uow(), s.clock, token=token, sources=s.areas.calendar_sources)


def mailed_to(s: Services) -> list[str]:
    with s.uow() as uow:
        return sorted(e.mail.to for e in uow.outbox.list(limit=1000))


def test_a_blocked_account_gets_no_urgent_message_and_an_inactive_one_no_news(
    memory_services: Services, world: World
) -> None:
    """An urgent message reaches every guardian who is not blocked, activated or not; other
    notices only reach activated accounts."""
    s = memory_services
    block(s, world, world.bob.id)
    directory.add_parent(
        s.uow(),
        s.clock,
        emails=s.emails,
        school_id=world.school.id,
        data=directory.ParentInput("nina@example.nl", "Nina", "Jansen"),
        child_ids=(world.anna.id,),
    )
    urgent = publishing.post_message(
        s.uow(),
        s.clock,
        s.links,
        s.richtext,
        school_id=world.school.id,
        title="School dicht",
        body="Vanwege storm.",
        group_names=["Groep 1"],
        urgent=True,
    )
    assert urgent.mailed == 3
    assert mailed_to(s) == ["alice@example.nl", "dirk@example.nl", "nina@example.nl"]
    news = publishing.post_news(
        s.uow(),
        s.clock,
        s.links,
        s.richtext,
        school_id=world.school.id,
        title="Kerstviering",
        body="Welkom!",
        group_names=["Groep 1"],
    )
    assert (news.mailed, news.in_digest) == (0, 2)  # alice and dirk; not bob, not nina
    with s.uow() as uow:
        told = {e.parent_id for e in uow.digest_entries.pending(world.school.id)}
    assert told == {world.alice.id, world.dirk.id}


def test_a_parent_blocked_after_a_notice_was_kept_gets_no_digest(
    memory_services: Services, world: World, clock: FixedClock
) -> None:
    s = memory_services
    publishing.post_news(
        s.uow(),
        s.clock,
        s.links,
        s.richtext,
        school_id=world.school.id,
        title="Kerstviering",
        body="Welkom!",
        group_names=["Groep 1"],
    )
    block(s, world, world.bob.id)
    clock.set(dt.datetime(2026, 11, 6, 15, 0, tzinfo=dt.UTC))  # Friday 16.00 in Assen
    report = run_digests(s.uow(), s.clock, s.links, lookups=s.areas.digest_lookups)
    assert report.mails == 2
    assert mailed_to(s) == ["alice@example.nl", "dirk@example.nl"]
    with s.uow() as uow:
        text = next(
            e.mail.text for e in uow.outbox.list(limit=10) if e.mail.to == "alice@example.nl"
        )
    assert "Kerstviering" in text


@pytest.mark.parametrize(
    "category",
    [c for c in MailCategory if c not in preferences.CHOOSABLE],
)
def test_mails_that_cannot_be_switched_off_stay_on(
    memory_services: Services, world: World, category: MailCategory
) -> None:
    s = memory_services
    with pytest.raises(InvalidInput) as refused:
        preferences.set_preferences(
            s.uow(),
            school_id=world.school.id,
            parent_id=world.alice.id,
            choices={MailCategory.NEWS: Delivery.OFF, category: Delivery.OFF},
        )
    assert refused.value.message == "Deze e-mails kunt u niet uitschakelen."
    assert refused.value.field == category.value
    kept = preferences.get_preferences(s.uow(), school_id=world.school.id, parent_id=world.alice.id)
    assert kept.delivery(MailCategory.NEWS) is Delivery.DIGEST  # nothing of the form was saved
    assert kept.delivery(category) is Delivery.DIRECT


@pytest.mark.parametrize(
    "day",
    [
        dt.date(2026, 10, 25),  # winter time starts: a day of 25 hours
        dt.date(2027, 3, 28),  # summer time starts: a day of 23 hours
        dt.date(2026, 12, 4),  # an ordinary day
    ],
)
def test_an_all_day_item_leaves_the_agenda_at_midnight_school_time_whatever_the_days_length(
    memory_services: Services, world: World, day: dt.date
) -> None:
    s = memory_services
    add_agenda(s, world, AgendaInput("Herfstmarkt", day))
    midnight = dutch.to_utc(day + dt.timedelta(days=1), dt.time(0, 0), world.school.timezone)

    def coming(now: dt.datetime) -> list[str]:
        entries = queries.coming_agenda(
            s.uow(), school_id=world.school.id, parent_id=world.alice.id, now=now
        )
        return [e.item.title for e in entries]

    assert coming(midnight - dt.timedelta(minutes=1)) == ["Herfstmarkt"]  # 23.59 in Assen
    assert coming(midnight - dt.timedelta(minutes=61)) == ["Herfstmarkt"]  # 22.59
    assert coming(midnight) == []
