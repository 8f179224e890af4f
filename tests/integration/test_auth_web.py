"""The account pages through the Flask test client on SQLite and PostgreSQL: activation and
Wachtwoord vergeten followed from the mails, Wachtwoord wijzigen, logout, CSRF, cookies,
security headers, error pages, links in mails and what reaches the logs."""

from __future__ import annotations

import datetime as dt
import html
import http.cookiejar
import logging
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from deborg.adapters.argon2_hasher import Argon2PasswordHasher
from deborg.adapters.memory import MemoryMailer
from deborg.bootstrap import Services
from deborg.domain.mail import OutgoingMail
from deborg.domain.passwords import enforce_password_policy
from deborg.services import accounts, directory
from deborg.services.outbox import deliver_outbox
from tests.conftest import Browser, make_settings
from tests.world import World

BASE = "https://portaal.example.nl"
MANUAL_ALREADY_ACTIVATED = (
    "Het account is reeds geactiveerd. Log in met uw gebruikersnaam en wachtwoord."
)
NEW_PASSWORD = "Zomer in Assen 2026!"
WRONG_CURRENT = "Het huidige wachtwoord is onjuist."
NOT_EQUAL = "De twee nieuwe wachtwoorden zijn niet gelijk."


def _delivered(services: Services) -> list[OutgoingMail]:
    deliver_outbox(services.uow(), services.mailer, services.clock)
    mailer = services.mailer
    assert isinstance(mailer, MemoryMailer)
    return mailer.sent


def _link(mail: OutgoingMail, path: str) -> str:
    """The path of the link to ``path`` in the mail; it must point at the configured site."""
    found = re.search(re.escape(BASE) + "(" + re.escape(path) + r"[^\s]+)", mail.text)
    assert found, mail.text
    return found.group(1)


def _text(response: object) -> str:
    return html.unescape(response.get_data(as_text=True))  # type: ignore[attr-defined]


def _invite(services: Services, world: World, email: str = "nieuw@example.nl") -> OutgoingMail:
    added = directory.add_parent(
        services.uow(), services.clock, emails=services.emails, school_id=world.school.id,
        data=directory.ParentInput(email=email, roepnaam="Nina"), child_ids=[world.anna.id],
    )  # fmt: skip
    accounts.invite_parent(
        services.uow(), services.clock, services.tokens, services.hasher, services.links,
        school_id=world.school.id, parent_id=added.parent.id,
    )  # fmt: skip
    [mail] = [m for m in _delivered(services) if m.to == email]
    return mail


# --- activation -----------------------------------------------------------------------------


def test_a_parent_activates_from_the_mail_and_a_second_opening_shows_the_manuals_message(
    browser_factory: Callable[[], Browser], world: World, sql_services: Services
) -> None:
    mail = _invite(sql_services, world)
    password = re.search(r"Uw wachtwoord: (\S+)", mail.text)
    assert password
    enforce_password_policy(password.group(1), sql_services.common_passwords)
    link = _link(mail, "/activeren/")

    browser = browser_factory()
    page = browser.get(link)
    assert page.status_code == 200
    assert "nieuw@example.nl" in _text(page)
    assert "Account activeren" in _text(page)
    activated = browser.post(link)
    assert activated.status_code == 302
    assert activated.headers["Location"].startswith("/inloggen")

    browser.login("nieuw@example.nl", password.group(1))
    # The mailed password is one-time: every page leads to "Kies uw eigen wachtwoord" first.
    for path in ("/", "/kinderen/", "/account/wachtwoord"):
        held = browser.get(path)
        assert held.status_code == 302
        assert held.headers["Location"] == "/wachtwoord-kiezen"
    assert "Kies uw eigen wachtwoord" in _text(browser.get("/wachtwoord-kiezen"))
    chosen = browser.post(
        "/wachtwoord-kiezen", {"new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD}
    )
    assert chosen.status_code == 302
    assert "Anna Jansen" in _text(browser.get("/"))
    browser.post("/uitloggen", form_page="/")
    refused = browser.post(
        "/inloggen", {"username": "nieuw@example.nl", "password": password.group(1)}
    )
    assert refused.status_code == 400  # the mailed password is spent
    browser.login("nieuw@example.nl", NEW_PASSWORD)
    assert browser.get("/").status_code == 200

    later = browser_factory()  # the parent clicks the link in the mail once more
    for again in (later.get(link), later.post(link, form_page="/inloggen")):
        assert again.status_code == 200
        assert MANUAL_ALREADY_ACTIVATED in _text(again)


def test_a_made_up_activation_link_is_refused(browser: Browser, world: World) -> None:
    response = browser.get("/activeren/verzonnen")
    assert response.status_code == 400
    assert "ongeldig of verlopen" in _text(response)


# --- Wachtwoord vergeten --------------------------------------------------------------------


def test_forgot_password_in_two_steps_through_the_mails(
    browser: Browser, world: World, sql_services: Services
) -> None:
    alice = world.alice.login_name
    sent = browser.post("/wachtwoord-vergeten", {"username": alice.upper()})
    assert sent.status_code == 200
    assert "Controleer uw e-mail" in _text(sent)
    [link_mail] = _delivered(sql_services)
    assert link_mail.to == alice
    assert "Stuur mij een nieuw wachtwoord" in link_mail.text
    link = _link(link_mail, "/wachtwoord/")

    browser.login(alice, world.password)  # the old password still works
    browser.post("/uitloggen", form_page="/")

    confirm = browser.get(link)
    assert confirm.status_code == 200
    assert "Stuur mij een nieuw wachtwoord" in _text(confirm)
    assert browser.post(link).status_code == 200
    [_, password_mail] = _delivered(sql_services)
    assert password_mail.subject == "Uw nieuwe wachtwoord"
    new_password = re.search(r"is:\n\n(\S+)\n", password_mail.text)
    assert new_password

    refused = browser.post("/inloggen", {"username": alice, "password": world.password})
    assert refused.status_code == 400
    browser.login(alice, new_password.group(1))
    browser.post("/uitloggen", form_page="/wachtwoord-kiezen")
    again = browser.post(link, form_page="/inloggen")
    assert again.status_code == 400  # the link works once
    assert "ongeldig of verlopen" in _text(again)


def test_an_unknown_name_gets_onbekende_gebruiker_with_the_name_kept(
    browser: Browser, world: World
) -> None:
    response = browser.post("/wachtwoord-vergeten", {"username": "wie@example.nl"})
    assert response.status_code == 400
    page = _text(response)
    assert "Onbekende gebruiker" in page
    assert 'value="wie@example.nl"' in page


def test_links_in_mails_use_the_configured_address_not_the_host_header(
    browser: Browser, world: World, sql_services: Services
) -> None:
    evil = {"Host": "evil.example", "X-Forwarded-Host": "evil.example"}
    form = browser.client.get("/wachtwoord-vergeten", headers=evil).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert token
    response = browser.client.post(
        "/wachtwoord-vergeten",
        data={"username": world.alice.login_name, "csrf_token": token.group(1)},
        headers=evil,
    )
    assert response.status_code == 200
    [mail] = _delivered(sql_services)
    assert "evil.example" not in mail.text + mail.html
    assert f"{BASE}/wachtwoord/" in mail.text


# --- login ----------------------------------------------------------------------------------


def test_a_wrong_password_and_an_unknown_name_get_the_same_page(
    browser: Browser, world: World
) -> None:
    wrong = browser.post("/inloggen", {"username": world.alice.login_name, "password": "x"})
    unknown = browser.post("/inloggen", {"username": "wie@example.nl", "password": "x"})
    assert wrong.status_code == unknown.status_code == 400
    message = "De combinatie van gebruikersnaam en wachtwoord is onjuist."
    assert message in _text(wrong)
    assert message in _text(unknown)
    assert f'value="{world.alice.login_name}"' in _text(wrong)  # the name is kept
    assert 'value="x"' not in _text(wrong)  # the password is not


def test_login_is_throttled(browser: Browser, world: World) -> None:
    for _ in range(10):
        browser.post("/inloggen", {"username": world.alice.login_name, "password": "fout"})
    response = browser.post(
        "/inloggen", {"username": world.alice.login_name, "password": world.password}
    )
    assert response.status_code == 429
    assert "Te veel pogingen" in _text(response)


def test_a_login_with_an_outdated_hash_upgrades_it(
    browser_factory: Callable[[], Browser], world: World, sql_services: Services
) -> None:
    stronger = Argon2PasswordHasher(time_cost=2, memory_cost=16, parallelism=1)
    assert stronger.needs_rehash(world.alice.password_hash or "")
    sql_services.hasher = stronger
    browser_factory().login(world.alice.login_name, world.password)
    with sql_services.uow() as uow:
        upgraded = uow.parents.get(world.school.id, world.alice.id)
    assert upgraded is not None
    assert upgraded.password_hash is not None
    assert "m=16,t=2,p=1" in upgraded.password_hash
    assert not stronger.needs_rehash(upgraded.password_hash)
    browser_factory().login(world.alice.login_name, world.password)


def test_login_sends_the_parent_to_the_page_asked_for_but_never_elsewhere(
    browser_factory: Callable[[], Browser], world: World
) -> None:
    for target, expected in (("/account/wachtwoord", "/account/wachtwoord"), ("//evil.nl/", "/")):
        browser = browser_factory()
        token = browser.csrf_token()
        response = browser.client.post(
            "/inloggen?" + urllib.parse.urlencode({"next": target}),
            data={"username": world.alice.login_name, "password": world.password,
                  "csrf_token": token},
        )  # fmt: skip
        assert response.status_code == 302
        assert response.headers["Location"] == expected


# --- Wachtwoord wijzigen --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "new", "again", "field", "message"),
    [
        ("Fout-1!", NEW_PASSWORD, NEW_PASSWORD, "current_password", WRONG_CURRENT),
        (None, NEW_PASSWORD, NEW_PASSWORD + "?", "new_password_again", NOT_EQUAL),
        (None, "zwak", "zwak", "new_password", "Minimaal 8 tekens lang"),
        (None, "P@ssw0rd", "P@ssw0rd", "new_password", "Geen veelgebruikt wachtwoord"),
    ],
)  # fmt: skip
def test_a_refused_password_change_shows_the_error_beside_the_field(
    browser: Browser, world: World, current: str | None, new: str, again: str, field: str,
    message: str,
) -> None:  # fmt: skip
    browser.login(world.alice.login_name, world.password)
    response = browser.post(
        "/account/wachtwoord",
        {"current_password": current or world.password, "new_password": new,
         "new_password_again": again},
    )  # fmt: skip
    assert response.status_code == 400
    page = _text(response)
    error = re.search(rf'<p class="field-error" id="{field}-error">(.*?)</p>', page, re.S)
    assert error, page
    assert message in error.group(1)
    for typed in {current or world.password, new, again}:
        assert f'value="{typed}"' not in page  # passwords are never sent back
    browser.post("/uitloggen", form_page="/")
    browser.login(world.alice.login_name, world.password)  # nothing changed


def test_a_password_change_ends_the_other_browsers_sessions(
    browser_factory: Callable[[], Browser], world: World, sql_services: Services
) -> None:
    mine, other = browser_factory(), browser_factory()
    mine.login(world.alice.login_name, world.password)
    other.login(world.alice.login_name, world.password)
    response = mine.post(
        "/account/wachtwoord",
        {"current_password": world.password, "new_password": NEW_PASSWORD,
         "new_password_again": NEW_PASSWORD},
    )  # fmt: skip
    assert response.status_code == 302
    assert mine.get("/").status_code == 200
    replay = other.get("/")
    assert replay.status_code == 302
    assert replay.headers["Location"].startswith("/inloggen")
    assert [m.subject for m in _delivered(sql_services)] == ["Uw wachtwoord is gewijzigd"]
    fresh = browser_factory()
    fresh.login(world.alice.login_name, NEW_PASSWORD)


# --- logout, CSRF, cookies ------------------------------------------------------------------


def _session_cookie(browser: Browser, name: str = "deborg-session") -> str:
    cookie = browser.client.get_cookie(name)
    assert cookie is not None
    return cookie.value


def test_logout_is_a_post_that_ends_the_session_on_the_server(
    browser_factory: Callable[[], Browser], world: World
) -> None:
    browser = browser_factory()
    browser.login(world.alice.login_name, world.password)
    stolen = _session_cookie(browser)
    assert browser.get("/uitloggen").status_code == 405
    assert browser.get("/").status_code == 200  # the GET did not log out
    response = browser.post("/uitloggen", form_page="/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/inloggen"

    replay = browser_factory()
    replay.client.set_cookie("deborg-session", stolen)
    answer = replay.get("/")
    assert answer.status_code == 302
    assert answer.headers["Location"].startswith("/inloggen")


def test_a_login_replaces_the_session_the_browser_had(
    browser: Browser, world: World, browser_factory: Callable[[], Browser]
) -> None:
    browser.login(world.alice.login_name, world.password)
    first = _session_cookie(browser)
    token = browser.csrf_token("/account/wachtwoord")
    browser.client.post(
        "/inloggen",
        data={"username": world.alice.login_name, "password": world.password, "csrf_token": token},
    )
    assert _session_cookie(browser) != first
    replay = browser_factory()
    replay.client.set_cookie("deborg-session", first)
    assert replay.get("/").status_code == 302


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/inloggen", {"username": "alice@example.nl", "password": "Geheim-wachtw00rd!"}),
        ("/wachtwoord-vergeten", {"username": "alice@example.nl"}),
        ("/uitloggen", {}),
    ],
)
def test_a_form_without_csrf_token_is_refused(
    browser: Browser, world: World, sql_services: Services, path: str, data: dict[str, str]
) -> None:
    browser.get("/inloggen")  # the browser has its form cookie
    response = browser.client.post(path, data=data)
    assert response.status_code == 400
    assert "Formulier verlopen" in _text(response)
    assert browser.client.get_cookie("deborg-session") is None
    assert _delivered(sql_services) == []
    wrong = browser.client.post(path, data={**data, "csrf_token": "verzonnen"})
    assert wrong.status_code == 400


def test_a_password_change_without_csrf_token_is_refused(browser: Browser, world: World) -> None:
    browser.login(world.alice.login_name, world.password)
    response = browser.client.post(
        "/account/wachtwoord",
        data={"current_password": world.password, "new_password": NEW_PASSWORD,
              "new_password_again": NEW_PASSWORD},
    )  # fmt: skip
    assert response.status_code == 400
    browser.post("/uitloggen", form_page="/")
    browser.login(world.alice.login_name, world.password)


def _set_cookies(response: object) -> dict[str, str]:
    headers = response.headers.getlist("Set-Cookie")  # type: ignore[attr-defined]
    return {h.split("=", 1)[0]: h for h in headers}


def test_the_session_cookie_is_httponly_and_samesite_lax(browser: Browser, world: World) -> None:
    token = browser.csrf_token()
    response = browser.client.post(
        "/inloggen",
        data={"username": world.alice.login_name, "password": world.password, "csrf_token": token},
    )
    cookie = _set_cookies(response)["deborg-session"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Path=/" in cookie


@pytest.fixture
def production_app(sql_services: Services, tmp_path: Path) -> Flask:
    from deborg.entrypoints.web import create_app

    sql_services.settings = make_settings(tmp_path, environment="production")
    application = create_app(services=sql_services)
    application.config.update(TESTING=True)
    return application


def test_in_production_cookies_are_secure_with_the_host_prefix(
    production_app: Flask, world: World
) -> None:
    client = production_app.test_client()
    https = {"base_url": "https://portaal.example.nl"}
    page = client.get("/inloggen", **https)  # type: ignore[arg-type]
    form_cookie = _set_cookies(page)["__Host-deborg-form"]
    assert "Secure" in form_cookie
    assert "HttpOnly" in form_cookie
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True))
    assert token
    response = client.post(
        "/inloggen",
        data={"username": world.alice.login_name, "password": world.password,
              "csrf_token": token.group(1)},
        headers={"Referer": "https://portaal.example.nl/inloggen"}, **https,  # type: ignore[arg-type]
    )  # fmt: skip
    assert response.status_code == 302
    cookie = _set_cookies(response)["__Host-deborg-session"]
    for attribute in ("Secure", "HttpOnly", "SameSite=Lax", "Path=/"):
        assert attribute in cookie
    assert "Domain=" not in cookie
    assert "Strict-Transport-Security" in response.headers

    client.delete_cookie("__Host-deborg-session", domain="portaal.example.nl")
    client.set_cookie("__Host-deborg-session", "verlopen", domain="portaal.example.nl")
    dropped = client.get("/", **https)  # type: ignore[arg-type]
    deletion = _set_cookies(dropped)["__Host-deborg-session"]
    assert "Secure" in deletion  # else a browser ignores the deletion of a __Host- cookie


# --- headers and error pages ----------------------------------------------------------------


def test_pages_carry_the_security_headers(browser: Browser, world: World) -> None:
    browser.login(world.alice.login_name, world.password)
    for path in ("/inloggen", "/", "/account/wachtwoord", "/bestaat-niet"):
        headers = browser.get(path).headers
        csp = headers["Content-Security-Policy"]
        directives = dict([*d.strip().split(" ", 1), ""][:2] for d in csp.split(";"))
        assert "'unsafe-inline'" not in directives.get("script-src", directives["default-src"])
        assert directives["frame-ancestors"] == "'none'"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] in {"same-origin", "no-referrer", "strict-origin"}
        assert headers["Cache-Control"] == "no-store"


def test_an_unexpected_error_shows_a_generic_page_without_traceback(
    app: Flask, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> str:
        raise RuntimeError("secret internals at /srv/deborg/x.py")

    app.add_url_rule("/kapot", view_func=broken)
    app.config.update(TESTING=False, PROPAGATE_EXCEPTIONS=False)
    response = app.test_client().get("/kapot")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Er ging iets mis" in page
    for leak in ("Traceback", "RuntimeError", "secret internals", "x.py"):
        assert leak not in page
    assert "RuntimeError" in caplog.text  # the details are in the log, for the operator


# --- what reaches the logs ------------------------------------------------------------------


class RealBrowser:
    """urllib against a real werkzeug server, so werkzeug's own request log is exercised."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
        )

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post(self, path: str, data: dict[str, str], form_page: str | None = None) -> int:
        _, page = self.get(form_page or path)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert token, page
        body = urllib.parse.urlencode({**data, "csrf_token": token.group(1)}).encode()
        try:
            with self.opener.open(self.base + path, data=body) as response:
                return int(response.status)
        except urllib.error.HTTPError as error:
            return error.code


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@pytest.fixture
def served(app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


def test_no_password_or_token_reaches_the_logs(
    served: str, world: World, sql_services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    secrets: list[str] = []
    web = RealBrowser(served)

    invitation = _invite(sql_services, world)
    activation = _link(invitation, "/activeren/")
    password = re.search(r"Uw wachtwoord: (\S+)", invitation.text)
    assert password
    secrets += [activation.rsplit("/", 1)[1], password.group(1)]
    assert web.get(activation)[0] == 200
    assert web.post(activation, {}) == 302
    assert (
        web.post("/inloggen", {"username": "nieuw@example.nl", "password": password.group(1)})
        == 302
    )
    secrets.append(NEW_PASSWORD)
    chosen = {"new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD}
    assert web.post("/wachtwoord-kiezen", chosen) == 302
    new_address = {"contact_email": "nina.nieuw@example.nl", "current_password": NEW_PASSWORD}
    assert web.post("/account/bereikbaarheid", new_address) == 302
    [confirmation] = [m for m in _delivered(sql_services) if m.to == "nina.nieuw@example.nl"]
    confirm = _link(confirmation, "/e-mailadres-bevestigen/")
    secrets.append(confirm.rsplit("/", 1)[1])
    assert web.get(confirm)[0] == 200

    assert web.post("/wachtwoord-vergeten", {"username": world.bob.login_name}) == 200
    reset = _link(_delivered(sql_services)[-1], "/wachtwoord/")
    secrets.append(reset.rsplit("/", 1)[1])
    assert web.get(reset)[0] == 200
    assert web.post(reset, {}) == 200
    new = re.search(r"is:\n\n(\S+)\n", _delivered(sql_services)[-1].text)
    assert new
    secrets.append(new.group(1))
    fresh = RealBrowser(served)
    assert (
        fresh.post("/inloggen", {"username": world.bob.login_name, "password": new.group(1)}) == 302
    )
    wrong = {"username": world.bob.login_name, "password": "Fout-" + new.group(1)}
    assert RealBrowser(served).post("/inloggen", wrong) == 400

    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "/activeren/[verborgen]" in logged  # werkzeug's request log was captured
    assert "/wachtwoord/[verborgen]" in logged
    assert "/e-mailadres-bevestigen/[verborgen]" in logged
    for secret in secrets:
        assert secret not in logged
        assert secret not in caplog.text


def test_a_session_ends_after_thirty_idle_minutes_and_after_twelve_hours(
    browser_factory: Callable[[], Browser], world: World, sql_services: Services
) -> None:
    clock = sql_services.clock
    idle = browser_factory()
    idle.login(world.alice.login_name, world.password)
    busy = browser_factory()
    busy.login(world.bob.login_name, world.password)
    for _ in range(24):  # 11 h 36 min of activity every 29 minutes
        clock.advance(dt.timedelta(minutes=29))  # type: ignore[attr-defined]
        assert busy.get("/").status_code == 200
    ended = idle.get("/")
    assert ended.status_code == 302
    assert ended.headers["Location"].startswith("/inloggen")
    assert "deborg-session=;" in " ".join(ended.headers.getlist("Set-Cookie"))
    clock.advance(dt.timedelta(minutes=25))  # type: ignore[attr-defined]
    assert busy.get("/").status_code == 302
