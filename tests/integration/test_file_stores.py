"""The FileStore contract on every adapter: the in-memory one, a local folder, and an
S3-compatible object store (moto's server on loopback), with and without a key prefix; the
short-lived links an object store can hand out; and copying a deployment's files from the
local folder to the object store (`deborg files migrate`), idempotently."""

from __future__ import annotations

import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deborg.adapters.files import FilesystemFileStore
from deborg.adapters.memory import MemoryFileStore
from deborg.adapters.s3_files import S3FileStore
from deborg.bootstrap import Services
from deborg.demo.content import minimal_pdf
from deborg.entrypoints.cli.main import cli
from deborg.entrypoints.web import create_app
from deborg.ports.files import FileStore
from deborg.services.content import files
from deborg.services.file_migration import copy_files
from tests import images
from tests.conftest import Browser
from tests.objectstore import environment, new_bucket
from tests.world import World

STORES = ["memory", "folder", "s3", "s3 with prefix"]


@pytest.fixture(params=STORES)
def make_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[], FileStore]:
    """A factory of new, empty stores of one kind (hypothesis needs a new one per example)."""
    kind = request.param

    def make() -> FileStore:
        if kind == "memory":
            return MemoryFileStore()
        if kind == "folder":
            return FilesystemFileStore(tmp_path_factory.mktemp("files"))
        endpoint = request.getfixturevalue("s3_endpoint")
        return S3FileStore(new_bucket(endpoint, prefix="school/files" if "prefix" in kind else ""))

    return make


def test_a_stored_file_is_read_back_replaced_and_deleted(
    make_store: Callable[[], FileStore],
) -> None:
    store = make_store()
    store.put("photos/1/abc.jpg", b"\xff\xd8first")
    assert store.get("photos/1/abc.jpg") == b"\xff\xd8first"
    store.put("photos/1/abc.jpg", b"second")
    assert store.get("photos/1/abc.jpg") == b"second"
    store.delete("photos/1/abc.jpg")
    with pytest.raises(KeyError):
        store.get("photos/1/abc.jpg")
    store.delete("photos/1/abc.jpg")  # a missing key is not an error
    with pytest.raises(KeyError):
        store.get("documents/2/never-stored.pdf")


@pytest.mark.parametrize("key", ["../secret", "a/../../b", "/etc/passwd", "", ".hidden", "a//b"])
def test_a_key_that_leaves_its_place_is_refused(
    make_store: Callable[[], FileStore], key: str
) -> None:
    store = make_store()
    if isinstance(store, MemoryFileStore):
        pytest.skip("the in-memory fake keeps any key: it has no place to leave")
    with pytest.raises(KeyError):
        store.put(key, b"x")
    with pytest.raises(KeyError):
        store.get(key)


keys = st.lists(
    st.from_regex(r"[a-z]{1,8}/[0-9]{1,3}/[A-Za-z0-9_-]{1,20}\.(jpg|png|pdf)", fullmatch=True),
    max_size=6,
    unique=True,
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(names=keys, data=st.data())
def test_entries_list_exactly_what_is_stored_with_its_size(
    make_store: Callable[[], FileStore], names: list[str], data: st.DataObject
) -> None:
    store = make_store()
    contents = {name: data.draw(st.binary(max_size=300)) for name in names}
    for name, content in contents.items():
        store.put(name, content)
    assert sorted(store.entries()) == sorted((k, len(v)) for k, v in contents.items())
    assert all(store.get(name) == content for name, content in contents.items())


def test_the_portal_serves_the_bytes_unless_links_are_on(
    make_store: Callable[[], FileStore],
) -> None:
    store = make_store()
    store.put("documents/1/brief.pdf", b"%PDF-1.7")
    assert (
        store.link("documents/1/brief.pdf", content_type="application/pdf", disposition="x") is None
    )


def test_an_object_store_link_serves_the_file_with_its_type_and_name_and_expires(
    s3_endpoint: str,
) -> None:
    store = S3FileStore(new_bucket(s3_endpoint, prefix="p", link_seconds=60))
    store.put("documents/1/brief.pdf", b"%PDF-1.7 brief")
    link = store.link(
        "documents/1/brief.pdf",
        content_type="application/pdf",
        disposition='attachment; filename="Brief.pdf"',
    )
    assert link is not None
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)
    assert query["X-Amz-Expires"] == ["60"]
    with urllib.request.urlopen(link, timeout=10) as answer:  # noqa: S310 - loopback
        assert answer.read() == b"%PDF-1.7 brief"
        assert answer.headers["Content-Type"] == "application/pdf"
        assert answer.headers["Content-Disposition"] == 'attachment; filename="Brief.pdf"'
    # Without the signature the store refuses: the bucket is not public.
    bare = link.split("?", 1)[0]
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(bare, timeout=10)  # noqa: S310 - loopback


# --- served by the portal from the object store -----------------------------------------------


def upload_album_photo(s: Services, world: World, group: str) -> tuple[int, int]:
    album = files.create_album(
        s.uow(), s.clock, school_id=world.school.id, title=f"Uitje {group}", group_names=[group]
    )
    photo = files.add_photo(
        s.uow(), s.clock, s.links, s.files, s.images, s.tokens,
        school_id=world.school.id, album_id=album.id, content=images.png((64, 48)),
        filename="foto.png",
    ).item  # fmt: skip
    return album.id, photo.id


def logged_in(services: Services, world: World, name: str) -> Browser:
    app = create_app(services=services)
    app.config.update(TESTING=True)
    browser = Browser(app.test_client())
    browser.login(getattr(world, name).login_name, world.password)
    return browser


@pytest.mark.parametrize("link_seconds", [0, 60], ids=["through the portal", "by a link"])
def test_photos_and_documents_in_the_object_store_reach_only_their_parents(
    sql_services: Services, world: World, s3_endpoint: str, link_seconds: int
) -> None:
    store = S3FileStore(new_bucket(s3_endpoint, prefix="deborg", link_seconds=link_seconds))
    s = attrs.evolve(sql_services, files=store)
    album_id, photo_id = upload_album_photo(s, world, "Groep 1")
    document = files.add_document(
        s.uow(), s.clock, s.links, s.files, s.tokens,
        school_id=world.school.id, title="Brief", filename="Brief ouders.pdf",
        content=minimal_pdf("Brief", ["regel"]), max_bytes=s.settings.max_upload_bytes,
        group_names=["Groep 1"],
    ).item  # fmt: skip
    # Nothing of them on the app machine's disk: another machine reads the same store.
    assert not s.settings.files_dir.exists() or not any(s.settings.files_dir.rglob("*.*"))
    alice, carla = logged_in(s, world, "alice"), logged_in(s, world, "carla")
    photo_path = f"/fotoalbums/{album_id}/foto/{photo_id}"
    document_path = f"/documenten/{document.id}/download"
    for path in (photo_path, f"{photo_path}/klein", document_path):
        assert carla.get(path).status_code == 404, path  # authorisation unchanged
    photo = alice.get(photo_path)
    document_answer = alice.get(document_path)
    if link_seconds:
        assert photo.status_code == document_answer.status_code == 302
        assert photo.headers["Cache-Control"] == "no-store"
        with urllib.request.urlopen(photo.headers["Location"], timeout=10) as answer:  # noqa: S310 - loopback
            assert answer.read()[:8] == b"\x89PNG\r\n\x1a\n"
        with urllib.request.urlopen(document_answer.headers["Location"], timeout=10) as answer:  # noqa: S310 - loopback
            assert answer.read().startswith(b"%PDF-")
            assert answer.headers["Content-Disposition"].startswith("attachment;")
        # The page may show photos from the store's address, and from nowhere else.
        policy = alice.get("/fotoalbums").headers["Content-Security-Policy"]
        assert f"img-src 'self' data: {s3_endpoint};" in policy
    else:
        assert photo.status_code == document_answer.status_code == 200
        assert photo.data[:8] == b"\x89PNG\r\n\x1a\n"
        assert document_answer.data.startswith(b"%PDF-")
        assert 'filename="Brief ouders.pdf"' in document_answer.headers["Content-Disposition"]
        assert (
            "img-src 'self' data:;" in alice.get("/fotoalbums").headers["Content-Security-Policy"]
        )


# --- deborg files migrate ---------------------------------------------------------------------


def migrate(services: Services, target: str, env: dict[str, str]) -> tuple[int, str]:
    from deborg.entrypoints.cli.context import CliContext

    result = CliRunner().invoke(
        cli,
        ["files", "migrate", "--to", target],
        obj=CliContext(services_factory=lambda: services),
        env=env,
    )
    return result.exit_code, result.output


def test_migrate_copies_every_file_to_the_object_store_once(
    sql_services: Services, world: World, s3_endpoint: str
) -> None:
    s = sql_services
    assert isinstance(s.files, FilesystemFileStore)
    album_id, photo_id = upload_album_photo(s, world, "Groep 1")
    upload_album_photo(s, world, "Groep 2")
    local = sorted(s.files.entries())
    assert len(local) == 4  # two photos and their thumbnails
    bucket = new_bucket(s3_endpoint, prefix="deborg/files")
    env = environment(bucket)
    code, out = migrate(s, bucket.url, env)
    assert (code, out.strip()) == (
        0,
        f"4 bestand(en) gekopieerd ({sum(n for _, n in local)} bytes), 0 stond(en) er al.",
    )
    target = S3FileStore(bucket)
    assert sorted(target.entries()) == local
    # Again, and after an interrupted run (one file lost at the target): only what lacks.
    assert migrate(s, bucket.url, env)[1].startswith("0 bestand(en) gekopieerd (0 bytes), 4 ")
    target.delete(local[0][0])
    assert migrate(s, bucket.url, env)[1].startswith("1 bestand(en) gekopieerd")
    assert all(target.get(key) == s.files.get(key) for key, _ in local)
    # The portal, pointed at the store, serves the migrated photo.
    moved = attrs.evolve(s, files=target)
    assert (
        logged_in(moved, world, "alice").get(f"/fotoalbums/{album_id}/foto/{photo_id}").status_code
        == 200
    )


def test_migrate_refuses_a_target_that_is_no_store(sql_services: Services, tmp_path: Path) -> None:
    code, out = migrate(sql_services, "s3://", {})
    assert (code, out.strip()) == (
        1,
        "Fout: ongeldige waarde voor --to: geen geldige opslag; geef s3://bucket of "
        "s3://bucket/map, of een map op schijf.",
    )
    code, out = migrate(sql_services, str(sql_services.settings.files_dir), {})
    assert (code, out.strip()) == (
        1,
        "Fout: ongeldige waarde voor --to: dit is de opslag die al in gebruik is.",
    )


def test_copy_files_between_any_two_stores(make_store: Callable[[], FileStore]) -> None:
    source, target = MemoryFileStore(), make_store()
    source.put("a/1/x.jpg", b"xx")
    source.put("b/2/y.pdf", b"yyy")
    assert copy_files(source, target) == copy_files(source, MemoryFileStore())
    assert copy_files(source, target).already_there == 2
    assert sorted(target.entries()) == [("a/1/x.jpg", 2), ("b/2/y.pdf", 3)]


def test_the_files_url_chooses_the_store_and_a_wrong_one_stops_the_start(tmp_path: Path) -> None:
    from deborg.bootstrap import file_store
    from deborg.config import ConfigurationError, Settings

    base = {"DEBORG_DATA_DIR": str(tmp_path)}
    assert isinstance(file_store(Settings.from_env(base)), FilesystemFileStore)
    chosen = Settings.from_env(
        {
            **base,
            "DEBORG_FILES_URL": "s3://deborg-files/school-a/",
            "DEBORG_S3_ENDPOINT_URL": "https://objects.example.nl",
            "DEBORG_FILES_LINK_SECONDS": "120",
        }
    )
    store = file_store(chosen)
    assert isinstance(store, S3FileStore)
    assert (store.settings.bucket, store.settings.prefix, store.settings.link_seconds) == (
        "deborg-files",
        "school-a",
        120,
    )
    assert store.settings.url == "s3://deborg-files/school-a"
    for wrong in ("/var/lib/deborg", "s3://", "s3://Bad_Bucket", "https://bucket/x"):
        with pytest.raises(ConfigurationError, match="DEBORG_FILES_URL"):
            Settings.from_env({**base, "DEBORG_FILES_URL": wrong})
    with pytest.raises(ConfigurationError, match="DEBORG_FILES_LINK_SECONDS"):
        Settings.from_env(
            {**base, "DEBORG_FILES_URL": "s3://deborg", "DEBORG_FILES_LINK_SECONDS": "-1"}
        )
