"""What the staff portal lacked (issue #18), through the Flask test client and the CLI on
SQLite and PostgreSQL: moving a news item to other groups (the parents who gain it are told
once), editing an album (photos out), replacing and withdrawing a document, withdrawing an
album; the parent sees each result and withdrawn files leave the store."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from deborg.bootstrap import Services
from deborg.domain.content.model import Audience
from deborg.entrypoints.cli.context import CliContext
from deborg.entrypoints.cli.main import cli
from deborg.services.content import files, publishing
from tests.conftest import Browser
from tests.integration.app_client import bearer, pair_by_password
from tests.integration.test_school_pages import staff_browser, text_of
from tests.staff_world import StaffWorld, build_staff_world
from tests.world import World

PDF = b"%PDF-1.7\n" + b"n" * 64 + b"\n%%EOF\n"


@pytest.fixture
def staff_world(sql_services: Services, world: World) -> StaffWorld:
    return build_staff_world(sql_services, world)


def parent_browser(browser_factory: Callable[[], Browser], login: str, password: str) -> Browser:
    browser = browser_factory()
    browser.login(login, password)
    return browser


def in_store(services: Services, key: str) -> bool:
    try:
        services.files.get(key)
    except KeyError:
        return False
    return True


def test_a_news_item_moved_to_another_group_is_seen_there_and_told_once(
    browser_factory: Callable[[], Browser],
    world: World,
    staff_world: StaffWorld,
    sql_services: Services,
) -> None:
    item_id = staff_world.group2_news.id
    form = {"title": "Groep 2 bezoekt de kinderboerderij", "body": "Wat een dag!"}
    path = f"/school/nieuws/{item_id}/bewerken"

    # Meester Bas may not give his item to Groep 1: the form says why and nothing changes.
    bas = staff_browser(browser_factory, "bas@deborg.nl", world.password)
    refused = bas.post(path, {**form, "audience": "1", "groups": "Groep 1", "action": "publish"})
    assert refused.status_code == 400
    assert "Groep 1 is dat niet" in text_of(refused)
    carla = parent_browser(browser_factory, world.carla.login_name, world.password)
    alice = parent_browser(browser_factory, world.alice.login_name, world.password)
    assert carla.get(f"/nieuws/{item_id}").status_code == 200
    assert alice.get(f"/nieuws/{item_id}").status_code == 404

    # The beheerder moves it to Groep 1: alice sees it, carla no longer does.
    wendy = staff_browser(browser_factory, "wendy@deborg.nl", world.password)
    edit_page = text_of(wendy.get(path))
    assert "Voor wie?" in edit_page
    moved = wendy.post(path, {**form, "audience": "1", "groups": "Groep 1", "action": "publish"})
    assert moved.status_code == 302
    assert "3 ouder(s) zien het nu ook" in text_of(wendy.get("/school/nieuws"))
    assert alice.get(f"/nieuws/{item_id}").status_code == 200
    assert carla.get(f"/nieuws/{item_id}").status_code == 404
    assert "kinderboerderij" not in text_of(carla.get("/nieuws"))

    # Saved again with the same groups: nobody is told a second time. (The three of Groep 1
    # chose nothing: the news goes in their weekly digest.)
    again = wendy.post(path, {**form, "audience": "1", "groups": "Groep 1", "action": "publish"})
    assert again.status_code == 302
    with sql_services.uow() as uow:
        lines = [e for e in uow.digest_entries.pending(world.school.id) if e.ref_id == item_id]
    assert sorted(e.parent_id for e in lines) == sorted(
        [world.alice.id, world.dirk.id, world.bob.id]
    )


def test_a_teacher_takes_a_photo_out_of_her_album_and_withdraws_it(
    browser_factory: Callable[[], Browser],
    world: World,
    staff_world: StaffWorld,
    sql_services: Services,
) -> None:
    album_id = staff_world.group2_photos_album.id
    photo = staff_world.group2_photo
    bas = staff_browser(browser_factory, "bas@deborg.nl", world.password)
    carla = parent_browser(browser_factory, world.carla.login_name, world.password)
    assert carla.get(f"/fotoalbums/{album_id}/foto/{photo.id}").status_code == 200
    thumbnail = bas.get(f"/school/albums/{album_id}/fotos/{photo.id}/klein")
    assert (thumbnail.status_code, thumbnail.mimetype) == (200, "image/png")

    removed = bas.post(
        f"/school/albums/{album_id}/fotos/{photo.id}/verwijderen",
        {},
        form_page=f"/school/albums/{album_id}",
    )
    assert removed.status_code == 302
    page = text_of(bas.get(f"/school/albums/{album_id}"))
    assert "De foto is uit het album verwijderd." in page
    assert "1 foto's in dit album" in page
    assert carla.get(f"/fotoalbums/{album_id}/foto/{photo.id}").status_code == 404
    assert not in_store(sql_services, photo.file_key)
    assert not in_store(sql_services, photo.thumbnail_key)

    renamed = bas.post(
        f"/school/albums/{album_id}/bewerken",
        {"title": "Sinterklaas op school", "description": "", "audience": "1", "groups": "Groep 2"},
        form_page=f"/school/albums/{album_id}",
    )
    assert renamed.status_code == 302
    assert "Sinterklaas op school" in text_of(carla.get("/fotoalbums"))

    with sql_services.uow() as uow:
        (left,) = uow.album_photos.list_for_album(world.school.id, album_id)
    withdrawn = bas.post(
        f"/school/albums/{album_id}/intrekken", {}, form_page=f"/school/albums/{album_id}"
    )
    assert withdrawn.status_code == 302
    assert "is ingetrokken" in text_of(bas.get("/school/albums"))
    assert carla.get(f"/fotoalbums/{album_id}").status_code == 404
    assert carla.get(f"/fotoalbums/{album_id}/foto/{left.id}/klein").status_code == 404
    assert "Sinterklaas" not in text_of(carla.get("/fotoalbums"))
    assert not in_store(sql_services, left.file_key)


def test_a_document_gets_a_new_file_and_is_withdrawn(
    browser_factory: Callable[[], Browser],
    world: World,
    staff_world: StaffWorld,
    sql_services: Services,
) -> None:
    document = staff_world.group2_document
    bas = staff_browser(browser_factory, "bas@deborg.nl", world.password)
    carla = parent_browser(browser_factory, world.carla.login_name, world.password)
    edit = f"/school/documenten/{document.id}/bewerken"
    assert "Gymrooster" in text_of(bas.get(edit))

    refused = bas.post(
        f"/school/documenten/{document.id}/bestand",
        {"file": (io.BytesIO(b"MZ not a document"), "rooster.exe")},  # type: ignore[dict-item]
        form_page=edit,
        content_type="multipart/form-data",
    )
    assert refused.status_code == 400
    assert in_store(sql_services, document.file_key)

    replaced = bas.post(
        f"/school/documenten/{document.id}/bestand",
        {"file": (io.BytesIO(PDF), "gymrooster-nieuw.pdf")},  # type: ignore[dict-item]
        form_page=edit,
        content_type="multipart/form-data",
    )
    assert replaced.status_code == 302
    download = carla.get(f"/documenten/{document.id}/download")
    assert download.get_data() == PDF
    assert not in_store(sql_services, document.file_key)

    withdrawn = bas.post(f"/school/documenten/{document.id}/intrekken", {}, form_page=edit)
    assert withdrawn.status_code == 302
    assert carla.get(f"/documenten/{document.id}/download").status_code == 404
    assert "Gymrooster" not in text_of(carla.get("/documenten"))
    with sql_services.uow() as uow:
        assert uow.documents.list(world.school.id) == []
    assert not [key for key, _ in sql_services.files.entries() if key.startswith("documents/")]


def invoke(services: Services, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        cli,
        ["--school", "99XX00", *args],
        obj=CliContext(services_factory=lambda: services),
        catch_exceptions=False,
    )
    return result.exit_code, result.output


def test_the_cli_edits_moves_and_withdraws_what_the_portal_does(
    world: World, staff_world: StaffWorld, sql_services: Services
) -> None:
    s = sql_services
    news_id = str(staff_world.group2_news.id)
    code, out = invoke(
        s, "news", "edit", news_id, "--title", "Kinderboerderij", "--body", "Wat een dag!",
        "--group", "Groep 1", "--group", "Groep 2",
    )  # fmt: skip
    assert code == 0, out
    assert "Nieuwe doelgroep: 3 ouder(s) erbij, 0 eraf." in out
    code, out = invoke(
        s, "news", "edit", news_id, "--title", "Kinderboerderij", "--body", "Wat een dag!",
        "--school-wide",
    )  # fmt: skip
    assert code == 0, out
    assert (
        "Nieuwe doelgroep: 0 ouder(s) erbij, 0 eraf. Direct gemaild: 0; in de weekmail: 0." in out
    )

    album_id = str(staff_world.group2_photos_album.id)
    code, out = invoke(s, "album", "photos", album_id, "--json")
    assert code == 0, out
    code, out = invoke(s, "album", "remove-photo", album_id, str(staff_world.group2_photo.id))
    assert (code, out.strip()) == (
        0,
        f"Foto {staff_world.group2_photo.id} verwijderd uit album {album_id}.",
    )
    code, out = invoke(s, "album", "edit", album_id, "--title", "Pietendag")
    assert code == 0, out
    assert f"Album {album_id} bijgewerkt: Pietendag" in out
    code, out = invoke(s, "album", "withdraw", album_id)
    assert code == 0, out
    assert "(2 bestand(en) verwijderd)" in out

    document_id = str(staff_world.group2_document.id)
    code, out = invoke(s, "document", "edit", document_id, "--group", "Groep 9")
    assert code == 1
    assert "Onbekende groep: Groep 9." in out
    code, out = invoke(s, "document", "withdraw", document_id)
    assert code == 0, out
    assert not in_store(s, staff_world.group2_document.file_key)
    code, out = invoke(s, "document", "withdraw", document_id)
    assert code == 1
    assert f"Geen document met id {document_id}." in out


def test_an_edit_keeps_groups_the_teacher_may_not_choose(
    browser_factory: Callable[[], Browser],
    world: World,
    staff_world: StaffWorld,
    sql_services: Services,
) -> None:
    with sql_services.uow() as uow:
        item = uow.news.get(world.school.id, staff_world.group2_news.id)
        assert item is not None
        item.audience = Audience.groups({world.group1.id, world.group2.id})  # by the beheerder
        uow.news.update(item)
        uow.commit()
    bas = staff_browser(browser_factory, "bas@deborg.nl", world.password)
    path = f"/school/nieuws/{item.id}/bewerken"
    form_page = text_of(bas.get(path))
    assert "alleen de beheerder kan die wijzigen" in form_page
    saved = bas.post(
        path, {"title": "Kinderboerderij", "body": "Wat een dag!", "action": "publish"}
    )
    assert saved.status_code == 302
    alice = parent_browser(browser_factory, world.alice.login_name, world.password)
    assert "Kinderboerderij" in text_of(alice.get(f"/nieuws/{item.id}"))


def test_the_app_follows_a_moved_news_item_and_a_withdrawn_album(
    client: FlaskClient, world: World, staff_world: StaffWorld, sql_services: Services
) -> None:
    s = sql_services
    carla = pair_by_password(client, world.carla.login_name, world.password)
    news = staff_world.group2_news
    album, photo = staff_world.group2_photos_album, staff_world.group2_photo

    def titles(path: str) -> list[str]:
        response = client.get(path, headers=bearer(carla))
        assert response.status_code == 200
        return [item["title"] for item in response.get_json()["items"]]

    assert news.title in titles("/api/v1/news")
    assert album.title in titles("/api/v1/albums")
    publishing.change_news(
        s.uow(), s.clock, s.links, s.richtext, school_id=world.school.id, item_id=news.id,
        title=news.title, body=news.body.editable, group_names=["Groep 1"],
    )  # fmt: skip
    files.withdraw_album(s.uow(), s.files, school_id=world.school.id, album_id=album.id)
    assert news.title not in titles("/api/v1/news")
    assert album.title not in titles("/api/v1/albums")
    photo_path = f"/api/v1/albums/{album.id}/photos/{photo.id}"
    for path in (f"/api/v1/albums/{album.id}", photo_path, photo_path + "/thumbnail"):
        assert client.get(path, headers=bearer(carla)).status_code == 404
