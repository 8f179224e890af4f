"""Staff look after their own password (issue #18): changing it asks the current one (throttled
like the login), checks the same policy and estimator as a parent's and ends the other
sessions; "Wachtwoord vergeten" for a staff name mails a single-use link, throttled, and
answers an invited or removed account as it answers an active one."""

from __future__ import annotations

import re

import pytest

from deborg.bootstrap import Services
from deborg.domain.errors import (
    InvalidCredentials,
    PasswordsDoNotMatch,
    PasswordTooWeak,
    TokenInvalid,
    TooManyAttempts,
    WrongCurrentPassword,
)
from deborg.domain.model import StaffMember, StaffState
from deborg.domain.throttle import LIMITS, ThrottledAction
from deborg.services.staff import accounts as staff_accounts
from deborg.services.staff import login, passwords
from tests.world import World, build_world

OLD = "Oud-wachtwoord-31!"
NEW = "Fiets regen Drenthe 7!"


@pytest.fixture
def world(memory_services: Services) -> World:
    return build_world(memory_services)


def staff_member(s: Services, w: World, state: StaffState = StaffState.ACTIVE) -> StaffMember:
    with s.uow() as uow:
        member = uow.staff.add(
            StaffMember(
                school_id=w.school.id,
                name="Meester Bas",
                email="bas@deborg.nl",
                state=state,
                password_hash=s.hasher.hash(OLD),
            )
        )
        uow.commit()
    return member


def log_in(s: Services, password: str) -> str:
    signed_in = login.log_in_staff(
        s.uow(), s.clock, s.hasher, s.tokens,
        login_name="bas@deborg.nl", password=password, client_key="10.0.0.1",
    )  # fmt: skip
    assert signed_in is not None
    return signed_in.session_token


def alive(s: Services, token: str) -> bool:
    return login.resolve_staff_session(s.uow(), s.clock, session_token=token) is not None


def change(s: Services, member: StaffMember, current: str, new: str = NEW, **kw: object) -> None:
    fields: dict[str, object] = {
        "strength": s.password_strength,
        "school_id": member.school_id,
        "staff_id": member.id,
        "current_password": current,
        "new_password": new,
        "new_password_again": new,
        "keep_session_token": None,
    }
    fields.update(kw)
    passwords.change_staff_password(
        s.uow(), s.clock, s.hasher, s.common_passwords, s.links,
        **fields,  # type: ignore[arg-type]
    )  # fmt: skip


def mails_to(s: Services, address: str) -> list[tuple[str, str]]:
    with s.uow() as uow:
        return [
            (e.mail.subject, e.mail.text)
            for e in reversed(uow.outbox.list(limit=100))
            if e.mail.to == address
        ]


def request_link(s: Services, name: str, client: str = "10.0.0.1") -> bool:
    return passwords.request_staff_password_reset(
        s.uow(), s.clock, s.tokens, s.links, login_name=name, client_key=client
    )


def mailed_link(s: Services) -> str:
    _, text = mails_to(s, "bas@deborg.nl")[-1]
    found = re.search(r"/school/wachtwoord/(\S+)", text)
    assert found is not None
    return found.group(1)


def reset(s: Services, token: str, new: str = NEW, again: str | None = None) -> StaffMember:
    return passwords.reset_staff_password(
        s.uow(), s.clock, s.hasher, s.common_passwords, s.links,
        strength=s.password_strength, token=token,
        new_password=new, new_password_again=new if again is None else again,
    )  # fmt: skip


# --- Wachtwoord wijzigen -----------------------------------------------------------------------


def test_a_change_ends_the_other_sessions_keeps_this_one_and_mails_the_staff_member(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    member = staff_member(s, world)
    mine, other = log_in(s, OLD), log_in(s, OLD)
    change(s, member, OLD, keep_session_token=mine)
    assert alive(s, mine)
    assert not alive(s, other)
    assert mails_to(s, "bas@deborg.nl")[-1][0] == "Uw wachtwoord is gewijzigd"
    log_in(s, NEW)
    with pytest.raises(InvalidCredentials):
        log_in(s, OLD)


@pytest.mark.parametrize(
    ("new", "again", "refusal"),
    [
        (NEW, NEW + "x", PasswordsDoNotMatch),
        ("kort1!A", None, PasswordTooWeak),
        ("Welkom123!", None, PasswordTooWeak),  # a word the estimator knows
        ("Deborg2026!", None, PasswordTooWeak),  # the school's name
    ],
)
def test_a_new_password_is_checked_as_a_parents_and_a_refusal_changes_nothing(
    memory_services: Services,
    world: World,
    new: str,
    again: str | None,
    refusal: type[Exception],
) -> None:
    s = memory_services
    member = staff_member(s, world)
    session = log_in(s, OLD)
    with pytest.raises(refusal):
        change(s, member, OLD, new=new, new_password_again=again or new)
    log_in(s, OLD)
    assert alive(s, session)


def test_a_borrowed_session_cannot_guess_the_current_password(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    member = staff_member(s, world)
    for attempt in range(LIMITS[ThrottledAction.LOGIN].per_account):
        with pytest.raises(WrongCurrentPassword):
            change(s, member, f"Gok-{attempt}!")
    with pytest.raises(TooManyAttempts):  # even the right password is refused for now
        change(s, member, OLD)


# --- Wachtwoord vergeten -----------------------------------------------------------------------


def test_a_forgotten_password_is_chosen_again_through_a_single_use_link(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    staff_member(s, world)
    session = log_in(s, OLD)
    assert request_link(s, " BAS@deborg.nl") is True
    subject, _ = mails_to(s, "bas@deborg.nl")[-1]
    assert subject == "Nieuw wachtwoord voor de schoolkant van Kindcentrum De Borg"
    token = mailed_link(s)
    assert passwords.check_staff_reset_link(s.uow(), s.clock, token=token).email == "bas@deborg.nl"

    with pytest.raises(PasswordTooWeak):
        reset(s, token, "Welkom123!")
    log_in(s, OLD)  # a refused password changes nothing and keeps the link

    reset(s, token)
    assert not alive(s, session)  # whoever held the account is shut out
    log_in(s, NEW)
    with pytest.raises(TokenInvalid):
        reset(s, token, "Nog een ander geheim 8!")
    with pytest.raises(TokenInvalid):  # an activation link is no reset link, nor the reverse
        staff_accounts.activate_staff(s.uow(), s.clock, token=token)


def test_a_name_that_is_not_staffs_is_left_to_the_parents_request(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    staff_member(s, world)
    assert request_link(s, world.alice.login_name) is False
    assert request_link(s, "niemand@example.nl") is False
    assert mails_to(s, world.alice.login_name) == []


@pytest.mark.parametrize("state", [StaffState.INVITED, StaffState.REMOVED])
def test_an_account_that_cannot_log_in_gets_the_same_answer_and_no_link(
    memory_services: Services, world: World, state: StaffState
) -> None:
    s = memory_services
    staff_member(s, world, state)
    assert request_link(s, "bas@deborg.nl") is True
    assert mails_to(s, "bas@deborg.nl") == []


def test_requests_for_a_staff_name_are_throttled(memory_services: Services, world: World) -> None:
    s = memory_services
    staff_member(s, world)
    limit = LIMITS[ThrottledAction.PASSWORD_RESET].per_account
    for number in range(limit):
        assert request_link(s, "bas@deborg.nl", client=f"10.0.0.{number}") is True
    with pytest.raises(TooManyAttempts):
        request_link(s, "bas@deborg.nl", client="10.0.1.1")
    assert len(mails_to(s, "bas@deborg.nl")) == limit
