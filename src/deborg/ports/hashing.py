from __future__ import annotations

from collections.abc import Container
from typing import Protocol


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
