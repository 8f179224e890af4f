"""What staff and parents are refused when publishing and replying: the Dutch message they
read, and that nothing was stored or mailed. Agenda times are checked and described in the
school's time."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deborg.bootstrap import Services
from deborg.domain.errors import InvalidInput, NotFound
from deborg.domain.mail import MailCategory
from deborg.services.content import publishing, queries
from deborg.services.content.publishing import AgendaInput, RepliesNotAllowed
from tests.world import World, build_world

DAY = dt.date(2026, 11, 12)  # a Thursday, UTC+1


@pytest.fixture
def world(memory_services: Services) -> World:
    return build_world(memory_services)


def post_news(s: Services, school_id: int, **kw: object) -> publishing.Published:  # type: ignore[type-arg]
    fields: dict[str, object] = {"title": "Kinderboekenweek", "body": "Lezen!"}
    fields.update(kw)
    return publishing.post_news(
        s.uow(),
        s.clock,
        s.links,
        s.richtext,
        school_id=school_id,
        **fields,  # type: ignore[arg-type]
    )


def nothing_published(s: Services, w: World) -> bool:
    with s.uow() as uow:
        return (
            not uow.news.list(w.school.id)
            and not uow.messages.list(w.school.id)
            and not uow.outbox.list()
            and not uow.digest_entries.pending(w.school.id)
        )


# --- titles and bodies ------------------------------------------------------------------------

blank = st.text(st.sampled_from(" \t\n\u00a0\u2003"), max_size=10)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=30)
@given(title=blank)
def test_a_blank_title_is_refused_and_nothing_is_published(
    memory_services: Services, world: World, title: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        post_news(memory_services, world.school.id, title=title)
    assert (refused.value.message, refused.value.field) == ("Vul een titel in.", "title")
    assert nothing_published(memory_services, world)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=30)
@given(length=st.integers(min_value=1, max_value=400))
def test_titles_up_to_200_characters_are_kept_longer_ones_refused(
    memory_services: Services, world: World, length: int
) -> None:
    s = memory_services
    title = "x" * length
    if length > 200:
        with s.uow() as uow:
            before = len(uow.news.list(world.school.id))
        with pytest.raises(InvalidInput, match=re.escape("Een titel is hoogstens 200 tekens.")):
            post_news(s, world.school.id, title=title, notify=False)
        with s.uow() as uow:
            assert len(uow.news.list(world.school.id)) == before
    else:
        item = post_news(s, world.school.id, title=title, notify=False).item
        assert item.title == title


def test_a_title_is_stored_with_its_whitespace_collapsed(
    memory_services: Services, world: World
) -> None:
    item = post_news(memory_services, world.school.id, title="  Sint \n  Maarten  ").item
    assert item.title == "Sint Maarten"


def test_a_body_over_50000_characters_is_refused(memory_services: Services, world: World) -> None:
    with pytest.raises(InvalidInput) as refused:
        publishing.post_message(
            memory_services.uow(),
            memory_services.clock,
            memory_services.links,
            memory_services.richtext,
            school_id=world.school.id,
            title="Lang",
            body="a" * 50_001,
            urgent=True,
        )
    assert refused.value.message == "De tekst is te lang (hoogstens 50000 tekens)."
    assert refused.value.field == "body"
    assert nothing_published(memory_services, world)


def test_an_unknown_school_is_refused(memory_services: Services, world: World) -> None:
    with pytest.raises(NotFound, match=re.escape("Onbekende school.")):
        post_news(memory_services, 9999)


def test_an_unknown_author_is_named_in_the_refusal(memory_services: Services, world: World) -> None:
    with pytest.raises(NotFound, match=re.escape("Onbekende medewerker: juf@elders.nl.")):
        post_news(memory_services, world.school.id, author_email="juf@elders.nl")
    assert nothing_published(memory_services, world)


def test_a_teacher_of_another_school_cannot_be_the_author(
    memory_services: Services, world: World
) -> None:
    """The world's teacher works at De Borg; De Esch cannot publish in her name."""
    with pytest.raises(NotFound, match=re.escape("Onbekende medewerker")):
        post_news(memory_services, world.other_school.id, author_email=world.teacher.email)


def test_a_group_of_another_school_is_unknown(memory_services: Services, world: World) -> None:
    with pytest.raises(NotFound, match=re.escape("Onbekende groep: Groep A.")):
        post_news(memory_services, world.school.id, group_names=["Groep A"])
    assert nothing_published(memory_services, world)


# --- replies ----------------------------------------------------------------------------------


def post_open_message(s: Services, w: World, **kw: object) -> int:
    fields: dict[str, object] = {
        "title": "Hulp gezocht",
        "body": "Wie helpt bij de kerstmarkt?",
        "allow_replies": True,
        "author_email": w.teacher.email,
        "notify": False,
    }
    fields.update(kw)
    return publishing.post_message(
        s.uow(),
        s.clock,
        s.links,
        s.richtext,
        school_id=w.school.id,
        **fields,  # type: ignore[arg-type]
    ).item.id


def reply(s: Services, w: World, message_id: int, text: str, parent_id: int | None = None) -> None:
    publishing.reply_to_message(
        s.uow(),
        s.clock,
        s.links,
        school_id=w.school.id,
        parent_id=w.bob.id if parent_id is None else parent_id,
        message_id=message_id,
        text=text,
    )


def stored_replies(s: Services, w: World, message_id: int) -> list[str]:
    with s.uow() as uow:
        return [r.text for r in uow.replies.list_for_message(w.school.id, message_id)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Vul uw reactie in."),
        ("  \n\t ", "Vul uw reactie in."),
        ("x" * 5001, "Uw reactie is te lang (hoogstens 5000 tekens)."),
    ],
)
def test_an_empty_or_too_long_reply_is_refused(
    memory_services: Services, world: World, text: str, message: str
) -> None:
    message_id = post_open_message(memory_services, world)
    with pytest.raises(InvalidInput) as refused:
        reply(memory_services, world, message_id, text)
    assert (refused.value.message, refused.value.field) == (message, "text")
    assert stored_replies(memory_services, world, message_id) == []


def test_a_reply_of_5000_characters_is_kept_trimmed(
    memory_services: Services, world: World
) -> None:
    message_id = post_open_message(memory_services, world)
    reply(memory_services, world, message_id, "  " + "x" * 5000 + "\n")
    assert stored_replies(memory_services, world, message_id) == ["x" * 5000]


def test_a_parent_of_another_school_cannot_reply(memory_services: Services, world: World) -> None:
    message_id = post_open_message(memory_services, world)
    with pytest.raises(NotFound):
        reply(memory_services, world, message_id, "Ik wil ook!", parent_id=world.erik.id)
    assert stored_replies(memory_services, world, message_id) == []


def test_a_message_without_replies_refuses_them(memory_services: Services, world: World) -> None:
    message_id = post_open_message(memory_services, world, allow_replies=False)
    with pytest.raises(RepliesNotAllowed) as refused:
        reply(memory_services, world, message_id, "Ik kom helpen")
    assert refused.value.message == "Op dit bericht kunt u niet reageren."
    assert stored_replies(memory_services, world, message_id) == []
    page = queries.message_for_parent(
        memory_services.uow(),
        school_id=world.school.id,
        parent_id=world.bob.id,
        message_id=message_id,
    )
    assert (page.can_reply, page.read_only) == (False, False)


def test_staff_asking_for_the_replies_of_an_unknown_message_are_told_its_id(
    memory_services: Services, world: World
) -> None:
    with pytest.raises(NotFound, match=re.escape("Geen bericht met id 4242.")):
        publishing.replies_to(memory_services.uow(), school_id=world.school.id, message_id=4242)


def test_a_message_of_another_school_has_no_replies_for_staff(
    memory_services: Services, world: World
) -> None:
    message_id = post_open_message(memory_services, world)
    with pytest.raises(NotFound):
        publishing.replies_to(
            memory_services.uow(), school_id=world.other_school.id, message_id=message_id
        )


def test_a_parent_sees_only_their_own_replies(memory_services: Services, world: World) -> None:
    s = memory_services
    message_id = post_open_message(s, world, group_names=["Groep 1"])
    reply(s, world, message_id, "Bob helpt", parent_id=world.bob.id)
    reply(s, world, message_id, "Alice helpt", parent_id=world.alice.id)
    own = publishing.own_replies(
        s.uow(), school_id=world.school.id, parent_id=world.alice.id, message_id=message_id
    )
    assert [r.text for r in own] == ["Alice helpt"]


# --- agenda -----------------------------------------------------------------------------------


def add_agenda(s: Services, w: World, data: AgendaInput, **kw: object) -> publishing.Published:  # type: ignore[type-arg]
    return publishing.add_agenda_item(
        s.uow(),
        s.clock,
        s.links,
        s.richtext,
        school_id=w.school.id,
        data=data,
        **kw,  # type: ignore[arg-type]
    )


def agenda_is_empty(s: Services, w: World) -> bool:
    with s.uow() as uow:
        return not uow.agenda.list(w.school.id)


@pytest.mark.parametrize(
    ("data", "message", "field"),
    [
        (
            AgendaInput("Schoolreis", DAY, end_day=DAY - dt.timedelta(days=1)),
            "De einddatum ligt voor de begindatum.",
            "end_day",
        ),
        (
            AgendaInput("Schoolreis", DAY, end_time=dt.time(15, 0)),
            "Geef ook een begintijd bij een eindtijd.",
            "start_time",
        ),
        (
            AgendaInput("Ouderavond", DAY, start_time=dt.time(19, 0), end_time=dt.time(19, 0)),
            "De eindtijd ligt niet na de begintijd.",
            "end_time",
        ),
        (
            AgendaInput("Ouderavond", DAY, start_time=dt.time(19, 0), end_time=dt.time(18, 30)),
            "De eindtijd ligt niet na de begintijd.",
            "end_time",
        ),
    ],
)
def test_agenda_times_that_make_no_sense_are_refused(
    memory_services: Services, world: World, data: AgendaInput, message: str, field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        add_agenda(memory_services, world, data)
    assert (refused.value.message, refused.value.field) == (message, field)
    assert agenda_is_empty(memory_services, world)
    assert nothing_published(memory_services, world)


def digest_summaries(s: Services, w: World) -> set[str]:
    with s.uow() as uow:
        return {
            e.summary
            for e in uow.digest_entries.pending(w.school.id)
            if e.category is MailCategory.AGENDA
        }


@pytest.mark.parametrize(
    ("data", "when"),
    [
        (
            AgendaInput("Ouderavond", DAY, start_time=dt.time(19, 30)),
            "donderdag 12 november, 19.30 uur",
        ),
        (
            AgendaInput(
                "Kamp",
                DAY,
                start_time=dt.time(9, 0),
                end_day=DAY + dt.timedelta(days=1),
                end_time=dt.time(15, 0),
            ),
            "donderdag 12 november, 09.00 uur t/m vrijdag 13 november, 15.00 uur",
        ),
        (
            AgendaInput("Studiedagen", DAY, end_day=DAY + dt.timedelta(days=1), description="Vrij"),
            "donderdag 12 november t/m vrijdag 13 november",
        ),
    ],
)
def test_the_agenda_notice_says_when_in_the_schools_time(
    memory_services: Services, world: World, data: AgendaInput, when: str
) -> None:
    published = add_agenda(memory_services, world, data)
    assert published.in_digest > 0
    assert digest_summaries(memory_services, world) == {when}


def test_a_timed_item_without_an_end_has_no_end(memory_services: Services, world: World) -> None:
    item = add_agenda(
        memory_services,
        world,
        AgendaInput("Ouderavond", DAY, start_time=dt.time(19, 30)),
        notify=False,
    ).item
    assert (item.all_day, item.ends_at) == (False, None)
    assert item.starts_at == dt.datetime(2026, 11, 12, 18, 30, tzinfo=dt.UTC)


def test_changing_or_removing_an_unknown_agenda_item_names_its_id(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    item = add_agenda(s, world, AgendaInput("Schoolreis", DAY), notify=False).item
    with pytest.raises(NotFound, match=re.escape("Geen agenda-item met id 777.")):
        publishing.change_agenda_item(
            s.uow(),
            s.clock,
            s.links,
            s.richtext,
            school_id=world.school.id,
            item_id=777,
            data=AgendaInput("Anders", DAY),
        )
    with pytest.raises(NotFound, match=re.escape(f"Geen agenda-item met id {item.id}.")):
        publishing.remove_agenda_item(
            s.uow(), s.clock, s.links, school_id=world.other_school.id, item_id=item.id
        )
    with pytest.raises(NotFound, match=re.escape("Geen agenda-item met id 777.")):
        publishing.remove_agenda_item(
            s.uow(), s.clock, s.links, school_id=world.school.id, item_id=777
        )
    with s.uow() as uow:
        kept = uow.agenda.get(world.school.id, item.id)
    assert kept is not None
    assert kept.title == "Schoolreis"


def test_moving_an_item_to_another_group_tells_both_groups(
    memory_services: Services, world: World
) -> None:
    """Groep 1's parents hear it is no longer theirs; Groep 2's that it now is."""
    s = memory_services
    item = add_agenda(
        s, world, AgendaInput("Voorleesontbijt", DAY), group_names=["Groep 1"], notify=False
    ).item
    changed = publishing.change_agenda_item(
        s.uow(),
        s.clock,
        s.links,
        s.richtext,
        school_id=world.school.id,
        item_id=item.id,
        data=AgendaInput("Voorleesontbijt", DAY),
        group_names=["Groep 2"],
    )
    assert changed.item.audience.group_ids == frozenset({world.group2.id})
    with s.uow() as uow:
        told = {e.parent_id for e in uow.digest_entries.pending(world.school.id)}
    # alice, dirk and bob (Groep 1) and carla (Groep 2); erik is at another school.
    assert told == {world.alice.id, world.dirk.id, world.bob.id, world.carla.id}


def test_changing_to_an_unknown_group_changes_nothing(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    item = add_agenda(
        s, world, AgendaInput("Voorleesontbijt", DAY), group_names=["Groep 1"], notify=False
    ).item
    with pytest.raises(NotFound, match=re.escape("Onbekende groep: Groep 9.")):
        publishing.change_agenda_item(
            s.uow(),
            s.clock,
            s.links,
            s.richtext,
            school_id=world.school.id,
            item_id=item.id,
            data=AgendaInput("Iets anders", DAY),
            group_names=["Groep 9"],
        )
    with s.uow() as uow:
        kept = uow.agenda.get(world.school.id, item.id)
        assert uow.digest_entries.pending(world.school.id) == []
    assert kept is not None
    assert (kept.title, kept.revision) == ("Voorleesontbijt", item.revision)
