"""Issuing and reading the single-use link tokens of :mod:`deborg.domain.tokens` inside a use
case's unit of work."""

from __future__ import annotations

from deborg.domain.errors import TokenInvalid
from deborg.domain.model import Parent
from deborg.domain.tokens import LIFETIMES, TOKEN_BYTES, AccountToken, TokenPurpose, digest
from deborg.ports.clock import Clock
from deborg.ports.randomness import TokenSource
from deborg.ports.uow import UnitOfWork


def issue_token(
    uow: UnitOfWork,
    clock: Clock,
    tokens: TokenSource,
    parent: Parent,
    purpose: TokenPurpose,
    *,
    target: str = "",
) -> tuple[str, AccountToken]:
    """A new token for ``purpose`` (confirming ``target``, if it confirms something), stored
    (as its digest) in the caller's unit of work; returns the token to put in the link and
    the stored record."""
    token = tokens.token(TOKEN_BYTES)
    now = clock.now()
    stored = uow.tokens.add(
        AccountToken(
            school_id=parent.school_id,
            parent_id=parent.id,
            purpose=purpose,
            token_hash=digest(token),
            created_at=now,
            expires_at=now + LIFETIMES[purpose],
            security_stamp=parent.security_stamp,
            target=target,
        )
    )
    return token, stored


def token_and_parent(
    uow: UnitOfWork, token: str, purpose: TokenPurpose
) -> tuple[AccountToken, Parent]:
    """The stored token for ``purpose`` and its parent; TokenInvalid for an unknown token or
    one issued for another purpose. Whether it is still usable is the caller's check."""
    stored = uow.tokens.get_by_hash(digest(token))
    if stored is None or stored.purpose is not purpose:
        raise TokenInvalid()
    parent = uow.parents.get(stored.school_id, stored.parent_id)
    if parent is None:
        raise TokenInvalid()
    return stored, parent
