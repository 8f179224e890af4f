"""Staff log in through the parents' login page: a login name is a parent's or a staff
member's. Staff sessions are kept apart from parents' and end after 15 minutes idle."""

from __future__ import annotations

import datetime as dt

import attrs

from deborg.domain.errors import AccountNotActive, InvalidCredentials
from deborg.domain.model import School, StaffMember, StaffState, normalise_login
from deborg.domain.staff import STAFF_ABSOLUTE_TIMEOUT, STAFF_IDLE_TIMEOUT, StaffSession
from deborg.domain.throttle import ThrottledAction
from deborg.domain.tokens import TOKEN_BYTES, digest
from deborg.ports.clock import Clock
from deborg.ports.hashing import PasswordHasher
from deborg.ports.randomness import TokenSource
from deborg.ports.uow import UnitOfWork
from deborg.services.accounts.common import account_key
from deborg.services.accounts.login import TOUCH_INTERVAL, check_throttle, record_attempt


@attrs.frozen
class StaffLogin:
    staff: StaffMember
    session_token: str


def log_in_staff(
    uow: UnitOfWork,
    clock: Clock,
    hasher: PasswordHasher,
    tokens: TokenSource,
    *,
    login_name: str,
    password: str,
    client_key: str,
) -> StaffLogin | None:
    """The login form for a staff login name: None when the name is not a staff member's (the
    parents' login takes it from there, with its own handling of unknown names). Throttled
    like a parent's login; failures are committed, for they count."""
    login = normalise_login(login_name)
    key = account_key(login)
    with uow:
        staff = uow.staff.get_by_login(login)
        if staff is None:
            return None
        check_throttle(uow, clock, ThrottledAction.LOGIN, key, client_key)
        if staff.password_hash is None or not hasher.verify(staff.password_hash, password):
            record_attempt(uow, clock, ThrottledAction.LOGIN, key, client_key)
            uow.commit()
            raise InvalidCredentials()
        if staff.state is not StaffState.ACTIVE:
            raise AccountNotActive()
        uow.attempts.clear_account(ThrottledAction.LOGIN, key)
        if hasher.needs_rehash(staff.password_hash):
            staff.password_hash = hasher.hash(password)
            uow.staff.update(staff)
        token = tokens.token(TOKEN_BYTES)
        now = clock.now()
        uow.staff_sessions.add(
            StaffSession(
                session_hash=digest(token),
                school_id=staff.school_id,
                staff_id=staff.id,
                created_at=now,
                last_seen_at=now,
            )
        )
        uow.commit()
    return StaffLogin(staff, token)


@attrs.frozen
class StaffSignedIn:
    staff: StaffMember
    school: School


def resolve_staff_session(
    uow: UnitOfWork,
    clock: Clock,
    *,
    session_token: str,
    idle: dt.timedelta = STAFF_IDLE_TIMEOUT,
    absolute: dt.timedelta = STAFF_ABSOLUTE_TIMEOUT,
) -> StaffSignedIn | None:
    """The staff member and school of a live staff session, or None (a dead session, or one
    of a staff member no longer active, is deleted)."""
    with uow:
        session = uow.staff_sessions.get(digest(session_token))
        if session is None:
            return None
        staff = uow.staff.get(session.school_id, session.staff_id)
        school = uow.schools.get(session.school_id)
        now = clock.now()
        if (
            staff is None
            or school is None
            or staff.state is not StaffState.ACTIVE
            or not session.is_alive(now, idle, absolute)
        ):
            uow.staff_sessions.delete(session.session_hash)
            uow.commit()
            return None
        if now - session.last_seen_at >= TOUCH_INTERVAL:
            session.last_seen_at = now
            uow.staff_sessions.update(session)
            uow.commit()
    return StaffSignedIn(staff, school)


def log_out_staff(uow: UnitOfWork, *, session_token: str) -> None:
    with uow:
        uow.staff_sessions.delete(digest(session_token))
        uow.commit()
