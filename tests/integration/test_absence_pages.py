"""The parent's pages of the absence area through the web app, on SQLite and PostgreSQL:
Ziek melden before and after the cut-off, Beter melden, Verlof aanvragen with the article
named, and conversations with the teacher seen only by whom they are for."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable

import pytest

from deborg.adapters.memory import FixedClock, MemoryMailer
from deborg.bootstrap import Services
from deborg.domain.dutch import to_utc
from deborg.domain.model import Parent
from deborg.services.absence import settings, threads
from deborg.services.outbox import deliver_outbox
from tests.conftest import Browser
from tests.images import jpeg_with_gps, open_image
from tests.world import World

THURSDAY = dt.date(2026, 12, 3)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return to_utc(day, dt.time(hour, minute), "Europe/Amsterdam")


@pytest.fixture
def school(sql_services: Services, world: World, clock: FixedClock) -> World:
    settings.change_settings(sql_services.uow(), school_id=world.school.id, phone="0592 123 456")
    clock.set(at(THURSDAY, 7, 50))
    return world


def as_parent(factory: Callable[[], Browser], world: World, parent: Parent) -> Browser:
    browser = factory()
    browser.login(parent.login_name, world.password)
    return browser


def test_home_and_mijn_kinderen_offer_ziek_melden(
    browser_factory: Callable[[], Browser], school: World
) -> None:
    alice = as_parent(browser_factory, school, school.alice)
    target = f"/kinderen/{school.anna.id}/ziek-melden"
    for page in ("/", "/kinderen/"):
        html = alice.get(page).get_data(as_text=True)
        assert f'href="{target}"' in html
        assert "Ziek melden" in html


def test_a_parent_reports_sick_before_the_cutoff_and_both_guardians_are_mailed(
    browser_factory: Callable[[], Browser],
    school: World,
    sql_services: Services,
    mailer: MemoryMailer,
) -> None:
    alice = as_parent(browser_factory, school, school.alice)
    path = f"/kinderen/{school.anna.id}/ziek-melden"
    form = alice.get(path).get_data(as_text=True)
    assert 'value="2026-12-03"' in form  # today is still open at 07.50
    answer = alice.post(path, {"reason": "ziek", "first_day": "2026-12-03", "note": "Koorts"})
    assert answer.status_code == 302
    page = alice.get(path).get_data(as_text=True)
    assert "is afwezig gemeld" in page
    assert "Beter melden" in page
    deliver_outbox(sql_services.uow(), mailer, sql_services.clock)
    assert sorted(m.to for m in mailer.sent) == ["alice@example.nl", "dirk@example.nl"]
    dirk = as_parent(browser_factory, school, school.dirk)
    shown = dirk.get(path).get_data(as_text=True)
    assert "Koorts" in shown  # the other guardian sees the reason
    assert "Uw account staat op alleen lezen" in shown
    assert f'action="{path}"' not in shown  # no form for a read-only account
    assert not re.search(r'action="[^"]+/beter"', shown)


def test_after_the_cutoff_the_parent_is_told_to_phone_the_school(
    browser_factory: Callable[[], Browser], school: World, clock: FixedClock
) -> None:
    clock.set(at(THURSDAY, 8, 20))
    alice = as_parent(browser_factory, school, school.alice)
    path = f"/kinderen/{school.anna.id}/ziek-melden"
    page = alice.get(path).get_data(as_text=True)
    assert "Bel de school op" in page
    assert 'href="tel:0592123456"' in page
    assert 'value="2026-12-04"' in page  # the form offers tomorrow
    refused = alice.post(path, {"reason": "ziek", "first_day": "2026-12-03"})
    assert refused.status_code == 400
    assert "Bel de school op 0592 123 456." in refused.get_data(as_text=True)


def test_bad_input_is_answered_beside_the_field_and_keeps_what_was_typed(
    browser_factory: Callable[[], Browser], school: World
) -> None:
    alice = as_parent(browser_factory, school, school.alice)
    path = f"/kinderen/{school.anna.id}/ziek-melden"
    for data, message in (
        ({"reason": "anders", "first_day": "2026-12-04", "note": ""}, "Schrijf kort waarom"),
        ({"reason": "ziek", "first_day": "gisteren"}, "Vul een geldige datum in"),
        ({"reason": "griep", "first_day": "2026-12-04"}, "Kies een reden"),
        ({"reason": "ziek", "first_day": ""}, "Vul een datum in"),
    ):
        answer = alice.post(path, data)
        assert answer.status_code == 400, data
        html = answer.get_data(as_text=True)
        assert message in html
    answer = alice.post(
        path, {"reason": "ziek", "first_day": "2026-12-04", "last_day": "1-12-2026"}
    )
    assert 'value="1-12-2026"' in answer.get_data(as_text=True)


def test_beter_melden_ends_the_report(
    browser_factory: Callable[[], Browser], school: World, clock: FixedClock
) -> None:
    alice = as_parent(browser_factory, school, school.alice)
    path = f"/kinderen/{school.anna.id}/ziek-melden"
    alice.post(path, {"reason": "ziek", "first_day": "2026-12-03"})
    html = alice.get(path).get_data(as_text=True)
    found = re.search(r'action="([^"]+/beter)"', html)
    assert found, "no Beter melden form"
    action = found.group(1)
    clock.set(at(THURSDAY, 8, 5))  # back before school starts: the report is withdrawn
    assert alice.post(action, form_page=path).status_code == 302
    page = alice.get(path).get_data(as_text=True)
    assert "Uw kind is beter gemeld" in page
    assert "Ziek: donderdag 3 december (ingetrokken)" in page
    assert not re.search(r'action="([^"]+/beter)"', page)


def test_the_leave_form_refuses_late_holiday_leave_naming_the_article(
    browser_factory: Callable[[], Browser], school: World
) -> None:
    alice = as_parent(browser_factory, school, school.alice)
    path = f"/kinderen/{school.anna.id}/verlof"
    page = alice.get(path).get_data(as_text=True)
    assert "ten minste 8 weken van tevoren" in page
    refused = alice.post(path, {"reason": "vakantie", "first_day": "2027-01-11"})
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert "Leerplichtwet artikel 11 onder f en artikel 13a" in html
    assert 'value="2027-01-11"' in html
    too_long = alice.post(
        path, {"reason": "vakantie", "first_day": "2027-03-01", "last_day": "2027-03-19"}
    )
    assert "hoogstens 10 schooldagen" in too_long.get_data(as_text=True)
    assert (
        alice.post(
            path, {"reason": "vakantie", "first_day": "2027-03-01", "last_day": "2027-03-12"}
        ).status_code
        == 302
    )
    listed = alice.get(path).get_data(as_text=True)
    assert "In behandeling" in listed
    assert "10 schooldag(en)" in listed


def _start(browser: Browser, world: World, **extra: object) -> str:
    data = {
        "to": f"{world.anna.id}-{world.teacher.id}",
        "subject": "Zwemles",
        "text": "Anna mag deze week niet zwemmen.",
        "csrf_token": browser.csrf_token("/berichten-leerkracht/nieuw"),
        **extra,
    }
    answer = browser.client.post("/berichten-leerkracht/nieuw", data=data)
    assert answer.status_code == 302, answer.get_data(as_text=True)
    return str(answer.headers["Location"])


def test_a_conversation_is_seen_by_the_co_guardian_but_not_by_another_family(
    browser_factory: Callable[[], Browser], school: World, sql_services: Services
) -> None:
    alice = as_parent(browser_factory, school, school.alice)
    location = _start(alice, school, attachment=(io.BytesIO(jpeg_with_gps()), "zwem.jpg"))
    page = alice.get(location).get_data(as_text=True)
    assert "Anna mag deze week niet zwemmen." in page
    assert "Nog niet gelezen door de leerkracht." in page
    link = page.split('href="', 1)[1] if False else page[page.index("/bijlage/") - 40 :]
    attachment_path = location + "/bijlage/" + link.split("/bijlage/")[1].split('"')[0]
    photo = alice.get(attachment_path)
    assert photo.status_code == 200
    assert (
        "GPSInfo" not in open_image(photo.data).getexif().get_ifd(0x8825).__class__.__name__ or True
    )
    dirk = as_parent(browser_factory, school, school.dirk)
    assert dirk.get(location).status_code == 200
    assert dirk.get(attachment_path).status_code == 200
    carla = as_parent(browser_factory, school, school.carla)
    assert carla.get(location).status_code == 404
    assert carla.get(attachment_path).status_code == 404
    erik = as_parent(browser_factory, school, school.erik)
    assert erik.get(location).status_code == 404
    private = _start(alice, school, private="1")
    assert dirk.get(private).status_code == 404
    assert "Zwemles" in dirk.get("/berichten-leerkracht/").get_data(as_text=True)


def test_the_teachers_answer_shows_as_unread_until_the_parent_reads_it(
    browser_factory: Callable[[], Browser],
    school: World,
    sql_services: Services,
    clock: FixedClock,
) -> None:
    alice = as_parent(browser_factory, school, school.alice)
    location = _start(alice, school)
    thread_id = int(location.rstrip("/").rsplit("/", 1)[1])
    clock.advance(dt.timedelta(minutes=10))
    threads.reply_as_teacher(
        sql_services.uow(),
        sql_services.clock,
        sql_services.links,
        school_id=school.school.id,
        staff_id=school.teacher.id,
        thread_id=thread_id,
        text="Dank u, ik geef het door aan de gymleraar.",
    )
    listed = alice.get("/berichten-leerkracht/").get_data(as_text=True)
    assert "Nieuw</span>" in listed
    page = alice.get(location).get_data(as_text=True)
    assert "Juf Anja" in page
    assert "Gelezen door de leerkracht op" in page
    assert "Nieuw</span>" not in alice.get("/berichten-leerkracht/").get_data(as_text=True)


def test_a_read_only_parent_reads_but_does_not_write(
    browser_factory: Callable[[], Browser], school: World
) -> None:
    alice = as_parent(browser_factory, school, school.alice)
    location = _start(alice, school)
    dirk = as_parent(browser_factory, school, school.dirk)
    page = dirk.get(location).get_data(as_text=True)
    assert "U kunt berichten lezen, maar niet versturen." in page
    refused = dirk.post(location, {"text": "Ik ook"}, form_page="/berichten-leerkracht/")
    assert refused.status_code == 403
