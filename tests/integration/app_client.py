"""Helpers for the app's API tests: pairing a device the way the phone app does."""

from __future__ import annotations

import base64
import datetime as dt
import random
import re
import urllib.parse

import attrs
import zxingcpp
from flask.testing import FlaskClient
from PIL import Image, ImageDraw

from deborg.bootstrap import Services
from deborg.demo.content import drawn_photo
from deborg.domain.content.model import Album, Photo
from deborg.services.content import files, publishing
from tests.conftest import Browser
from tests.world import World


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def pair_by_password(
    client: FlaskClient, login: str, password: str, *, code: str = "99XX00", name: str = "Telefoon"
) -> str:
    response = client.post(
        "/api/v1/devices",
        json={"school_code": code, "username": login, "password": password, "device_name": name},
    )
    assert response.status_code == 201, response.get_json()
    return str(response.get_json()["device_token"])


def _svg_from_data_uri(uri: str) -> str:
    head, _, data = uri.partition(",")
    if ";base64" in head:
        return base64.b64decode(data).decode()
    return urllib.parse.unquote(data)


def rasterise_segno_svg(svg: str, pixels_per_module: int = 8) -> Image.Image:
    """Draw the dark modules of a segno SVG (one path of horizontal runs) into an image."""
    width = int(float(re.search(r"width=['\"]([\d.]+)", svg).group(1)))  # type: ignore[union-attr]
    scale_match = re.search(r"scale\(([\d.]+)\)", svg)
    scale = float(scale_match.group(1)) if scale_match else 1.0
    modules = round(width / scale)
    path = re.search(r"\sd=['\"]([^'\"]+)", svg).group(1)  # type: ignore[union-attr]
    image = Image.new("L", (modules * pixels_per_module,) * 2, 255)
    draw = ImageDraw.Draw(image)
    x = y = 0.0
    for command, a, b in re.findall(r"([MmHh])\s*(-?[\d.]+)(?:[\s,]+(-?[\d.]+))?", path):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            end = float(a) if command == "H" else x + float(a)
            row = int(y)  # runs are drawn through the middle of their row (y + 0.5)
            left, right = sorted((x, end))
            draw.rectangle(
                (
                    int(left) * pixels_per_module,
                    row * pixels_per_module,
                    int(right) * pixels_per_module - 1,
                    (row + 1) * pixels_per_module - 1,
                ),
                fill=0,
            )
            x = end
    return image


def decode_qr(image: Image.Image) -> str:
    results = zxingcpp.read_barcodes(image)
    assert len(results) == 1, "expected exactly one QR code"
    return str(results[0].text)


def qr_code_on_app_tab(browser: Browser) -> str:
    """Ask the App tab for a QR code and decode the picture the parent sees."""
    page = browser.post("/account/app/qr-code", form_page="/account/app").get_data(as_text=True)
    match = re.search(r'<img src="(data:image/svg\+xml[^"]+)"', page)
    assert match, "no QR code on the page"
    uri = match.group(1).replace("&amp;", "&").replace("&#39;", "'")
    return decode_qr(rasterise_segno_svg(_svg_from_data_uri(uri)))


@attrs.frozen
class Content:
    album1: Album
    photo1: Photo
    album2: Album
    photo2: Photo


def publish_content(s: Services, world: World) -> Content:
    """News, a message and an agenda item for the groups of the world, and an album with a
    photo for Groep 1 (alice, bob) and one for Groep 2 (carla)."""

    def news(title: str, groups: list[str]) -> None:
        publishing.post_news(
            s.uow(), s.clock, s.links, s.richtext, school_id=world.school.id, title=title,
            body=f"Tekst van {title}.", group_names=groups, notify=False,
        )  # fmt: skip

    def album(title: str, group: str) -> tuple[Album, Photo]:
        created = files.create_album(
            s.uow(), s.clock, school_id=world.school.id, title=title, group_names=[group]
        )
        photo = files.add_photo(
            s.uow(), s.clock, s.links, s.files, s.images, s.tokens,
            school_id=world.school.id, album_id=created.id,
            content=drawn_photo(random.Random(3), 640, 480), filename="foto.jpg", notify=False,
        ).item  # fmt: skip
        return created, photo

    news("Nieuws voor iedereen", [])
    news("Nieuws van Groep 2", ["Groep 2"])
    publishing.post_message(
        s.uow(), s.clock, s.links, s.richtext, school_id=world.school.id,
        title="Gymspullen mee", body="Morgen gym.", group_names=["Groep 1"], urgent=True,
        notify=False,
    )  # fmt: skip
    publishing.add_agenda_item(
        s.uow(), s.clock, s.links, s.richtext, school_id=world.school.id,
        data=publishing.AgendaInput(
            title="Excursie Groep 2",
            description="Naar het Drents Museum.",
            day=(s.clock.now() + dt.timedelta(days=3)).date(),
            start_time=dt.time(9, 0),
            end_time=dt.time(12, 0),
        ),
        group_names=["Groep 2"], notify=False,
    )  # fmt: skip
    album1, photo1 = album("Uitje Groep 1", "Groep 1")
    album2, photo2 = album("Uitje Groep 2", "Groep 2")
    return Content(album1, photo1, album2, photo2)
