"""The staff portal's repositories and the new methods it needs, on memory, SQLite and
PostgreSQL (``any_uow_factory``): staff accounts with role, state and password, staff
sessions and activation links, answers to replies, editing and withdrawing news and messages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import attrs

from deborg.domain.content.model import Audience, Message, NewsItem, Reply, RichText
from deborg.domain.model import (
    Child,
    Group,
    Guardianship,
    Parent,
    School,
    StaffMember,
    StaffRole,
    StaffState,
)
from deborg.domain.staff import StaffSession, StaffToken, StaffTokenPurpose
from deborg.ports.uow import UnitOfWork

UowFactory = Callable[[], UnitOfWork]
T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


@attrs.frozen
class Setting:
    school: School
    other: School
    group: Group
    staff: StaffMember
    parent: Parent


def setting(uow_factory: UowFactory) -> Setting:
    with uow_factory() as uow:
        school = uow.schools.add(School(name="De Borg", code="99XX00"))
        other = uow.schools.add(School(name="De Esch", code="98YY11"))
        group = uow.groups.add(Group(school_id=school.id, name="Groep 1"))
        staff = uow.staff.add(
            StaffMember(
                school_id=school.id,
                name="Juf Anja",
                email="anja@deborg.nl",
                group_ids=(group.id,),
                role=StaffRole.BEHEERDER,
                state=StaffState.ACTIVE,
                password_hash="hash",
                security_stamp=3,
                activated_at=T0,
            )
        )
        parent = uow.parents.add(Parent(school_id=school.id, login_name="alice@example.nl"))
        child = uow.children.add(
            Child(school_id=school.id, group_id=group.id, roepnaam="Anna", achternaam="J")
        )
        uow.guardianships.add(Guardianship(school.id, parent.id, child.id))
        uow.commit()
    return Setting(school, other, group, staff, parent)


def test_staff_accounts_round_trip_and_are_found_by_login_in_any_school(
    any_uow_factory: UowFactory,
) -> None:
    s = setting(any_uow_factory)
    with any_uow_factory() as uow:
        assert uow.staff.get(s.school.id, s.staff.id) == s.staff
        assert uow.staff.get_by_login(" ANJA@deborg.nl") == s.staff
        assert uow.staff.get_by_login("bas@deborg.nl") is None
        assert uow.staff.get(s.other.id, s.staff.id) is None
        changed = attrs.evolve(s.staff, state=StaffState.REMOVED, group_ids=(), password_hash=None)
        uow.staff.update(changed)
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.staff.get(s.school.id, s.staff.id) == changed
        assert uow.staff.list(s.school.id) == [changed]


def test_staff_sessions_are_kept_by_digest_touched_and_ended(any_uow_factory: UowFactory) -> None:
    s = setting(any_uow_factory)
    session = StaffSession("a" * 64, s.school.id, s.staff.id, T0, T0)
    with any_uow_factory() as uow:
        uow.staff_sessions.add(session)
        uow.staff_sessions.add(StaffSession("b" * 64, s.school.id, s.staff.id, T0, T0))
        uow.commit()
    later = attrs.evolve(session, last_seen_at=T0 + dt.timedelta(minutes=5))
    with any_uow_factory() as uow:
        assert uow.staff_sessions.get("a" * 64) == session
        uow.staff_sessions.update(later)
        uow.staff_sessions.delete("b" * 64)
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.staff_sessions.get("a" * 64) == later
        assert uow.staff_sessions.get("b" * 64) is None
        assert uow.staff_sessions.delete_for_staff(s.staff.id) == 1
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.staff_sessions.get("a" * 64) is None


def test_a_password_change_ends_every_staff_session_but_the_one_kept(
    any_uow_factory: UowFactory,
) -> None:
    s = setting(any_uow_factory)
    with any_uow_factory() as uow:
        for digest in ("a" * 64, "b" * 64, "c" * 64):
            uow.staff_sessions.add(StaffSession(digest, s.school.id, s.staff.id, T0, T0))
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.staff_sessions.delete_for_staff(s.staff.id, except_hash="b" * 64) == 2
        uow.commit()
    with any_uow_factory() as uow:
        assert [uow.staff_sessions.get(d) is not None for d in ("a" * 64, "b" * 64)] == [
            False,
            True,
        ]


def test_a_reset_link_keeps_its_purpose(any_uow_factory: UowFactory) -> None:
    s = setting(any_uow_factory)
    token = StaffToken(
        s.school.id, s.staff.id, "d" * 64, T0, T0 + dt.timedelta(hours=2), 0,
        purpose=StaffTokenPurpose.PASSWORD_RESET,
    )  # fmt: skip
    with any_uow_factory() as uow:
        stored = uow.staff_tokens.add(token)
        uow.commit()
    with any_uow_factory() as uow:
        found = uow.staff_tokens.get_by_hash("d" * 64)
    assert found is not None
    assert found == stored
    assert found.purpose is StaffTokenPurpose.PASSWORD_RESET


def test_staff_activation_links_are_found_by_digest_used_and_expire(
    any_uow_factory: UowFactory,
) -> None:
    s = setting(any_uow_factory)
    token = StaffToken(s.school.id, s.staff.id, "c" * 64, T0, T0 + dt.timedelta(days=14), 3)
    with any_uow_factory() as uow:
        stored = uow.staff_tokens.add(token)
        uow.commit()
    assert stored.id != 0
    with any_uow_factory() as uow:
        found = uow.staff_tokens.get_by_hash("c" * 64)
        assert found == stored
        found.used_at = T0 + dt.timedelta(hours=1)
        uow.staff_tokens.update(found)
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.staff_tokens.get_by_hash("c" * 64) == found
        assert uow.staff_tokens.delete_expired_before(T0 + dt.timedelta(days=15)) == 1
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.staff_tokens.get_by_hash("c" * 64) is None


def test_news_and_messages_are_updated_and_removed_with_their_replies(
    any_uow_factory: UowFactory,
) -> None:
    s = setting(any_uow_factory)
    body = RichText("<p>x</p>", "x", "x")
    with any_uow_factory() as uow:
        news = uow.news.add(
            NewsItem(s.school.id, "Nieuws", body, Audience.whole_school(), T0, s.staff.id)
        )
        message = uow.messages.add(
            Message(s.school.id, "Bericht", body, Audience.groups({s.group.id}), T0,
                    allow_replies=True, author_id=s.staff.id)
        )  # fmt: skip
        other = uow.messages.add(
            Message(s.school.id, "Ander", body, Audience.whole_school(), T0, allow_replies=True)
        )
        reply = uow.replies.add(Reply(s.school.id, message.id, s.parent.id, "Ja!", T0))
        kept = uow.replies.add(Reply(s.school.id, other.id, s.parent.id, "Nee.", T0))
        uow.commit()
    with any_uow_factory() as uow:
        news.title, news.body = "Nieuws (aangepast)", RichText("<p>y</p>", "y", "**y**")
        uow.news.update(news)
        message.allow_replies = False
        uow.messages.update(message)
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.news.get(s.school.id, news.id) == news
        assert uow.messages.get(s.school.id, message.id) == message
        assert uow.replies.get(s.school.id, reply.id) == reply
        assert uow.replies.get(s.other.id, reply.id) is None
        answered = attrs.evolve(
            reply, answer="Dank u!", answered_at=T0 + dt.timedelta(hours=1), answered_by=s.staff.id
        )
        uow.replies.update(answered)
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.replies.list_for_messages(s.school.id, [message.id, other.id]) == [
            answered,
            kept,
        ]
        assert uow.replies.list_for_messages(s.school.id, []) == []
        uow.news.remove(s.other.id, news.id)  # another school's id: nothing happens
        uow.news.remove(s.school.id, news.id)
        uow.messages.remove(s.school.id, message.id)
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.news.get(s.school.id, news.id) is None
        assert uow.messages.get(s.school.id, message.id) is None
        assert uow.replies.get(s.school.id, reply.id) is None
        assert uow.replies.get(s.school.id, kept.id) == kept
