"""Use cases of the phone app (SPEC §10): pairing by QR code or by school code and password,
the list of paired devices, unpairing, and the one-time link from the app into the portal.

A paired device holds a random device token; only its digest is stored. The token keeps
working until the device is removed (in the portal or by "Ontkoppelen" in the app) or the
account is blocked. A password change does not unpair phones (SPEC §3), but a phone paired
before the last password change no longer opens the portal; a forgotten-password reset
unpairs every phone (services/accounts/passwords.py).
"""

from __future__ import annotations

from deborg.domain.devices.model import (
    DeviceContext,
    DeviceNotFound,
    DeviceNotPaired,
    OneTimeLink,
    PairedBeforePasswordChange,
    PairedDevice,
    Pairing,
    PairingTokenInvalid,
    TooManyApiCalls,
    WrongSchoolCode,
    validate_device_name,
)
from deborg.domain.errors import (
    AccountNotActive,
    InvalidCredentials,
    MustChoosePassword,
    TokenInvalid,
    TooManyAttempts,
)
from deborg.domain.model import Parent, ParentState
from deborg.domain.throttle import ThrottledAction
from deborg.domain.tokens import TOKEN_BYTES, AccountToken, TokenPurpose, digest
from deborg.ports.clock import Clock
from deborg.ports.hashing import PasswordHasher
from deborg.ports.randomness import TokenSource
from deborg.ports.uow import UnitOfWork
from deborg.services.accounts import TOUCH_INTERVAL, LoginResult, authenticate, start_session
from deborg.services.accounts.login import check_throttle, record_attempt
from deborg.services.lookups import parent_or_not_found
from deborg.services.tokens import issue_token, token_and_parent

# ---------------------------------------------------------------------------------------------
# Pairing


def _issue_one_time_link(
    uow: UnitOfWork,
    clock: Clock,
    tokens: TokenSource,
    purpose: TokenPurpose,
    *,
    school_id: int,
    parent_id: int,
) -> OneTimeLink:
    with uow:
        parent = parent_or_not_found(uow, school_id, parent_id)
        token, stored = issue_token(uow, clock, tokens, parent, purpose)
        uow.commit()
    return OneTimeLink(token=token, expires_at=stored.expires_at)


def issue_pairing_token(
    uow: UnitOfWork, clock: Clock, tokens: TokenSource, *, school_id: int, parent_id: int
) -> OneTimeLink:
    """A fresh QR code for Mijn account > App: works once, for ten minutes."""
    return _issue_one_time_link(
        uow, clock, tokens, TokenPurpose.PAIRING, school_id=school_id, parent_id=parent_id
    )


def _add_device(
    uow: UnitOfWork, clock: Clock, tokens: TokenSource, parent: Parent, name: str
) -> Pairing:
    device_token = tokens.token(TOKEN_BYTES)
    now = clock.now()
    device = uow.devices.add(
        PairedDevice(
            school_id=parent.school_id,
            parent_id=parent.id,
            name=name,
            token_hash=digest(device_token),
            paired_at=now,
            last_used_at=now,
        )
    )
    return Pairing(device_token=device_token, device=device, parent=parent)


def pair_with_token(
    uow: UnitOfWork, clock: Clock, tokens: TokenSource, *, pairing_token: str, device_name: str
) -> Pairing:
    """The app scanned the QR code. The pairing token is spent, whatever happens next."""
    name = validate_device_name(device_name)
    with uow:
        try:
            stored, parent = token_and_parent(uow, pairing_token, TokenPurpose.PAIRING)
            stored.use(clock.now(), parent)
        except TokenInvalid:
            raise PairingTokenInvalid() from None
        if parent.state is not ParentState.ACTIVE:
            raise AccountNotActive()
        uow.tokens.update(stored)
        pairing = _add_device(uow, clock, tokens, parent, name)
        uow.commit()
    return pairing


def pair_with_password(
    uow: UnitOfWork,
    clock: Clock,
    hasher: PasswordHasher,
    tokens: TokenSource,
    *,
    school_code: str,
    username: str,
    password: str,
    device_name: str,
    client_key: str,
) -> Pairing:
    """Schoolcode, Gebruikersnaam and the parent's own password, typed into the app. Throttled
    and answered exactly like the login form; a read-only account may pair. The school code is
    looked at only after the password: an unknown code is answered as wrong credentials are,
    so the answers do not tell which school codes exist."""
    name = validate_device_name(device_name)
    with uow:
        try:
            parent = authenticate(
                uow,
                clock,
                hasher,
                login_name=username,
                password=password,
                client_key=client_key,
            )
        except InvalidCredentials:
            uow.commit()  # the failure counts for the throttle
            raise
        school = uow.schools.get_by_code(school_code.strip())
        if school is None or parent.school_id != school.id:
            raise WrongSchoolCode()
        if parent.must_choose_password:
            # A mailed password opens only "Kies uw eigen wachtwoord" in the portal. (No phone
            # can be paired while one is set: a reset unpairs them all, and the QR code is on
            # a page that waits for the parent's own password.)
            raise MustChoosePassword()
        pairing = _add_device(uow, clock, tokens, parent, name)
        uow.commit()
    return pairing


# ---------------------------------------------------------------------------------------------
# Using and managing devices


def resolve_device(uow: UnitOfWork, clock: Clock, *, device_token: str) -> DeviceContext:
    """The device behind an API call's bearer token. Unknown, removed, or of a blocked account:
    :class:`DeviceNotPaired`. The last-used time is written at most once a minute."""
    if not device_token:
        raise DeviceNotPaired()
    with uow:
        device = uow.devices.get_by_token_hash(digest(device_token))
        if device is None:
            raise DeviceNotPaired()
        parent = uow.parents.get(device.school_id, device.parent_id)
        school = uow.schools.get(device.school_id)
        if parent is None or school is None or parent.state is not ParentState.ACTIVE:
            raise DeviceNotPaired()
        now = clock.now()
        if now - device.last_used_at >= TOUCH_INTERVAL:
            device.last_used_at = now
            uow.devices.update(device)
            uow.commit()
    return DeviceContext(device=device, parent=parent, school=school)


def count_api_call(uow: UnitOfWork, clock: Clock, *, device_id: int, client_key: str) -> None:
    """Every call of the app API counts for its device (and its client address); past the
    limit of a minute :class:`TooManyApiCalls` (HTTP 429 with Retry-After)."""
    key = f"device:{device_id}"
    with uow:
        try:
            check_throttle(uow, clock, ThrottledAction.API_CALL, key, client_key)
        except TooManyAttempts:
            raise TooManyApiCalls() from None
        record_attempt(uow, clock, ThrottledAction.API_CALL, key, client_key)
        uow.commit()


def list_devices(uow: UnitOfWork, *, school_id: int, parent_id: int) -> list[PairedDevice]:
    """Gekoppelde apparaten, most recently paired first."""
    with uow:
        return list(uow.devices.list_for_parent(school_id, parent_id))


def remove_device(uow: UnitOfWork, *, school_id: int, parent_id: int, device_id: int) -> None:
    """The red button behind a phone in "Gekoppelde apparaten": its token dies at once."""
    with uow:
        device = uow.devices.get(school_id, device_id)
        if device is None or device.parent_id != parent_id:
            raise DeviceNotFound()
        uow.devices.delete(school_id, device_id)
        uow.commit()


def unpair(uow: UnitOfWork, *, school_id: int, device_id: int) -> None:
    """ "Ontkoppelen" in the app: the device removes itself."""
    with uow:
        if uow.devices.get(school_id, device_id) is None:
            raise DeviceNotPaired()
        uow.devices.delete(school_id, device_id)
        uow.commit()


# ---------------------------------------------------------------------------------------------
# "Naar het ouderportaal"


def issue_portal_link(
    uow: UnitOfWork, clock: Clock, tokens: TokenSource, *, school_id: int, device_id: int
) -> OneTimeLink:
    """A link that logs the app's parent into the portal once, within two minutes; only for a
    phone paired after the password last changed (a phone paired by whoever held the account
    before a reset or a change must not open a fresh browser session)."""
    with uow:
        device = uow.devices.get(school_id, device_id)
        if device is None:
            raise DeviceNotPaired()
        parent = parent_or_not_found(uow, school_id, device.parent_id)
        changed = parent.password_changed_at
        if changed is not None and device.paired_at < changed:
            raise PairedBeforePasswordChange()
    return _issue_one_time_link(
        uow, clock, tokens, TokenPurpose.PORTAL_LINK, school_id=school_id, parent_id=parent.id
    )


def _usable_portal_link(uow: UnitOfWork, clock: Clock, token: str) -> tuple[AccountToken, Parent]:
    stored, parent = token_and_parent(uow, token, TokenPurpose.PORTAL_LINK)
    if parent.state is not ParentState.ACTIVE or not stored.is_usable(clock.now(), parent):
        raise TokenInvalid()
    return stored, parent


def check_portal_link(uow: UnitOfWork, clock: Clock, *, token: str) -> Parent:
    """What opening the link shows, without spending it."""
    with uow:
        _, parent = _usable_portal_link(uow, clock, token)
    return parent


def use_portal_link(
    uow: UnitOfWork, clock: Clock, tokens: TokenSource, *, token: str, user_agent: str = ""
) -> LoginResult:
    """The button "Naar het ouderportaal": spends the link and starts a browser session."""
    with uow:
        stored, parent = _usable_portal_link(uow, clock, token)
        stored.use(clock.now(), parent)
        uow.tokens.update(stored)
        session_token = start_session(uow, clock, tokens, parent, user_agent)
        uow.commit()
    return LoginResult(parent=parent, session_token=session_token)
