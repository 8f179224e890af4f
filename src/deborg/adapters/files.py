"""The filesystem file store: files under a folder outside the web app's static folder."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")


def checked_key(key: str) -> str:
    """``key`` when it is a plain relative path of safe characters; ``KeyError`` otherwise
    (no ``..``, no absolute path, nothing a shell or a URL would read differently)."""
    if not _KEY.match(key) or ".." in key.split("/") or "//" in key:
        raise KeyError(key)
    return key


class FilesystemFileStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        return self.root / checked_key(key)

    def put(self, key: str, content: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write to a temporary file and rename, so a reader never sees half a file.
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(content)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            raise KeyError(key) from None

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def entries(self) -> Iterator[tuple[str, int]]:
        if not self.root.is_dir():
            return
        for path in sorted(self.root.rglob("*")):
            relative = path.relative_to(self.root).as_posix()
            # Half-written uploads (.upload-*) are not files yet.
            if path.is_file() and _KEY.match(relative) and not path.name.startswith(".upload-"):
                yield relative, path.stat().st_size

    def link(self, key: str, *, content_type: str, disposition: str) -> str | None:
        return None
