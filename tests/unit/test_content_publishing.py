"""Publishing content: urgent messages reach every guardian at once, in the same
transaction; other notices follow each parent's choices; replies reach the author."""

from __future__ import annotations

import pytest

from deborg.bootstrap import Services
from deborg.domain.errors import AccountIsReadOnly, NotFound
from deborg.domain.mail import MailCategory
from deborg.domain.notifications.model import Delivery
from deborg.services.content import publishing, queries
from deborg.services.notifications import preferences
from tests.world import World, build_world


@pytest.fixture
def world(memory_services: Services) -> World:
    return build_world(memory_services)


def switch_everything_off(s: Services, w: World, parent_id: int) -> None:
    preferences.set_preferences(
        s.uow(),
        school_id=w.school.id,
        parent_id=parent_id,
        choices=dict.fromkeys(preferences.CHOOSABLE, Delivery.OFF),
    )


def test_urgent_message_is_queued_for_every_guardian_even_with_everything_off(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    switch_everything_off(s, world, world.alice.id)
    published = publishing.post_message(
        s.uow(),
        s.clock,
        s.links,
        s.richtext,
        school_id=world.school.id,
        title="School om 12.00 uur uit",
        body="Door een stroomstoring gaat de school vandaag om **12.00 uur** uit.",
        group_names=["Groep 1"],
        urgent=True,
    )
    with s.uow() as uow:
        queued = uow.outbox.list()
    assert sorted(e.mail.to for e in queued) == sorted(
        [world.alice.login_name, world.dirk.login_name, world.bob.login_name]
    )
    assert {e.mail.category for e in queued} == {MailCategory.URGENT}
    assert all(e.mail.headers == () for e in queued)  # cannot be unsubscribed
    assert "12.00 uur" in queued[0].mail.text
    assert published.mailed == 3


def test_urgent_mail_is_rolled_back_with_the_message(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    with pytest.raises(NotFound):
        publishing.post_message(
            s.uow(),
            s.clock,
            s.links,
            s.richtext,
            school_id=world.school.id,
            title="Spoed",
            body="Tekst",
            group_names=["Groep 1", "Groep 9"],  # unknown group: nothing is written
            urgent=True,
        )
    with s.uow() as uow:
        assert uow.outbox.list() == []
        assert uow.messages.list(world.school.id) == []


def test_reply_reaches_the_author_and_is_listed_for_staff(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    message = publishing.post_message(
        s.uow(),
        s.clock,
        s.links,
        s.richtext,
        school_id=world.school.id,
        title="Hulp gezocht bij de kinderboekenmarkt",
        body="Wie helpt?",
        allow_replies=True,
        author_email=world.teacher.email,
    ).item
    publishing.reply_to_message(
        s.uow(),
        s.clock,
        s.links,
        school_id=world.school.id,
        parent_id=world.bob.id,
        message_id=message.id,
        text="Ik kom helpen!",
    )
    with s.uow() as uow:
        to_teacher = [e for e in uow.outbox.list() if e.mail.to == world.teacher.email]
    assert len(to_teacher) == 1
    assert "Ik kom helpen!" in to_teacher[0].mail.text
    assert "bob@example.nl" in to_teacher[0].mail.text
    _, replies = publishing.replies_to(s.uow(), school_id=world.school.id, message_id=message.id)
    assert [(r.parent_email, r.reply.text) for r in replies] == [
        ("bob@example.nl", "Ik kom helpen!")
    ]


def test_read_only_parent_and_other_group_cannot_reply(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    message = publishing.post_message(
        s.uow(),
        s.clock,
        s.links,
        s.richtext,
        school_id=world.school.id,
        title="Oproep Groep 1",
        body="Wie rijdt?",
        group_names=["Groep 1"],
        allow_replies=True,
        author_email=world.teacher.email,
    ).item
    with pytest.raises(AccountIsReadOnly):
        publishing.reply_to_message(
            s.uow(),
            s.clock,
            s.links,
            school_id=world.school.id,
            parent_id=world.dirk.id,
            message_id=message.id,
            text="Ik",
        )
    with pytest.raises(NotFound):
        publishing.reply_to_message(
            s.uow(),
            s.clock,
            s.links,
            school_id=world.school.id,
            parent_id=world.carla.id,
            message_id=message.id,
            text="Ik",
        )
    page = queries.message_for_parent(
        s.uow(), school_id=world.school.id, parent_id=world.dirk.id, message_id=message.id
    )
    assert page.read_only
    assert not page.can_reply


def test_replies_need_an_author(memory_services: Services, world: World) -> None:
    s = memory_services
    with pytest.raises(publishing.ReplyNeedsAuthor):
        publishing.post_message(
            s.uow(),
            s.clock,
            s.links,
            s.richtext,
            school_id=world.school.id,
            title="Oproep",
            body="Wie?",
            allow_replies=True,
        )


def test_body_is_sanitised_before_it_is_stored(memory_services: Services, world: World) -> None:
    s = memory_services
    item = publishing.post_news(
        s.uow(),
        s.clock,
        s.links,
        s.richtext,
        school_id=world.school.id,
        title="Kinderboekenweek",
        body='**Vriendschap** <script>alert(1)</script><img src=x onerror="alert(2)">'
        '<a href="javascript:alert(3)">klik</a>',
    ).item
    assert "<strong>Vriendschap</strong>" in item.body.html
    for bad in ("<script", "onerror", "javascript:", "<img"):
        assert bad not in item.body.html
