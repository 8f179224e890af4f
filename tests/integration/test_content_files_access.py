"""Photo albums and documents: uploads are checked to be what they claim, and photos and
files are served only to parents who may see them — never by a guessed id."""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable

import attrs
import pytest
from PIL import Image

from deborg.bootstrap import Services
from deborg.demo.content import drawn_photo, minimal_pdf
from deborg.domain.content.filetypes import detect_document_type
from deborg.domain.content.model import Album, Document, Photo
from deborg.domain.errors import InvalidInput
from deborg.services.content import files
from tests.conftest import Browser
from tests.world import World


def jpeg_with_location() -> bytes:
    image = Image.open(io.BytesIO(drawn_photo(random.Random(1), 960, 720)))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (52.0, 59.0, 30.0)}  # GPSInfo
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


@attrs.frozen
class Files:
    album1: Album
    photo1: Photo
    album2: Album
    photo2: Photo
    doc1: Document
    doc2: Document


@pytest.fixture
def stored(sql_services: Services, world: World) -> Files:
    s = sql_services

    def album(title: str, group: str) -> tuple[Album, Photo]:
        created = files.create_album(
            s.uow(), s.clock, school_id=world.school.id, title=title, group_names=[group]
        )
        photo = files.add_photo(
            s.uow(), s.clock, s.links, s.files, s.images, s.tokens,
            school_id=world.school.id, album_id=created.id, content=jpeg_with_location(),
            filename="foto.jpg",
        ).item  # fmt: skip
        return created, photo

    def document(title: str, group: str) -> Document:
        return files.add_document(
            s.uow(), s.clock, s.links, s.files, s.tokens,
            school_id=world.school.id, title=title, filename=f"{title}.pdf",
            content=minimal_pdf(title, ["regel"]), max_bytes=s.settings.max_upload_bytes,
            group_names=[group],
        ).item  # fmt: skip

    album1, photo1 = album("Uitje Groep 1", "Groep 1")
    album2, photo2 = album("Uitje Groep 2", "Groep 2")
    return Files(
        album1, photo1, album2, photo2, document("Brief Groep 1", "Groep 1"),
        document("Brief Groep 2", "Groep 2"),
    )  # fmt: skip


@pytest.fixture
def as_parent(world: World, browser_factory: Callable[[], Browser]) -> Callable[[str], Browser]:
    def login(name: str) -> Browser:
        b = browser_factory()
        b.login(getattr(world, name).login_name, world.password)
        return b

    return login


def paths(f: Files, album: Album, photo: Photo, doc: Document) -> list[str]:
    return [
        f"/fotoalbums/{album.id}",
        f"/fotoalbums/{album.id}/foto/{photo.id}",
        f"/fotoalbums/{album.id}/foto/{photo.id}/klein",
        f"/fotoalbums/{album.id}/foto/{photo.id}/bekijken",
        f"/fotoalbums/{album.id}/downloaden",
        f"/documenten/{doc.id}/download",
    ]


def test_photos_and_documents_only_for_their_groups(
    stored: Files, as_parent: Callable[[str], Browser], browser: Browser
) -> None:
    group1 = paths(stored, stored.album1, stored.photo1, stored.doc1)
    group2 = paths(stored, stored.album2, stored.photo2, stored.doc2)
    alice, carla, erik = as_parent("alice"), as_parent("carla"), as_parent("erik")
    for path in group1:
        assert alice.get(path).status_code == 200, path
        assert carla.get(path).status_code == 404, path
        assert erik.get(path).status_code == 404, path
        assert browser.get(path).status_code == 302, path
    for path in group2:
        assert carla.get(path).status_code == 200, path
        assert alice.get(path).status_code == 404, path
    # A photo of another album cannot be reached through one's own album either.
    mixed = f"/fotoalbums/{stored.album1.id}/foto/{stored.photo2.id}"
    assert alice.get(mixed).status_code == 404
    assert alice.get(mixed + "/bekijken").status_code == 404
    listing = alice.get("/fotoalbums").get_data(as_text=True)
    assert "Uitje Groep 1" in listing
    assert "Uitje Groep 2" not in listing
    documents = alice.get("/documenten").get_data(as_text=True)
    assert "Brief Groep 1" in documents
    assert "Brief Groep 2" not in documents


def test_document_download_is_an_attachment_that_cannot_be_sniffed(
    stored: Files, as_parent: Callable[[str], Browser]
) -> None:
    response = as_parent("alice").get(f"/documenten/{stored.doc1.id}/download")
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert 'filename="Brief Groep 1.pdf"' in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.data.startswith(b"%PDF-")


def test_served_photo_is_reencoded_without_its_location(
    stored: Files, as_parent: Callable[[str], Browser]
) -> None:
    response = as_parent("alice").get(f"/fotoalbums/{stored.album1.id}/foto/{stored.photo1.id}")
    assert response.mimetype == "image/jpeg"
    served = Image.open(io.BytesIO(response.data))
    assert 0x8825 not in served.getexif()
    thumb = as_parent("alice").get(f"/fotoalbums/{stored.album1.id}/foto/{stored.photo1.id}/klein")
    assert thumb.status_code == 200
    assert len(thumb.data) < len(response.data)


def test_a_file_that_is_not_a_photo_is_refused(sql_services: Services, world: World) -> None:
    s = sql_services
    album = files.create_album(s.uow(), s.clock, school_id=world.school.id, title="Album")
    with pytest.raises(InvalidInput):
        files.add_photo(
            s.uow(), s.clock, s.links, s.files, s.images, s.tokens,
            school_id=world.school.id, album_id=album.id, content=b"<svg onload=alert(1)>",
            filename="foto.jpg",
        )  # fmt: skip
    with s.uow() as uow:
        assert uow.album_photos.list_for_album(world.school.id, album.id) == []


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_document_type_is_judged_by_content() -> None:
    assert detect_document_type(minimal_pdf("x", []), "brief.pdf").extension == "pdf"
    docx = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"})
    assert detect_document_type(docx, "Brief.DOCX").extension == "docx"
    odt = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b""})
    assert detect_document_type(odt, "brief.odt").extension == "odt"
    ole = bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 100
    assert detect_document_type(ole, "lijst.xls").content_type == "application/vnd.ms-excel"
    for content, name in (
        (b"<html><script>alert(1)</script>", "brief.pdf"),  # a page dressed as a PDF
        (b"MZ\x90\x00", "setup.pdf"),
        (_zip({"evil.exe": b"MZ"}), "brief.docx"),
        (minimal_pdf("x", []), "brief.docx"),  # a PDF named .docx
        (ole, "brief.exe"),
    ):
        with pytest.raises(InvalidInput):
            detect_document_type(content, name)


def test_the_photo_viewer_pages_through_the_album_and_back_without_javascript(
    sql_services: Services, world: World, stored: Files, as_parent: Callable[[str], Browser]
) -> None:
    s = sql_services
    more = [
        files.add_photo(
            s.uow(), s.clock, s.links, s.files, s.images, s.tokens,
            school_id=world.school.id, album_id=stored.album1.id, content=jpeg_with_location(),
            filename=f"foto{n}.jpg", caption=f"Foto nummer {n}", notify=False,
        ).item
        for n in (2, 3)
    ]  # fmt: skip
    alice = as_parent("alice")
    base = f"/fotoalbums/{stored.album1.id}"
    album = alice.get(base).get_data(as_text=True)
    first = f"{base}/foto/{stored.photo1.id}/bekijken"
    assert f'href="{first}"' in album  # a thumbnail opens the viewer, not the bare file
    page = alice.get(first).get_data(as_text=True)
    assert "foto 1 van 3" in page
    assert 'rel="prev"' not in page
    assert f'rel="next" href="{base}/foto/{more[0].id}/bekijken"' in page
    assert f'href="{base}#foto-{stored.photo1.id}"' in page  # back to the album, at the photo
    last = alice.get(f"{base}/foto/{more[1].id}/bekijken").get_data(as_text=True)
    assert "foto 3 van 3" in last
    assert "Foto nummer 3" in last
    assert f'rel="prev" href="{base}/foto/{more[0].id}/bekijken"' in last
    assert 'rel="next"' not in last


def test_an_album_downloads_as_a_zip_of_its_photos(
    stored: Files, as_parent: Callable[[str], Browser], sql_services: Services
) -> None:
    import io
    import zipfile

    alice = as_parent("alice")
    album = alice.get(f"/fotoalbums/{stored.album1.id}").get_data(as_text=True)
    assert "Album downloaden" in album
    response = alice.get(f"/fotoalbums/{stored.album1.id}/downloaden")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert response.is_streamed
    assert "attachment" in response.headers["Content-Disposition"]
    assert 'filename="Uitje Groep 1.zip"' in response.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    assert archive.testzip() is None
    [name] = archive.namelist()
    assert archive.read(name) == sql_services.files.get(stored.photo1.file_key)
