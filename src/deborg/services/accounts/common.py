"""Helpers shared by the account use cases."""

from __future__ import annotations

import hashlib
import weakref

from deborg.ports.hashing import PasswordHasher

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
