"""Wachtwoord vergeten (two steps, as the manual says), Kies uw eigen wachtwoord (after logging
in with a mailed password) and Wachtwoord wijzigen."""

from __future__ import annotations

from deborg.domain import mailtexts
from deborg.domain.dutch import format_moment
from deborg.domain.errors import (
    InvalidInput,
    PasswordsDoNotMatch,
    TokenInvalid,
    UnknownUser,
    WrongCurrentPassword,
)
from deborg.domain.model import Parent, ParentState, normalise_login
from deborg.domain.passwords import (
    RESET_PASSWORD_LIFETIME,
    STRENGTH_RULE,
    RuleResult,
    StrengthEstimate,
    check_password,
    enforce_password_policy,
    generate_password,
    personal_words,
)
from deborg.domain.throttle import ThrottledAction
from deborg.domain.tokens import TokenPurpose, digest
from deborg.ports.clock import Clock
from deborg.ports.hashing import CommonPasswords, PasswordHasher, PasswordStrength
from deborg.ports.links import Links
from deborg.ports.randomness import TokenSource
from deborg.ports.uow import UnitOfWork
from deborg.services.accounts.common import account_key, mail_account, set_mailed_password
from deborg.services.accounts.login import (
    check_throttle,
    record_attempt,
    verify_current_password,
)
from deborg.services.lookups import parent_or_not_found, school_or_not_found
from deborg.services.tokens import issue_token, token_and_parent


def request_password_reset(
    uow: UnitOfWork,
    clock: Clock,
    tokens: TokenSource,
    links: Links,
    *,
    login_name: str,
    client_key: str,
) -> None:
    """Step one: mail the link "Stuur mij een nieuw wachtwoord" to the login name and the
    confirmed contact address. An unknown name gets "Onbekende gebruiker", as the manual
    says; requests are throttled either way."""
    login = normalise_login(login_name)
    key = account_key(login)
    with uow:
        check_throttle(uow, clock, ThrottledAction.PASSWORD_RESET, key, client_key)
        record_attempt(uow, clock, ThrottledAction.PASSWORD_RESET, key, client_key)
        parent = uow.parents.get_by_login(login)
        if parent is None or parent.state is ParentState.BLOCKED:
            uow.commit()
            raise UnknownUser()
        school = school_or_not_found(uow, parent.school_id)
        token, _ = issue_token(uow, clock, tokens, parent, TokenPurpose.PASSWORD_RESET)
        mail_account(
            uow,
            clock,
            links,
            parent,
            subject=mailtexts.RESET_REQUEST_SUBJECT,
            text=mailtexts.RESET_REQUEST_TEXT.format(
                school=school.name, login=parent.login_name, link=links.password_reset(token)
            ),
        )
        uow.commit()


def check_reset_link(uow: UnitOfWork, clock: Clock, *, token: str) -> Parent:
    """The parent a reset link is for, while it can still be used; else TokenInvalid."""
    with uow:
        stored, parent = token_and_parent(uow, token, TokenPurpose.PASSWORD_RESET)
        if parent.state is ParentState.BLOCKED or not stored.is_usable(clock.now(), parent):
            raise TokenInvalid()
    return parent


def confirm_password_reset(
    uow: UnitOfWork,
    clock: Clock,
    tokens: TokenSource,
    hasher: PasswordHasher,
    links: Links,
    *,
    token: str,
) -> Parent:
    """Step two: the link sets a new random, one-time password and mails it. The old password
    worked until now. Whoever held the account before is shut out: every browser session ends
    and every paired phone is unpaired (the mail says so). An account that was never
    activated is activated: the parent has just proven they read the school's mail."""
    with uow:
        stored, parent = token_and_parent(uow, token, TokenPurpose.PASSWORD_RESET)
        if parent.state is ParentState.BLOCKED:
            raise TokenInvalid()
        now = clock.now()
        stored.use(now, parent)
        uow.tokens.update(stored)
        school = school_or_not_found(uow, parent.school_id)
        password = generate_password(tokens.randbelow)
        set_mailed_password(parent, hasher, password, now, RESET_PASSWORD_LIFETIME)
        if parent.state is ParentState.INVITED:
            parent.state = ParentState.ACTIVE
            parent.activated_at = now
        uow.parents.update(parent)
        uow.sessions.delete_for_parent(parent.id)
        for device in uow.devices.list_for_parent(parent.school_id, parent.id):
            uow.devices.delete(parent.school_id, device.id)
        mail_account(
            uow,
            clock,
            links,
            parent,
            subject=mailtexts.NEW_PASSWORD_SUBJECT,
            text=mailtexts.NEW_PASSWORD_TEXT.format(
                school=school.name,
                login=parent.login_name,
                password=password,
                portal=links.portal(),
                expires=format_moment(parent.mailed_password_expires_at or now, school.timezone),
            ),
        )
        uow.commit()
    return parent


def _set_own_password(
    uow: UnitOfWork,
    clock: Clock,
    hasher: PasswordHasher,
    common_passwords: CommonPasswords,
    strength: PasswordStrength,
    parent: Parent,
    *,
    new_password: str,
    new_password_again: str,
    keep_session_token: str | None,
) -> None:
    """The parent's own new password, checked against the policy and the estimator. Every
    other browser session ends; links issued before die; phones paired before get no portal
    link."""
    if new_password != new_password_again:
        raise PasswordsDoNotMatch()
    enforce_password_policy(
        new_password, common_passwords, _estimate(uow, strength, parent, new_password)
    )
    parent.password_hash = hasher.hash(new_password)
    parent.mailed_password_expires_at = None
    parent.password_changed_at = clock.now()
    parent.security_stamp += 1
    uow.parents.update(parent)
    keep = digest(keep_session_token) if keep_session_token else None
    uow.sessions.delete_for_parent(parent.id, except_hash=keep)


def choose_password(
    uow: UnitOfWork,
    clock: Clock,
    hasher: PasswordHasher,
    common_passwords: CommonPasswords,
    *,
    strength: PasswordStrength,
    school_id: int,
    parent_id: int,
    new_password: str,
    new_password_again: str,
    keep_session_token: str | None,
) -> None:
    """ "Kies uw eigen wachtwoord": the page a login with a mailed password leads to. The
    parent has just typed the mailed password, so it is not asked again."""
    with uow:
        parent = parent_or_not_found(uow, school_id, parent_id)
        if not parent.must_choose_password:
            raise InvalidInput("U heeft al een eigen wachtwoord gekozen.")
        _set_own_password(
            uow,
            clock,
            hasher,
            common_passwords,
            strength,
            parent,
            new_password=new_password,
            new_password_again=new_password_again,
            keep_session_token=keep_session_token,
        )
        uow.commit()


def change_password(
    uow: UnitOfWork,
    clock: Clock,
    hasher: PasswordHasher,
    common_passwords: CommonPasswords,
    links: Links,
    *,
    strength: PasswordStrength,
    school_id: int,
    parent_id: int,
    current_password: str,
    new_password: str,
    new_password_again: str,
    keep_session_token: str | None,
) -> None:
    """Mijn account > Wachtwoord. Every other browser session ends; paired phones stay paired
    (the App tab lists them) but only a phone paired from now on opens the portal."""
    with uow:
        parent = parent_or_not_found(uow, school_id, parent_id)
        if not verify_current_password(uow, clock, hasher, parent, current_password):
            uow.commit()  # the failure counts for the throttle
            raise WrongCurrentPassword()
        _set_own_password(
            uow,
            clock,
            hasher,
            common_passwords,
            strength,
            parent,
            new_password=new_password,
            new_password_again=new_password_again,
            keep_session_token=keep_session_token,
        )
        school = school_or_not_found(uow, school_id)
        mail_account(
            uow,
            clock,
            links,
            parent,
            subject=mailtexts.PASSWORD_CHANGED_SUBJECT,
            text=mailtexts.PASSWORD_CHANGED_TEXT.format(
                school=school.name, login=parent.login_name, portal=links.portal()
            ),
        )
        uow.commit()


def _estimate(
    uow: UnitOfWork, strength: PasswordStrength, parent: Parent, password: str
) -> StrengthEstimate:
    """The estimator's verdict, knowing what anyone near the parent knows: their names and
    addresses, their children's names and the school's name and town."""
    school = school_or_not_found(uow, parent.school_id)
    children = uow.children.get_many(
        parent.school_id, uow.guardianships.children_of(parent.school_id, parent.id)
    )
    words = personal_words(
        parent.roepnaam,
        parent.tussenvoegsel,
        parent.achternaam,
        parent.login_name,
        parent.contact_email,
        *(name for child in children for name in (child.roepnaam, child.achternaam)),
        school.name,
        school.city,
    )
    return strength.estimate(password, words)


def password_checklist(
    uow: UnitOfWork,
    common_passwords: CommonPasswords,
    strength: PasswordStrength,
    *,
    school_id: int,
    parent_id: int,
    password: str,
) -> list[RuleResult]:
    """The checklist of Wachtwoord wijzigen for what the parent typed: the manual's rules, the
    common-password rule and the estimator's verdict with its reason."""
    if not password:  # nothing typed yet: every rule still to meet
        return [*check_password(password, common_passwords), RuleResult(STRENGTH_RULE, ok=False)]
    with uow:
        parent = parent_or_not_found(uow, school_id, parent_id)
        estimate = _estimate(uow, strength, parent, password)
    return check_password(password, common_passwords, estimate)
