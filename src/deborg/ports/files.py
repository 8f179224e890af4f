from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol


class FileStore(Protocol):
    """Stores uploaded and generated files (photos, documents) under opaque keys: a local
    folder (one machine) or an object store (several machines share it)."""

    def put(self, key: str, content: bytes) -> None: ...

    def get(self, key: str) -> bytes:
        """The content stored under ``key``; raises ``KeyError`` when there is none."""
        ...

    def delete(self, key: str) -> None:
        """Remove ``key``; a missing key is not an error."""
        ...

    def entries(self) -> Iterator[tuple[str, int]]:
        """Every stored key with its size in bytes (for copying a store to another)."""
        ...

    def link(self, key: str, *, content_type: str, disposition: str) -> str | None:
        """A short-lived address at which a browser fetches the file directly, answered with
        ``content_type`` and the ``disposition`` header; ``None`` when the portal serves the
        bytes itself (a local folder, or an object store without links)."""
        ...
