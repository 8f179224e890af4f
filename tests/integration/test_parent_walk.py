"""What a walk through the manual as a parent tripped over (issue 20), page by page."""

from __future__ import annotations

import io
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from deborg.bootstrap import Services
from deborg.domain.errors import AlreadyInvited, InvalidInput
from deborg.domain.model import ParentState
from tests.conftest import Browser
from tests.world import World


def test_the_child_edit_form_shows_the_date_of_birth_as_its_hint_asks(
    browser: Browser, world: World
) -> None:
    browser.login(world.alice.login_name, world.password)
    page = browser.get(f"/kinderen/{world.anna.id}/wijzigen").get_data(as_text=True)
    assert 'value="17-05-2019"' in page
    assert "2019-05-17" not in page


def test_an_impossible_date_of_birth_gets_a_birthday_as_example(
    browser: Browser, world: World
) -> None:
    browser.login(world.alice.login_name, world.password)
    path = f"/kinderen/{world.anna.id}/wijzigen"
    response = browser.post(
        path, {"roepnaam": "Anna", "achternaam": "Jansen", "date_of_birth": "31-02-2019"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "bijvoorbeeld 17-05-2019" in page
    assert "bijvoorbeeld 11-10-2026" not in page


def test_saving_the_child_form_unchanged_changes_nothing(browser: Browser, world: World) -> None:
    browser.login(world.alice.login_name, world.password)
    path = f"/kinderen/{world.anna.id}/wijzigen"
    form = browser.get(path).get_data(as_text=True)
    fields = dict(re.findall(r'<input[^>]*name="([a-z_]+)"[^>]*value="([^"]*)"', form))
    fields.pop("csrf_token", None)
    response = browser.post(path, fields, follow_redirects=True)
    assert "Er is niets gewijzigd." in response.get_data(as_text=True)


def test_the_childs_privacy_page_has_the_tab_bar_of_the_other_child_pages(
    browser: Browser, world: World
) -> None:
    browser.login(world.alice.login_name, world.password)
    page = browser.get(f"/kinderen/{world.anna.id}/privacy").get_data(as_text=True)
    assert '<nav class="tabs" aria-label="Leerling">' in page
    assert f'href="/kinderen/{world.anna.id}/privacy" aria-current="page">Privacy' in page
    assert f'href="/kinderen/{world.anna.id}/bereikbaarheid"' in page


def test_a_dead_link_says_where_to_ask_for_a_new_one(
    browser: Browser, world: World, sql_services: Services
) -> None:
    from deborg.services import accounts

    with sql_services.uow() as uow:  # Bob's account, not yet activated
        bob = uow.parents.get(world.school.id, world.bob.id)
        assert bob is not None
        bob.state = ParentState.INVITED
        bob.password_hash = None
        uow.parents.update(bob)
        uow.commit()
    s = sql_services

    def invite(*, again: bool = False) -> None:
        accounts.invite_parent(
            s.uow(), s.clock, s.tokens, s.hasher, s.links,
            school_id=world.school.id, parent_id=world.bob.id, again=again,
        )  # fmt: skip

    invite()
    with pytest.raises(AlreadyInvited):
        invite()
    with s.uow() as uow:
        [first] = [m.mail for m in uow.outbox.list() if m.mail.to == world.bob.login_name]
    first_link = re.search(r"https://portaal\.example\.nl(/activeren/\S+)", first.text)
    assert first_link
    invite(again=True)
    dead = browser.get(first_link.group(1))
    assert dead.status_code == 400
    assert "vraag de school om een nieuwe uitnodiging" in dead.get_data(as_text=True)

    reset = browser.get("/wachtwoord/verzonnen")
    assert reset.status_code == 400
    assert 'href="/wachtwoord-vergeten"' in reset.get_data(as_text=True)


def test_removing_a_paired_phone_asks_first_on_a_page_of_its_own(
    browser: Browser, world: World, client: FlaskClient
) -> None:
    from tests.integration.app_client import bearer, pair_by_password

    token = pair_by_password(client, world.alice.login_name, world.password)
    browser.login(world.alice.login_name, world.password)
    page = browser.get("/account/app").get_data(as_text=True)
    action = re.search(r'action="(/account/app/apparaten/\d+/verwijderen)"', page)
    assert action
    asked = browser.post(action.group(1), form_page="/account/app")
    text = asked.get_data(as_text=True)
    assert asked.status_code == 200
    assert "Wilt u de koppeling met dit apparaat verbreken?" in text
    assert 'name="bevestigd" value="1"' in text
    assert 'href="/account/app">Nee, terug' in text
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 200  # still paired
    done = browser.post(action.group(1), {"bevestigd": "1"}, form_page="/account/app")
    assert done.status_code == 302
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401


def test_an_empty_login_form_asks_for_the_fields(browser: Browser, world: World) -> None:
    response = browser.post("/inloggen", {"username": "", "password": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Vul uw gebruikersnaam in" in page
    assert "Vul uw wachtwoord in." in page
    assert "combinatie" not in page.lower()
    only_name = browser.post("/inloggen", {"username": world.alice.login_name, "password": ""})
    text = only_name.get_data(as_text=True)
    assert "Vul uw wachtwoord in." in text
    assert f'value="{world.alice.login_name}"' in text  # what was typed is kept


def test_the_header_shows_the_parents_photo_once_uploaded(
    browser: Browser, world: World, sql_services: Services
) -> None:
    from tests.images import png

    browser.login(world.alice.login_name, world.password)
    thumbnail = f"/foto/ouder/{world.alice.id}/klein"
    assert thumbnail not in browser.get("/").get_data(as_text=True)
    token = browser.csrf_token("/account/gegevens")
    uploaded = browser.client.post(
        "/account/foto",
        data={"csrf_token": token, "photo": (io.BytesIO(png()), "ik.png")},
        content_type="multipart/form-data",
    )
    assert uploaded.status_code == 302
    home = browser.get("/").get_data(as_text=True)
    header = home.split("</header>", 1)[0]
    assert f'src="{thumbnail}"' in header  # the avatar, desktop and phone menu alike


def test_the_header_links_the_schools_website_and_the_desktop_menu_has_children_and_groups(
    browser: Browser, world: World, sql_services: Services
) -> None:
    from deborg.services import directory

    browser.login(world.alice.login_name, world.password)
    assert "Schoolwebsite" not in browser.get("/").get_data(as_text=True)  # none set
    directory.change_school(
        sql_services.uow(), school_id=world.school.id, website_url="https://www.uwschool.nl"
    )
    home = browser.get("/").get_data(as_text=True)
    assert (
        '<a class="site-header__website" href="https://www.uwschool.nl">Schoolwebsite</a>' in home
    )
    main_nav = home.split('aria-label="Hoofdmenu"', 1)[1].split("</nav>", 1)[0]
    assert ">Mijn kinderen</a>" in main_nav
    assert ">Groepen</a>" in main_nav
    with pytest.raises(InvalidInput):
        directory.change_school(
            sql_services.uow(), school_id=world.school.id, website_url="javascript:alert(1)"
        )


def test_logged_out_the_header_and_footer_name_the_school(
    client: FlaskClient, sql_services: Services
) -> None:
    from deborg.services import directory

    directory.create_school(
        sql_services.uow(), name="Kindcentrum De Borg", code="99XX00", city="Assen"
    )
    page = client.get("/inloggen").get_data(as_text=True)
    assert '<span class="brand__school">Kindcentrum De Borg</span>' in page
    assert "<p>Kindcentrum De Borg, Assen · Ouderportaal</p>" in page


def test_the_overview_button_follows_the_booking_and_past_plannings_leave_the_overview(
    browser: Browser, world: World, sql_services: Services
) -> None:
    import datetime as dt

    assert world.planning is not None
    browser.login(world.alice.login_name, world.password)  # Anna is booked
    page = browser.get("/oudergesprekken/").get_data(as_text=True)
    assert "Afspraak bekijken of wijzigen" in page
    assert "Inschrijven" not in page
    bob = browser.__class__(browser.client.application.test_client())
    bob.login(world.bob.login_name, world.password)  # Bram is not
    assert "Inschrijven" in bob.get("/oudergesprekken/").get_data(as_text=True)

    last = max(slot.end for slot in world.planning.slots())
    sql_services.clock.set(last + dt.timedelta(minutes=1))  # type: ignore[attr-defined]
    browser.login(world.alice.login_name, world.password)  # days later: a new session
    page = browser.get("/oudergesprekken/").get_data(as_text=True)
    assert world.planning.title not in page
    assert "Er zijn op dit moment geen uitnodigingen" in page
    assert "Uitnodiging oudergesprekken" not in browser.get("/").get_data(as_text=True)
    # The booking page itself still shows the appointment that was.
    booking = browser.get(f"/oudergesprekken/{world.planning.id}/kind/{world.anna.id}")
    assert booking.status_code == 200


def test_the_demo_mail_page_gives_dates_in_dutch(app: Flask) -> None:
    from email.message import EmailMessage

    from deborg.entrypoints.web.demo_mail import _date

    message = EmailMessage()
    message["Date"] = "Thu, 03 Dec 2026 19:30:00 +0000"
    with app.test_request_context("/demo/mail/"):
        assert _date(message) == "donderdag 3 december 2026 om 20.30 uur"
