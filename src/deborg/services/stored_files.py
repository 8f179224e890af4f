"""Files that belong to a database row: written before the row, removed again when the
transaction does not commit, so no uploaded file outlives a refused or failed upload; and a
stored file served to whoever the use case allowed (bytes or a short-lived link)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping
from urllib.parse import quote

import attrs

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


@attrs.frozen
class Discarded:
    """Files of a withdrawn or replaced row: how many were removed from the store, and the
    ones kept because the store refused, each with its key and the reason (the row is gone
    either way, so no parent reaches them)."""

    removed: int = 0
    kept: tuple[tuple[str, str], ...] = ()


def discard_files(files: FileStore, keys: Iterable[str]) -> Discarded:
    """After the commit that dropped their row: remove these files from the store. A store
    that fails (an object store out of reach) does not undo what was committed; the file is
    reported as kept, with the reason."""
    removed, kept = 0, []
    for key in keys:
        try:
            files.delete(key)
        except Exception as failure:  # any store error: report it, never undo the commit
            kept.append((key, str(failure) or type(failure).__name__))
        else:
            removed += 1
    return Discarded(removed, tuple(kept))


@attrs.frozen
class ServedFile:
    """A stored file as the portal answers with it: its bytes, or (when the store hands out
    short-lived links) the address where the browser fetches them directly. Authorisation
    happened before either is made."""

    content_type: str
    #: The Content-Disposition header: inline for photos, attachment for documents.
    disposition: str
    content: bytes = b""
    url: str | None = None

    @property
    def filename(self) -> str:
        return self.disposition.partition('filename="')[2].partition('"')[0]


def content_disposition(filename: str = "", *, attachment: bool = False) -> str:
    """The Content-Disposition header for ``filename``: an ASCII fallback and the UTF-8 name
    (RFC 6266); without a name just inline or attachment."""
    kind = "attachment" if attachment else "inline"
    if not filename:
        return kind
    fallback = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    if fallback == filename:
        return f'{kind}; filename="{filename}"'
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


def serve_file(files: FileStore, key: str, *, content_type: str, disposition: str) -> ServedFile:
    """A link from the store when it gives one, else the bytes (``KeyError`` when missing)."""
    url = files.link(key, content_type=content_type, disposition=disposition)
    if url is not None:
        return ServedFile(content_type, disposition, url=url)
    return ServedFile(content_type, disposition, content=files.get(key))
