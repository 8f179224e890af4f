"""Parent accounts: invitation and activation, login and sessions, forgotten and changed
passwords, read-only accounts and login renames (SPEC §3)."""

from __future__ import annotations

import datetime as dt
import hashlib
import weakref

import attrs

from deborg.domain import mailtexts
from deborg.domain.dutch import format_moment
from deborg.domain.errors import (
    AccountNotActive,
    AlreadyActivated,
    InvalidCredentials,
    InvalidInput,
    LoginNameTaken,
    NotFound,
    PasswordsDoNotMatch,
    TokenInvalid,
    TooManyAttempts,
    UnknownUser,
    WrongCurrentPassword,
)
from deborg.domain.mail import MailCategory
from deborg.domain.model import Parent, ParentState, School, normalise_login
from deborg.domain.outbox import queue_mail
from deborg.domain.passwords import enforce_password_policy, generate_password
from deborg.domain.sessions import SignedIn, WebSession
from deborg.domain.throttle import LIMITS, Attempt, ThrottledAction
from deborg.domain.tokens import (
    TOKEN_BYTES,
    TokenPurpose,
    digest,
    issue_token,
    token_and_parent,
)
from deborg.domain.validation import validate_email
from deborg.ports.clock import Clock
from deborg.ports.hashing import CommonPasswords, PasswordHasher
from deborg.ports.randomness import TokenSource
from deborg.ports.uow import UnitOfWork

#: Verified against on an unknown login name so that it costs as much as a wrong password.
_DUMMY_PASSWORD = "Geen-account-1!"  # not a credential: only work for the hasher
#: One dummy hash per hasher, made with its current parameters the first time it is needed,
#: so an unknown name costs one verification, exactly like a wrong password.
_DUMMY_HASHES: weakref.WeakKeyDictionary[PasswordHasher, str] = weakref.WeakKeyDictionary()

#: Login names are e-mail addresses (at most 254 characters); anything longer cannot be an
#: account and is throttled under its digest, so the key fits the store.
_MAX_ACCOUNT_KEY = 254


def _dummy_hash(hasher: PasswordHasher) -> str:
    found = _DUMMY_HASHES.get(hasher)
    if found is None:
        found = _DUMMY_HASHES[hasher] = hasher.hash(_DUMMY_PASSWORD)
    return found


def _account_key(login: str) -> str:
    if len(login) <= _MAX_ACCOUNT_KEY:
        return login
    return "sha256:" + hashlib.sha256(login.encode()).hexdigest()


@attrs.frozen
class Links:
    """Where links in mails point. Built from the configured base URL, never a Host header."""

    base_url: str

    def portal(self) -> str:
        return self.base_url.rstrip("/") + "/"

    def to(self, path: str) -> str:
        return self.base_url.rstrip("/") + path


def _school(uow: UnitOfWork, school_id: int) -> School:
    school = uow.schools.get(school_id)
    if school is None:
        raise NotFound("Onbekende school.")
    return school


# ---------------------------------------------------------------------------------------------
# Invitation and activation


@attrs.frozen
class InvitationTargets:
    """Who ``deborg parent invite --all-new`` mails, and how many it leaves waiting."""

    parents: tuple[Parent, ...]
    #: Invited before and not activated; left alone unless resending.
    waiting: int


def parents_to_invite(uow: UnitOfWork, school_id: int, *, resend: bool) -> InvitationTargets:
    """The school's parents without an active account who were never sent an invitation (an
    invitation sets the initial password), or, with ``resend``, every one not yet active."""
    with uow:
        not_active = [p for p in uow.parents.list(school_id) if p.state is ParentState.INVITED]
    targets = tuple(p for p in not_active if resend or p.password_hash is None)
    return InvitationTargets(targets, len(not_active) - len(targets))


def invite_parent(
    uow: UnitOfWork,
    clock: Clock,
    tokens: TokenSource,
    hasher: PasswordHasher,
    links: Links,
    *,
    school_id: int,
    parent_id: int,
) -> Parent:
    """Give the parent a random initial password and mail it with an activation link.

    Inviting again (a lost mail) issues a new password and link; the old ones die.
    """
    with uow:
        school = _school(uow, school_id)
        parent = uow.parents.get(school_id, parent_id)
        if parent is None:
            raise NotFound("Onbekende ouder.")
        if parent.state is ParentState.ACTIVE:
            raise AlreadyActivated()
        password = generate_password(tokens)
        parent.password_hash = hasher.hash(password)
        parent.security_stamp += 1
        uow.parents.update(parent)
        token, stored = issue_token(uow, clock, tokens, parent, TokenPurpose.ACTIVATION)
        queue_mail(
            uow,
            clock,
            school_id=school_id,
            to=parent.contact_email or parent.login_name,
            subject=mailtexts.ACTIVATION_SUBJECT.format(school=school.name),
            text=mailtexts.ACTIVATION_TEXT.format(
                school=school.name,
                login=parent.login_name,
                password=password,
                link=links.to(f"/activeren/{token}"),
                expires=format_moment(stored.expires_at, school.timezone),
                portal=links.portal(),
            ),
            category=MailCategory.ACCOUNT,
            base_url=links.base_url,
        )
        uow.commit()
    return parent


def check_activation_link(uow: UnitOfWork, clock: Clock, *, token: str) -> Parent:
    """What opening the activation link shows, without changing anything: the parent whose
    account the link activates, or the manual's "reeds geactiveerd", or an invalid link."""
    with uow:
        stored, parent = token_and_parent(uow, token, TokenPurpose.ACTIVATION)
        if parent.state is ParentState.ACTIVE:
            raise AlreadyActivated()
        if not stored.is_usable(clock.now(), parent):
            raise TokenInvalid()
    return parent


def check_reset_link(uow: UnitOfWork, clock: Clock, *, token: str) -> Parent:
    with uow:
        stored, parent = token_and_parent(uow, token, TokenPurpose.PASSWORD_RESET)
        if parent.state is ParentState.BLOCKED or not stored.is_usable(clock.now(), parent):
            raise TokenInvalid()
    return parent


def activate_account(uow: UnitOfWork, clock: Clock, *, token: str) -> Parent:
    """Open the activation link. A second opening gets the manual's "reeds geactiveerd"."""
    with uow:
        stored, parent = token_and_parent(uow, token, TokenPurpose.ACTIVATION)
        if parent.state is ParentState.ACTIVE:
            raise AlreadyActivated()
        if parent.state is ParentState.BLOCKED:
            raise AccountNotActive()
        now = clock.now()
        stored.use(now, parent)
        uow.tokens.update(stored)
        parent.state = ParentState.ACTIVE
        parent.activated_at = now
        uow.parents.update(parent)
        uow.commit()
    return parent


# ---------------------------------------------------------------------------------------------
# Throttling


def _check_throttle(
    uow: UnitOfWork, clock: Clock, action: ThrottledAction, account_key: str, client_key: str
) -> None:
    limit = LIMITS[action]
    since = clock.now() - limit.window
    if (
        uow.attempts.count_for_account(action, account_key, since) >= limit.per_account
        or uow.attempts.count_for_client(action, client_key, since) >= limit.per_client
    ):
        raise TooManyAttempts()


def _record_attempt(
    uow: UnitOfWork, clock: Clock, action: ThrottledAction, account_key: str, client_key: str
) -> None:
    uow.attempts.add(Attempt(action, account_key, client_key, clock.now()))


# ---------------------------------------------------------------------------------------------
# Login, sessions, logout


@attrs.frozen
class LoginResult:
    parent: Parent
    session_token: str


def authenticate(
    uow: UnitOfWork,
    clock: Clock,
    hasher: PasswordHasher,
    *,
    login_name: str,
    password: str,
    client_key: str,
) -> Parent:
    """Check a login name and password, throttled per account and per client address.

    An unknown name and a wrong password get the same error after the same work. Success
    clears the account's failures and upgrades an outdated hash. Call inside ``with uow:``;
    failures are recorded and committed by the caller's commit.
    """
    login = normalise_login(login_name)
    key = _account_key(login)
    _check_throttle(uow, clock, ThrottledAction.LOGIN, key, client_key)
    parent = uow.parents.get_by_login(login)
    if parent is None or parent.password_hash is None:
        hasher.verify(_dummy_hash(hasher), password)
        _record_attempt(uow, clock, ThrottledAction.LOGIN, key, client_key)
        raise InvalidCredentials()
    if not hasher.verify(parent.password_hash, password):
        _record_attempt(uow, clock, ThrottledAction.LOGIN, key, client_key)
        raise InvalidCredentials()
    if parent.state is not ParentState.ACTIVE:
        raise AccountNotActive()
    uow.attempts.clear_account(ThrottledAction.LOGIN, key)
    if hasher.needs_rehash(parent.password_hash):
        parent.password_hash = hasher.hash(password)
        uow.parents.update(parent)
    return parent


def start_session(uow: UnitOfWork, clock: Clock, tokens: TokenSource, parent: Parent) -> str:
    """A new server-side session; returns the token for the cookie (only its digest is kept)."""
    token = tokens.token(TOKEN_BYTES)
    now = clock.now()
    uow.sessions.add(
        WebSession(
            session_hash=digest(token),
            school_id=parent.school_id,
            parent_id=parent.id,
            created_at=now,
            last_seen_at=now,
        )
    )
    return token


def log_in(
    uow: UnitOfWork,
    clock: Clock,
    hasher: PasswordHasher,
    tokens: TokenSource,
    *,
    login_name: str,
    password: str,
    client_key: str,
) -> LoginResult:
    """The login form. Failed attempts are committed too: they count for the throttle."""
    with uow:
        try:
            parent = authenticate(
                uow,
                clock,
                hasher,
                login_name=login_name,
                password=password,
                client_key=client_key,
            )
        except InvalidCredentials:
            uow.commit()
            raise
        session_token = start_session(uow, clock, tokens, parent)
        uow.commit()
    return LoginResult(parent=parent, session_token=session_token)


#: A session's last-seen time is written at most this often, not on every request.
TOUCH_INTERVAL = dt.timedelta(minutes=1)


def resolve_session(
    uow: UnitOfWork,
    clock: Clock,
    *,
    session_token: str,
    idle: dt.timedelta,
    absolute: dt.timedelta,
) -> Parent | None:
    """The parent of a live session, or None. Expired sessions are deleted."""
    signed_in = resolve_signed_in(
        uow, clock, session_token=session_token, idle=idle, absolute=absolute
    )
    return signed_in.parent if signed_in else None


def resolve_signed_in(
    uow: UnitOfWork,
    clock: Clock,
    *,
    session_token: str,
    idle: dt.timedelta,
    absolute: dt.timedelta,
) -> SignedIn | None:
    """What every request of a logged-in parent starts with, in one unit of work and one
    read: the live session, its parent and the parent's school (read fresh each time, so a
    change to the school is seen by the next request). None when the session is unknown,
    expired, or its parent is no longer active; such a session is deleted. Its last-seen
    time is written at most once per :data:`TOUCH_INTERVAL`, not on every request."""
    with uow:
        signed_in = uow.sessions.get_signed_in(digest(session_token))
        if signed_in is None:
            return None
        session, parent = signed_in.session, signed_in.parent
        now = clock.now()
        if not session.is_alive(now, idle, absolute) or parent.state is not ParentState.ACTIVE:
            uow.sessions.delete(session.session_hash)
            uow.commit()
            return None
        if now - session.last_seen_at >= TOUCH_INTERVAL:
            session.last_seen_at = now
            uow.sessions.update(session)
            uow.commit()
        return signed_in


def log_out(uow: UnitOfWork, *, session_token: str) -> None:
    with uow:
        uow.sessions.delete(digest(session_token))
        uow.commit()


# ---------------------------------------------------------------------------------------------
# Wachtwoord vergeten


def request_password_reset(
    uow: UnitOfWork,
    clock: Clock,
    tokens: TokenSource,
    links: Links,
    *,
    login_name: str,
    client_key: str,
) -> None:
    """Step one: mail the link "Stuur mij een nieuw wachtwoord". An unknown name gets
    "Onbekende gebruiker", as the manual says; requests are throttled either way."""
    login = normalise_login(login_name)
    key = _account_key(login)
    with uow:
        _check_throttle(uow, clock, ThrottledAction.PASSWORD_RESET, key, client_key)
        _record_attempt(uow, clock, ThrottledAction.PASSWORD_RESET, key, client_key)
        parent = uow.parents.get_by_login(login)
        if parent is None or parent.state is ParentState.BLOCKED:
            uow.commit()
            raise UnknownUser()
        school = _school(uow, parent.school_id)
        token, _ = issue_token(uow, clock, tokens, parent, TokenPurpose.PASSWORD_RESET)
        queue_mail(
            uow,
            clock,
            school_id=school.id,
            to=parent.contact_email or parent.login_name,
            subject=mailtexts.RESET_REQUEST_SUBJECT,
            text=mailtexts.RESET_REQUEST_TEXT.format(
                school=school.name, login=parent.login_name, link=links.to(f"/wachtwoord/{token}")
            ),
            category=MailCategory.ACCOUNT,
            base_url=links.base_url,
        )
        uow.commit()


def confirm_password_reset(
    uow: UnitOfWork,
    clock: Clock,
    tokens: TokenSource,
    hasher: PasswordHasher,
    links: Links,
    *,
    token: str,
) -> Parent:
    """Step two: the link sets a new random password and mails it. The old password worked
    until now; every session ends. An account that was never activated is activated: the
    parent has just proven they read the school's mail."""
    with uow:
        stored, parent = token_and_parent(uow, token, TokenPurpose.PASSWORD_RESET)
        if parent.state is ParentState.BLOCKED:
            raise TokenInvalid()
        now = clock.now()
        stored.use(now, parent)
        uow.tokens.update(stored)
        school = _school(uow, parent.school_id)
        password = generate_password(tokens)
        parent.password_hash = hasher.hash(password)
        parent.security_stamp += 1
        if parent.state is ParentState.INVITED:
            parent.state = ParentState.ACTIVE
            parent.activated_at = now
        uow.parents.update(parent)
        uow.sessions.delete_for_parent(parent.id)
        queue_mail(
            uow,
            clock,
            school_id=school.id,
            to=parent.contact_email or parent.login_name,
            subject=mailtexts.NEW_PASSWORD_SUBJECT,
            text=mailtexts.NEW_PASSWORD_TEXT.format(
                school=school.name,
                login=parent.login_name,
                password=password,
                portal=links.portal(),
            ),
            category=MailCategory.ACCOUNT,
            base_url=links.base_url,
        )
        uow.commit()
    return parent


# ---------------------------------------------------------------------------------------------
# Wachtwoord wijzigen


def change_password(
    uow: UnitOfWork,
    clock: Clock,
    hasher: PasswordHasher,
    common_passwords: CommonPasswords,
    links: Links,
    *,
    school_id: int,
    parent_id: int,
    current_password: str,
    new_password: str,
    new_password_again: str,
    keep_session_token: str | None,
) -> None:
    """Mijn account > Wachtwoord. Every other browser session ends; paired phones stay."""
    with uow:
        parent = uow.parents.get(school_id, parent_id)
        if parent is None:
            raise NotFound()
        if parent.password_hash is None or not hasher.verify(
            parent.password_hash, current_password
        ):
            raise WrongCurrentPassword()
        if new_password != new_password_again:
            raise PasswordsDoNotMatch()
        enforce_password_policy(new_password, common_passwords)
        parent.password_hash = hasher.hash(new_password)
        parent.security_stamp += 1
        uow.parents.update(parent)
        keep = digest(keep_session_token) if keep_session_token else None
        uow.sessions.delete_for_parent(parent.id, except_hash=keep)
        school = _school(uow, school_id)
        queue_mail(
            uow,
            clock,
            school_id=school_id,
            to=parent.contact_email or parent.login_name,
            subject=mailtexts.PASSWORD_CHANGED_SUBJECT,
            text=mailtexts.PASSWORD_CHANGED_TEXT.format(
                school=school.name, login=parent.login_name, portal=links.portal()
            ),
            category=MailCategory.ACCOUNT,
            base_url=links.base_url,
        )
        uow.commit()


# ---------------------------------------------------------------------------------------------
# Staff: read-only and login rename


def parent_by_login(uow: UnitOfWork, school_id: int, login_name: str) -> Parent:
    parent = uow.parents.get_by_login(normalise_login(login_name))
    if parent is None or parent.school_id != school_id:
        raise NotFound(f"Geen ouder met gebruikersnaam {login_name.strip()} op deze school.")
    return parent


def set_read_only(uow: UnitOfWork, *, school_id: int, login_name: str, read_only: bool) -> Parent:
    with uow:
        parent = parent_by_login(uow, school_id, login_name)
        parent.read_only = read_only
        uow.parents.update(parent)
        uow.commit()
    return parent


def rename_login(
    uow: UnitOfWork,
    clock: Clock,
    links: Links,
    *,
    school_id: int,
    old_login: str,
    new_login: str,
) -> Parent:
    """Staff follow a reported change of contact e-mail: the parent now logs in with it.
    Links issued for the old name die; the parent is mailed at the new address."""
    new = validate_email(new_login, field="new_login")
    with uow:
        parent = parent_by_login(uow, school_id, old_login)
        if new == parent.login_name:
            raise InvalidInput("De nieuwe inlognaam is gelijk aan de huidige.", field="new_login")
        if uow.parents.get_by_login(new) is not None:
            raise LoginNameTaken()
        parent.login_name = new
        parent.contact_email = new
        parent.security_stamp += 1
        uow.parents.update(parent)
        school = _school(uow, school_id)
        queue_mail(
            uow,
            clock,
            school_id=school_id,
            to=new,
            subject=mailtexts.LOGIN_RENAMED_SUBJECT,
            text=mailtexts.LOGIN_RENAMED_TEXT.format(
                school=school.name, login=new, portal=links.portal()
            ),
            category=MailCategory.ACCOUNT,
            base_url=links.base_url,
        )
        uow.commit()
    return parent
