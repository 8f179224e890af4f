from __future__ import annotations

from typing import Protocol


class FileStore(Protocol):
    """Stores uploaded and generated files (photos, documents) under opaque keys."""

    def put(self, key: str, content: bytes) -> None: ...

    def get(self, key: str) -> bytes:
        """The content stored under ``key``; raises ``KeyError`` when there is none."""
        ...

    def delete(self, key: str) -> None:
        """Remove ``key``; a missing key is not an error."""
        ...
