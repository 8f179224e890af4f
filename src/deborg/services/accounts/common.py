"""Helpers shared by the account use cases."""

from __future__ import annotations

import datetime as dt
import hashlib
import weakref

from deborg.domain.mail import MailCategory
from deborg.domain.model import Parent
from deborg.ports.clock import Clock
from deborg.ports.hashing import PasswordHasher
from deborg.ports.links import Links
from deborg.ports.uow import UnitOfWork
from deborg.services.outbox import queue_mail

#: Verified against on an unknown login name so that it costs as much as a wrong password.
_DUMMY_PASSWORD = "Geen-account-1!"  # not a credential: only work for the hasher
#: One dummy hash per hasher, made with its current parameters the first time it is needed,
#: so an unknown name costs one verification, exactly like a wrong password.
_DUMMY_HASHES: weakref.WeakKeyDictionary[PasswordHasher, str] = weakref.WeakKeyDictionary()

#: Login names are e-mail addresses (at most 254 characters); anything longer cannot be an
#: account and is throttled under its digest, so the key fits the store.
_MAX_ACCOUNT_KEY = 254


def dummy_hash(hasher: PasswordHasher) -> str:
    found = _DUMMY_HASHES.get(hasher)
    if found is None:
        found = _DUMMY_HASHES[hasher] = hasher.hash(_DUMMY_PASSWORD)
    return found


def account_key(login: str) -> str:
    if len(login) <= _MAX_ACCOUNT_KEY:
        return login
    return "sha256:" + hashlib.sha256(login.encode()).hexdigest()


def mail_account(
    uow: UnitOfWork, clock: Clock, links: Links, parent: Parent, *, subject: str, text: str
) -> None:
    """Queue an account mail to every address that receives account mail: the login name and
    the confirmed contact address (never one still waiting for confirmation, never an extra
    address from Bereikbaarheid)."""
    for address in parent.account_mail_addresses:
        queue_mail(
            uow,
            clock,
            school_id=parent.school_id,
            to=address,
            subject=subject,
            text=text,
            category=MailCategory.ACCOUNT,
            links=links,
        )


def set_mailed_password(
    parent: Parent, hasher: PasswordHasher, password: str, now: dt.datetime, lifetime: dt.timedelta
) -> None:
    """Give ``parent`` a password the school mails: one-time, usable until ``now + lifetime``.
    Links issued before die (the security stamp moves on)."""
    parent.password_hash = hasher.hash(password)
    parent.mailed_password_expires_at = now + lifetime
    parent.password_changed_at = now
    parent.security_stamp += 1
