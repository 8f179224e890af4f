"""The browser tier: the portal with the demo school, served by a real HTTP server on
127.0.0.1, driven by Playwright in the system's Chromium at a desktop and a phone width.

Skipped when Chromium is not installed, unless DEBORG_REQUIRE_BROWSER=1 (CI sets it), in
which case a missing browser is a failure."""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from werkzeug.serving import make_server

from deborg.adapters.sqlalchemy.database import upgrade
from deborg.bootstrap import Services, bootstrap
from deborg.config import Settings
from deborg.demo import DemoLogin, seed_demo
from deborg.entrypoints.web.links import PortalLinks
from deborg.services.outbox import deliver_outbox

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}

pytestmark = pytest.mark.browser


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if CHROMIUM:
        return
    if os.environ.get("DEBORG_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError("DEBORG_REQUIRE_BROWSER=1 but Chromium is not installed")
    skip = pytest.mark.skip(reason="Chromium is not installed (apt-get install chromium)")
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(skip)


@attrs.define
class Portal:
    """The running portal: its address, services (to read the outbox) and the demo login."""

    url: str
    services: Services
    login: DemoLogin

    def deliver_mail(self) -> None:
        deliver_outbox(self.services.uow(), self.services.mailer, self.services.clock)

    #: Browser cookies of a logged-in parent, by login name: journeys that are not about
    #: logging in start from a shared session instead of the login form (see sign_in).
    cookies: dict[str, list[Any]] = attrs.field(factory=dict)

    def ordinary_logins(self) -> list[str]:
        """The active demo parents other than the featured and the read-only one."""
        from deborg.demo.people import DEMO_PARENT_LOGIN, READ_ONLY_LOGIN
        from deborg.domain.model import ParentState

        with self.services.uow() as uow:
            school = uow.schools.list()[0]
            return [
                p.login_name
                for p in uow.parents.list(school.id)
                if p.state is ParentState.ACTIVE
                and p.login_name not in (DEMO_PARENT_LOGIN, READ_ONLY_LOGIN)
            ]

    def parent_login(self, n: int) -> str:
        """The login of the n-th ordinary active demo parent (not the demo's featured
        parent): journeys that change state each take their own parent. n < RESERVED."""
        assert n < RESERVED_PARENTS
        return self.ordinary_logins()[10 + n]

    def unreserved_logins(self) -> set[str]:
        """Ordinary parents that no parent_login(n) hands out."""
        return set(self.ordinary_logins()[10 + RESERVED_PARENTS :])


#: How many parents parent_login may hand out.
RESERVED_PARENTS = 30


@pytest.fixture(scope="session")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Portal]:
    data_dir = tmp_path_factory.mktemp("browser-portal")
    # DEBORG_BROWSER_PORT: a fixed port (several engineers share one machine); else any.
    port = int(os.environ.get("DEBORG_BROWSER_PORT", "0"))
    server = make_server("127.0.0.1", port, None, threaded=True)  # type: ignore[arg-type]
    port = server.socket.getsockname()[1]
    base_url = f"http://127.0.0.1:{port}"
    settings = Settings.from_env(
        {
            "DEBORG_DATA_DIR": str(data_dir),
            "DEBORG_BASE_URL": base_url,
            "DEBORG_PASSWORD_HASHING": "cheap",
            "DEBORG_SECRET_KEY": "browser-tests-secret-key-long-enough",
        },
        demo=True,
    )
    services = bootstrap(settings, PortalLinks.from_routes(settings.base_url, settings.secret_key))
    assert services.engine is not None
    upgrade(services.engine)
    login = seed_demo(services)
    from deborg.entrypoints.web import create_app

    server.app = create_app(services=services)  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Portal(url=base_url, services=services, login=login)
    server.shutdown()
    services.engine.dispose()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request: pytest.FixtureRequest) -> str:
    return str(request.param)


class PageOpener:
    """Opens pages in fresh browser contexts (their own cookies) at one viewport; a page's
    console errors fail the test when the opener closes."""

    def __init__(self, chromium: Any, viewport: str) -> None:
        self.chromium = chromium
        self.viewport = viewport
        self.contexts: list[Any] = []
        self.errors: list[str] = []

    def open(self) -> Any:
        context = self.chromium.new_context(viewport=VIEWPORTS[self.viewport], locale="nl-NL")
        context.set_default_timeout(10_000)
        self.contexts.append(context)
        page = context.new_page()
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        return page

    def close(self) -> None:
        for context in self.contexts:
            context.close()
        # A refused form is re-rendered with status 400 (429 when throttled); Chromium logs
        # any such page load as a console error. Everything else (CSP violations, missing
        # assets) counts.
        refused_form = re.compile(r"^Failed to load resource: .* status of (400|429) ")
        errors = [e for e in self.errors if not refused_form.match(e)]
        assert not errors, f"console errors (CSP violations?): {errors}"


@pytest.fixture
def pages(chromium: Any, viewport: str) -> Iterator[PageOpener]:
    """More pages, each its own browser (cookies): two parents side by side."""
    opener = PageOpener(chromium, viewport)
    yield opener
    opener.close()


@pytest.fixture
def page(pages: PageOpener) -> Any:
    return pages.open()
