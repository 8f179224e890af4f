"""Read state of replies in the pages, the app and the CLI, on SQLite and PostgreSQL: a
parent's reply is unread for each staff member until they open its thread (dashboard, the
school's Berichten, the thread); the school's answer is unread for the parent until she opens
the bericht (Berichten, the menu, Home, the app); "Alles gelezen" clears it."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import attrs
import pytest
from flask.testing import FlaskClient

from deborg.adapters.sqlalchemy.diagnostics import count_statements
from deborg.bootstrap import Services
from deborg.domain.content.model import Reply
from deborg.domain.model import NEW
from tests.conftest import Browser
from tests.integration.app_client import bearer, pair_by_password
from tests.integration.test_content_cli import invoke
from tests.integration.test_school_pages import staff_browser, text_of
from tests.integration.test_unread import _menu_count
from tests.staff_world import StaffWorld, build_staff_world
from tests.world import World


@pytest.fixture
def staff_world(sql_services: Services, world: World) -> StaffWorld:
    return build_staff_world(sql_services, world)


def _later(services: Services) -> None:
    services.clock.advance(dt.timedelta(minutes=1))  # type: ignore[attr-defined]


def test_a_reply_is_unread_for_each_staff_member_until_they_open_the_thread(
    browser_factory: Callable[[], Browser],
    world: World,
    staff_world: StaffWorld,
    sql_services: Services,
) -> None:
    message_id = staff_world.group1_message.id
    anja = staff_browser(browser_factory, "anja@deborg.nl", world.password)
    wendy = staff_browser(browser_factory, "wendy@deborg.nl", world.password)
    dashboard = text_of(anja.get("/school/"))
    assert "1 ongelezen reactie" in dashboard
    assert "1 wacht op antwoord" in dashboard
    listing = anja.get("/school/berichten").get_data(as_text=True)
    assert 'data-unread-replies="1"' in listing
    assert "(1 ongelezen reactie)" in listing  # for a screen reader, inside the link

    thread = anja.get(f"/school/berichten/{message_id}").get_data(as_text=True)
    assert thread.count("(ongelezen)") == 1
    assert "0 ongelezen reacties" in text_of(anja.get("/school/"))
    assert "1 wacht op antwoord" in text_of(anja.get("/school/"))  # read is not answered
    assert "data-unread-replies" not in anja.get("/school/berichten").get_data(as_text=True)
    assert "(ongelezen)" not in anja.get(f"/school/berichten/{message_id}").get_data(as_text=True)
    assert "1 ongelezen reactie" in text_of(wendy.get("/school/"))  # the beheerder's own state

    _later(sql_services)
    alice = browser_factory()
    alice.login(world.alice.login_name, world.password)
    sent = alice.post(
        f"/berichten/{message_id}/reageren",
        {"text": "En ik neem koekjes mee."},
        form_page=f"/berichten/{message_id}",
    )
    assert sent.status_code == 302
    assert "1 ongelezen reactie" in text_of(anja.get("/school/"))
    assert "2 ongelezen reacties" in text_of(wendy.get("/school/"))
    thread = anja.get(f"/school/berichten/{message_id}").get_data(as_text=True)
    assert thread.count("(ongelezen)") == 1  # only the new one
    assert thread.index("(ongelezen)") > thread.index("Ik kan rijden, vier plekken.")


def _answer(anja: Browser, staff_world: StaffWorld, text: str) -> None:
    message_id, reply_id = staff_world.group1_message.id, staff_world.alice_reply.id
    answered = anja.post(
        f"/school/berichten/{message_id}/reacties/{reply_id}",
        {f"answer-{reply_id}": text},
        form_page=f"/school/berichten/{message_id}",
    )
    assert answered.status_code == 302


def test_the_answer_is_unread_for_the_parent_until_she_opens_the_bericht(
    browser_factory: Callable[[], Browser],
    client: FlaskClient,
    world: World,
    staff_world: StaffWorld,
    sql_services: Services,
) -> None:
    message_id = staff_world.group1_message.id
    alice = browser_factory()
    alice.login(world.alice.login_name, world.password)
    alice.get(f"/berichten/{message_id}")  # read before the answer
    assert _menu_count(alice.get("/").get_data(as_text=True), "Berichten") == ""
    token = pair_by_password(client, world.alice.login_name, world.password)

    _later(sql_services)
    anja = staff_browser(browser_factory, "anja@deborg.nl", world.password)
    _answer(anja, staff_world, "Fijn, dank u wel!")
    home = alice.get("/").get_data(as_text=True)
    assert _menu_count(home, "Berichten") == "1"
    listing = alice.get("/berichten").get_data(as_text=True)
    assert "Nieuw antwoord" in listing
    assert "(ongelezen antwoord)" in listing
    items = client.get("/api/v1/messages", headers=bearer(token)).get_json()["items"]
    assert [(i["id"], i["unread"], i["new_answer"]) for i in items] == [(message_id, True, True)]
    assert client.get("/api/v1/unread", headers=bearer(token)).get_json()["messages"] == "1"
    # Bob did not reply: the bericht is unread for him only because he never opened it.
    bob = browser_factory()
    bob.login(world.bob.login_name, world.password)
    assert "Nieuw antwoord" not in bob.get("/berichten").get_data(as_text=True)

    page = alice.get(f"/berichten/{message_id}").get_data(as_text=True)
    answer = page.split('class="alert alert--info reply-answer', 1)[1].split("</div>", 1)[0]
    assert "Fijn, dank u wel!" in answer
    assert "Nieuw" in answer
    assert "(ongelezen)" in answer
    assert _menu_count(alice.get("/").get_data(as_text=True), "Berichten") == ""
    assert "(ongelezen" not in alice.get("/berichten").get_data(as_text=True)
    assert "(ongelezen)" not in alice.get(f"/berichten/{message_id}").get_data(as_text=True)
    items = client.get("/api/v1/messages", headers=bearer(token)).get_json()["items"]
    assert [(i["unread"], i["new_answer"]) for i in items] == [(False, False)]

    _later(sql_services)
    _answer(anja, staff_world, "Fijn, en neem een stoelverhoger mee.")  # changed: new again
    assert _menu_count(alice.get("/").get_data(as_text=True), "Berichten") == "1"
    _later(sql_services)
    done = alice.post("/berichten/alles-gelezen", form_page="/berichten", follow_redirects=True)
    assert "(ongelezen" not in done.get_data(as_text=True)
    assert _menu_count(done.get_data(as_text=True), "Berichten") == ""
    assert client.get("/api/v1/unread", headers=bearer(token)).get_json()["messages"] == ""


def test_the_cli_marks_the_replies_unread_for_the_staff_member_named_by_as(
    world: World, staff_world: StaffWorld, sql_services: Services
) -> None:
    message_id = str(staff_world.group1_message.id)
    code, out = invoke(sql_services, "message", "replies", message_id)
    assert code == 0, out
    assert f"\n[{staff_world.alice_reply.id}]" in out  # no reader: no marks, nothing read
    code, out = invoke(sql_services, "message", "replies", message_id, "--as", "anja@deborg.nl")
    assert code == 0, out
    assert f"\n* [{staff_world.alice_reply.id}]" in out
    code, out = invoke(
        sql_services, "message", "replies", message_id, "--as", "anja@deborg.nl", "--json"
    )
    assert code == 0, out
    assert [r["unread"] for r in json.loads(out)] == [False]  # read by the previous command
    code, out = invoke(
        sql_services, "message", "replies", message_id, "--as", "wendy@deborg.nl", "--json"
    )
    assert [r["unread"] for r in json.loads(out)] == [True]
    code, out = invoke(sql_services, "message", "replies", message_id, "--as", "nie@deborg.nl")
    assert code == 1
    assert "Onbekende medewerker: nie@deborg.nl." in out


def _more_replies(services: Services, world: World, staff_world: StaffWorld, n: int) -> None:
    """``n`` more berichten of juf Anja to Groep 1, each with replies of alice and bob (alice's
    answered), some of them read by juf Anja."""
    now = services.clock.now()
    with services.uow() as uow:
        for k in range(n):
            message = uow.messages.add(
                attrs.evolve(staff_world.group1_message, id=NEW, title=f"Oproep {k}")
            )
            for parent in (world.alice, world.bob):
                reply = uow.replies.add(Reply(world.school.id, message.id, parent.id, "Ja.", now))
                if parent is world.alice:
                    reply.answer, reply.answered_at = "Dank u.", now
                    reply.answered_by = staff_world.anja.id
                    uow.replies.update(reply)
            if k % 2:
                uow.reply_reads.mark_read(world.school.id, staff_world.anja.id, message.id, now)
        uow.commit()


def test_the_read_state_of_replies_costs_the_same_statements_however_many_there_are(
    browser_factory: Callable[[], Browser],
    world: World,
    staff_world: StaffWorld,
    sql_services: Services,
) -> None:
    engine = sql_services.engine
    assert engine is not None
    message_id = staff_world.group1_message.id
    anja = staff_browser(browser_factory, "anja@deborg.nl", world.password)
    alice = browser_factory()
    alice.login(world.alice.login_name, world.password)
    pages = [
        (anja, "/school/"),
        (anja, "/school/berichten"),
        (anja, f"/school/berichten/{message_id}"),
        (alice, "/"),
        (alice, "/berichten"),
        (alice, f"/berichten/{message_id}"),
    ]

    def counts() -> list[int]:
        found = []
        for browser, path in pages:
            browser.get(path)  # the first visit may write a read marker
            with count_statements(engine) as counted:
                assert browser.get(path).status_code == 200, path
            found.append(counted.count)
        return found

    _more_replies(sql_services, world, staff_world, 1)
    few = counts()
    _more_replies(sql_services, world, staff_world, 10)
    assert counts() == few
