"""Who sees which content, by page and by guessed id: a parent sees school-wide items and
those of their children's groups, never another group's or another school's; an anonymous
visitor gets nothing. And nothing a staff member typed can run script on a page."""

from __future__ import annotations

import re
from collections.abc import Callable

import attrs
import pytest

from deborg.bootstrap import Services
from deborg.domain.content.model import AgendaItem, Message, NewsItem
from deborg.services.content import publishing
from tests.conftest import Browser
from tests.world import World

EVIL = '**Veilig**\n\n<script>alert("x")</script>\n\nTekst <img src="x" onerror="alert(1)">'


@attrs.frozen
class Content:
    news_school: NewsItem
    news_group1: NewsItem
    news_group2: NewsItem
    message_group1: Message
    message_group2: Message
    agenda_group1: AgendaItem
    agenda_group2: AgendaItem


@pytest.fixture
def content(sql_services: Services, world: World) -> Content:
    s = sql_services

    def news(title: str, *groups: str) -> NewsItem:
        return publishing.post_news(
            s.uow(), s.clock, s.links, s.richtext,
            school_id=world.school.id, title=title, body=EVIL, group_names=groups,
        ).item  # fmt: skip

    def message(title: str, *groups: str) -> Message:
        return publishing.post_message(
            s.uow(), s.clock, s.links, s.richtext,
            school_id=world.school.id, title=title, body=EVIL, group_names=groups,
            allow_replies=True, author_email=world.teacher.email,
        ).item  # fmt: skip

    def agenda(title: str, *groups: str) -> AgendaItem:
        import datetime as dt

        return publishing.add_agenda_item(
            s.uow(), s.clock, s.links, s.richtext,
            school_id=world.school.id,
            data=publishing.AgendaInput(
                title=title, day=dt.date(2026, 11, 12), start_time=dt.time(14, 30),
                end_time=dt.time(15, 15), description=EVIL,
            ),
            group_names=groups,
        ).item  # fmt: skip

    return Content(
        news_school=news("Nieuws voor iedereen"),
        news_group1=news("Nieuws Groep 1", "Groep 1"),
        news_group2=news("Nieuws Groep 2", "Groep 2"),
        message_group1=message("Bericht Groep 1", "Groep 1"),
        message_group2=message("Bericht Groep 2", "Groep 2"),
        agenda_group1=agenda("Uitje Groep 1", "Groep 1"),
        agenda_group2=agenda("Uitje Groep 2", "Groep 2"),
    )


@pytest.fixture
def as_parent(world: World, browser_factory: Callable[[], Browser]) -> Callable[[str], Browser]:
    def login(name: str) -> Browser:
        b = browser_factory()
        b.login(getattr(world, name).login_name, world.password)
        return b

    return login


def test_lists_show_school_wide_and_own_group_only(
    content: Content, as_parent: Callable[[str], Browser]
) -> None:
    alice = as_parent("alice")
    for path in ("/nieuws", "/berichten", "/agenda", "/"):
        page = alice.get(path).get_data(as_text=True)
        assert "Groep 2" not in page.replace("Groep 1", ""), path
    news_page = alice.get("/nieuws").get_data(as_text=True)
    assert "Nieuws voor iedereen" in news_page
    assert "Nieuws Groep 1" in news_page
    carla = as_parent("carla").get("/nieuws").get_data(as_text=True)
    assert "Nieuws Groep 2" in carla
    assert "Nieuws Groep 1" not in carla
    erik = as_parent("erik").get("/nieuws").get_data(as_text=True)
    assert "Nieuws voor iedereen" not in erik


def test_no_parent_opens_another_groups_item_by_guessing_its_id(
    content: Content, as_parent: Callable[[str], Browser], browser: Browser
) -> None:
    own = {
        "alice": [f"/nieuws/{content.news_group1.id}", f"/berichten/{content.message_group1.id}"],
        "carla": [f"/nieuws/{content.news_group2.id}", f"/berichten/{content.message_group2.id}"],
    }
    for name, theirs in (("alice", "carla"), ("carla", "alice")):
        b = as_parent(name)
        for path in own[name]:
            assert b.get(path).status_code == 200, (name, path)
        for path in own[theirs]:
            assert b.get(path).status_code == 404, (name, path)
    erik = as_parent("erik")
    for path in own["alice"] + [f"/nieuws/{content.news_school.id}"]:
        assert erik.get(path).status_code == 404
    for path in own["alice"]:
        response = browser.get(path)
        assert response.status_code == 302
        assert "/inloggen" in response.headers["Location"]


def test_reply_to_another_groups_message_is_refused(
    content: Content, as_parent: Callable[[str], Browser], sql_services: Services
) -> None:
    carla = as_parent("carla")
    path = f"/berichten/{content.message_group1.id}/reageren"
    response = carla.post(path, {"text": "Ik ook"}, form_page="/account/wachtwoord")
    assert response.status_code == 404
    with sql_services.uow() as uow:
        assert uow.replies.list_for_message(content.message_group1.school_id, 1) == []


def test_parent_replies_and_sees_their_reply(
    content: Content, as_parent: Callable[[str], Browser], world: World, sql_services: Services
) -> None:
    alice = as_parent("alice")
    path = f"/berichten/{content.message_group1.id}"
    empty = alice.post(path + "/reageren", {"text": "  "}, form_page=path)
    assert empty.status_code == 400
    assert "Vul uw reactie in." in empty.get_data(as_text=True)
    sent = alice.post(path + "/reageren", {"text": "Ik rij mee."}, form_page=path)
    assert sent.status_code == 302
    page = alice.get(path).get_data(as_text=True)
    assert "Ik rij mee." in page
    assert "Uw reactie is verstuurd." in page
    with sql_services.uow() as uow:
        assert any(e.mail.to == world.teacher.email for e in uow.outbox.list())


def test_read_only_parent_is_told_instead_of_shown_a_reply_form(
    content: Content, as_parent: Callable[[str], Browser]
) -> None:
    page = as_parent("dirk").get(f"/berichten/{content.message_group1.id}").get_data(as_text=True)
    assert "alleen lezen" in page
    assert 'name="text"' not in page


def test_staff_script_never_reaches_a_page(
    content: Content, as_parent: Callable[[str], Browser]
) -> None:
    alice = as_parent("alice")
    for path in (
        f"/nieuws/{content.news_group1.id}",
        f"/berichten/{content.message_group1.id}",
        "/agenda",
        "/nieuws",
        "/",
    ):
        page = alice.get(path).get_data(as_text=True)
        assert "<script>alert" not in page, path
        assert "onerror" not in page, path
    item = alice.get(f"/nieuws/{content.news_group1.id}").get_data(as_text=True)
    assert "<strong>Veilig</strong>" in item


def test_calendar_feed_shows_own_groups_and_dies_when_renewed(
    content: Content, as_parent: Callable[[str], Browser], browser: Browser
) -> None:
    alice = as_parent("alice")
    page = alice.post("/agenda/abonnement", form_page="/agenda").get_data(as_text=True)
    url = re.search(r"<code>https://portaal\.example\.nl(/agenda/feed/[^<]+\.ics)</code>", page)
    assert url, page
    feed = browser.get(url.group(1))
    assert feed.status_code == 200
    assert feed.mimetype == "text/calendar"
    ics = feed.get_data(as_text=True)
    assert "SUMMARY:Uitje Groep 1" in ics
    assert "Uitje Groep 2" not in ics
    assert "DTSTART;TZID=Europe/Amsterdam:20261112T143000" in ics
    alice.post("/agenda/abonnement", form_page="/agenda")
    assert browser.get(url.group(1)).status_code == 404


def test_notification_choices_are_saved_with_the_managers_warning(
    world: World, as_parent: Callable[[str], Browser]
) -> None:
    alice = as_parent("alice")
    page = alice.get("/account/notificaties").get_data(as_text=True)
    assert "bent u ZELF verantwoordelijk" in page
    assert 'id="conversations-direct" value="direct" checked' in page.replace(
        'name="conversations" ', ""
    )
    assert 'id="reminders-direct"' in page
    assert 'id="reminders-digest"' not in page  # tomorrow's reminder in Friday's weekmail: no
    choices = {
        "teacher_messages": "direct",
        "conversations": "direct",
        "reminders": "off",
        "news": "off",
        "messages": "direct",
        "agenda": "digest",
        "albums": "digest",
        "documents": "digest",
    }
    assert alice.post("/account/notificaties", choices).status_code == 302
    page = alice.get("/account/notificaties").get_data(as_text=True)
    assert re.search(r'name="news" value="off" checked', page)
    bad = alice.post("/account/notificaties", {**choices, "news": "sometimes"})
    assert bad.status_code == 400
    assert "Kies direct, in de weekmail of uit." in bad.get_data(as_text=True)
    late = alice.post("/account/notificaties", {**choices, "reminders": "digest"})
    assert late.status_code == 400
    assert "Kies direct of uit." in late.get_data(as_text=True)
