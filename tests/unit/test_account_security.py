"""Issue #15 part A on the in-memory adapters: the recovery-takeover chain (F1 contact address,
F2 reset and phones, F3 one-time mailed passwords), the sessions a parent sees and ends (F7),
and a lockout an attacker cannot use against the parent's own browser."""

from __future__ import annotations

import contextlib
import datetime as dt
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deborg.adapters.memory import FixedClock
from deborg.bootstrap import Services
from deborg.domain.devices.model import DeviceNotPaired, PairedBeforePasswordChange
from deborg.domain.errors import (
    InvalidCredentials,
    MailedPasswordExpired,
    MustChoosePassword,
    NotFound,
    TokenInvalid,
    TooManyAttempts,
    ValidationFailed,
    WrongCurrentPassword,
)
from deborg.domain.mail import OutgoingMail
from deborg.domain.model import Parent
from deborg.domain.sessions import describe_user_agent
from deborg.domain.throttle import LIMITS, ThrottledAction
from deborg.services import accounts, directory
from deborg.services.devices import pairing
from deborg.services.privacy.export import export_parent_data
from deborg.services.profiles import contact_email, personal
from tests.world import PASSWORD, World, build_world

OWN_PASSWORD = "Zomer in Assen 2026!"
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)


@pytest.fixture
def world(memory_services: Services) -> World:
    return build_world(memory_services)


def mails(s: Services) -> list[OutgoingMail]:
    with s.uow() as uow:
        return [entry.mail for entry in sorted(uow.outbox.list(limit=1000), key=lambda e: e.id)]


def parent_now(s: Services, parent: Parent) -> Parent:
    with s.uow() as uow:
        found = uow.parents.get(parent.school_id, parent.id)
    assert found is not None
    return found


def log_in(
    s: Services,
    login: str,
    password: str,
    *,
    client: str = "10.0.0.1",
    device: str | None = None,
    user_agent: str = "",
) -> accounts.LoginResult:
    return accounts.log_in(
        s.uow(), s.clock, s.hasher, s.tokens,
        login_name=login, password=password, client_key=client,
        trusted_device=device, user_agent=user_agent,
    )  # fmt: skip


def change_contact(
    s: Services, parent: Parent, email: str, password: str
) -> personal.ContactSaved | None:
    return personal.update_parent_contact(
        s.uow(), s.clock, s.phones, emails=s.emails,
        school_id=parent.school_id, parent_id=parent.id,
        data=personal.ContactData(email),
        email_change=contact_email.EmailChange(password, s.hasher, s.tokens, s.links),
    )  # fmt: skip


def link_token(mail: OutgoingMail, path: str) -> str:
    found = re.search(re.escape(path) + r"(\S+)", mail.text)
    assert found, mail.text
    return found.group(1)


def reset_password(s: Services, login: str) -> str:
    """Wachtwoord vergeten, both steps; the mailed password."""
    accounts.request_password_reset(
        s.uow(), s.clock, s.tokens, s.links, login_name=login, client_key="10.0.0.9"
    )
    token = link_token(mails(s)[-1], "/wachtwoord/")
    accounts.confirm_password_reset(s.uow(), s.clock, s.tokens, s.hasher, s.links, token=token)
    found = re.search(r"is:\n\n(\S+)\n", mails(s)[-1].text)
    assert found
    return found.group(1)


def pair(s: Services, parent: Parent, name: str = "Telefoon") -> pairing.Pairing:
    qr = pairing.issue_pairing_token(
        s.uow(), s.clock, s.tokens, school_id=parent.school_id, parent_id=parent.id
    ).token
    return pairing.pair_with_token(s.uow(), s.clock, s.tokens, pairing_token=qr, device_name=name)


# --- F1: the contact address --------------------------------------------------------------


def test_a_new_contact_address_needs_the_current_password(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    for typed in ("", "Fout-wachtwoord-1!"):
        with pytest.raises(ValidationFailed) as refused:
            change_contact(s, world.alice, "aanvaller@example.net", typed)
        assert set(refused.value.errors) == {"current_password"}
    assert parent_now(s, world.alice).pending_contact_email == ""
    assert mails(s) == []


def test_a_new_contact_address_waits_for_its_link_and_only_then_gets_account_mail(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    saved = change_contact(s, world.alice, "nieuw@example.nl", world.password)
    assert saved is not None
    assert saved.confirmation_sent_to == "nieuw@example.nl"
    confirmation, notice = sorted(mails(s), key=lambda m: m.to != "nieuw@example.nl")
    assert notice.to == "alice@example.nl"  # the address that gets account mail now is told
    assert "nieuw@example.nl" in notice.text
    alice = parent_now(s, world.alice)
    assert (alice.contact_email, alice.pending_contact_email) == (
        "alice@example.nl",
        "nieuw@example.nl",
    )
    exported = export_parent_data(
        s.uow(), s.clock, school_id=world.school.id, parent_id=world.alice.id,
        sections=s.areas.export_sections,
    )["account"]  # fmt: skip
    assert exported["pending_contact_email"] == "nieuw@example.nl"  # type: ignore[index]
    # Not yet confirmed: the reset link goes to the login name only.
    before = len(mails(s))
    accounts.request_password_reset(
        s.uow(), s.clock, s.tokens, s.links, login_name="alice@example.nl", client_key="x"
    )
    assert [m.to for m in mails(s)[before:]] == ["alice@example.nl"]

    token = link_token(confirmation, "/e-mailadres-bevestigen/")
    assert contact_email.check_email_confirmation(s.uow(), s.clock, token=token) == (
        "nieuw@example.nl"
    )
    contact_email.confirm_email(s.uow(), s.clock, token=token)
    with pytest.raises(TokenInvalid):
        contact_email.confirm_email(s.uow(), s.clock, token=token)
    assert parent_now(s, world.alice).contact_email == "nieuw@example.nl"
    before = len(mails(s))
    accounts.request_password_reset(
        s.uow(), s.clock, s.tokens, s.links, login_name="alice@example.nl", client_key="x"
    )
    assert {m.to for m in mails(s)[before:]} == {"alice@example.nl", "nieuw@example.nl"}


def test_a_confirmation_link_expires_after_two_days(
    memory_services: Services, world: World, clock: FixedClock
) -> None:
    s = memory_services
    change_contact(s, world.alice, "nieuw@example.nl", world.password)
    [confirmation] = [m for m in mails(s) if m.to == "nieuw@example.nl"]
    token = link_token(confirmation, "/e-mailadres-bevestigen/")
    clock.advance(dt.timedelta(days=2))
    with pytest.raises(TokenInvalid):
        contact_email.confirm_email(s.uow(), s.clock, token=token)
    assert parent_now(s, world.alice).contact_email == "alice@example.nl"


def test_going_back_to_the_login_name_needs_the_password_but_no_link(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    with s.uow() as uow:
        alice = uow.parents.get(world.school.id, world.alice.id)
        assert alice is not None
        alice.contact_email = "werk@example.nl"
        uow.parents.update(alice)
        uow.commit()
    saved = change_contact(s, world.alice, "alice@example.nl", world.password)
    assert saved is not None
    assert saved.confirmation_sent_to is None
    assert parent_now(s, world.alice).contact_email == "alice@example.nl"
    assert sorted(m.to for m in mails(s)) == ["alice@example.nl", "werk@example.nl"]


def test_a_borrowed_session_cannot_guess_the_password_on_the_pages_that_ask_for_it(
    memory_services: Services, world: World
) -> None:
    s = memory_services

    def change_password(current: str) -> None:
        accounts.change_password(
            s.uow(), s.clock, s.hasher, s.common_passwords, s.links,
            strength=s.password_strength,
            school_id=world.school.id, parent_id=world.alice.id,
            current_password=current, new_password=OWN_PASSWORD,
            new_password_again=OWN_PASSWORD, keep_session_token=None,
        )  # fmt: skip

    limit = LIMITS[ThrottledAction.LOGIN].per_account
    for attempt in range(limit // 2):
        with pytest.raises(WrongCurrentPassword):
            change_password(f"Gok-{attempt}!")
    for attempt in range(limit - limit // 2):
        with pytest.raises(ValidationFailed):
            change_contact(s, world.alice, "aanvaller@example.net", f"Gok-{attempt}!")
    with pytest.raises(TooManyAttempts):  # even the right password is refused for now
        change_password(world.password)
    with pytest.raises(ValidationFailed) as refused:
        change_contact(s, world.alice, "aanvaller@example.net", world.password)
    assert refused.value.errors == {"current_password": TooManyAttempts.message}
    assert parent_now(s, world.alice).pending_contact_email == ""


# --- F2: a reset shuts out whoever held the account ------------------------------------------


def test_a_reset_ends_every_session_and_unpairs_every_phone_and_says_so(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    session = log_in(s, "alice@example.nl", world.password).session_token
    phone = pair(s, world.alice)
    reset_password(s, "alice@example.nl")
    assert "ontkoppeld" in mails(s)[-1].text
    assert "afgemeld" in mails(s)[-1].text
    assert (
        accounts.resolve_session(
            s.uow(),
            s.clock,
            session_token=session,
            idle=dt.timedelta(minutes=30),
            absolute=dt.timedelta(hours=12),
        )
        is None
    )
    with pytest.raises(DeviceNotPaired):
        pairing.resolve_device(s.uow(), s.clock, device_token=phone.device_token)
    assert pairing.list_devices(s.uow(), school_id=world.school.id, parent_id=world.alice.id) == []


def test_only_a_phone_paired_after_the_last_password_change_opens_the_portal(
    memory_services: Services, world: World, clock: FixedClock
) -> None:
    s = memory_services
    before = pair(s, world.alice, "Oud")
    clock.advance(dt.timedelta(minutes=5))
    accounts.change_password(
        s.uow(), s.clock, s.hasher, s.common_passwords, s.links,
        strength=s.password_strength, school_id=world.school.id, parent_id=world.alice.id,
        current_password=world.password, new_password=OWN_PASSWORD,
        new_password_again=OWN_PASSWORD, keep_session_token=None,
    )  # fmt: skip
    # Still paired (SPEC §3: the App tab lists and removes phones) …
    assert pairing.resolve_device(s.uow(), s.clock, device_token=before.device_token)
    # … but it no longer opens a browser session.
    with pytest.raises(PairedBeforePasswordChange):
        pairing.issue_portal_link(
            s.uow(), s.clock, s.tokens, school_id=world.school.id, device_id=before.device.id
        )
    clock.advance(dt.timedelta(minutes=1))
    after = pair(s, world.alice, "Nieuw")
    link = pairing.issue_portal_link(
        s.uow(), s.clock, s.tokens, school_id=world.school.id, device_id=after.device.id
    )
    opened = pairing.use_portal_link(
        s.uow(), s.clock, s.tokens, token=link.token, user_agent=SAFARI_IPHONE
    )
    assert opened.parent.id == world.alice.id
    [session] = accounts.list_sessions(
        s.uow(), s.clock, school_id=world.school.id, parent_id=world.alice.id,
        current_token=opened.session_token,
    )  # fmt: skip
    assert (session.device, session.current) == ("Safari op iOS", True)


def test_an_own_password_change_ends_the_other_browser_sessions_only(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    here = log_in(s, "alice@example.nl", world.password).session_token
    elsewhere = log_in(s, "alice@example.nl", world.password).session_token
    accounts.change_password(
        s.uow(), s.clock, s.hasher, s.common_passwords, s.links,
        strength=s.password_strength, school_id=world.school.id, parent_id=world.alice.id,
        current_password=world.password, new_password=OWN_PASSWORD,
        new_password_again=OWN_PASSWORD, keep_session_token=here,
    )  # fmt: skip
    listed = accounts.list_sessions(
        s.uow(), s.clock, school_id=world.school.id, parent_id=world.alice.id, current_token=here
    )
    assert [row.current for row in listed] == [True]
    assert elsewhere not in [row.handle for row in listed]


# --- F3: a mailed password is one-time ------------------------------------------------------


def invite_new_parent(s: Services, world: World) -> tuple[Parent, str]:
    added = directory.add_parent(
        s.uow(), s.clock, emails=s.emails, school_id=world.school.id,
        data=directory.ParentInput(email="nina@example.nl", roepnaam="Nina"),
        child_ids=[world.anna.id],
    )  # fmt: skip
    accounts.invite_parent(
        s.uow(), s.clock, s.tokens, s.hasher, s.links,
        school_id=world.school.id, parent_id=added.parent.id,
    )  # fmt: skip
    text = mails(s)[-1].text
    password = re.search(r"Uw wachtwoord: (\S+)", text)
    assert password
    accounts.activate_account(s.uow(), s.clock, token=link_token(mails(s)[-1], "/activeren/"))
    return added.parent, password.group(1)


@pytest.mark.parametrize(
    ("how", "lifetime"),
    [("activation", dt.timedelta(days=14)), ("reset", dt.timedelta(hours=2))],
)
def test_a_mailed_password_expires(
    memory_services: Services,
    world: World,
    clock: FixedClock,
    how: str,
    lifetime: dt.timedelta,
) -> None:
    s = memory_services
    if how == "activation":
        parent, password = invite_new_parent(s, world)
    else:
        parent, password = world.alice, reset_password(s, "alice@example.nl")
    clock.advance(lifetime - dt.timedelta(seconds=1))
    assert log_in(s, parent.login_name, password).parent.must_choose_password
    clock.advance(dt.timedelta(seconds=1))
    with pytest.raises(MailedPasswordExpired):
        log_in(s, parent.login_name, password)
    with pytest.raises(InvalidCredentials):  # a wrong password still hears nothing more
        log_in(s, parent.login_name, "Fout-" + password)


def test_a_mailed_password_only_opens_kies_uw_eigen_wachtwoord_and_then_dies(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    parent, password = invite_new_parent(s, world)
    result = log_in(s, parent.login_name, password)
    assert result.parent.must_choose_password
    with pytest.raises(MustChoosePassword):  # no phone pairs with it either
        pairing.pair_with_password(
            s.uow(), s.clock, s.hasher, s.tokens,
            school_code="99XX00", username=parent.login_name, password=password,
            device_name="Telefoon", client_key="10.0.0.1",
        )  # fmt: skip
    accounts.choose_password(
        s.uow(), s.clock, s.hasher, s.common_passwords,
        strength=s.password_strength, school_id=parent.school_id, parent_id=parent.id,
        new_password=OWN_PASSWORD, new_password_again=OWN_PASSWORD,
        keep_session_token=result.session_token,
    )  # fmt: skip
    assert not parent_now(s, parent).must_choose_password
    with pytest.raises(InvalidCredentials):
        log_in(s, parent.login_name, password)
    assert not log_in(s, parent.login_name, OWN_PASSWORD).parent.must_choose_password


def test_the_demo_password_is_not_one_time(memory_services: Services) -> None:
    from deborg.demo import seed_demo

    s = memory_services
    login = seed_demo(s)
    assert not log_in(s, login.username, login.password).parent.must_choose_password


# --- F7: Actieve sessies --------------------------------------------------------------------


def test_actieve_sessies_lists_the_browsers_and_ends_one_or_all(
    memory_services: Services, world: World, clock: FixedClock
) -> None:
    s = memory_services
    laptop = log_in(s, "alice@example.nl", world.password, user_agent=FIREFOX).session_token
    clock.advance(dt.timedelta(minutes=3))
    phone = log_in(s, "alice@example.nl", world.password, user_agent=SAFARI_IPHONE).session_token
    log_in(s, "bob@example.nl", world.password)
    listed = accounts.list_sessions(
        s.uow(), s.clock, school_id=world.school.id, parent_id=world.alice.id, current_token=laptop
    )
    assert [(row.device, row.current) for row in listed] == [
        ("Firefox op Windows", True),
        ("Safari op iOS", False),
    ]
    assert listed[1].created_at == clock.now()

    bobs = accounts.list_sessions(
        s.uow(), s.clock, school_id=world.school.id, parent_id=world.bob.id, current_token=None
    )
    with pytest.raises(NotFound):  # another parent's session cannot be ended
        accounts.end_session(
            s.uow(), school_id=world.school.id, parent_id=world.alice.id, handle=bobs[0].handle
        )
    accounts.end_session(
        s.uow(), school_id=world.school.id, parent_id=world.alice.id, handle=listed[1].handle
    )
    remaining = accounts.list_sessions(
        s.uow(), s.clock, school_id=world.school.id, parent_id=world.alice.id, current_token=laptop
    )
    assert [row.device for row in remaining] == ["Firefox op Windows"]
    assert phone not in [row.handle for row in remaining]

    device = pair(s, world.alice)
    assert accounts.end_all_sessions(s.uow(), school_id=world.school.id, parent_id=world.alice.id)
    assert (
        accounts.list_sessions(
            s.uow(),
            s.clock,
            school_id=world.school.id,
            parent_id=world.alice.id,
            current_token=laptop,
        )
        == []
    )
    # Phones stay on the App tab.
    assert pairing.resolve_device(s.uow(), s.clock, device_token=device.device_token)
    assert (
        len(
            accounts.list_sessions(
                s.uow(),
                s.clock,
                school_id=world.school.id,
                parent_id=world.bob.id,
                current_token=None,
            )
        )
        == 1
    )


def test_a_session_that_has_ended_is_not_listed(
    memory_services: Services, world: World, clock: FixedClock
) -> None:
    s = memory_services
    log_in(s, "alice@example.nl", world.password, user_agent=FIREFOX)
    clock.advance(dt.timedelta(minutes=20))
    here = log_in(s, "alice@example.nl", world.password, user_agent=SAFARI_IPHONE)
    clock.advance(dt.timedelta(minutes=10))  # the Firefox one is idle for 30 minutes now
    listed = accounts.list_sessions(
        s.uow(), s.clock, school_id=world.school.id, parent_id=world.alice.id,
        current_token=here.session_token,
    )  # fmt: skip
    assert [row.device for row in listed] == ["Safari op iOS"]


@pytest.mark.parametrize(
    ("user_agent", "shown"),
    [
        (FIREFOX, "Firefox op Windows"),
        (SAFARI_IPHONE, "Safari op iOS"),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like "
            "Gecko) Chrome/131.0.0.0 Safari/537.36",
            "Chrome op macOS",
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
            "Edge op Windows",
        ),
        (
            "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
            "SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
            "Samsung Internet op Android",
        ),
        ("Mozilla/5.0 (X11; Linux x86_64)", "Browser op Linux"),
        ("", "Onbekende browser"),
        ("curl/8.5.0", "Onbekende browser"),
    ],
)
def test_a_user_agent_is_shown_as_browser_and_system(user_agent: str, shown: str) -> None:
    assert describe_user_agent(user_agent) == shown


@given(st.text(max_size=400))
def test_any_user_agent_gets_a_short_description(user_agent: str) -> None:
    shown = describe_user_agent(user_agent)
    assert shown
    assert len(shown) <= 40


# --- a lockout the attacker cannot turn against the parent ----------------------------------


def test_strangers_lock_unknown_clients_out_but_not_the_parents_own_browser(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    limit = LIMITS[ThrottledAction.LOGIN].per_account
    for attempt in range(limit):
        with pytest.raises(InvalidCredentials):
            log_in(s, "alice@example.nl", f"Gok-{attempt}!", client=f"198.51.100.{attempt}")
    with pytest.raises(TooManyAttempts):  # unknown clients: locked
        log_in(s, "alice@example.nl", world.password, client="203.0.113.5")
    # The browser that logged in before (its device cookie) keeps its own allowance.
    assert log_in(s, "alice@example.nl", world.password, device="nonce-alice-laptop")


def test_a_known_browser_has_its_own_limit_too(memory_services: Services, world: World) -> None:
    s = memory_services
    limit = LIMITS[ThrottledAction.LOGIN].per_account
    for attempt in range(limit):
        with pytest.raises(InvalidCredentials):
            log_in(s, "alice@example.nl", f"Gok-{attempt}!", device="gestolen-cookie")
    with pytest.raises(TooManyAttempts):
        log_in(s, "alice@example.nl", world.password, device="gestolen-cookie")
    # Its failures did not lock the account for anyone else.
    assert log_in(s, "alice@example.nl", world.password, client="10.9.9.9")


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(failures=st.integers(min_value=0, max_value=30), clients=st.integers(1, 5))
def test_however_many_stranger_failures_the_known_browser_logs_in(
    memory_services: Services, failures: int, clients: int
) -> None:
    s = memory_services
    if not _has_world(s):
        build_world(s)
    login = "alice@example.nl"
    with s.uow() as uow:
        uow.attempts.clear_account(ThrottledAction.LOGIN, login)
        uow.commit()
    for attempt in range(failures):
        with contextlib.suppress(InvalidCredentials, TooManyAttempts):
            log_in(s, login, "Gok!", client=f"198.51.100.{attempt % clients}")
    assert log_in(s, login, PASSWORD, device="bekende-browser")


def _has_world(s: Services) -> bool:
    with s.uow() as uow:
        return uow.parents.get_by_login("alice@example.nl") is not None
