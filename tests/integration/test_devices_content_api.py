"""What the app shows: news, messages, agenda and albums, each through the content area's
audience rule — a device of parent A never sees what only parent B's groups may see."""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient

from deborg.bootstrap import Services
from deborg.services.content import publishing
from tests.conftest import Browser
from tests.integration.app_client import Content, bearer, pair_by_password, publish_content
from tests.world import World

BASE = "https://portaal.example.nl"


@pytest.fixture
def content(sql_services: Services, world: World) -> Content:
    return publish_content(sql_services, world)


def _titles(client: FlaskClient, path: str, token: str) -> list[str]:
    response = client.get(path, headers=bearer(token))
    assert response.status_code == 200, response.get_json()
    return [item["title"] for item in response.get_json()["items"]]


def test_news_and_messages_follow_the_audience_rule(
    client: FlaskClient, world: World, content: Content
) -> None:
    alice = pair_by_password(client, world.alice.login_name, world.password)
    carla = pair_by_password(client, world.carla.login_name, world.password)
    assert _titles(client, "/api/v1/news", alice) == ["Nieuws voor iedereen"]
    assert sorted(_titles(client, "/api/v1/news", carla)) == [
        "Nieuws van Groep 2",
        "Nieuws voor iedereen",
    ]
    messages = client.get("/api/v1/messages", headers=bearer(alice)).get_json()["items"]
    assert [(m["title"], m["urgent"]) for m in messages] == [("Gymspullen mee", True)]
    assert _titles(client, "/api/v1/messages", carla) == []


def test_the_agenda_shows_coming_items_of_the_parents_groups(
    client: FlaskClient, world: World, content: Content
) -> None:
    alice = pair_by_password(client, world.alice.login_name, world.password)
    carla = pair_by_password(client, world.carla.login_name, world.password)
    assert _titles(client, "/api/v1/agenda", alice) == []
    (entry,) = client.get("/api/v1/agenda", headers=bearer(carla)).get_json()["items"]
    assert entry["title"] == "Excursie Groep 2"
    assert entry["when"] == "09.00 – 12.00 uur"


def test_a_device_of_parent_a_never_sees_parent_bs_group_albums(
    client: FlaskClient, world: World, content: Content
) -> None:
    alice = pair_by_password(client, world.alice.login_name, world.password)
    assert _titles(client, "/api/v1/albums", alice) == ["Uitje Groep 1"]
    other = client.get(f"/api/v1/albums/{content.album2.id}", headers=bearer(alice))
    assert other.status_code == 404
    assert other.get_json()["code"] == "not_found"
    photo = f"/api/v1/albums/{content.album2.id}/photos/{content.photo2.id}"
    assert client.get(photo, headers=bearer(alice)).status_code == 404
    assert client.get(photo + "/thumbnail", headers=bearer(alice)).status_code == 404
    # Nor by pairing the other album's photo with an album she may see.
    crossed = f"/api/v1/albums/{content.album1.id}/photos/{content.photo2.id}"
    assert client.get(crossed, headers=bearer(alice)).status_code == 404


def test_album_photos_are_served_to_a_paired_device_only(
    client: FlaskClient, world: World, content: Content, browser: Browser
) -> None:
    alice = pair_by_password(client, world.alice.login_name, world.password)
    album = client.get(f"/api/v1/albums/{content.album1.id}", headers=bearer(alice)).get_json()
    assert album["album"]["title"] == "Uitje Groep 1"
    (photo,) = album["items"]
    assert photo["url"].startswith(BASE + "/api/v1/albums/")
    path = photo["url"].removeprefix(BASE)
    served = client.get(path, headers=bearer(alice))
    assert served.status_code == 200
    assert served.mimetype == "image/jpeg"
    assert served.data[:2] == b"\xff\xd8"
    thumbnail = client.get(photo["thumbnail_url"].removeprefix(BASE), headers=bearer(alice))
    assert thumbnail.status_code == 200
    assert client.get(path).status_code == 401
    browser.login(world.alice.login_name, world.password)
    assert browser.get(path).status_code == 401  # a browser session is no device token
    client.delete("/api/v1/devices/current", headers=bearer(alice))
    assert client.get(path, headers=bearer(alice)).status_code == 401


def test_lists_come_in_pages_with_totals_and_links(
    sql_services: Services, client: FlaskClient, world: World
) -> None:
    s = sql_services
    start = s.clock.now() - dt.timedelta(days=30)
    for number in range(25):
        publishing.post_news(
            s.uow(), s.clock, s.links, s.richtext, school_id=world.school.id,
            title=f"Nieuws {number:02d}", body="Tekst.", notify=False,
            published_at=start + dt.timedelta(days=number),
        )  # fmt: skip
    token = pair_by_password(client, world.alice.login_name, world.password)
    first = client.get("/api/v1/news?per_page=10", headers=bearer(token)).get_json()
    assert (first["page"], first["per_page"], first["total"], first["pages"]) == (1, 10, 25, 3)
    assert [i["title"] for i in first["items"]][:2] == ["Nieuws 24", "Nieuws 23"]
    assert first["links"]["prev"] is None
    last = client.get(first["links"]["last"].removeprefix(BASE), headers=bearer(token)).get_json()
    assert [i["title"] for i in last["items"]] == [f"Nieuws {n:02d}" for n in range(4, -1, -1)]
    assert last["links"]["next"] is None
    assert last["links"]["prev"] == BASE + "/api/v1/news?page=2&per_page=10"
    beyond = client.get("/api/v1/news?page=9", headers=bearer(token)).get_json()
    assert beyond["items"] == []
    for bad in ("page=0", "page=x", "per_page=101", "per_page=-1"):
        refused = client.get(f"/api/v1/news?{bad}", headers=bearer(token))
        assert refused.status_code == 400
        assert refused.get_json()["code"] == "invalid_parameter"
