from __future__ import annotations

from typing import Protocol


class PhoneNumbers(Protocol):
    """Parses and normalises phone numbers as people type them (region NL)."""

    def normalise(self, raw: str) -> str | None:
        """The number in one canonical written form ("06 12345678" for a Dutch number,
        "+32 470 12 34 56" for a foreign one), or None when ``raw`` is not a valid number."""
        ...
