"""Photos of parents and children with real image files: stored clean, served only to those
allowed, and refused with a Dutch message (storing nothing) when they are not a usable photo."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from deborg.bootstrap import Services
from deborg.domain.model import Parent
from deborg.domain.profiles.model import SubjectType
from tests import images
from tests.conftest import Browser
from tests.world import World


def _as(browser_factory: Callable[[], Browser], world: World, parent: Parent) -> Browser:
    browser = browser_factory()
    browser.login(parent.login_name, world.password)
    return browser


def _upload(browser: Browser, path: str, content: bytes, filename: str, form_page: str):  # type: ignore[no-untyped-def]
    """Post the file as a browser does. The multipart body is built here, in memory: the test
    client would spool a large one to a temporary file that it never closes."""
    boundary = "deborg-test-boundary"
    token = browser.csrf_token(form_page)
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n'
            f"{token}\r\n"
            f'--{boundary}\r\nContent-Disposition: form-data; name="photo"; filename="{filename}"'
            "\r\nContent-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return browser.client.post(
        path, data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )


def _stored_files(services: Services) -> list[Path]:
    root = services.settings.files_dir
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_a_parent_photo_is_stored_without_gps_and_shown_only_to_its_owner(
    browser_factory: Callable[[], Browser], world: World, sql_services: Services
) -> None:
    alice = _as(browser_factory, world, world.alice)
    response = _upload(
        alice, "/account/foto", images.jpeg_with_gps((64, 48)), "vakantie.jpg", "/account/gegevens"
    )
    assert response.status_code == 302
    assert f"/foto/ouder/{world.alice.id}" in alice.get("/account/gegevens").get_data(as_text=True)

    served = alice.get(f"/foto/ouder/{world.alice.id}")
    assert served.status_code == 200
    assert served.mimetype == "image/jpeg"
    cleaned = images.open_image(served.get_data())
    assert not cleaned.getexif()
    assert b"Testcamera" not in served.get_data()
    assert alice.get(f"/foto/ouder/{world.alice.id}/klein").status_code == 200

    # Stored outside the static folder, under the data folder's files.
    assert _stored_files(sql_services)
    static = Path(__file__).parents[2] / "src/deborg/entrypoints/web/static"
    assert not any(static in p.parents for p in _stored_files(sql_services))

    for stranger in (world.carla, world.erik):
        assert (
            _as(browser_factory, world, stranger).get(f"/foto/ouder/{world.alice.id}").status_code
            == 404
        )
    assert browser_factory().get(f"/foto/ouder/{world.alice.id}").status_code == 302

    with sql_services.uow() as uow:
        trail = uow.audit.list_for_subject(world.school.id, "parent", world.alice.id)
    assert [e.field for e in trail] == ["photo"]


def test_a_new_photo_replaces_the_old_files_and_removing_deletes_them(
    browser_factory: Callable[[], Browser], world: World, sql_services: Services
) -> None:
    alice = _as(browser_factory, world, world.alice)
    _upload(alice, "/account/foto", images.jpeg_with_gps(), "a.jpg", "/account/gegevens")
    first = _stored_files(sql_services)
    _upload(alice, "/account/foto", images.webp(), "b.webp", "/account/gegevens")
    second = _stored_files(sql_services)
    assert len(second) == 2
    assert not set(first) & set(second)
    assert alice.get(f"/foto/ouder/{world.alice.id}").mimetype == "image/webp"
    asked = alice.post("/account/foto/verwijderen", form_page="/account/gegevens")
    assert asked.status_code == 200  # the second step: nothing removed yet
    assert "Wilt u uw foto verwijderen?" in asked.get_data(as_text=True)
    assert len(_stored_files(sql_services)) == 2
    removed = alice.post(
        "/account/foto/verwijderen", {"bevestigd": "1"}, form_page="/account/gegevens"
    )
    assert removed.status_code == 302
    assert _stored_files(sql_services) == []
    assert alice.get(f"/foto/ouder/{world.alice.id}").status_code == 404


def test_a_child_photo_is_seen_by_both_guardians_and_nobody_else(
    browser_factory: Callable[[], Browser], world: World
) -> None:
    alice = _as(browser_factory, world, world.alice)
    base = f"/kinderen/{world.anna.id}"
    response = _upload(alice, f"{base}/foto", images.png(), "anna.png", base)
    assert response.status_code == 302
    served = alice.get(f"/foto/kind/{world.anna.id}")
    assert served.status_code == 200
    assert served.mimetype == "image/png"
    assert (
        _as(browser_factory, world, world.dirk).get(f"/foto/kind/{world.anna.id}").status_code
        == 200
    )
    for stranger in (world.carla, world.erik, world.bob):
        stranger_browser = _as(browser_factory, world, stranger)
        assert stranger_browser.get(f"/foto/kind/{world.anna.id}").status_code == 404
        assert stranger_browser.get(f"/foto/kind/{world.anna.id}/klein").status_code == 404


def test_a_read_only_guardian_cannot_upload_a_child_photo(
    browser_factory: Callable[[], Browser], world: World, sql_services: Services
) -> None:
    dirk = _as(browser_factory, world, world.dirk)
    response = _upload(
        dirk, f"/kinderen/{world.anna.id}/foto", images.png(), "a.png", "/account/wachtwoord"
    )
    assert response.status_code == 403
    assert "alleen lezen" in response.get_data(as_text=True)
    assert _stored_files(sql_services) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Dit is een tekstbestand.\n", "Dit bestand is geen foto"),
        (images.png_claiming_size(60_000, 60_000), "megapixel"),
        (images.compressed_bomb(7000), "megapixel"),
        (images.jpeg_with_gps() + b"\0" * (10 * 1024 * 1024), "maximaal 10 MB"),
        (images.png(), "past niet bij de inhoud"),
    ],
    ids=["text-named-jpg", "bomb-header", "bomb-49-megapixels", "over-10-mb", "png-named-jpg"],
)
def test_what_is_not_a_usable_photo_is_refused_and_nothing_is_stored(
    browser_factory: Callable[[], Browser],
    world: World,
    sql_services: Services,
    content: bytes,
    message: str,
) -> None:
    alice = _as(browser_factory, world, world.alice)
    for path, page in (
        ("/account/foto", "/account/gegevens"),
        (f"/kinderen/{world.anna.id}/foto", f"/kinderen/{world.anna.id}"),
    ):
        response = _upload(alice, path, content, "foto.jpg", page)
        assert response.status_code == 400
        text = response.get_data(as_text=True)
        assert message in text
        assert 'id="photo-error"' in text
    assert _stored_files(sql_services) == []
    with sql_services.uow() as uow:
        assert uow.photos.get(world.school.id, SubjectType.PARENT, world.alice.id) is None
