"""Single-use, expiring tokens for links (activation, password reset, app pairing, portal link).

Only a SHA-256 digest of each token is stored. A token is dead once used, once expired, and
once the account's security stamp has moved on (password or login name changed).
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib

import attrs

from deborg.domain.errors import TokenInvalid
from deborg.domain.model import NEW, Parent

TOKEN_BYTES = 32  # 256 bits, above ASVS's 128


class TokenPurpose(enum.StrEnum):
    ACTIVATION = "activation"
    PASSWORD_RESET = "password_reset"
    PAIRING = "pairing"
    PORTAL_LINK = "portal_link"
    EMAIL_CONFIRMATION = "email_confirmation"


LIFETIMES: dict[TokenPurpose, dt.timedelta] = {
    TokenPurpose.ACTIVATION: dt.timedelta(days=14),
    TokenPurpose.PASSWORD_RESET: dt.timedelta(hours=2),
    TokenPurpose.PAIRING: dt.timedelta(minutes=10),
    TokenPurpose.PORTAL_LINK: dt.timedelta(minutes=2),
    TokenPurpose.EMAIL_CONFIRMATION: dt.timedelta(days=2),
}


def digest(token: str) -> str:
    """The stored form of a token. Tokens carry 256 random bits, so a plain hash suffices."""
    return hashlib.sha256(token.encode()).hexdigest()


@attrs.define
class AccountToken:
    school_id: int
    parent_id: int
    purpose: TokenPurpose
    token_hash: str
    created_at: dt.datetime
    expires_at: dt.datetime
    security_stamp: int
    used_at: dt.datetime | None = None
    #: What the token confirms, when it confirms something (a new contact address).
    target: str = ""
    id: int = NEW

    def is_usable(self, now: dt.datetime, parent: Parent) -> bool:
        return (
            self.used_at is None
            and now < self.expires_at
            and self.security_stamp == parent.security_stamp
            and parent.id == self.parent_id
        )

    def use(self, now: dt.datetime, parent: Parent) -> None:
        if not self.is_usable(now, parent):
            raise TokenInvalid()
        self.used_at = now
