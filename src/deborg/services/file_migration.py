"""Copying every stored file to another store (a local folder to an object store, or back),
so that a deployment can move to several machines without losing a photo or a document."""

from __future__ import annotations

import attrs

from deborg.ports.files import FileStore


@attrs.frozen
class CopyReport:
    copied: int
    already_there: int
    bytes_copied: int


def copy_files(source: FileStore, target: FileStore) -> CopyReport:
    """Copy what ``target`` lacks. Idempotent: a key already in ``target`` with the same size
    is left alone (keys are random and a stored file is never rewritten in place: a new photo
    gets a new key), so running it again, or after an interrupted run, copies only the rest."""
    present = dict(target.entries())
    copied = already_there = size_copied = 0
    for key, size in source.entries():
        if present.get(key) == size:
            already_there += 1
            continue
        content = source.get(key)
        target.put(key, content)
        copied += 1
        size_copied += len(content)
    return CopyReport(copied, already_there, size_copied)
