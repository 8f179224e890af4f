"""The manual's app chapter: pair a phone by scanning the QR code on Mijn account > App (the
test reads the code off the screen as the app's camera would and calls the API), see it in
"Gekoppelde apparaten", remove it there, and the app is unusable afterwards."""

from __future__ import annotations

import io
import json
import urllib.error
import urllib.request
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import Portal
from tests.browser.helpers import check_accessibility, log_in, open_menu_item, screenshot

JOURNEY_PARENT = {"desktop": 4, "phone": 5}


def api(portal: Portal, method: str, path: str, body: Any = None, token: str = "") -> Any:
    """Call /api/v1 like the app: JSON in, JSON out; returns (status, json)."""
    request = urllib.request.Request(  # noqa: S310 - http to our own test server
        portal.url + "/api/v1" + path,
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Content-Type": "application/json", "Accept": "application/json"}
        | ({"Authorization": f"Bearer {token}"} if token else {}),
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - our server
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def scan_qr_code(image: Any) -> str:
    """What a phone's camera reads from the QR code on the screen."""
    import zxingcpp
    from PIL import Image

    png = image.screenshot()
    codes = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert len(codes) == 1, "no readable QR code on the App tab"
    return str(codes[0].text)


def test_pair_a_phone_by_qr_code_and_remove_it(page: Any, portal: Portal, viewport: str) -> None:
    username = portal.parent_login(JOURNEY_PARENT[viewport])
    device_name = f"Telefoon van de browsertest ({viewport})"
    log_in(page, portal.url, username, portal.login.password)
    open_menu_item(page, viewport, "Mijn account")
    page.get_by_role("navigation", name="Mijn account").get_by_role("link", name="App").click()
    expect(page.get_by_text("Er zijn nog geen apparaten aan uw account gekoppeld.")).to_be_visible()
    check_accessibility(page)

    page.get_by_role("button", name="QR-code tonen").click()
    qr = page.get_by_role("img", name="QR-code om de app aan uw account te koppelen")
    qr.scroll_into_view_if_needed()
    check_accessibility(page)
    screenshot(page, "account-app", viewport)
    scanned = scan_qr_code(qr)
    server, _, token = scanned.rpartition("/koppelen/")
    assert server == portal.url, scanned

    status, paired = api(
        portal, "POST", "/devices", {"pairing_token": token, "device_name": device_name}
    )
    assert status == 201, paired
    assert paired["message"] == "Koppeling geslaagd"
    device_token = paired["device_token"]
    status, me = api(portal, "GET", "/me", token=device_token)
    assert status == 200, me
    # The QR code works once.
    status, _ = api(portal, "POST", "/devices", {"pairing_token": token, "device_name": "Nog een"})
    assert status in (400, 401, 410), status

    page.get_by_role("navigation", name="Mijn account").get_by_role("link", name="App").click()
    row = page.get_by_role("row", name=device_name)
    expect(row).to_be_visible()
    check_accessibility(page)
    page.once("dialog", lambda dialog: dialog.accept())  # "Wilt u de koppeling … verbreken?"
    row.get_by_role("button", name="Verwijderen").click()
    expect(page.get_by_text("De koppeling met het apparaat is verbroken.")).to_be_visible()
    assert page.get_by_role("row", name=device_name).count() == 0

    status, _ = api(portal, "GET", "/me", token=device_token)
    assert status == 401
