"""argon2id password hashes with parameters that meet OWASP's minimum (m=19 MiB, t=2, p=1)."""

from __future__ import annotations

import argon2
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

#: Production parameters: 32 MiB, two passes, one lane — above OWASP's minimum (19 MiB, t=2,
#: p=1) while keeping a login rush affordable on a small server (see bench/README.md).
PRODUCTION = {"time_cost": 2, "memory_cost": 32 * 1024, "parallelism": 1}
#: For tests only: same algorithm, trivial cost.
CHEAP_FOR_TESTS = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}


class Argon2PasswordHasher:
    def __init__(self, *, time_cost: int, memory_cost: int, parallelism: int) -> None:
        self._hasher = argon2.PasswordHasher(
            time_cost=time_cost,
            memory_cost=memory_cost,
            parallelism=parallelism,
            type=argon2.Type.ID,
        )

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        try:
            return self._hasher.check_needs_rehash(password_hash)
        except InvalidHashError:
            return True
