"""Invitation and activation: a random initial password and a single-use link (SPEC §3)."""

from __future__ import annotations

import attrs

from deborg.domain import mailtexts
from deborg.domain.dutch import format_moment
from deborg.domain.errors import (
    AccountNotActive,
    ActivationLinkInvalid,
    AlreadyActivated,
    AlreadyInvited,
    ContactOnly,
    TokenInvalid,
)
from deborg.domain.model import Parent, ParentState
from deborg.domain.passwords import ACTIVATION_PASSWORD_LIFETIME, generate_password
from deborg.domain.tokens import AccountToken, TokenPurpose
from deborg.ports.clock import Clock
from deborg.ports.hashing import PasswordHasher
from deborg.ports.links import Links
from deborg.ports.randomness import TokenSource
from deborg.ports.uow import UnitOfWork
from deborg.services.accounts.common import mail_account, set_mailed_password
from deborg.services.lookups import parent_or_not_found, school_or_not_found
from deborg.services.tokens import issue_token, token_and_parent


@attrs.frozen
class InvitationTargets:
    """Who ``deborg parent invite --all-new`` mails, and how many it leaves waiting."""

    parents: tuple[Parent, ...]
    #: Invited before and not activated; left alone unless resending.
    waiting: int
    #: Only a pupil's contact without custody: never invited.
    contacts_only: int = 0


def _contacts_only(uow: UnitOfWork, school_id: int) -> set[int]:
    """The parents who are a pupil's contact (without custody) and guardian of no pupil."""
    contacts = {c.parent_id for c in uow.pupil_contacts.list(school_id)}
    if not contacts:
        return set()
    child_ids = [c.id for c in uow.children.list(school_id, include_archived=True)]
    guardians = {
        p for ids in uow.guardianships.parents_of(school_id, child_ids).values() for p in ids
    }
    return contacts - guardians


def parents_to_invite(uow: UnitOfWork, school_id: int, *, resend: bool) -> InvitationTargets:
    """The school's parents without an active account who were never sent an invitation (an
    invitation sets the initial password), or, with ``resend``, every one not yet active.
    A pupil's contact without custody (a grandparent, a childminder) is never invited: only
    custody gives access to the portal."""
    with uow:
        contacts_only = _contacts_only(uow, school_id)
        not_active = [
            p
            for p in uow.parents.list(school_id)
            if p.state is ParentState.INVITED and p.id not in contacts_only
        ]
    targets = tuple(p for p in not_active if resend or p.password_hash is None)
    return InvitationTargets(targets, len(not_active) - len(targets), len(contacts_only))


def invite_parent(
    uow: UnitOfWork,
    clock: Clock,
    tokens: TokenSource,
    hasher: PasswordHasher,
    links: Links,
    *,
    school_id: int,
    parent_id: int,
    again: bool = False,
) -> Parent:
    """Give the parent a random initial password and mail it with an activation link.

    A parent who was invited already is refused (:class:`AlreadyInvited`) unless ``again``
    (a lost mail): that issues a new password and link, and the old ones die. A pupil's
    contact without custody is refused (:class:`ContactOnly`).
    """
    with uow:
        school = school_or_not_found(uow, school_id)
        parent = parent_or_not_found(uow, school_id, parent_id, "Onbekende ouder.")
        if parent.state is ParentState.ACTIVE:
            raise AlreadyActivated()
        if parent.id in _contacts_only(uow, school_id):
            raise ContactOnly()
        if parent.password_hash is not None and not again:
            raise AlreadyInvited()
        password = generate_password(tokens.randbelow)
        set_mailed_password(parent, hasher, password, clock.now(), ACTIVATION_PASSWORD_LIFETIME)
        uow.parents.update(parent)
        token, stored = issue_token(uow, clock, tokens, parent, TokenPurpose.ACTIVATION)
        mail_account(
            uow,
            clock,
            links,
            parent,
            subject=mailtexts.ACTIVATION_SUBJECT.format(school=school.name),
            text=mailtexts.ACTIVATION_TEXT.format(
                school=school.name,
                login=parent.login_name,
                password=password,
                link=links.activation(token),
                expires=format_moment(stored.expires_at, school.timezone),
                portal=links.portal(),
            ),
        )
        uow.commit()
    return parent


def check_activation_link(uow: UnitOfWork, clock: Clock, *, token: str) -> Parent:
    """What opening the activation link shows, without changing anything: the parent whose
    account the link activates, or the manual's "reeds geactiveerd", or an invalid link."""
    with uow:
        stored, parent = _activation_token(uow, token)
        if parent.state is ParentState.ACTIVE:
            raise AlreadyActivated()
        if not stored.is_usable(clock.now(), parent):
            raise ActivationLinkInvalid()
    return parent


def _activation_token(uow: UnitOfWork, token: str) -> tuple[AccountToken, Parent]:
    try:
        return token_and_parent(uow, token, TokenPurpose.ACTIVATION)
    except TokenInvalid:
        raise ActivationLinkInvalid() from None


def activate_account(uow: UnitOfWork, clock: Clock, *, token: str) -> Parent:
    """Open the activation link. A second opening gets the manual's "reeds geactiveerd"."""
    with uow:
        stored, parent = _activation_token(uow, token)
        if parent.state is ParentState.ACTIVE:
            raise AlreadyActivated()
        if parent.state is ParentState.BLOCKED:
            raise AccountNotActive()
        now = clock.now()
        if not stored.is_usable(now, parent):
            raise ActivationLinkInvalid()
        stored.use(now, parent)
        uow.tokens.update(stored)
        parent.state = ParentState.ACTIVE
        parent.activated_at = now
        uow.parents.update(parent)
        uow.commit()
    return parent
