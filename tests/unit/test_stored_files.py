"""An upload whose transaction does not commit leaves no file behind: album photos,
documents and profile photos alike."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from deborg.adapters.memory import MemoryFileStore
from deborg.bootstrap import Services
from deborg.domain.profiles.model import SubjectType
from deborg.ports.uow import UnitOfWork
from deborg.services.content import files
from deborg.services.profiles import photos
from deborg.services.stored_files import files_for_transaction
from tests.world import World, build_world

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"x" * 64 + b"\n%%EOF\n"


class DatabaseDown(Exception):
    pass


def failing_commit(services: Services) -> UnitOfWork:
    """A unit of work whose commit fails, as when the database goes away mid-request."""
    uow = services.uow()

    def commit() -> None:
        raise DatabaseDown()

    uow.commit = commit  # type: ignore[method-assign]
    return uow


@pytest.fixture
def world(memory_services: Services) -> World:
    return build_world(memory_services)


def stored_keys(services: Services) -> list[str]:
    assert isinstance(services.files, MemoryFileStore)
    return sorted(services.files)


def test_files_stay_when_the_block_succeeds_and_go_when_it_raises() -> None:
    store = MemoryFileStore()
    with files_for_transaction(store, {"a": b"1", "b": b"2"}):
        pass
    assert sorted(store) == ["a", "b"]
    with pytest.raises(DatabaseDown), files_for_transaction(store, {"c": b"3"}):
        raise DatabaseDown()
    assert sorted(store) == ["a", "b"]


UPLOADS: dict[str, Callable[[Services, World, UnitOfWork], object]] = {
    "album photo": lambda s, w, uow: files.add_photo(
        uow,
        s.clock,
        s.links,
        s.files,
        s.images,
        s.tokens,
        school_id=w.school.id,
        album_id=files.create_album(s.uow(), s.clock, school_id=w.school.id, title="Kamp").id,
        content=JPEG,
        filename="kamp.jpg",
    ),
    "document": lambda s, w, uow: files.add_document(
        uow,
        s.clock,
        s.links,
        s.files,
        s.tokens,
        school_id=w.school.id,
        title="Schoolgids",
        filename="schoolgids.pdf",
        content=PDF,
        max_bytes=1024 * 1024,
    ),
    "profile photo": lambda s, w, uow: photos.set_photo(
        uow,
        s.clock,
        s.tokens,
        s.files,
        s.images,
        school_id=w.school.id,
        parent_id=w.alice.id,
        subject_type=SubjectType.CHILD,
        subject_id=w.anna.id,
        content=JPEG,
        filename="anna.jpg",
    ),
}


@pytest.mark.parametrize("upload", UPLOADS.values(), ids=UPLOADS.keys())
def test_an_upload_that_does_not_commit_leaves_no_file(
    memory_services: Services,
    world: World,
    upload: Callable[[Services, World, UnitOfWork], object],
) -> None:
    s = memory_services
    with pytest.raises(DatabaseDown):
        upload(s, world, failing_commit(s))
    assert stored_keys(s) == []

    upload(s, world, s.uow())
    assert stored_keys(s) != []
