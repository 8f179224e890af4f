"""One contract for every repository, run against the memory adapter, SQLite and PostgreSQL
(``any_uow_factory``): the fakes cannot drift from the database. Also pins down the unit of
work: nothing is kept without ``commit()``, mail in the outbox included."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

import attrs
import pytest

from deborg.domain.audit import AuditEntry
from deborg.domain.mail import (
    Attachment,
    MailCategory,
    OutboxEntry,
    OutboxStatus,
    OutgoingMail,
    lifetime,
)
from deborg.domain.model import (
    Address,
    Child,
    Group,
    Guardianship,
    Parent,
    ParentState,
    School,
    SchoolSettings,
    StaffMember,
    Weekday,
)
from deborg.domain.notifications.model import Delivery, DigestEntry, NotificationPreferences
from deborg.domain.sessions import WebSession
from deborg.domain.throttle import Attempt, ThrottledAction
from deborg.domain.tokens import AccountToken, TokenPurpose
from deborg.ports.uow import UnitOfWork

UowFactory = Callable[[], UnitOfWork]
T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


@attrs.frozen
class Two:
    """Two schools with a group each: for checking that nothing crosses schools."""

    a: School
    b: School
    group_a: Group
    group_b: Group


@pytest.fixture
def two(any_uow_factory: UowFactory) -> Two:
    with any_uow_factory() as uow:
        a = uow.schools.add(School(name="De Borg", code="99XX00", city="Assen"))
        b = uow.schools.add(School(name="De Esch", code="98YY11"))
        group_a = uow.groups.add(Group(school_id=a.id, name="Groep 1", year=1))
        group_b = uow.groups.add(Group(school_id=b.id, name="Groep A", year=1))
        uow.commit()
    return Two(a, b, group_a, group_b)


def _parent(school: School, login: str, **changes: object) -> Parent:
    return Parent(school_id=school.id, login_name=login, created_at=T0, **changes)  # type: ignore[arg-type]


def _child(two: Two, first: str, last: str, **changes: object) -> Child:
    values: dict[str, object] = {
        "school_id": two.a.id, "group_id": two.group_a.id, "roepnaam": first, "achternaam": last,
    }  # fmt: skip
    values.update(changes)
    return Child(**values)  # type: ignore[arg-type]


# --- schools --------------------------------------------------------------------------------


def test_schools_round_trip_with_their_settings(any_uow_factory: UowFactory) -> None:
    settings = SchoolSettings(
        digest_weekday=Weekday.THURSDAY,
        digest_time=dt.time(17, 30),
        uses_results=True,
        website_url="https://www.deborg.nl",
    )
    with any_uow_factory() as uow:
        added = uow.schools.add(
            School(name="De Borg", code="99XX00", timezone="Europe/Brussels", settings=settings)
        )
        assert added.id > 0
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.schools.get(added.id) == added
        assert uow.schools.get_by_code(" 99xx00 ") == added
        assert uow.schools.get_by_code("11AA11") is None
        assert uow.schools.get(added.id + 100) is None
        added.name, added.city = "Kindcentrum De Borg", "Assen"
        added.settings = attrs.evolve(settings, digest_weekday=Weekday.FRIDAY)
        uow.schools.update(added)
        other = uow.schools.add(School(name="De Esch", code="98YY11"))
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.schools.list() == [added, other]


# --- groups ---------------------------------------------------------------------------------


def test_groups_are_scoped_to_their_school(any_uow_factory: UowFactory, two: Two) -> None:
    with any_uow_factory() as uow:
        assert uow.groups.get(two.a.id, two.group_a.id) == two.group_a
        assert uow.groups.get(two.b.id, two.group_a.id) is None
        assert uow.groups.get_by_name(two.a.id, " groep 1 ") == two.group_a
        assert uow.groups.get_by_name(two.b.id, "Groep 1") is None
        assert uow.groups.list(two.b.id) == [two.group_b]


def test_groups_are_listed_by_year_then_name_and_can_be_updated(
    any_uow_factory: UowFactory, two: Two
) -> None:
    with any_uow_factory() as uow:
        g8 = uow.groups.add(Group(school_id=two.a.id, name="Groep 8", year=8))
        g2b = uow.groups.add(Group(school_id=two.a.id, name="Groep 2b", year=2))
        g2a = uow.groups.add(Group(school_id=two.a.id, name="groep 2a", year=2))
        extra = uow.groups.add(Group(school_id=two.a.id, name="Plusklas"))
        g8.description = "Eindtoets en musical."
        g8.name = "Groep 8 (oudste)"
        uow.groups.update(g8)
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.groups.list(two.a.id) == [extra, two.group_a, g2a, g2b, g8]
        assert uow.groups.get(two.a.id, g8.id) == g8


# --- children -------------------------------------------------------------------------------


def test_children_round_trip_and_stay_in_their_school(
    any_uow_factory: UowFactory, two: Two
) -> None:
    with any_uow_factory() as uow:
        anna = uow.children.add(
            _child(
                two, "Anna", "Dijk", tussenvoegsel="van", voorletters="A.M.",
                date_of_birth=dt.date(2019, 5, 17), pupil_number="1042",
                address=Address("Vaart", "12", "a", "9401 AB", "Assen"),
            )
        )  # fmt: skip
        eva = uow.children.add(
            Child(school_id=two.b.id, group_id=two.group_b.id, roepnaam="Eva", achternaam="Bos",
                  pupil_number="1042")
        )  # fmt: skip
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.children.get(two.a.id, anna.id) == anna
        assert uow.children.get(two.b.id, anna.id) is None
        assert uow.children.get_by_pupil_number(two.a.id, "1042") == anna
        assert uow.children.get_by_pupil_number(two.b.id, "1042") == eva
        assert uow.children.get_by_pupil_number(two.a.id, "9999") is None
        assert uow.children.get_many(two.b.id, [anna.id, eva.id]) == [eva]
        assert uow.children.get_many(two.a.id, []) == []
        assert uow.children.list(two.b.id) == [eva]


def test_children_are_sorted_by_surname_without_tussenvoegsel_and_archived_ones_hidden(
    any_uow_factory: UowFactory, two: Two
) -> None:
    with any_uow_factory() as uow:
        group2 = uow.groups.add(Group(school_id=two.a.id, name="Groep 2", year=2))
        bram = uow.children.add(_child(two, "Bram", "Vries", tussenvoegsel="de"))
        anna = uow.children.add(_child(two, "Anna", "Dijk", tussenvoegsel="van"))
        cees = uow.children.add(_child(two, "Cees", "Bakker", group_id=group2.id))
        old = uow.children.add(_child(two, "Oud", "Aalders"))
        old.archived = True
        uow.children.update(old)
        bram.roepnaam = "Bram Jan"
        uow.children.update(bram)
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.children.list(two.a.id) == [cees, anna, bram]
        assert uow.children.list(two.a.id, include_archived=True) == [old, cees, anna, bram]
        assert uow.children.list_for_group(two.a.id, two.group_a.id) == [anna, bram]
        assert uow.children.list_for_group(two.b.id, two.group_a.id) == []
        assert uow.children.get_many(two.a.id, [bram.id, anna.id, old.id]) == [old, anna, bram]


# --- parents --------------------------------------------------------------------------------


def test_parents_round_trip_with_every_field(any_uow_factory: UowFactory, two: Two) -> None:
    summer = dt.datetime(2026, 7, 1, 14, 30, tzinfo=ZoneInfo("Europe/Amsterdam"))
    with any_uow_factory() as uow:
        added = uow.parents.add(
            _parent(
                two.a, "sanne@example.nl", roepnaam="Sanne", achternaam="Berg",
                tussenvoegsel="van den", voorletters="S.", contact_email="s@elders.nl",
                address=Address("Vaart", "3", "bis", "9401 AB", "Assen"),
                password_hash="$argon2id$v=19$m=8,t=1,p=1$abc$def", state=ParentState.ACTIVE,
                read_only=True, security_stamp=3, activated_at=summer,
            )
        )  # fmt: skip
        uow.commit()
    with any_uow_factory() as uow:
        found = uow.parents.get(two.a.id, added.id)
        assert found == added
        assert found is not None
        assert found.activated_at == summer
        assert uow.parents.get(two.b.id, added.id) is None
        assert uow.parents.get_by_login("sanne@example.nl") == added
        assert uow.parents.get_by_login("niemand@example.nl") is None


def test_parents_are_listed_per_school_and_updated(any_uow_factory: UowFactory, two: Two) -> None:
    with any_uow_factory() as uow:
        p1 = uow.parents.add(_parent(two.a, "een@example.nl"))
        p2 = uow.parents.add(_parent(two.a, "twee@example.nl"))
        erik = uow.parents.add(_parent(two.b, "erik@example.nl"))
        uow.commit()
    with any_uow_factory() as uow:
        p1.login_name = "een@nieuw.nl"
        p1.state = ParentState.BLOCKED
        p1.password_hash = None
        p1.security_stamp += 1
        uow.parents.update(p1)
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.parents.list(two.a.id) == [p1, p2]
        assert uow.parents.list(two.b.id) == [erik]
        assert uow.parents.get_many(two.a.id, [p2.id, p1.id, erik.id]) == [p1, p2]
        assert uow.parents.get_many(two.a.id, []) == []
        assert uow.parents.get_by_login("een@example.nl") is None
        assert uow.parents.get_by_login("een@nieuw.nl") == p1


def test_a_login_name_exists_once_in_the_whole_deployment(
    any_uow_factory: UowFactory, two: Two
) -> None:
    with any_uow_factory() as uow:
        uow.parents.add(_parent(two.a, "dubbel@example.nl"))
        uow.commit()
    # Each adapter raises its own error; the domain checks first (LoginNameTaken).
    with any_uow_factory() as uow, pytest.raises(Exception):  # noqa: B017, PT011
        uow.parents.add(_parent(two.b, "dubbel@example.nl"))
    with any_uow_factory() as uow:
        assert len(uow.parents.list(two.b.id)) == 0


# --- guardianships --------------------------------------------------------------------------


def test_guardianships_link_parents_and_children_within_a_school(
    any_uow_factory: UowFactory, two: Two
) -> None:
    with any_uow_factory() as uow:
        alice = uow.parents.add(_parent(two.a, "alice@example.nl"))
        dirk = uow.parents.add(_parent(two.a, "dirk@example.nl"))
        anna = uow.children.add(_child(two, "Anna", "Jansen"))
        bram = uow.children.add(_child(two, "Bram", "Jansen"))
        links = [
            Guardianship(two.a.id, alice.id, anna.id),
            Guardianship(two.a.id, dirk.id, anna.id),
            Guardianship(two.a.id, alice.id, bram.id),
        ]
        for link in [*links, links[0]]:  # adding twice is harmless
            uow.guardianships.add(link)
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.guardianships.exists(links[0])
        assert not uow.guardianships.exists(Guardianship(two.a.id, dirk.id, bram.id))
        assert not uow.guardianships.exists(Guardianship(two.b.id, alice.id, anna.id))
        assert uow.guardianships.children_of(two.a.id, alice.id) == sorted([anna.id, bram.id])
        assert uow.guardianships.children_of(two.b.id, alice.id) == []
        assert uow.guardianships.parents_of(two.a.id, [anna.id, bram.id, 999]) == {
            anna.id: sorted([alice.id, dirk.id]),
            bram.id: [alice.id],
            999: [],
        }
        assert uow.guardianships.parents_of(two.b.id, [anna.id]) == {anna.id: []}
        uow.guardianships.remove(links[0])
        uow.guardianships.remove(Guardianship(two.a.id, dirk.id, bram.id))  # absent: no error
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.guardianships.children_of(two.a.id, alice.id) == [bram.id]
        assert uow.guardianships.parents_of(two.a.id, [anna.id]) == {anna.id: [dirk.id]}


# --- staff ----------------------------------------------------------------------------------


def test_staff_round_trip_with_their_groups(any_uow_factory: UowFactory, two: Two) -> None:
    with any_uow_factory() as uow:
        group2 = uow.groups.add(Group(school_id=two.a.id, name="Groep 2", year=2))
        wim = uow.staff.add(StaffMember(two.a.id, "meester Wim", "wim@deborg.nl"))
        anja = uow.staff.add(
            StaffMember(two.a.id, "Juf Anja", "anja@deborg.nl", (group2.id, two.group_a.id))
        )
        uow.staff.add(StaffMember(two.b.id, "Juf Els", "anja@deborg.nl"))
        uow.commit()
    with any_uow_factory() as uow:
        found = uow.staff.get(two.a.id, anja.id)
        assert found is not None
        assert set(found.group_ids) == {group2.id, two.group_a.id}
        assert uow.staff.get(two.b.id, anja.id) is None
        assert uow.staff.get_by_email(two.a.id, " Anja@DeBorg.nl") == found
        assert [s.name for s in uow.staff.list(two.a.id)] == ["Juf Anja", "meester Wim"]
        assert uow.staff.list(two.a.id)[1] == wim
        found.group_ids = (group2.id,)
        found.name = "Juf Anja de Vries"
        uow.staff.update(found)
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.staff.get(two.a.id, anja.id) == found


# --- tokens, sessions, attempts -------------------------------------------------------------


def test_tokens_are_found_by_their_hash_and_can_be_spent(
    any_uow_factory: UowFactory, two: Two
) -> None:
    with any_uow_factory() as uow:
        parent = uow.parents.add(_parent(two.a, "p@example.nl"))
        token = uow.tokens.add(
            AccountToken(
                school_id=two.a.id, parent_id=parent.id, purpose=TokenPurpose.PASSWORD_RESET,
                token_hash="ab" * 32, created_at=T0, expires_at=T0 + dt.timedelta(hours=2),
                security_stamp=4,
            )
        )  # fmt: skip
        assert token.id > 0
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.tokens.get_by_hash("ab" * 32) == token
        assert uow.tokens.get_by_hash("cd" * 32) is None
        token.used_at = T0 + dt.timedelta(minutes=5)
        uow.tokens.update(token)
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.tokens.get_by_hash("ab" * 32) == token


def test_sessions_are_kept_touched_and_ended(any_uow_factory: UowFactory, two: Two) -> None:
    with any_uow_factory() as uow:
        p = uow.parents.add(_parent(two.a, "p@example.nl"))
        q = uow.parents.add(_parent(two.a, "q@example.nl"))
        for name, owner in (("s1", p), ("s2", p), ("s3", p), ("s4", q)):
            uow.sessions.add(WebSession(name * 16, two.a.id, owner.id, T0, T0))
        uow.commit()
    with any_uow_factory() as uow:
        s1 = uow.sessions.get("s1" * 16)
        assert s1 == WebSession("s1" * 16, two.a.id, p.id, T0, T0)
        assert uow.sessions.get("nope") is None
        s1.last_seen_at = T0 + dt.timedelta(minutes=3)
        uow.sessions.update(s1)
        uow.sessions.delete("s2" * 16)
        uow.sessions.delete("nope")
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.sessions.get("s1" * 16) == s1
        assert uow.sessions.get("s2" * 16) is None
        assert uow.sessions.delete_for_parent(p.id, except_hash="s1" * 16) == 1
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.sessions.get("s1" * 16) is not None
        assert uow.sessions.get("s3" * 16) is None
        assert uow.sessions.delete_for_parent(p.id) == 1
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.sessions.get("s1" * 16) is None
        assert uow.sessions.get("s4" * 16) is not None


def test_the_account_security_fields_are_kept(any_uow_factory: UowFactory, two: Two) -> None:
    """A pending contact address, a mailed password's end, the last password change, what a
    token confirms, and a session's user agent survive the store (migration 0009)."""
    with any_uow_factory() as uow:
        parent = uow.parents.add(
            attrs.evolve(
                _parent(two.a, "p@example.nl"),
                pending_contact_email="nieuw@example.nl",
                mailed_password_expires_at=T0 + dt.timedelta(hours=2),
                password_changed_at=T0,
            )
        )
        token = uow.tokens.add(
            AccountToken(
                school_id=two.a.id, parent_id=parent.id, purpose=TokenPurpose.EMAIL_CONFIRMATION,
                token_hash="ef" * 32, created_at=T0, expires_at=T0 + dt.timedelta(days=2),
                security_stamp=0, target="nieuw@example.nl",
            )
        )  # fmt: skip
        uow.sessions.add(WebSession("u1" * 32, two.a.id, parent.id, T0, T0, "Firefox/133.0"))
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.parents.get(two.a.id, parent.id) == parent
        assert uow.tokens.get_by_hash("ef" * 32) == token
        session = uow.sessions.get("u1" * 32)
        assert session is not None
        assert session.user_agent == "Firefox/133.0"
        parent.pending_contact_email = ""
        parent.mailed_password_expires_at = None
        uow.parents.update(parent)
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.parents.get(two.a.id, parent.id) == parent


def test_a_parents_sessions_are_listed_last_seen_first(
    any_uow_factory: UowFactory, two: Two
) -> None:
    with any_uow_factory() as uow:
        p = uow.parents.add(_parent(two.a, "p@example.nl"))
        q = uow.parents.add(_parent(two.a, "q@example.nl"))
        for name, owner, minutes in (("a", p, 5), ("b", p, 20), ("c", q, 30), ("d", p, 10)):
            seen = T0 + dt.timedelta(minutes=minutes)
            uow.sessions.add(WebSession(name * 64, two.a.id, owner.id, T0, seen))
        uow.commit()
    with any_uow_factory() as uow:
        assert [s.session_hash[0] for s in uow.sessions.list_for_parent(p.id)] == ["b", "d", "a"]
        assert [s.session_hash[0] for s in uow.sessions.list_for_parent(q.id)] == ["c"]
        assert uow.sessions.list_for_parent(9999) == []


def test_attempts_are_counted_per_account_and_per_client_within_a_window(
    any_uow_factory: UowFactory,
) -> None:
    login, reset = ThrottledAction.LOGIN, ThrottledAction.PASSWORD_RESET
    with any_uow_factory() as uow:
        for minutes, account, client in ((0, "a", "1.1.1.1"), (10, "a", "2.2.2.2"),
                                         (20, "b", "1.1.1.1"), (30, "a", "1.1.1.1")):  # fmt: skip
            uow.attempts.add(Attempt(login, account, client, T0 + dt.timedelta(minutes=minutes)))
        uow.attempts.add(Attempt(reset, "a", "1.1.1.1", T0))
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.attempts.count_for_account(login, "a", T0) == 3
        assert uow.attempts.count_for_account(login, "a", T0 + dt.timedelta(minutes=10)) == 2
        assert uow.attempts.count_for_account(reset, "a", T0) == 1
        assert uow.attempts.count_for_client(login, "1.1.1.1", T0) == 3
        assert uow.attempts.count_for_client(login, "1.1.1.1", T0 + dt.timedelta(minutes=25)) == 1
        assert uow.attempts.count_for_client(login, "9.9.9.9", T0) == 0
        uow.attempts.clear_account(login, "a")
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.attempts.count_for_account(login, "a", T0) == 0
        assert uow.attempts.count_for_account(reset, "a", T0) == 1
        assert uow.attempts.count_for_client(login, "1.1.1.1", T0) == 1


# --- outbox and audit -----------------------------------------------------------------------


def _mail(to: str, **changes: object) -> OutgoingMail:
    values: dict[str, object] = {
        "to": to, "subject": "Onderwerp é", "text": "Tekst €", "html": "<p>Tekst €</p>",
        "category": MailCategory.ACCOUNT,
    }  # fmt: skip
    values.update(changes)
    return OutgoingMail(**values)  # type: ignore[arg-type]


def test_outbox_entries_round_trip_with_headers_and_attachments(
    any_uow_factory: UowFactory, two: Two
) -> None:
    ics = Attachment("gesprek.ics", "text/calendar; method=PUBLISH", b"BEGIN:VCALENDAR\r\n\x00\xff")
    mail = _mail(
        "a@example.nl",
        category=MailCategory.CONVERSATIONS,
        headers=(("List-Unsubscribe", "<https://x.nl/account/notificaties>"),),
        attachments=(ics,),
    )
    with any_uow_factory() as uow:
        entry = uow.outbox.add(OutboxEntry(two.a.id, mail, T0, T0))
        uow.commit()
    with any_uow_factory() as uow:
        found = uow.outbox.get(entry.id)
        assert found == entry
        assert found is not None
        assert found.mail.attachments[0].content == ics.content
        assert uow.outbox.get(entry.id + 1) is None


def test_many_outbox_entries_are_queued_at_once_and_read_back_alike(
    any_uow_factory: UowFactory, two: Two
) -> None:
    headers = (("List-Unsubscribe", "<https://x.nl/afmelden/abc>"),)
    entries = [
        OutboxEntry(
            two.a.id if n % 2 else two.b.id,
            _mail(f"ouder{n}@example.nl", category=MailCategory.NEWS, headers=headers),
            T0,
            T0,
            expires_at=T0 + dt.timedelta(days=3),
        )
        for n in range(3)
    ]
    with any_uow_factory() as uow:
        uow.outbox.add_many(entries)
        uow.outbox.add_many([])
        uow.commit()
    with any_uow_factory() as uow:
        stored = uow.outbox.select(statuses=[OutboxStatus.QUEUED])
        assert [attrs.evolve(e, id=0) for e in stored] == [attrs.evolve(e, id=0) for e in entries]
        assert len({e.id for e in stored}) == 3
        assert [e.id for e in uow.outbox.due(T0, 10)] == sorted(e.id for e in stored)
    with any_uow_factory() as uow:
        uow.outbox.add_many(entries)  # not committed: nothing is kept
    with any_uow_factory() as uow:
        assert len(uow.outbox.list()) == 3


def test_the_outbox_hands_out_what_is_due_oldest_first_and_lists_newest_first(
    any_uow_factory: UowFactory, two: Two
) -> None:
    with any_uow_factory() as uow:
        later = uow.outbox.add(
            OutboxEntry(two.a.id, _mail("later"), T0, T0 + dt.timedelta(hours=1))
        )
        first = uow.outbox.add(
            OutboxEntry(two.a.id, _mail("first"), T0, T0 - dt.timedelta(hours=1))
        )
        second = uow.outbox.add(OutboxEntry(two.b.id, _mail("second"), T0, T0))
        sent = uow.outbox.add(OutboxEntry(two.a.id, _mail("sent"), T0, T0))
        sent.delivered(T0)
        uow.outbox.update(sent)
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.outbox.due(T0, 10) == [first, second]
        assert uow.outbox.due(T0, 1) == [first]
        assert uow.outbox.due(T0 + dt.timedelta(hours=2), 10) == [first, second, later]
        assert uow.outbox.list() == [sent, second, first, later]
        assert uow.outbox.list(limit=2) == [sent, second]
        assert uow.outbox.list(status=OutboxStatus.SENT) == [sent]
        assert uow.outbox.list(status=OutboxStatus.FAILED) == []
        first.refused(T0, "451 busy", permanent=False)
        uow.outbox.update(first)
        later.expire()
        uow.outbox.update(later)
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.outbox.get(first.id) == first
        assert first.next_attempt_at == T0 + dt.timedelta(minutes=1)
        assert uow.outbox.due(T0, 10) == [second]
        failed = [OutboxStatus.FAILED]
        assert uow.outbox.select(statuses=failed) == [later]
        assert uow.outbox.select(statuses=[OutboxStatus.QUEUED]) == [first, second]
        assert uow.outbox.select(statuses=failed, created_since=T0 + dt.timedelta(hours=1)) == []
        later.requeue(T0 + dt.timedelta(days=5))
        uow.outbox.update(later)
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.outbox.get(later.id) == later
        assert later.expires_at == T0 + dt.timedelta(days=5) + lifetime(later.mail.category)


def test_what_is_finished_can_be_cleared_away(any_uow_factory: UowFactory, two: Two) -> None:
    """The deletes behind ``deborg purge``: each removes exactly what is past its moment."""
    hour = dt.timedelta(hours=1)
    with any_uow_factory() as uow:
        p = uow.parents.add(_parent(two.a, "p@example.nl"))
        sessions = (
            ("idle", T0 - 5 * hour, T0 - 2 * hour),
            ("old", T0 - 13 * hour, T0),
            ("live", T0 - hour, T0),
        )
        for name, created, seen in sessions:
            uow.sessions.add(WebSession(name * 16, two.a.id, p.id, created, seen))
        for hours in (3, 0):
            uow.attempts.add(Attempt(ThrottledAction.LOGIN, "p", "1.1.1.1", T0 - hours * hour))
        for name, expires in (("a", T0 - 2 * hour), ("b", T0 + hour)):
            uow.tokens.add(
                AccountToken(
                    school_id=two.a.id, parent_id=p.id, purpose=TokenPurpose.ACTIVATION,
                    token_hash=name * 64, created_at=T0 - 3 * hour, expires_at=expires,
                    security_stamp=0,
                )
            )  # fmt: skip
        sent_long_ago = uow.outbox.add(OutboxEntry(two.a.id, _mail("oud"), T0, T0))
        sent_long_ago.delivered(T0 - 2 * hour)
        uow.outbox.update(sent_long_ago)
        sent_now = uow.outbox.add(OutboxEntry(two.a.id, _mail("nu"), T0, T0))
        sent_now.delivered(T0)
        uow.outbox.update(sent_now)
        queued = uow.outbox.add(OutboxEntry(two.a.id, _mail("wacht"), T0 - 9 * hour, T0))
        for included in (T0 - 2 * hour, T0, None):
            uow.digest_entries.add(
                DigestEntry(
                    two.a.id,
                    p.id,
                    MailCategory.NEWS,
                    "Nieuws",
                    "",
                    "/nieuws",
                    T0 - 3 * hour,
                    included_at=included,
                )
            )
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.sessions.delete_dead(seen_before=T0 - hour, created_before=T0 - 12 * hour) == 2
        assert uow.attempts.delete_before(T0 - hour) == 1
        assert uow.tokens.delete_expired_before(T0 - hour) == 1
        assert uow.outbox.delete_sent_before(T0 - hour) == 1
        assert uow.digest_entries.delete_included_before(T0 - hour) == 1
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.sessions.get("idle" * 16) is None
        assert uow.sessions.get("old" * 16) is None
        assert uow.sessions.get("live" * 16) is not None
        assert uow.attempts.count_for_account(ThrottledAction.LOGIN, "p", T0 - 9 * hour) == 1
        assert uow.tokens.get_by_hash("a" * 64) is None
        assert uow.tokens.get_by_hash("b" * 64) is not None
        assert {e.mail.to for e in uow.outbox.list()} == {"nu", "wacht"}
        assert uow.outbox.get(queued.id) == queued
        assert len(uow.digest_entries.pending(two.a.id)) == 1
        assert uow.digest_entries.delete_included_before(T0 + hour) == 1


def test_the_audit_trail_is_listed_per_subject_within_a_school(
    any_uow_factory: UowFactory, two: Two
) -> None:
    entries = [
        AuditEntry(two.a.id, "parent:1", "child", 7, "postcode", "9401 AB", "9402 CD", T0),
        AuditEntry(two.a.id, "staff:2", "child", 7, "roepnaam", "Anna", "Anne", T0),
        AuditEntry(two.a.id, "parent:1", "child", 8, "postcode", "", "9402 CD", T0),
        AuditEntry(two.b.id, "parent:9", "child", 7, "postcode", "", "1234 AB", T0),
    ]
    with any_uow_factory() as uow:
        for entry in entries:
            uow.audit.add(entry)
        uow.commit()
    with any_uow_factory() as uow:
        found = uow.audit.list_for_subject(two.a.id, "child", 7)
        assert [attrs.evolve(e, id=0) for e in found] == entries[:2]
        assert found[0].id < found[1].id
        assert uow.audit.list_for_subject(two.a.id, "parent", 7) == []


# --- the unit of work -----------------------------------------------------------------------


def test_leaving_the_unit_of_work_without_commit_keeps_nothing(
    any_uow_factory: UowFactory, two: Two
) -> None:
    with any_uow_factory() as uow:
        uow.parents.add(_parent(two.a, "weg@example.nl"))
        uow.outbox.add(OutboxEntry(two.a.id, _mail("weg@example.nl"), T0, T0))
        uow.groups.add(Group(school_id=two.a.id, name="Groep 2"))
    with any_uow_factory() as uow:
        assert uow.parents.get_by_login("weg@example.nl") is None
        assert uow.outbox.list() == []
        assert uow.outbox.due(T0, 10) == []
        assert uow.groups.list(two.a.id) == [two.group_a]


def test_an_error_inside_the_unit_of_work_rolls_everything_back(
    any_uow_factory: UowFactory, two: Two
) -> None:
    def halfway() -> None:
        with any_uow_factory() as uow:
            uow.parents.add(_parent(two.a, "weg@example.nl"))
            uow.outbox.add(OutboxEntry(two.a.id, _mail("weg@example.nl"), T0, T0))
            raise RuntimeError("halfway")

    with pytest.raises(RuntimeError):
        halfway()
    with any_uow_factory() as uow:
        assert uow.parents.get_by_login("weg@example.nl") is None
        assert uow.outbox.list() == []


def test_only_what_was_committed_is_kept(any_uow_factory: UowFactory, two: Two) -> None:
    with any_uow_factory() as uow:
        uow.parents.add(_parent(two.a, "blijft@example.nl"))
        uow.commit()
        uow.parents.add(_parent(two.a, "weg@example.nl"))
        uow.outbox.add(OutboxEntry(two.a.id, _mail("weg@example.nl"), T0, T0))
    with any_uow_factory() as uow:
        assert [p.login_name for p in uow.parents.list(two.a.id)] == ["blijft@example.nl"]
        assert uow.outbox.list() == []


def test_a_unit_of_work_can_be_used_again_and_sees_other_commits(
    any_uow_factory: UowFactory, two: Two
) -> None:
    uow = any_uow_factory()
    with uow:
        uow.parents.add(_parent(two.a, "een@example.nl"))
        uow.commit()
    with any_uow_factory() as other:
        other.parents.add(_parent(two.a, "twee@example.nl"))
        other.commit()
    with uow:
        assert len(uow.parents.list(two.a.id)) == 2


def test_repositories_refuse_to_work_outside_the_unit_of_work(
    any_uow_factory: UowFactory, two: Two
) -> None:
    uow = any_uow_factory()
    with uow:
        repository = uow.parents
    with pytest.raises(Exception):  # noqa: B017, PT011 - each adapter has its own error
        repository.add(_parent(two.a, "buiten@example.nl"))
    with any_uow_factory() as check:
        assert check.parents.get_by_login("buiten@example.nl") is None


def test_the_digest_takes_the_pending_lines_of_a_range_of_parents_once(
    any_uow_factory: UowFactory, two: Two
) -> None:
    hour = dt.timedelta(hours=1)
    with any_uow_factory() as uow:
        p1, p2, p3 = uow.parents.add_many(
            [_parent(two.a, f"ouder{n}@example.nl") for n in range(3)]
        )
        other = uow.parents.add(_parent(two.b, "elders@example.nl"))

        def line(school: School, parent: Parent, title: str, at: dt.datetime) -> DigestEntry:
            return uow.digest_entries.add(
                DigestEntry(school.id, parent.id, MailCategory.NEWS, title, "", "/n", at)
            )

        late = line(two.a, p1, "later", T0 + hour)  # after the digest moment: waits
        first = line(two.a, p1, "eerste", T0 - 2 * hour)
        second = line(two.a, p2, "tweede", T0 - hour)
        newest = line(two.a, p1, "nieuwste", T0)
        third = line(two.a, p3, "derde", T0 - hour)
        line(two.b, other, "andere school", T0 - hour)
        uow.digest_entries.add(  # already in an earlier digest
            DigestEntry(two.a.id, p2.id, MailCategory.NEWS, "al verstuurd", "", "/n",
                        T0 - 3 * hour, included_at=T0 - 2 * hour)
        )  # fmt: skip
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.digest_entries.pending_parents(two.a.id, T0) == [p1.id, p2.id, p3.id]
        assert uow.digest_entries.pending_parents(two.a.id, T0 - 2 * hour) == [p1.id]
        taken = uow.digest_entries.take(two.a.id, (p1.id, p2.id), T0, T0 + 2 * hour)
        assert [e.title for e in taken] == ["eerste", "tweede", "nieuwste"]  # oldest first
        assert [e.id for e in taken] == [first.id, second.id, newest.id]
        assert taken[0] == attrs.evolve(first, included_at=T0 + 2 * hour)
        assert uow.digest_entries.take(two.a.id, (p1.id, p2.id), T0, T0 + 2 * hour) == []
        assert uow.digest_entries.pending_parents(two.a.id, T0) == [p3.id]
        uow.commit()
    with any_uow_factory() as uow:
        pending = uow.digest_entries.pending(two.a.id)
        assert [e.id for e in pending] == [third.id, late.id]
        assert uow.digest_entries.pending_parents(two.a.id, T0 + hour) == [p1.id, p3.id]
        # Not committed: the lines stay pending.
        assert [e.id for e in uow.digest_entries.take(two.a.id, (p3.id, p3.id), T0, T0)] == [
            third.id
        ]
    with any_uow_factory() as uow:
        assert [e.id for e in uow.digest_entries.pending(two.a.id)] == [third.id, late.id]
        assert len(uow.digest_entries.pending(two.b.id)) == 1


def test_preferences_are_read_for_some_parents_of_one_school(
    any_uow_factory: UowFactory, two: Two
) -> None:
    with any_uow_factory() as uow:
        p1, p2, p3 = uow.parents.add_many(
            [_parent(two.a, f"ouder{n}@example.nl") for n in range(3)]
        )
        for parent in (p1, p2):
            uow.notification_preferences.save(
                NotificationPreferences(two.a.id, parent.id, {MailCategory.NEWS: Delivery.OFF})
            )
        uow.commit()
    with any_uow_factory() as uow:
        found = uow.notification_preferences.get_many(two.a.id, [p2.id, p3.id])
        assert found == {
            p2.id: NotificationPreferences(two.a.id, p2.id, {MailCategory.NEWS: Delivery.OFF})
        }
        assert uow.notification_preferences.get_many(two.b.id, [p1.id, p2.id]) == {}
        assert uow.notification_preferences.get_many(two.a.id, []) == {}
