"""Staff change what they posted (issue #18): the audience of news, berichten, albums and
documents within their reach, albums' photos and documents' files, and withdrawals. Parents
who newly gain an item hear of it once, as of a new one; parents who lose it no longer see it
anywhere; withdrawn files leave the store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

import pytest

from deborg.adapters.memory import FixedClock, MemoryFileStore
from deborg.bootstrap import Services
from deborg.domain.content.model import Album, Document, NewsItem
from deborg.domain.errors import InvalidInput, NotFound
from deborg.domain.model import StaffMember, StaffRole, StaffState
from deborg.domain.notifications.model import Delivery
from deborg.domain.staff import GroupNotOwn, OutOfReach, SchoolWideNotAllowed
from deborg.services.content import files, publishing, queries
from deborg.services.notifications import preferences
from deborg.services.notifications.digest import run_digests
from deborg.services.stored_files import Discarded
from tests import images
from tests.world import World, build_world

PDF = b"%PDF-1.7\n" + b"x" * 64 + b"\n%%EOF\n"
AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def world(memory_services: Services) -> World:
    return build_world(memory_services)


def add_staff(s: Services, w: World, email: str, groups: Iterable[int] = (), **kw: object) -> int:
    with s.uow() as uow:
        member = uow.staff.add(
            StaffMember(
                school_id=w.school.id,
                name=email,
                email=email,
                group_ids=tuple(groups),
                state=StaffState.ACTIVE,
                **kw,  # type: ignore[arg-type]
            )
        )
        uow.commit()
    return member.id


def mails_to(s: Services, address: str) -> list[str]:
    """The subjects of the mails queued for ``address``."""
    with s.uow() as uow:
        return [e.mail.subject for e in uow.outbox.list(limit=10_000) if e.mail.to == address]


def choose(s: Services, w: World, parent_id: int, delivery: Delivery) -> None:
    preferences.set_preferences(
        s.uow(),
        school_id=w.school.id,
        parent_id=parent_id,
        choices=dict.fromkeys(preferences.CHOOSABLE, delivery),
    )


def post_news(s: Services, w: World, *groups: str, staff_id: int | None = None) -> NewsItem:
    return publishing.post_news(
        s.uow(),
        s.clock,
        s.links,
        s.richtext,
        school_id=w.school.id,
        title="Schoolreis",
        body="We gaan naar de dierentuin.",
        group_names=groups,
        staff_id=staff_id,
    ).item


def move_news(
    s: Services, w: World, item: NewsItem, groups: Iterable[str], staff_id: int | None = None
) -> publishing.AudienceMove | None:
    return publishing.change_news(
        s.uow(),
        s.clock,
        s.links,
        s.richtext,
        school_id=w.school.id,
        item_id=item.id,
        title=item.title,
        body=item.body.editable,
        group_names=list(groups),
        staff_id=staff_id,
    ).audience


def news_titles(s: Services, w: World, parent_id: int) -> list[str]:
    shown = queries.list_page(
        s.uow(), queries.NEWS, school_id=w.school.id, parent_id=parent_id
    ).items
    return [n.title for n in shown]


# --- news and berichten -----------------------------------------------------------------------


def test_a_parent_who_gains_a_news_item_is_told_once_and_one_who_loses_it_no_longer_sees_it(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    choose(s, world, world.carla.id, Delivery.DIRECT)
    choose(s, world, world.alice.id, Delivery.DIRECT)
    item = post_news(s, world, "Groep 1")
    assert mails_to(s, world.alice.login_name) == ["Nieuws: Schoolreis"]
    assert mails_to(s, world.carla.login_name) == []

    move = move_news(s, world, item, ["Groep 1", "Groep 2"])
    assert move == publishing.AudienceMove(gained=1, lost=0, mailed=1, in_digest=0)
    assert mails_to(s, world.carla.login_name) == ["Nieuws: Schoolreis"]
    assert mails_to(s, world.alice.login_name) == ["Nieuws: Schoolreis"]  # not again
    assert news_titles(s, world, world.carla.id) == ["Schoolreis"]

    move = move_news(s, world, item, ["Groep 2"])
    assert move is not None
    assert (move.gained, move.lost, move.mailed) == (0, 3, 0)
    assert news_titles(s, world, world.alice.id) == []
    with pytest.raises(NotFound):
        queries.news_item_for_parent(
            s.uow(), school_id=world.school.id, parent_id=world.alice.id, item_id=item.id
        )

    # Back and forth: whoever had it, or was told, is never told again.
    move_news(s, world, item, ["Groep 1"])
    move_news(s, world, item, ["Groep 1", "Groep 2"])
    assert mails_to(s, world.carla.login_name) == ["Nieuws: Schoolreis"]
    assert mails_to(s, world.alice.login_name) == ["Nieuws: Schoolreis"]
    assert news_titles(s, world, world.alice.id) == ["Schoolreis"]


def test_the_same_groups_again_change_nothing_and_tell_nobody(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    choose(s, world, world.carla.id, Delivery.DIRECT)
    item = post_news(s, world, "Groep 2")
    assert move_news(s, world, item, ["Groep 2"]) is None
    assert mails_to(s, world.carla.login_name) == ["Nieuws: Schoolreis"]


def test_a_gained_item_goes_in_the_digest_of_a_parent_who_chose_the_weekmail_and_a_lost_one_out(
    memory_services: Services, world: World, clock: FixedClock
) -> None:
    s = memory_services
    clock.set(dt.datetime(2026, 11, 2, 9, tzinfo=AMS).astimezone(dt.UTC))  # Monday
    item = post_news(s, world, "Groep 2")  # carla's digest line waits
    move = move_news(s, world, item, ["Groep 1"])
    assert move is not None
    assert (move.mailed, move.in_digest) == (0, 3)  # alice, dirk, bob: the weekmail default
    clock.set(dt.datetime(2026, 11, 6, 16, tzinfo=AMS).astimezone(dt.UTC))  # Friday 16:00
    run_digests(s.uow(), s.clock, s.links, lookups=s.areas.digest_lookups)
    with s.uow() as uow:
        digests = {e.mail.to: e.mail.text for e in uow.outbox.list(limit=100)}
    assert "Schoolreis" in digests[world.alice.login_name]
    assert world.carla.login_name not in digests  # her only line was about the lost item


def test_a_spoedbericht_reaches_the_parents_who_gain_it_at_once_whatever_they_chose(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    choose(s, world, world.carla.id, Delivery.OFF)
    message = publishing.post_message(
        s.uow(),
        s.clock,
        s.links,
        s.richtext,
        school_id=world.school.id,
        title="School dicht",
        body="Door een storing is de school morgen dicht.",
        group_names=["Groep 1"],
        urgent=True,
    ).item
    edited = publishing.change_message(
        s.uow(),
        s.clock,
        s.links,
        s.richtext,
        school_id=world.school.id,
        message_id=message.id,
        title=message.title,
        body=message.body.editable,
        group_names=[],
    )
    assert edited.audience is not None
    assert edited.audience.mailed == 1
    assert mails_to(s, world.carla.login_name) == ["Spoedbericht: School dicht"]
    assert mails_to(s, world.alice.login_name) == ["Spoedbericht: School dicht"]


def test_a_leerkracht_moves_an_item_only_within_her_reach_and_a_refusal_changes_nothing(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    anja = add_staff(s, world, "juf@deborg.nl", [world.group1.id])
    bas = add_staff(s, world, "bas@deborg.nl", [world.group2.id])
    beheerder = add_staff(s, world, "wendy@deborg.nl", role=StaffRole.BEHEERDER)
    own = post_news(s, world, "Groep 1", staff_id=anja)
    other = post_news(s, world, "Groep 2", staff_id=bas)

    with pytest.raises(GroupNotOwn) as refused:
        move_news(s, world, own, ["Groep 2"], staff_id=anja)
    assert refused.value.message == (
        "U kunt alleen plaatsen voor uw eigen groepen; Groep 2 is dat niet."
    )
    with pytest.raises(SchoolWideNotAllowed):
        move_news(s, world, own, [], staff_id=anja)
    with pytest.raises(OutOfReach):  # a 404 on the portal
        move_news(s, world, other, ["Groep 2"], staff_id=anja)
    assert news_titles(s, world, world.carla.id) == ["Schoolreis"]  # only bas's item
    assert news_titles(s, world, world.alice.id) == ["Schoolreis"]  # only anja's item

    move = move_news(s, world, other, ["Groep 1", "Groep 2"], staff_id=beheerder)
    assert move is not None
    assert move.gained == 3


def test_an_audience_beyond_her_groups_is_kept_on_an_edit_without_the_right_to_post_there(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    bas = add_staff(s, world, "bas@deborg.nl", [world.group2.id])
    item = publishing.post_news(
        s.uow(), s.clock, s.links, s.richtext, school_id=world.school.id, title="Schoolreis",
        body="We gaan naar de dierentuin.", group_names=["Groep 1", "Groep 2"],
        author_email="bas@deborg.nl",
    ).item  # fmt: skip
    assert move_news(s, world, item, ["Groep 2", "Groep 1"], staff_id=bas) is None
    with pytest.raises(GroupNotOwn):
        move_news(s, world, item, ["Groep 1"], staff_id=bas)
    move = move_news(s, world, item, ["Groep 2"], staff_id=bas)  # narrowing to his own group
    assert move is not None
    assert (move.gained, move.lost) == (0, 3)


# --- albums ----------------------------------------------------------------------------------


def add_photo(s: Services, w: World, album: Album, staff_id: int | None = None) -> int:
    return files.add_photo(
        s.uow(),
        s.clock,
        s.links,
        s.files,
        s.images,
        s.tokens,
        school_id=w.school.id,
        album_id=album.id,
        content=images.png(),
        filename="kamp.png",
        staff_id=staff_id,
    ).item.id


def stored(s: Services) -> list[str]:
    assert isinstance(s.files, MemoryFileStore)
    return sorted(s.files)


def test_an_album_moved_before_its_first_photo_tells_only_its_new_audience_with_that_photo(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    choose(s, world, world.carla.id, Delivery.DIRECT)
    choose(s, world, world.alice.id, Delivery.DIRECT)
    album = files.create_album(
        s.uow(), s.clock, school_id=world.school.id, title="Kamp", group_names=["Groep 1"]
    )
    edited = files.change_album(
        s.uow(), s.clock, s.links, school_id=world.school.id, album_id=album.id,
        group_names=["Groep 2"],
    )  # fmt: skip
    assert edited.audience == publishing.AudienceMove(gained=1, lost=3)
    assert edited.item.title == "Kamp"  # kept
    add_photo(s, world, album)
    assert mails_to(s, world.carla.login_name) == ["Nieuw fotoalbum: Kamp"]
    assert mails_to(s, world.alice.login_name) == []


def test_removing_photos_and_adding_them_again_announces_the_album_once(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    choose(s, world, world.carla.id, Delivery.DIRECT)
    album = files.create_album(
        s.uow(), s.clock, school_id=world.school.id, title="Kamp", group_names=["Groep 2"]
    )
    first, second = add_photo(s, world, album), add_photo(s, world, album)
    assert len(stored(s)) == 4  # each photo and its thumbnail

    removed = files.remove_photo(
        s.uow(), s.files, school_id=world.school.id, album_id=album.id, photo_id=first
    )
    assert removed.files == Discarded(removed=2)
    assert len(stored(s)) == 2
    page = files.album_for_parent(
        s.uow(), school_id=world.school.id, parent_id=world.carla.id, album_id=album.id
    )
    assert [p.id for p in page.photos] == [second]
    assert (page.album.photo_count, page.album.cover_photo_id) == (1, second)
    with pytest.raises(NotFound):
        files.photo_for_parent(
            s.uow(), s.files, school_id=world.school.id, parent_id=world.carla.id,
            album_id=album.id, photo_id=first,
        )  # fmt: skip

    files.remove_photo(
        s.uow(), s.files, school_id=world.school.id, album_id=album.id, photo_id=second
    )
    assert (
        files.albums_for_parent(s.uow(), school_id=world.school.id, parent_id=world.carla.id) == []
    )
    add_photo(s, world, album)
    assert mails_to(s, world.carla.login_name) == ["Nieuw fotoalbum: Kamp"]


def test_a_withdrawn_album_is_gone_for_parents_with_its_files(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    album = files.create_album(s.uow(), s.clock, school_id=world.school.id, title="Kamp")
    photo = add_photo(s, world, album)
    withdrawn = files.withdraw_album(s.uow(), s.files, school_id=world.school.id, album_id=album.id)
    assert withdrawn.files == Discarded(removed=2)
    assert stored(s) == []
    assert files.albums_for_parent(s.uow(), school_id=world.school.id, parent_id=world.bob.id) == []
    for fetch in (
        lambda: files.album_for_parent(
            s.uow(), school_id=world.school.id, parent_id=world.bob.id, album_id=album.id
        ),
        lambda: files.photo_for_parent(
            s.uow(),
            s.files,
            school_id=world.school.id,
            parent_id=world.bob.id,
            album_id=album.id,
            photo_id=photo,
        ),
    ):
        with pytest.raises(NotFound):
            fetch()


def test_a_leerkracht_edits_only_albums_within_her_reach(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    anja = add_staff(s, world, "juf@deborg.nl", [world.group1.id])
    album = files.create_album(
        s.uow(), s.clock, school_id=world.school.id, title="Kamp", group_names=["Groep 2"]
    )
    photo = add_photo(s, world, album)
    attempts = (
        lambda: files.change_album(
            s.uow(), s.clock, s.links, school_id=world.school.id, album_id=album.id,
            title="Van mij", staff_id=anja,
        ),
        lambda: files.remove_photo(
            s.uow(), s.files, school_id=world.school.id, album_id=album.id, photo_id=photo,
            staff_id=anja,
        ),
        lambda: files.withdraw_album(
            s.uow(), s.files, school_id=world.school.id, album_id=album.id, staff_id=anja
        ),
        lambda: files.photo_for_staff(
            s.uow(), s.files, school_id=world.school.id, album_id=album.id, photo_id=photo,
            staff_id=anja,
        ),
    )  # fmt: skip
    for attempt in attempts:
        with pytest.raises(OutOfReach):
            attempt()
    own = files.create_album(
        s.uow(), s.clock, school_id=world.school.id, title="Juf", group_names=["Groep 1"],
        staff_id=anja,
    )  # fmt: skip
    with pytest.raises(GroupNotOwn):
        files.change_album(
            s.uow(), s.clock, s.links, school_id=world.school.id, album_id=own.id,
            group_names=["Groep 2"], staff_id=anja,
        )  # fmt: skip
    assert len(stored(s)) == 2
    with s.uow() as uow:
        kept = uow.albums.get(world.school.id, album.id)
    assert kept is not None
    assert (kept.title, kept.photo_count) == ("Kamp", 1)


class RefusingStore(MemoryFileStore):
    """An object store that is out of reach for deletes."""

    def delete(self, key: str) -> None:
        raise OSError("opslag niet bereikbaar")


def test_a_withdrawal_the_store_cannot_follow_is_done_and_says_which_files_stayed(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    album = files.create_album(s.uow(), s.clock, school_id=world.school.id, title="Kamp")
    add_photo(s, world, album)
    refusing = RefusingStore()
    assert isinstance(s.files, MemoryFileStore)
    for key in s.files:
        refusing.put(key, s.files.get(key))
    withdrawn = files.withdraw_album(
        s.uow(), refusing, school_id=world.school.id, album_id=album.id
    )
    assert withdrawn.files.removed == 0
    assert [reason for _, reason in withdrawn.files.kept] == ["opslag niet bereikbaar"] * 2
    with s.uow() as uow:
        assert uow.albums.get(world.school.id, album.id) is None


# --- documents -------------------------------------------------------------------------------


def add_document(s: Services, w: World, *groups: str) -> Document:
    return files.add_document(
        s.uow(), s.clock, s.links, s.files, s.tokens, school_id=w.school.id,
        title="Schoolgids", filename="schoolgids.pdf", content=PDF, max_bytes=1024 * 1024,
        group_names=groups,
    ).item  # fmt: skip


def download(s: Services, w: World, parent_id: int, document_id: int) -> bytes:
    return files.document_for_parent(
        s.uow(), s.files, school_id=w.school.id, parent_id=parent_id, document_id=document_id
    ).content


def test_a_document_gets_a_new_file_and_audience_and_the_old_file_leaves_the_store(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    choose(s, world, world.carla.id, Delivery.DIRECT)
    document = add_document(s, world, "Groep 1")
    new_pdf = PDF.replace(b"x", b"y")
    replaced = files.replace_document_file(
        s.uow(), s.files, s.tokens, school_id=world.school.id, document_id=document.id,
        filename="schoolgids 2027.pdf", content=new_pdf, max_bytes=1024 * 1024,
    )  # fmt: skip
    assert replaced.files == Discarded(removed=1)
    assert stored(s) == [replaced.item.file_key]
    assert download(s, world, world.alice.id, document.id) == new_pdf
    assert mails_to(s, world.alice.login_name) == []  # the new file is not news

    edited = files.change_document(
        s.uow(), s.clock, s.links, school_id=world.school.id, document_id=document.id,
        title="Schoolgids 2027", group_names=["Groep 2"],
    )  # fmt: skip
    assert edited.audience is not None
    assert (edited.audience.gained, edited.audience.lost, edited.audience.mailed) == (1, 3, 1)
    assert mails_to(s, world.carla.login_name) == ["Nieuw document: Schoolgids 2027"]
    assert download(s, world, world.carla.id, document.id) == new_pdf
    with pytest.raises(NotFound):
        download(s, world, world.alice.id, document.id)


def test_a_refused_file_leaves_the_document_as_it_was(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    document = add_document(s, world)
    with pytest.raises(InvalidInput) as refused:
        files.replace_document_file(
            s.uow(), s.files, s.tokens, school_id=world.school.id, document_id=document.id,
            filename="leeg.pdf", content=b"", max_bytes=1024 * 1024,
        )  # fmt: skip
    assert refused.value.message == "Het bestand is leeg."
    assert stored(s) == [document.file_key]
    assert download(s, world, world.bob.id, document.id) == PDF


def test_a_withdrawn_document_is_gone_for_parents_with_its_file(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    anja = add_staff(s, world, "juf@deborg.nl", [world.group1.id])
    document = add_document(s, world, "Groep 2")
    with pytest.raises(OutOfReach):
        files.withdraw_document(
            s.uow(), s.files, school_id=world.school.id, document_id=document.id, staff_id=anja
        )
    assert download(s, world, world.carla.id, document.id) == PDF
    files.withdraw_document(s.uow(), s.files, school_id=world.school.id, document_id=document.id)
    assert stored(s) == []
    listed = queries.list_page(
        s.uow(), queries.DOCUMENTS, school_id=world.school.id, parent_id=world.carla.id
    )
    assert listed.items == ()
    with pytest.raises(NotFound):
        download(s, world, world.carla.id, document.id)
