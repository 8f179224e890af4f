from __future__ import annotations

from collections.abc import Container, Sequence
from typing import Protocol

from deborg.domain.passwords import StrengthEstimate


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...

    def verify(self, password_hash: str, password: str) -> bool:
        """True when ``password`` matches; never raises for a mismatch."""
        ...

    def needs_rehash(self, password_hash: str) -> bool:
        """True when the hash was made with other parameters than the current ones."""
        ...


#: The offline list of commonly used passwords, lower-cased; ``in`` is case-insensitive
#: because callers pass ``password.casefold()``.
CommonPasswords = Container[str]


class PasswordStrength(Protocol):
    def estimate(self, password: str, personal: Sequence[str]) -> StrengthEstimate:
        """How hard ``password`` is to guess for someone who knows ``personal`` (the parent's
        names, e-mail addresses, children's names, the school's name: see
        :func:`deborg.domain.passwords.personal_words`)."""
        ...
