"""Issue #15 part A through the Flask test client on SQLite and PostgreSQL: the forced "Kies
uw eigen wachtwoord", phones after a reset or a password change, Actieve sessies, and the
device cookie that keeps a parent's own browser out of a stranger's lockout."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable

from flask.testing import FlaskClient

from deborg.adapters.memory import FixedClock, MemoryMailer
from deborg.bootstrap import Services
from deborg.services.outbox import deliver_outbox
from tests.conftest import Browser
from tests.integration.app_client import bearer, pair_by_password
from tests.world import World

OWN_PASSWORD = "Zomer in Assen 2026!"
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)


def _text(response: object) -> str:
    return html.unescape(response.get_data(as_text=True))  # type: ignore[attr-defined]


def _browser_as(browser_factory: Callable[[], Browser], user_agent: str) -> Browser:
    browser = browser_factory()
    browser.client.environ_base["HTTP_USER_AGENT"] = user_agent
    return browser


def _reset_through_the_mails(browser: Browser, services: Services, login: str) -> str:
    """Wachtwoord vergeten, both steps, as a parent does it; the mailed password."""
    assert browser.post("/wachtwoord-vergeten", {"username": login}).status_code == 200
    deliver_outbox(services.uow(), services.mailer, services.clock)
    mailer = services.mailer
    assert isinstance(mailer, MemoryMailer)
    link = re.search(r"https://portaal\.example\.nl(/wachtwoord/\S+)", mailer.sent[-1].text)
    assert link
    assert browser.post(link.group(1)).status_code == 200
    deliver_outbox(services.uow(), services.mailer, services.clock)
    password = re.search(r"is:\n\n(\S+)\n", mailer.sent[-1].text)
    assert password
    return password.group(1)


# --- F3: nothing opens before the parent chose their own password ----------------------------


def test_after_a_reset_nothing_opens_before_kies_uw_eigen_wachtwoord(
    browser_factory: Callable[[], Browser],
    client: FlaskClient,
    world: World,
    sql_services: Services,
) -> None:
    mailed = _reset_through_the_mails(browser_factory(), sql_services, world.alice.login_name)
    browser = browser_factory()
    response = browser.post("/inloggen", {"username": world.alice.login_name, "password": mailed})
    assert response.headers["Location"] == "/wachtwoord-kiezen"
    for path in ("/", "/account/bereikbaarheid", "/account/app", "/nieuws"):
        held = browser.get(path)
        assert (held.status_code, held.headers.get("Location")) == (302, "/wachtwoord-kiezen")
    posted = browser.post(
        "/account/bereikbaarheid",
        {"contact_email": "aanvaller@example.net", "current_password": mailed},
        form_page="/wachtwoord-kiezen",
    )
    assert (posted.status_code, posted.headers.get("Location")) == (302, "/wachtwoord-kiezen")
    # No phone pairs with the mailed password either.
    paired = client.post(
        "/api/v1/devices",
        json={"school_code": "99XX00", "username": world.alice.login_name,
              "password": mailed, "device_name": "Telefoon"},
    )  # fmt: skip
    assert paired.status_code == 403
    assert paired.get_json()["code"] == "must_choose_password"

    weak = browser.post(
        "/wachtwoord-kiezen", {"new_password": "zwak", "new_password_again": "zwak"}
    )
    assert weak.status_code == 400
    assert "Minimaal 8 tekens lang" in _text(weak)
    chosen = browser.post(
        "/wachtwoord-kiezen", {"new_password": OWN_PASSWORD, "new_password_again": OWN_PASSWORD}
    )
    assert chosen.status_code == 302
    assert browser.get("/").status_code == 200
    assert browser.get("/wachtwoord-kiezen").status_code == 302  # done: back to Home


# --- F2: phones after a reset and after a password change ------------------------------------


def test_a_reset_unpairs_the_phones_so_an_old_device_token_opens_nothing(
    browser_factory: Callable[[], Browser], client: FlaskClient, world: World,
    sql_services: Services,
) -> None:  # fmt: skip
    device_token = pair_by_password(client, world.alice.login_name, world.password)
    borrowed = browser_factory()
    borrowed.login(world.alice.login_name, world.password)
    _reset_through_the_mails(browser_factory(), sql_services, world.alice.login_name)
    assert client.get("/api/v1/me", headers=bearer(device_token)).status_code == 401
    link = client.post("/api/v1/portal-link", headers=bearer(device_token))
    assert link.status_code == 401
    assert borrowed.get("/").status_code == 302  # the browser session ended too


def test_a_phone_paired_before_a_password_change_gets_no_portal_link(
    browser: Browser, client: FlaskClient, world: World, clock: FixedClock
) -> None:
    old_phone = pair_by_password(client, world.alice.login_name, world.password)
    clock.advance(dt.timedelta(minutes=1))
    browser.login(world.alice.login_name, world.password)
    changed = browser.post(
        "/account/wachtwoord",
        {"current_password": world.password, "new_password": OWN_PASSWORD,
         "new_password_again": OWN_PASSWORD},
    )  # fmt: skip
    assert changed.status_code == 302
    assert client.get("/api/v1/me", headers=bearer(old_phone)).status_code == 200  # stays
    refused = client.post("/api/v1/portal-link", headers=bearer(old_phone))
    assert refused.status_code == 403
    assert refused.get_json()["code"] == "paired_before_password_change"
    assert "Koppel de app opnieuw" in refused.get_json()["message"]
    clock.advance(dt.timedelta(minutes=1))
    new_phone = pair_by_password(client, world.alice.login_name, OWN_PASSWORD)
    assert client.post("/api/v1/portal-link", headers=bearer(new_phone)).status_code == 201


# --- F7: Actieve sessies --------------------------------------------------------------------


def test_actieve_sessies_shows_the_browsers_and_afmelden_ends_one(
    browser_factory: Callable[[], Browser], world: World
) -> None:
    laptop = _browser_as(browser_factory, FIREFOX)
    laptop.login(world.alice.login_name, world.password)
    phone = _browser_as(browser_factory, SAFARI_IPHONE)
    phone.login(world.alice.login_name, world.password)
    page = _text(laptop.get("/account/wachtwoord"))
    assert "Actieve sessies" in page
    assert "Firefox op Windows <strong>(deze browser)</strong>" in page
    assert "Safari op iOS" in page
    handles = re.findall(r'name="session" value="([0-9a-f]{64})"', page)
    assert len(handles) == 2
    other = handles[1]  # the current one is listed first
    ended = laptop.post("/account/sessies/afmelden", {"session": other})
    assert ended.status_code == 302
    assert phone.get("/").status_code == 302  # the iPhone is logged out
    assert laptop.get("/").status_code == 200
    assert "Safari op iOS" not in _text(laptop.get("/account/wachtwoord"))


def test_overal_afmelden_ends_every_browser_but_keeps_the_phones(
    browser_factory: Callable[[], Browser], client: FlaskClient, world: World
) -> None:
    device_token = pair_by_password(client, world.alice.login_name, world.password)
    laptop = _browser_as(browser_factory, FIREFOX)
    laptop.login(world.alice.login_name, world.password)
    other = browser_factory()
    other.login(world.alice.login_name, world.password)
    bob = browser_factory()
    bob.login(world.bob.login_name, world.password)
    response = laptop.post("/account/sessies/overal-afmelden", form_page="/account/wachtwoord")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/inloggen")
    assert laptop.get("/").status_code == 302
    assert other.get("/").status_code == 302
    assert bob.get("/").status_code == 200  # another parent's session is not touched
    assert client.get("/api/v1/me", headers=bearer(device_token)).status_code == 200


# --- a lockout that cannot be turned against the parent --------------------------------------


def test_a_strangers_wrong_passwords_do_not_lock_out_the_parents_own_browser(
    browser_factory: Callable[[], Browser], world: World
) -> None:
    own = browser_factory()
    own.login(world.alice.login_name, world.password)  # the device cookie is set
    own.post("/uitloggen", form_page="/")
    attacker = browser_factory()
    for attempt in range(10):
        attacker.post(
            "/inloggen", {"username": world.alice.login_name, "password": f"Gok-{attempt}!"}
        )
    locked = browser_factory().post(
        "/inloggen", {"username": world.alice.login_name, "password": world.password}
    )
    assert locked.status_code == 429  # an unknown client is locked out …
    own.login(world.alice.login_name, world.password)  # … the parent's own browser is not
    assert own.get("/").status_code == 200


def test_a_forged_or_foreign_device_cookie_is_not_trusted(
    browser_factory: Callable[[], Browser], world: World
) -> None:
    bobs = browser_factory()
    bobs.login(world.bob.login_name, world.password)  # a genuine cookie, for another account
    bobs.post("/uitloggen", form_page="/")
    forged = browser_factory()
    forged.client.set_cookie("deborg-device", "eyJsb2dpbiI6ImFsaWNlQGV4YW1wbGUubmwifQ.x.y")
    for attempt in range(10):
        browser_factory().post(
            "/inloggen", {"username": world.alice.login_name, "password": f"Gok-{attempt}!"}
        )
    for browser in (bobs, forged):
        refused = browser.post(
            "/inloggen",
            {"username": world.alice.login_name, "password": world.password},
            form_page="/inloggen",
        )
        assert refused.status_code == 429
