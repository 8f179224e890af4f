"""Read state of replies on the memory adapters (the SQL ones: tests/integration/
test_reply_read_pages.py): a parent's reply is unread for each staff member until they open
its thread; the school's answer is unread for the parent until they open the bericht."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from deborg.bootstrap import Services
from deborg.domain.content.model import ContentKind
from deborg.domain.content.reads import ReadState, unread_replies
from deborg.services.content import publishing, queries, reads
from deborg.services.staff import dashboard
from tests.staff_world import StaffWorld, build_staff_world
from tests.world import World, build_world

T0 = dt.datetime(2026, 9, 1, tzinfo=dt.UTC)
moments = st.one_of(st.none(), st.integers(min_value=0, max_value=60))


def _at(minute: int | None) -> dt.datetime | None:
    return None if minute is None else T0 + dt.timedelta(minutes=minute)


@given(published=st.integers(0, 60), until=moments, opened=moments, answered=moments)
def test_a_bericht_is_unread_when_new_or_answered_after_the_parent_last_read_it(
    published: int, until: int | None, opened: int | None, answered: int | None
) -> None:
    marks = {} if until is None else {ContentKind.MESSAGE: _at(until)}
    seen = {} if opened is None else {(ContentKind.MESSAGE, 1): _at(opened)}
    answers = {} if answered is None else {1: _at(answered)}
    state = ReadState(marks, seen, answers)  # type: ignore[arg-type]

    read_up_to = max((m for m in (until, opened) if m is not None), default=None)
    new = opened is None and (until is None or published > until)
    new_answer = answered is not None and (read_up_to is None or answered > read_up_to)
    assert state.has_unread_answer(1) == new_answer
    assert state.is_unread(ContentKind.MESSAGE, 1, _at(published)) == (new or new_answer)  # type: ignore[arg-type]
    # The marks are per kind, and an answer belongs to a bericht, not to a news item.
    news = ReadState({ContentKind.NEWS: T0 + dt.timedelta(minutes=60)}, {}, answers)  # type: ignore[arg-type]
    assert not news.is_unread(ContentKind.NEWS, 1, _at(published))  # type: ignore[arg-type]


@given(
    st.lists(st.tuples(st.integers(1, 4), st.integers(0, 60)), max_size=30),
    st.dictionaries(st.integers(1, 4), st.integers(0, 60)),
)
def test_a_staff_member_has_not_read_the_replies_newer_than_their_marker_on_the_thread(
    replies: list[tuple[int, int]], markers: dict[int, int]
) -> None:
    counted = unread_replies(
        ((m, T0 + dt.timedelta(minutes=at)) for m, at in replies),
        {m: T0 + dt.timedelta(minutes=at) for m, at in markers.items()},
    )
    for message_id in range(1, 5):
        expected = sum(
            1
            for m, at in replies
            if m == message_id and (message_id not in markers or at > markers[message_id])
        )
        assert counted.get(message_id, 0) == expected
    assert all(counted.values())  # only threads with something unread


def _reply(s: Services, world: World, message_id: int, text: str) -> int:
    return publishing.reply_to_message(
        s.uow(), s.clock, s.links, school_id=world.school.id, parent_id=world.alice.id,
        message_id=message_id, text=text,
    ).id  # fmt: skip


def _unread(s: Services, world: World, staff_id: int) -> dict[int, int]:
    found = dashboard.staff_dashboard(s.uow(), school_id=world.school.id, staff_id=staff_id)
    return found.replies.unread


def test_each_staff_member_reads_the_replies_for_themselves(memory_services: Services) -> None:
    s = memory_services
    world = build_world(s)
    staff = build_staff_world(s, world)
    message_id = staff.group1_message.id
    anja, wendy, bas = staff.anja.id, staff.wendy.id, staff.bas.id
    # The world's reply of alice is unread for the teacher and the beheerder, and out of sight
    # of the teacher of another group.
    assert _unread(s, world, anja) == {message_id: 1}
    assert _unread(s, world, wendy) == {message_id: 1}
    assert _unread(s, world, bas) == {}

    _, views = publishing.replies_to(
        s.uow(), school_id=world.school.id, message_id=message_id, staff_id=anja, reader_id=anja
    )
    assert [v.unread for v in views] == [True]  # shown as new this once
    assert _unread(s, world, anja) == {}
    assert _unread(s, world, wendy) == {message_id: 1}  # her own state
    _, again = publishing.replies_to(
        s.uow(), school_id=world.school.id, message_id=message_id, reader_id=anja
    )
    assert [v.unread for v in again] == [False]

    s.clock.advance(dt.timedelta(minutes=1))  # type: ignore[attr-defined]
    _reply(s, world, message_id, "Ik kan ook op de terugweg rijden.")
    assert _unread(s, world, anja) == {message_id: 1}
    assert _unread(s, world, wendy) == {message_id: 2}
    # The CLI reads as the staff member named by --as, and without one reads as nobody.
    _, as_nobody = publishing.replies_to(s.uow(), school_id=world.school.id, message_id=message_id)
    assert [v.unread for v in as_nobody] == [False, False]
    assert _unread(s, world, wendy) == {message_id: 2}
    _, as_wendy = publishing.replies_to(
        s.uow(), school_id=world.school.id, message_id=message_id, reader_email="wendy@deborg.nl"
    )
    assert [v.unread for v in as_wendy] == [True, True]
    assert _unread(s, world, wendy) == {}
    # Unread and unanswered are counted apart.
    posted = dashboard.posted_within_reach(
        s.uow(), school_id=world.school.id, staff_id=anja, now=s.clock.now()
    )
    assert (posted.replies.unread, posted.replies.waiting) == ({message_id: 1}, {message_id: 2})


def _messages_count(s: Services, world: World) -> str:
    found = reads.unread_counts(s.uow(), school_id=world.school.id, parent_id=world.alice.id)
    return found.messages.label


def _open(s: Services, world: World, message_id: int) -> queries.MessagePage:
    page = queries.message_for_parent(
        s.uow(), school_id=world.school.id, parent_id=world.alice.id, message_id=message_id
    )
    reads.mark_read(
        s.uow(), s.clock, school_id=world.school.id, parent_id=world.alice.id,
        kind=ContentKind.MESSAGE, item_id=message_id,
    )  # fmt: skip
    return page


def _answer(s: Services, world: World, staff: StaffWorld, text: str) -> None:
    s.clock.advance(dt.timedelta(minutes=1))  # type: ignore[attr-defined]
    publishing.answer_reply(
        s.uow(), s.clock, s.links, school_id=world.school.id, reply_id=staff.alice_reply.id,
        text=text, staff_id=staff.anja.id,
    )  # fmt: skip


def test_the_schools_answer_is_unread_for_the_parent_until_she_opens_the_bericht(
    memory_services: Services,
) -> None:
    s = memory_services
    world = build_world(s)
    staff = build_staff_world(s, world)
    message_id, reply_id = staff.group1_message.id, staff.alice_reply.id
    assert _open(s, world, message_id).new_answers == frozenset()
    assert _messages_count(s, world) == ""

    _answer(s, world, staff, "Fijn, dank u wel!")
    assert _messages_count(s, world) == "1"
    listed = queries.list_page(
        s.uow(), queries.MESSAGES, school_id=world.school.id, parent_id=world.alice.id
    )
    assert message_id in listed.unread
    assert listed.new_answers == {message_id}
    # Bob, a parent of the same group, did not reply: the answer is not his.
    bob = reads.unread_counts(s.uow(), school_id=world.school.id, parent_id=world.bob.id)
    assert bob.messages.label == "1"  # the bericht itself, which he never opened
    assert _open(s, world, message_id).new_answers == {reply_id}  # marked this once
    assert _messages_count(s, world) == ""
    assert _open(s, world, message_id).new_answers == frozenset()

    _answer(s, world, staff, "Fijn, en vergeet de stoelverhoger niet.")  # a changed answer
    assert _messages_count(s, world) == "1"
    s.clock.advance(dt.timedelta(minutes=1))  # type: ignore[attr-defined]
    reads.mark_all_read(
        s.uow(), s.clock, school_id=world.school.id, parent_id=world.alice.id,
        kind=ContentKind.MESSAGE,
    )  # fmt: skip
    assert _messages_count(s, world) == ""
    assert _open(s, world, message_id).new_answers == frozenset()
