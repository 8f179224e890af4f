from __future__ import annotations

from typing import Protocol


class TokenSource(Protocol):
    """Cryptographic randomness: tokens for links and sessions, and choices for passwords."""

    def token(self, nbytes: int = 32) -> str:
        """A URL-safe random token carrying ``nbytes`` bytes of entropy."""
        ...

    def randbelow(self, n: int) -> int:
        """A uniformly random integer in ``[0, n)``."""
        ...
