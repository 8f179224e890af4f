"""Contract tests for the read state: what each parent read of the news and the berichten
(with the answers to their replies) and what each staff member read of the replies, alike on
memory, SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import attrs

from deborg.domain.content.model import Audience, ContentKind, Message, Reply, RichText
from deborg.domain.model import Parent, School, StaffMember, StaffRole
from deborg.ports.uow import UnitOfWork

T0 = dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)


@attrs.frozen
class Setting:
    school_id: int
    other_school_id: int
    parent_id: int
    other_parent_id: int
    anja: int
    wendy: int
    message_id: int
    other_message_id: int


def _setting(uow_factory: Callable[[], UnitOfWork]) -> Setting:
    with uow_factory() as uow:
        school = uow.schools.add(School(name="De Borg", code="99XX00"))
        other = uow.schools.add(School(name="De Esch", code="98YY11"))
        parent = uow.parents.add(Parent(school_id=school.id, login_name="p@example.nl"))
        other_parent = uow.parents.add(Parent(school_id=school.id, login_name="q@example.nl"))
        anja = uow.staff.add(StaffMember(school_id=school.id, name="Anja", email="a@borg.nl"))
        wendy = uow.staff.add(
            StaffMember(
                school_id=school.id, name="Wendy", email="w@borg.nl", role=StaffRole.BEHEERDER
            )
        )

        def message(title: str) -> Message:
            return uow.messages.add(
                Message(
                    school.id, title, RichText("x", "x"), Audience(), T0, allow_replies=True,
                    author_id=anja.id,
                )
            )  # fmt: skip

        first, second = message("Oproep"), message("Tweede oproep")
        uow.commit()
    return Setting(
        school.id, other.id, parent.id, other_parent.id, anja.id, wendy.id, first.id, second.id
    )


def test_staff_read_markers_are_per_staff_member_move_forward_only_and_go_with_the_message(
    any_uow_factory: Callable[[], UnitOfWork],
) -> None:
    s = _setting(any_uow_factory)
    wanted = [s.message_id, s.other_message_id]
    with any_uow_factory() as uow:
        assert uow.reply_reads.for_staff(s.school_id, s.anja, wanted) == {}
        uow.reply_reads.mark_read(s.school_id, s.anja, s.message_id, T0 + 5 * MINUTE)
        uow.reply_reads.mark_read(s.school_id, s.anja, s.message_id, T0 + 2 * MINUTE)  # older
        uow.reply_reads.mark_read(s.school_id, s.wendy, s.other_message_id, T0)
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.reply_reads.for_staff(s.school_id, s.anja, wanted) == {
            s.message_id: T0 + 5 * MINUTE
        }
        assert uow.reply_reads.for_staff(s.school_id, s.wendy, wanted) == {s.other_message_id: T0}
        assert uow.reply_reads.for_staff(s.school_id, s.anja, [s.other_message_id]) == {}
        assert uow.reply_reads.for_staff(s.school_id, s.anja, []) == {}
        assert uow.reply_reads.for_staff(s.other_school_id, s.anja, wanted) == {}
        uow.reply_reads.mark_read(s.school_id, s.anja, s.message_id, T0 + 9 * MINUTE)
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.reply_reads.for_staff(s.school_id, s.anja, wanted) == {
            s.message_id: T0 + 9 * MINUTE
        }
        uow.messages.remove(s.school_id, s.message_id)  # withdrawn: its markers go too
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.reply_reads.for_staff(s.school_id, s.anja, wanted) == {}
        assert uow.reply_reads.for_staff(s.school_id, s.wendy, wanted) == {s.other_message_id: T0}


def test_a_parents_read_state_holds_the_newest_answer_to_their_own_replies_per_message(
    any_uow_factory: Callable[[], UnitOfWork],
) -> None:
    s = _setting(any_uow_factory)
    with any_uow_factory() as uow:
        assert uow.reads.get(s.school_id, s.parent_id).answers == {}

        def reply(parent_id: int, message_id: int, answered_at: dt.datetime | None) -> None:
            added = uow.replies.add(Reply(s.school_id, message_id, parent_id, "Ik kom.", T0))
            if answered_at is not None:
                added.answer, added.answered_at, added.answered_by = "Fijn!", answered_at, s.anja
                uow.replies.update(added)

        reply(s.parent_id, s.message_id, T0 + 3 * MINUTE)
        reply(s.parent_id, s.message_id, T0 + 7 * MINUTE)  # the newest answer counts
        reply(s.parent_id, s.message_id, None)
        reply(s.parent_id, s.other_message_id, None)  # not answered: no entry
        reply(s.other_parent_id, s.other_message_id, T0 + MINUTE)  # someone else's
        uow.reads.mark_read(s.school_id, s.parent_id, ContentKind.MESSAGE, s.message_id, T0)
        uow.commit()
    with any_uow_factory() as uow:
        state = uow.reads.get(s.school_id, s.parent_id)
        assert state.answers == {s.message_id: T0 + 7 * MINUTE}
        assert state.opened == {(ContentKind.MESSAGE, s.message_id): T0}
        assert state.is_unread(ContentKind.MESSAGE, s.message_id, T0)
        assert uow.reads.get(s.school_id, s.other_parent_id).answers == {
            s.other_message_id: T0 + MINUTE
        }
        assert uow.reads.get(s.other_school_id, s.parent_id).answers == {}
        # Opening again moves the mark (an earlier moment does not).
        uow.reads.mark_read(
            s.school_id, s.parent_id, ContentKind.MESSAGE, s.message_id, T0 + 8 * MINUTE
        )
        uow.reads.mark_read(
            s.school_id, s.parent_id, ContentKind.MESSAGE, s.message_id, T0 + 4 * MINUTE
        )
        uow.commit()
    with any_uow_factory() as uow:
        state = uow.reads.get(s.school_id, s.parent_id)
        assert state.opened == {(ContentKind.MESSAGE, s.message_id): T0 + 8 * MINUTE}
        assert not state.is_unread(ContentKind.MESSAGE, s.message_id, T0)
