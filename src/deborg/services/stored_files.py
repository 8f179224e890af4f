"""Files that belong to a database row: written before the row, removed again when the
transaction does not commit, so no uploaded file outlives a refused or failed upload."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping

from deborg.ports.files import FileStore


@contextlib.contextmanager
def files_for_transaction(files: FileStore, contents: Mapping[str, bytes]) -> Iterator[None]:
    """Put ``contents`` (key -> bytes) in the store, then run the block, which adds the rows
    and commits. If the block raises (the database refused, the worker was stopped), the files
    written here are deleted and the error goes on."""
    written: list[str] = []
    try:
        for key, content in contents.items():
            files.put(key, content)
            written.append(key)
        yield
    except BaseException:
        for key in written:
            files.delete(key)
        raise
