"""One-click unsubscribe (RFC 8058): every mail a parent may switch off carries a signed,
per-parent, per-kind address in List-Unsubscribe with List-Unsubscribe-Post; a POST there
switches that kind off without login or CSRF token, a GET only shows one button."""

from __future__ import annotations

import datetime as dt
import re

from flask.testing import FlaskClient

from deborg.bootstrap import Services
from deborg.domain.mail import MailCategory, OutboxEntry
from deborg.domain.notifications.model import Delivery, DigestEntry, NotificationPreferences
from deborg.services.notifications.digest import run_school_digest
from deborg.services.notifications.preferences import get_preferences, set_preferences
from deborg.services.notifications.routing import Notice, notify_parent
from tests.world import World

ONE_CLICK = {"List-Unsubscribe": "One-Click"}


def _news_mail(services: Services, world: World) -> OutboxEntry:
    set_preferences(
        services.uow(), school_id=world.school.id, parent_id=world.alice.id,
        choices={MailCategory.NEWS: Delivery.DIRECT},
    )  # fmt: skip
    with services.uow() as uow:
        notify_parent(
            uow, services.clock, services.links, school=world.school, parent=world.alice,
            notice=Notice(MailCategory.NEWS, "Nieuws", "Er is nieuws.", "Nieuws"),
        )  # fmt: skip
        uow.commit()
        [entry] = uow.outbox.list(limit=1)
    return entry


def _address(entry: OutboxEntry) -> str:
    headers = dict(entry.mail.headers)
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    match = re.fullmatch(
        r"<(https://portaal\.example\.nl(/afmelden/[^>]+))>", headers["List-Unsubscribe"]
    )
    assert match, headers["List-Unsubscribe"]
    return match.group(2)


def _choice(services: Services, world: World, category: MailCategory) -> Delivery:
    prefs = get_preferences(services.uow(), school_id=world.school.id, parent_id=world.alice.id)
    return prefs.delivery(category)


def test_a_post_to_the_mails_address_switches_that_kind_off_without_login(
    sql_services: Services, world: World, client: FlaskClient
) -> None:
    path = _address(_news_mail(sql_services, world))
    page = client.get(path)  # a link scanner or the parent opening it: nothing changes
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert html.count("<button") == 1
    assert "/account/notificaties" in html
    assert _choice(sql_services, world, MailCategory.NEWS) is Delivery.DIRECT

    answer = client.post(path, data=ONE_CLICK)  # the mail client's one click, no CSRF token
    assert answer.status_code == 200
    assert "nieuws" in answer.get_data(as_text=True)
    assert _choice(sql_services, world, MailCategory.NEWS) is Delivery.OFF
    assert _choice(sql_services, world, MailCategory.CONVERSATIONS) is Delivery.DIRECT
    again = client.post(path, data=ONE_CLICK)
    assert again.status_code == 200
    assert "stond al uit" in again.get_data(as_text=True)


def test_a_token_changed_by_hand_or_for_another_parent_does_nothing(
    sql_services: Services, world: World, client: FlaskClient
) -> None:
    path = _address(_news_mail(sql_services, world))
    token = path.rsplit("/", 1)[1]
    payload, signature = token.split(".")
    assert client.post(f"/afmelden/{payload}.{signature[::-1]}", data=ONE_CLICK).status_code == 404
    other = sql_services.links.unsubscribe(world.school.id, world.carla.id, "news")
    forged = other.rsplit("/", 1)[1].split(".")[0] + "." + signature
    assert client.post(f"/afmelden/{forged}", data=ONE_CLICK).status_code == 404
    assert client.post("/afmelden/onzin", data=ONE_CLICK).status_code == 404
    assert _choice(sql_services, world, MailCategory.NEWS) is Delivery.DIRECT


def test_the_weekmail_offers_to_switch_off_what_goes_in_it(
    sql_services: Services, world: World, client: FlaskClient
) -> None:
    with sql_services.uow() as uow:
        uow.digest_entries.add(
            DigestEntry(
                school_id=world.school.id, parent_id=world.alice.id,
                category=MailCategory.NEWS, title="Schoolreis", summary="", link="",
                created_at=sql_services.clock.now() - dt.timedelta(hours=1),
            )
        )  # fmt: skip
        uow.commit()
    mails = run_school_digest(
        sql_services.uow(), sql_services.clock, sql_services.links,
        school_id=world.school.id, lookups=sql_services.areas.digest_lookups, now=True,
    )  # fmt: skip
    assert mails == 1
    with sql_services.uow() as uow:
        [entry] = uow.outbox.list(limit=1)
    assert client.post(_address(entry), data=ONE_CLICK).status_code == 200
    prefs = get_preferences(sql_services.uow(), school_id=world.school.id, parent_id=world.alice.id)
    defaults = NotificationPreferences(world.school.id, world.alice.id).all_choices()
    for category, default in defaults.items():
        expected = Delivery.OFF if default is Delivery.DIGEST else default
        assert prefs.delivery(category) is expected
