"""Contract tests: the content and notification repositories behave alike on memory,
SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from deborg.domain.content.audience import Viewer
from deborg.domain.content.listing import Search
from deborg.domain.content.model import (
    AgendaItem,
    Album,
    Audience,
    CalendarFeed,
    ContentKind,
    Document,
    Message,
    NewsItem,
    Photo,
    Reply,
    RichText,
)
from deborg.domain.mail import MailCategory
from deborg.domain.model import Group, Guardianship, Parent, School
from deborg.domain.notifications.model import (
    Delivery,
    DigestEntry,
    DigestState,
    NotificationPreferences,
)
from deborg.ports.uow import UnitOfWork

T0 = dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)


def _school(uow_factory: Callable[[], UnitOfWork]) -> tuple[int, int, int, int]:
    with uow_factory() as uow:
        school = uow.schools.add(School(name="De Borg", code="99XX00"))
        other = uow.schools.add(School(name="De Esch", code="98YY11"))
        group = uow.groups.add(Group(school_id=school.id, name="Groep 1"))
        parent = uow.parents.add(Parent(school_id=school.id, login_name="p@example.nl"))
        uow.commit()
    return school.id, other.id, group.id, parent.id


def test_published_items_round_trip_and_stay_in_their_school(
    any_uow_factory: Callable[[], UnitOfWork],
) -> None:
    school_id, other_id, group_id, parent_id = _school(any_uow_factory)
    with any_uow_factory() as uow:
        older = uow.news.add(NewsItem(school_id, "Oud", RichText("<p>a</p>", "a"), Audience(), T0))
        newer = uow.news.add(
            NewsItem(
                school_id,
                "Nieuw",
                RichText("<p>b</p>", "b"),
                Audience.groups({group_id}),
                T0 + dt.timedelta(hours=1),
            )
        )
        message = uow.messages.add(
            Message(school_id, "Spoed", RichText("x", "x"), Audience(), T0, urgent=True)
        )
        uow.replies.add(Reply(school_id, message.id, parent_id, "Goed", T0))
        uow.commit()
    with any_uow_factory() as uow:
        assert [n.title for n in uow.news.list(school_id)] == ["Nieuw", "Oud"]
        assert uow.news.get(school_id, newer.id) == newer
        assert uow.news.get(other_id, older.id) is None
        assert uow.news.list(other_id) == []
        assert uow.messages.get(school_id, message.id).urgent  # type: ignore[union-attr]
        assert [r.text for r in uow.replies.list_for_message(school_id, message.id)] == ["Goed"]
        assert uow.replies.list_for_message(other_id, message.id) == []
        assert [r.text for r in uow.replies.list_by_parent(school_id, parent_id)] == ["Goed"]
        assert uow.replies.list_by_parent(other_id, parent_id) == []


def test_agenda_lists_what_is_not_over_and_removes(
    any_uow_factory: Callable[[], UnitOfWork],
) -> None:
    school_id, other_id, _, _ = _school(any_uow_factory)

    def item(title: str, start: dt.datetime, *, all_day: bool = False) -> AgendaItem:
        return AgendaItem(
            school_id, title, RichText(), Audience(), start, None, T0, all_day=all_day
        )

    with any_uow_factory() as uow:
        past = uow.agenda.add(item("Voorbij", T0 - dt.timedelta(days=2)))
        today = uow.agenda.add(item("Vandaag", T0 - dt.timedelta(hours=9), all_day=True))
        later = uow.agenda.add(item("Later", T0 + dt.timedelta(days=3)))
        uow.commit()
    with any_uow_factory() as uow:
        assert [i.title for i in uow.agenda.list(school_id, ending_after=T0)] == [
            "Vandaag",
            "Later",
        ]
        assert len(uow.agenda.list(school_id)) == 3
        changed = uow.agenda.get(school_id, later.id)
        assert changed is not None
        changed.title = "Later (verplaatst)"
        changed.revision += 1
        uow.agenda.update(changed)
        uow.agenda.remove(other_id, past.id)  # another school's id: nothing happens
        uow.agenda.remove(school_id, today.id)
        uow.commit()
    with any_uow_factory() as uow:
        assert [(i.title, i.revision) for i in uow.agenda.list(school_id)] == [
            ("Voorbij", 0),
            ("Later (verplaatst)", 1),
        ]


def test_preferences_digest_entries_state_and_feeds(
    any_uow_factory: Callable[[], UnitOfWork],
) -> None:
    school_id, _, _, parent_id = _school(any_uow_factory)
    with any_uow_factory() as uow:
        assert uow.notification_preferences.get(school_id, parent_id) is None
        uow.notification_preferences.save(
            NotificationPreferences(school_id, parent_id, {MailCategory.NEWS: Delivery.OFF})
        )
        uow.notification_preferences.save(
            NotificationPreferences(school_id, parent_id, {MailCategory.NEWS: Delivery.DIRECT})
        )
        entry = uow.digest_entries.add(
            DigestEntry(school_id, parent_id, MailCategory.NEWS, "T", "S", "L", T0, "news", 3)
        )
        uow.digest_state.save(DigestState(school_id, T0))
        uow.calendar_feeds.save(CalendarFeed(school_id, parent_id, "a" * 64, T0))
        uow.calendar_feeds.save(CalendarFeed(school_id, parent_id, "b" * 64, T0))
        uow.commit()
    with any_uow_factory() as uow:
        stored = uow.notification_preferences.list_for_school(school_id)[parent_id]
        assert stored.delivery(MailCategory.NEWS) is Delivery.DIRECT
        assert [e.id for e in uow.digest_entries.pending(school_id)] == [entry.id]
        assert [
            e.id for e in uow.digest_entries.take(school_id, (parent_id, parent_id), T0, T0)
        ] == [entry.id]
        state = uow.digest_state.get_for_update(school_id)
        assert state == DigestState(school_id, T0)
        assert uow.calendar_feeds.get_by_hash("a" * 64) is None
        assert uow.calendar_feeds.get_by_hash("b" * 64) is not None
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.digest_entries.pending(school_id) == []


def test_guardianship_is_used_for_the_audience(any_uow_factory: Callable[[], UnitOfWork]) -> None:
    from deborg.domain.model import Child, ParentState
    from deborg.services.content.audience import guardians_of, viewer_for

    school_id, _, group_id, parent_id = _school(any_uow_factory)
    with any_uow_factory() as uow:
        other_group = uow.groups.add(Group(school_id=school_id, name="Groep 2"))
        child = uow.children.add(Child(school_id, group_id, "Anna", "Jansen"))
        uow.guardianships.add(Guardianship(school_id, parent_id, child.id))
        parent = uow.parents.get(school_id, parent_id)
        assert parent is not None
        parent.state = ParentState.ACTIVE
        uow.parents.update(parent)
        uow.commit()
    with any_uow_factory() as uow:
        assert viewer_for(uow, school_id, parent_id).group_ids == {group_id}
        reached = guardians_of(uow, school_id, Audience.groups({group_id}))
        assert [p.id for p, _ in reached] == [parent_id]
        assert guardians_of(uow, school_id, Audience.groups({other_group.id})) == []


def test_listed_pages_apply_the_audience_rule_and_the_search_in_the_query(
    any_uow_factory: Callable[[], UnitOfWork],
) -> None:
    """News, messages and documents: newest first, only what the viewer may see (school-wide,
    one of their groups; never another group's or another school's), what the search finds
    in title or text, from an offset; the count is of the same items."""
    school_id, other_id, group_id, _ = _school(any_uow_factory)
    with any_uow_factory() as uow:
        group2 = uow.groups.add(Group(school_id=school_id, name="Groep 2"))
        both = Audience.groups({group_id, group2.id})
        cases = [
            ("Sportdag", "Gymschoenen mee", Audience()),
            ("Turnen", "Gymschoenen voor groep 2", Audience.groups({group2.id})),
            ("Schoolreis", "Neem gymschoenen 100% zeker mee", both),
            ("Luizen", "Controle na de vakantie", Audience.groups({group_id})),
        ]
        for n, (title, text, audience) in enumerate(cases):
            at = T0 + dt.timedelta(hours=n)
            body = RichText(f"<p>{text}</p>", text)
            uow.news.add(NewsItem(school_id, title, body, audience, at))
            uow.messages.add(Message(school_id, title, body, audience, at))
            uow.documents.add(
                Document(school_id, title, text, audience, "a.pdf", "application/pdf", 1, "k", at)
            )
        uow.news.add(
            NewsItem(other_id, "Elders", RichText("gymschoenen", "gymschoenen"), Audience(), T0)
        )
        uow.commit()
    viewer = Viewer(school_id, 1, frozenset({group_id}))
    nobody = Viewer(school_id, 2, frozenset())
    everything, gym = Search(), Search.typed("GYMSCHOENEN")
    with any_uow_factory() as uow:
        for repository in (uow.news, uow.messages, uow.documents):

            def titles(v: Viewer, s: Search, offset: int = 0, limit: int = 10) -> list[str]:
                found = repository.listed(v, search=s, offset=offset, limit=limit)  # noqa: B023
                return [i.title for i in found]

            assert titles(viewer, everything) == ["Luizen", "Schoolreis", "Sportdag"]
            assert titles(viewer, everything, offset=1, limit=1) == ["Schoolreis"]
            assert titles(viewer, gym) == ["Schoolreis", "Sportdag"]
            assert titles(viewer, Search.typed("luizen vakantie")) == ["Luizen"]
            assert titles(viewer, Search.typed("100%")) == ["Schoolreis"]
            assert titles(viewer, Search.typed("'%")) == []
            assert titles(nobody, everything) == ["Sportdag"]
            assert repository.count_listed(viewer, search=gym) == 2
            assert repository.count_listed(nobody, search=everything) == 1


def test_unread_basis_reads_a_parents_header_in_one_go(
    any_uow_factory: Callable[[], UnitOfWork],
) -> None:
    """The basis of the unread counts and of Home: the same on every adapter, and per
    audience exactly the unread ones (ReadState.is_unread) of the newest ``window`` items."""
    from deborg.domain.content.model import ContentKind
    from deborg.domain.content.reads import ReadState
    from deborg.domain.model import Child
    from deborg.domain.profiles.model import ProfilePhoto, SubjectType

    school_id, other_id, group_id, parent_id = _school(any_uow_factory)
    body = RichText("<p>x</p>", "x")
    whole, own = Audience(), Audience.groups({group_id})
    with any_uow_factory() as uow:
        other_group = uow.groups.add(Group(school_id=school_id, name="Groep 2"))
        child = uow.children.add(Child(school_id, group_id, "Anna", "Jansen"))
        gone = uow.children.add(Child(school_id, other_group.id, "Bram", "Jansen", archived=True))
        for c in (child, gone):
            uow.guardianships.add(Guardianship(school_id, parent_id, c.id))
        news = [
            uow.news.add(
                NewsItem(
                    school_id,
                    f"N{n}",
                    RichText(f"<p>Nieuws {n}</p>", f"Nieuws {n}", f"Nieuws *{n}*"),
                    (whole, own)[n % 2],
                    T0 + dt.timedelta(hours=n),
                )
            )
            for n in range(6)
        ]
        uow.news.add(NewsItem(other_id, "Elders", body, whole, T0 + dt.timedelta(days=9)))
        messages = [
            uow.messages.add(
                Message(
                    school_id,
                    f"M{n}",
                    RichText(f"<p>Bericht {n}</p>", f"Bericht {n}"),
                    whole,
                    T0 + dt.timedelta(hours=n),
                    urgent=n >= 3,
                    allow_replies=n == 4,
                )
            )
            for n in range(5)
        ]
        uow.commit()
    with any_uow_factory() as uow:
        # "Alles gelezen" of the news up to N1, N4 opened, M0 opened
        uow.reads.mark_all_read(school_id, parent_id, ContentKind.NEWS, news[1].published_at)
        uow.reads.mark_read(school_id, parent_id, ContentKind.NEWS, news[4].id, T0)
        uow.reads.mark_read(school_id, parent_id, ContentKind.MESSAGE, messages[0].id, T0)
        uow.photos.save(
            ProfilePhoto(
                school_id, SubjectType.PARENT, parent_id, "k", "t", "image/jpeg", T0, parent_id
            )
        )
        uow.commit()
    with any_uow_factory() as uow:
        basis = uow.reads.basis(
            school_id, parent_id, window=5, newest=2, urgent_since=messages[4].published_at
        )
        plain = uow.reads.basis(school_id, parent_id, window=100)
        pairs = uow.children.of_parent(school_id, parent_id)

    assert basis.group_ids == {group_id}  # the archived child's group is not the parent's
    assert basis.has_photo
    assert plain.has_photo
    assert basis.state.all_read_until == {ContentKind.NEWS: news[1].published_at}
    # what the parent opened of the items held (M0 is not among them); the header alone
    # reads no read state at all: it grows with every item opened, the counts are in SQL
    assert basis.state.opened == {(ContentKind.NEWS, news[4].id): T0}
    assert plain.state == ReadState()
    # newest five news N5..N1: N1 read by the mark, N4 opened; N5 and N3 (own group), N2 whole
    assert {(k, a, n) for k, a, n in basis.unread if k is ContentKind.NEWS} == {
        (ContentKind.NEWS, own, 2),
        (ContentKind.NEWS, whole, 1),
    }
    # newest five messages M4..M0, M0 opened
    assert [(k, a, n) for k, a, n in basis.unread if k is ContentKind.MESSAGE] == [
        (ContentKind.MESSAGE, whole, 4)
    ]
    # the newest items and the spoedberichten whole, text included: Home reads them no more
    assert basis.news == (news[5], news[4])
    assert basis.messages == (messages[4], messages[3])
    assert basis.urgent == (messages[4],)
    assert plain.news == plain.messages == plain.urgent == ()
    assert [(c.id, g.id) for c, g in pairs] == [(child.id, group_id)]


def test_unread_basis_counts_a_bericht_with_an_unread_answer_on_every_adapter(
    any_uow_factory: Callable[[], UnitOfWork],
) -> None:
    """The basis applies ReadState.is_unread in full: a bericht the parent opened is unread
    again when the school answers their reply afterwards, until they open it again or mark
    all berichten read; another parent's answered reply changes nothing for her."""
    from deborg.domain.content.model import ContentKind

    school_id, _, _, parent_id = _school(any_uow_factory)
    body = RichText("<p>x</p>", "x")
    hour = dt.timedelta(hours=1)
    with any_uow_factory() as uow:
        other = uow.parents.add(Parent(school_id=school_id, login_name="q@example.nl"))
        asked, told = (
            uow.messages.add(Message(school_id, title, body, Audience(), T0))
            for title in ("Wie rijdt?", "Schoolreis")
        )
        uow.reads.mark_read(school_id, parent_id, ContentKind.MESSAGE, asked.id, T0 + hour)
        uow.reads.mark_read(school_id, parent_id, ContentKind.MESSAGE, told.id, T0 + hour)
        uow.replies.add(Reply(school_id, asked.id, parent_id, "Ik", T0 + hour, "Dank u!",
                              T0 + 2 * hour, None))  # fmt: skip
        uow.replies.add(Reply(school_id, told.id, other.id, "Wij", T0 + hour, "Fijn",
                              T0 + 2 * hour, None))  # fmt: skip
        uow.commit()

    def unread() -> tuple[int, dict[int, dt.datetime]]:
        with any_uow_factory() as uow:
            basis = uow.reads.basis(school_id, parent_id, window=10, newest=10)
        counted = sum(n for kind, _, n in basis.unread if kind is ContentKind.MESSAGE)
        return counted, dict(basis.state.answers)

    assert unread() == (1, {asked.id: T0 + 2 * hour})
    with any_uow_factory() as uow:
        uow.reads.mark_read(school_id, parent_id, ContentKind.MESSAGE, asked.id, T0 + 3 * hour)
        uow.commit()
    assert unread()[0] == 0


def test_albums_photos_and_documents_are_changed_and_removed_in_their_school(
    any_uow_factory: Callable[[], UnitOfWork],
) -> None:
    school_id, other_id, group_id, _ = _school(any_uow_factory)
    with any_uow_factory() as uow:
        album = uow.albums.add(Album(school_id, "Kamp", "", Audience(), T0))
        photos = [
            uow.album_photos.add(
                Photo(school_id, album.id, f"a/{n}.jpg", f"a/{n}-klein.jpg", "image/jpeg", 4, 3, T0)
            )
            for n in range(3)
        ]
        document = uow.documents.add(
            Document(school_id, "Gids", "", Audience(), "gids.pdf", "application/pdf", 9, "d/1", T0)
        )
        uow.commit()
    with any_uow_factory() as uow:
        uow.album_photos.remove(other_id, photos[0].id)  # another school's: nothing happens
        uow.album_photos.remove(school_id, photos[1].id)
        document.audience = Audience.groups({group_id})
        document.file_key = "d/2"
        uow.documents.update(document)
        uow.documents.remove(other_id, document.id)
        uow.commit()
    with any_uow_factory() as uow:
        assert [p.id for p in uow.album_photos.list_for_album(school_id, album.id)] == [
            photos[0].id,
            photos[2].id,
        ]
        found = uow.documents.get(school_id, document.id)
        assert found is not None
        assert (found.audience, found.file_key) == (Audience.groups({group_id}), "d/2")
        uow.albums.remove(other_id, album.id)
        uow.albums.remove(school_id, album.id)
        uow.documents.remove(school_id, document.id)
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.albums.get(school_id, album.id) is None
        assert uow.album_photos.list_for_album(school_id, album.id) == []
        assert uow.documents.list(school_id) == []


def test_content_recipients_are_kept_once_per_item(
    any_uow_factory: Callable[[], UnitOfWork],
) -> None:
    school_id, other_id, _, parent_id = _school(any_uow_factory)
    with any_uow_factory() as uow:
        uow.content_recipients.add(school_id, ContentKind.NEWS, 7, [parent_id, 41])
        uow.content_recipients.add(school_id, ContentKind.NEWS, 7, [parent_id, 42])
        uow.content_recipients.add(school_id, ContentKind.ALBUM, 7, [43])
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.content_recipients.list(school_id, ContentKind.NEWS, 7) == {parent_id, 41, 42}
        assert uow.content_recipients.list(other_id, ContentKind.NEWS, 7) == frozenset()
        uow.content_recipients.remove_item(school_id, ContentKind.NEWS, 7)
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.content_recipients.list(school_id, ContentKind.NEWS, 7) == frozenset()
        assert uow.content_recipients.list(school_id, ContentKind.ALBUM, 7) == {43}
