"""Login (throttled per account and per client address), sessions and logout."""

from __future__ import annotations

import datetime as dt

import attrs

from deborg.domain.errors import (
    AccountNotActive,
    InvalidCredentials,
    MailedPasswordExpired,
    NotFound,
    TooManyAttempts,
    ValidationFailed,
)
from deborg.domain.model import Parent, ParentState, normalise_login
from deborg.domain.sessions import (
    ABSOLUTE_TIMEOUT,
    IDLE_TIMEOUT,
    USER_AGENT_MAX,
    SignedIn,
    WebSession,
)
from deborg.domain.throttle import LIMITS, Attempt, ThrottledAction
from deborg.domain.tokens import TOKEN_BYTES, digest
from deborg.ports.clock import Clock
from deborg.ports.hashing import PasswordHasher
from deborg.ports.randomness import TokenSource
from deborg.ports.uow import UnitOfWork
from deborg.services.accounts.common import account_key, dummy_hash


def check_throttle(
    uow: UnitOfWork, clock: Clock, action: ThrottledAction, account_key: str, client_key: str
) -> None:
    limit = LIMITS[action]
    since = clock.now() - limit.window
    if (
        uow.attempts.count_for_account(action, account_key, since) >= limit.per_account
        or uow.attempts.count_for_client(action, client_key, since) >= limit.per_client
    ):
        raise TooManyAttempts()


def record_attempt(
    uow: UnitOfWork, clock: Clock, action: ThrottledAction, account_key: str, client_key: str
) -> None:
    uow.attempts.add(Attempt(action, account_key, client_key, clock.now()))


def verify_current_password(
    uow: UnitOfWork, clock: Clock, hasher: PasswordHasher, parent: Parent, password: str
) -> bool:
    """Whether ``password`` is the parent's, asked again by a signed-in page (Wachtwoord
    wijzigen, a new contact address). Throttled like the login, so a borrowed session cannot
    guess the password; a wrong one is recorded, for the caller's commit."""
    key = account_key(parent.login_name)
    client = f"parent:{parent.id}"
    check_throttle(uow, clock, ThrottledAction.LOGIN, key, client)
    if parent.password_hash is not None and hasher.verify(parent.password_hash, password):
        return True
    record_attempt(uow, clock, ThrottledAction.LOGIN, key, client)
    return False


@attrs.frozen
class LoginResult:
    parent: Parent
    session_token: str


def device_key(device: str) -> str:
    """The throttle key of a browser with a device cookie (its random nonce): its failures
    count for it alone, per account and per client both."""
    return account_key("device:" + device)


def authenticate(
    uow: UnitOfWork,
    clock: Clock,
    hasher: PasswordHasher,
    *,
    login_name: str,
    password: str,
    client_key: str,
    trusted_device: str | None = None,
) -> Parent:
    """Check a login name and password, throttled per account and per client address.

    ``trusted_device`` is the nonce of a valid device cookie this browser got when it logged
    in to this account before (OWASP's "device cookie"): its attempts are counted apart, so
    a stranger's wrong passwords, which lock the account for unknown clients, do not lock the
    parent's own browser out.

    An unknown name and a wrong password get the same error after the same work. Success
    clears the account's failures and upgrades an outdated hash. A mailed password past its
    time is refused (after the check, so it tells nothing to whoever does not know it). Call
    inside ``with uow:``; failures are recorded and committed by the caller's commit.
    """
    missing: dict[str, str] = {}
    if not login_name.strip():
        missing["username"] = "Vul uw gebruikersnaam in (uw e-mailadres)."
    if not password:
        missing["password"] = "Vul uw wachtwoord in."
    if missing:  # asked for, not counted as a failed attempt
        raise ValidationFailed(missing)
    login = normalise_login(login_name)
    key = account_key(login)
    if trusted_device:
        throttle_key = throttle_client = device_key(trusted_device)
    else:
        throttle_key, throttle_client = key, client_key
    check_throttle(uow, clock, ThrottledAction.LOGIN, throttle_key, throttle_client)
    parent = uow.parents.get_by_login(login)
    if parent is None or parent.password_hash is None:
        hasher.verify(dummy_hash(hasher), password)
        record_attempt(uow, clock, ThrottledAction.LOGIN, throttle_key, throttle_client)
        raise InvalidCredentials()
    if not hasher.verify(parent.password_hash, password):
        record_attempt(uow, clock, ThrottledAction.LOGIN, throttle_key, throttle_client)
        raise InvalidCredentials()
    if parent.state is not ParentState.ACTIVE:
        raise AccountNotActive()
    expires = parent.mailed_password_expires_at
    if expires is not None and clock.now() >= expires:
        raise MailedPasswordExpired()
    uow.attempts.clear_account(ThrottledAction.LOGIN, key)
    if trusted_device:
        uow.attempts.clear_account(ThrottledAction.LOGIN, throttle_key)
    if hasher.needs_rehash(parent.password_hash):
        parent.password_hash = hasher.hash(password)
        uow.parents.update(parent)
    return parent


def start_session(
    uow: UnitOfWork, clock: Clock, tokens: TokenSource, parent: Parent, user_agent: str = ""
) -> str:
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
            user_agent=user_agent[:USER_AGENT_MAX],
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
    trusted_device: str | None = None,
    user_agent: str = "",
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
                trusted_device=trusted_device,
            )
        except InvalidCredentials:
            uow.commit()
            raise
        session_token = start_session(uow, clock, tokens, parent, user_agent)
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


@attrs.frozen
class ActiveSession:
    """A row of "Actieve sessies": ``handle`` names the session in a form (it is the stored
    digest, which cannot be turned back into the cookie)."""

    handle: str
    device: str
    created_at: dt.datetime
    last_seen_at: dt.datetime
    current: bool


def list_sessions(
    uow: UnitOfWork,
    clock: Clock,
    *,
    school_id: int,
    parent_id: int,
    current_token: str | None,
    idle: dt.timedelta = IDLE_TIMEOUT,
    absolute: dt.timedelta = ABSOLUTE_TIMEOUT,
) -> list[ActiveSession]:
    """Mijn account > Wachtwoord > Actieve sessies: the parent's live browser sessions (an
    ended one that housekeeping has not removed yet is left out), the current one first,
    then by last seen."""
    current = digest(current_token) if current_token else None
    now = clock.now()
    with uow:
        sessions = [
            s
            for s in uow.sessions.list_for_parent(parent_id)
            if s.school_id == school_id and s.is_alive(now, idle, absolute)
        ]
    rows = [
        ActiveSession(
            s.session_hash, s.device, s.created_at, s.last_seen_at, s.session_hash == current
        )
        for s in sessions
    ]
    return sorted(rows, key=lambda row: not row.current)


def end_session(uow: UnitOfWork, *, school_id: int, parent_id: int, handle: str) -> None:
    """ "Afmelden" behind one session of the list; only the parent's own."""
    with uow:
        session = uow.sessions.get(handle)
        if session is None or session.parent_id != parent_id or session.school_id != school_id:
            raise NotFound("Deze sessie bestaat niet (meer).")
        uow.sessions.delete(handle)
        uow.commit()


def end_all_sessions(uow: UnitOfWork, *, school_id: int, parent_id: int) -> int:
    """ "Overal afmelden": every browser session of the parent ends, this one included.
    Paired phones stay paired (the App tab removes them)."""
    with uow:
        parent = uow.parents.get(school_id, parent_id)
        if parent is None:
            raise NotFound()
        ended = uow.sessions.delete_for_parent(parent.id)
        uow.commit()
    return ended
