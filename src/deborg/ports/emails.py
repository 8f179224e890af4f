from __future__ import annotations

from typing import Protocol


class EmailAddresses(Protocol):
    """Checks the syntax of e-mail addresses as people type them (no DNS lookups)."""

    def normalise(self, raw: str) -> str | None:
        """The address in its canonical form (lower case), or None when ``raw`` is not a
        valid address."""
        ...
