"""Staff accounts: add with a role, invite and activate (as for parents: a random initial
password and a single-use link), list, the groups of a teacher, and removal."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from deborg.domain.dutch import format_moment
from deborg.domain.errors import (
    AccountNotActive,
    AlreadyActivated,
    NotFound,
    TokenInvalid,
)
from deborg.domain.mail import MailCategory
from deborg.domain.model import Group, StaffMember, StaffState, normalise_login
from deborg.domain.passwords import generate_password
from deborg.domain.staff import (
    ROLE_LABELS,
    STAFF_ACTIVATION_LIFETIME,
    STAFF_ACTIVATION_SUBJECT,
    STAFF_ACTIVATION_TEXT,
    StaffToken,
    StaffTokenPurpose,
)
from deborg.domain.tokens import TOKEN_BYTES, digest
from deborg.ports.clock import Clock
from deborg.ports.hashing import PasswordHasher
from deborg.ports.links import Links
from deborg.ports.randomness import TokenSource
from deborg.ports.uow import UnitOfWork
from deborg.services.directory import group_by_name
from deborg.services.lookups import school_or_not_found, staff_or_not_found
from deborg.services.outbox import queue_mail


def staff_by_email(uow: UnitOfWork, school_id: int, email: str) -> StaffMember:
    """The (not removed) staff member with this e-mail address, inside the caller's unit of
    work."""
    staff = uow.staff.get_by_email(school_id, normalise_login(email))
    if staff is None or staff.state is StaffState.REMOVED:
        raise NotFound(f"Onbekende medewerker: {email}.")
    return staff


def invite_staff(
    uow: UnitOfWork,
    clock: Clock,
    tokens: TokenSource,
    hasher: PasswordHasher,
    links: Links,
    *,
    school_id: int,
    staff_id: int | None = None,
    email: str | None = None,
    again: bool = False,
) -> StaffMember:
    """Give the staff member (by id, or by e-mail address on the command line) a random
    initial password and mail it with an activation link; inviting again issues a new
    password and link, and the old ones die. An active account is invited ``again`` only on
    purpose (a forgotten password): it is not active until the new link is opened, and its
    sessions end."""
    with uow:
        school = school_or_not_found(uow, school_id)
        if staff_id is not None:
            staff = staff_or_not_found(uow, school_id, staff_id)
        else:
            staff = staff_by_email(uow, school_id, email or "")
        if staff.state is StaffState.ACTIVE:
            if not again:
                raise AlreadyActivated()
            staff.state = StaffState.INVITED
            uow.staff_sessions.delete_for_staff(staff.id)
        password = generate_password(tokens.randbelow)
        staff.password_hash = hasher.hash(password)
        staff.security_stamp += 1
        uow.staff.update(staff)
        token = tokens.token(TOKEN_BYTES)
        now = clock.now()
        stored = uow.staff_tokens.add(
            StaffToken(
                school_id=school_id,
                staff_id=staff.id,
                token_hash=digest(token),
                created_at=now,
                expires_at=now + STAFF_ACTIVATION_LIFETIME,
                security_stamp=staff.security_stamp,
            )
        )
        queue_mail(
            uow,
            clock,
            school_id=school_id,
            to=staff.email,
            subject=STAFF_ACTIVATION_SUBJECT.format(school=school.name),
            text=STAFF_ACTIVATION_TEXT.format(
                name=staff.name,
                school=school.name,
                role=ROLE_LABELS[staff.role.value],
                login=staff.email,
                password=password,
                link=links.staff_activation(token),
                expires=format_moment(stored.expires_at, school.timezone),
                portal=links.portal(),
            ),
            category=MailCategory.ACCOUNT,
            links=links,
        )
        uow.commit()
    return staff


def token_and_staff(
    uow: UnitOfWork, token: str, purpose: StaffTokenPurpose = StaffTokenPurpose.ACTIVATION
) -> tuple[StaffToken, StaffMember]:
    """The stored link and its staff member, inside the caller's unit of work; a link made
    for another purpose (or none) is invalid."""
    stored = uow.staff_tokens.get_by_hash(digest(token))
    if stored is None or stored.purpose is not purpose:
        raise TokenInvalid()
    staff = uow.staff.get(stored.school_id, stored.staff_id)
    if staff is None:
        raise TokenInvalid()
    return stored, staff


def check_staff_activation(uow: UnitOfWork, clock: Clock, *, token: str) -> StaffMember:
    """What opening the activation link shows, changing nothing."""
    with uow:
        stored, staff = token_and_staff(uow, token)
        if staff.state is StaffState.ACTIVE:
            raise AlreadyActivated()
        if staff.state is StaffState.REMOVED or not stored.is_usable(clock.now(), staff):
            raise TokenInvalid()
    return staff


def activate_staff(uow: UnitOfWork, clock: Clock, *, token: str) -> StaffMember:
    with uow:
        stored, staff = token_and_staff(uow, token)
        if staff.state is StaffState.ACTIVE:
            raise AlreadyActivated()
        if staff.state is StaffState.REMOVED:
            raise AccountNotActive()
        now = clock.now()
        stored.use(now, staff)
        uow.staff_tokens.update(stored)
        staff.state = StaffState.ACTIVE
        staff.activated_at = now
        uow.staff.update(staff)
        uow.commit()
    return staff


@attrs.frozen
class StaffListing:
    staff: StaffMember
    group_names: tuple[str, ...]


def list_staff(uow: UnitOfWork, *, school_id: int) -> list[StaffListing]:
    """The school's staff (removed ones left out) with the names of their groups."""
    with uow:
        groups = {g.id: g.name for g in uow.groups.list(school_id)}
        members = [s for s in uow.staff.list(school_id) if s.state is not StaffState.REMOVED]
    return [StaffListing(s, tuple(groups[g] for g in s.group_ids if g in groups)) for s in members]


def staff_groups(uow: UnitOfWork, *, school_id: int, email: str) -> Sequence[Group]:
    """The groups a teacher has."""
    with uow:
        staff = staff_by_email(uow, school_id, email)
        return [g for g in uow.groups.list(school_id) if g.id in staff.group_ids]


def set_staff_groups(
    uow: UnitOfWork, *, school_id: int, email: str, group_names: Iterable[str]
) -> StaffMember:
    with uow:
        staff = staff_by_email(uow, school_id, email)
        staff.group_ids = tuple(group_by_name(uow, school_id, g).id for g in group_names)
        uow.staff.update(staff)
        uow.commit()
    return staff


def remove_staff(uow: UnitOfWork, *, school_id: int, email: str) -> StaffMember:
    """The staff member can no longer log in and has no groups; what they posted stays, under
    their name. Their sessions end at once."""
    with uow:
        staff = staff_by_email(uow, school_id, email)
        staff.state = StaffState.REMOVED
        staff.group_ids = ()
        staff.password_hash = None
        staff.security_stamp += 1
        uow.staff.update(staff)
        uow.staff_sessions.delete_for_staff(staff.id)
        uow.commit()
    return staff
