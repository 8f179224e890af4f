"""The page cache on PostgreSQL (production): a returning parent's Home is served from memory,
and every committed change, a logout in another process included, reaches the page at once
through PostgreSQL's change announcements."""

from __future__ import annotations

import time
from collections.abc import Iterator

import attrs
import pytest
from flask import Flask
from sqlalchemy import Engine, text

from deborg.adapters.sqlalchemy.changes import QUIET_TABLES, SESSIONS_TABLE, TRIGGER
from deborg.adapters.sqlalchemy.diagnostics import count_statements
from deborg.bootstrap import Services
from deborg.domain.tokens import digest
from deborg.entrypoints.web.pagecache import PageCache
from deborg.services.content import publishing
from tests.conftest import Browser
from tests.world import World, build_world


@pytest.fixture
def pg_services(sql_services: Services) -> Services:
    assert sql_services.engine is not None
    if sql_services.engine.dialect.name != "postgresql":
        pytest.skip("the page cache listens to PostgreSQL")
    return attrs.evolve(sql_services, settings=attrs.evolve(sql_services.settings, page_cache="on"))


@pytest.fixture
def cached_app(pg_services: Services) -> Iterator[Flask]:
    from deborg.entrypoints.web import create_app

    app = create_app(services=pg_services)
    app.config.update(TESTING=True)
    yield app
    app.extensions["deborg_page_cache_listener"].stop()


def cache_of(app: Flask) -> PageCache:
    cache = app.extensions["deborg_page_cache"]
    assert isinstance(cache, PageCache)
    return cache


def wait_for(condition: object, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return
        time.sleep(0.01)
    raise AssertionError("the change announcement did not arrive")


def statements_for(engine: Engine, browser: Browser, path: str) -> tuple[int, str]:
    with count_statements(engine) as counted:
        response = browser.get(path)
    return len(counted.statements), response.get_data(as_text=True)


def home_from_memory(engine: Engine, browser: Browser) -> str:
    """Visit Home until it is kept (the login's message is shown once); return the kept page,
    served without a single statement."""
    browser.get("/")
    browser.get("/")
    count, page = statements_for(engine, browser, "/")
    assert count == 0
    return page


@pytest.fixture
def signed_in(pg_services: Services, cached_app: Flask) -> tuple[World, Browser]:
    world = build_world(pg_services)
    browser = Browser(cached_app.test_client())
    browser.login(world.alice.login_name, world.password)  # the first request starts listening
    wait_for(lambda: cache_of(cached_app).enabled)
    return world, browser


def test_every_table_but_the_quiet_ones_announces_its_changes(pg_services: Services) -> None:
    assert pg_services.engine is not None
    with pg_services.engine.connect() as connection:
        tables = set(
            connection.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            ).scalars()
        )
        announcing = set(
            connection.execute(
                text(
                    "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                    "WHERE t.tgname = :name"
                ),
                {"name": TRIGGER},
            ).scalars()
        )
    # A table added by a later migration without the trigger would let pages go stale.
    assert announcing == tables - QUIET_TABLES
    assert SESSIONS_TABLE in announcing


def publish_and_wait(services: Services, app: Flask, school_id: int, title: str) -> None:
    """Publish news at ``school_id`` (as the CLI does, outside the app) and wait until this
    process has heard of it."""
    cache = cache_of(app)
    before = cache.version
    publishing.post_news(
        services.uow(),
        services.clock,
        services.links,
        services.richtext,
        school_id=school_id,
        title=title,
        body="Tekst.",
    )
    wait_for(lambda: cache.version != before)


def test_a_returning_parent_gets_home_from_memory_until_the_school_publishes(
    pg_services: Services, cached_app: Flask, signed_in: tuple[World, Browser]
) -> None:
    world, browser = signed_in
    engine = pg_services.engine
    assert engine is not None
    assert "Kinderboekenmarkt" not in home_from_memory(engine, browser)

    publish_and_wait(pg_services, cached_app, world.school.id, "Kinderboekenmarkt")

    count, page = statements_for(engine, browser, "/")
    assert count > 0
    assert "Kinderboekenmarkt" in page


def test_a_change_at_another_school_leaves_this_schools_pages_kept(
    pg_services: Services, cached_app: Flask, signed_in: tuple[World, Browser]
) -> None:
    world, browser = signed_in
    engine = pg_services.engine
    assert engine is not None
    home_from_memory(engine, browser)

    publish_and_wait(pg_services, cached_app, world.other_school.id, "Nieuws van De Esch")

    count, page = statements_for(engine, browser, "/")
    assert count == 0
    assert "Nieuws van De Esch" not in page


def test_a_session_ended_in_another_process_is_refused_here(
    pg_services: Services, cached_app: Flask, signed_in: tuple[World, Browser]
) -> None:
    _, browser = signed_in
    assert pg_services.engine is not None
    home_from_memory(pg_services.engine, browser)
    cookie = browser.client.get_cookie("deborg-session")
    assert cookie is not None
    cache = cache_of(cached_app)
    before = cache.version
    with pg_services.uow() as uow:  # as the logout in another gunicorn worker does
        uow.sessions.delete(digest(cookie.value))
        uow.commit()
    wait_for(lambda: cache.version != before)

    response = browser.get("/")

    assert response.status_code == 302
    assert "/inloggen" in response.headers["Location"]


def test_right_after_sending_a_form_the_parent_sees_fresh_pages(
    pg_services: Services, cached_app: Flask, signed_in: tuple[World, Browser]
) -> None:
    _, browser = signed_in
    engine = pg_services.engine
    assert engine is not None
    home_from_memory(engine, browser)
    # The announcement of the change below is not heard (as if it were still on its way).
    cached_app.extensions["deborg_page_cache_listener"].on_change = lambda school_id: None

    choices = dict.fromkeys(
        ("conversations", "news", "messages", "agenda", "albums", "documents"), "direct"
    )
    response = browser.post("/account/notificaties", choices)
    assert response.status_code == 302
    browser.get(response.headers["Location"])  # shows "opgeslagen" (the flash) once

    # Even before PostgreSQL's announcement arrives, this browser's next Home is built fresh.
    assert statements_for(engine, browser, "/")[0] > 0


def test_without_the_listener_nothing_is_kept(
    pg_services: Services, cached_app: Flask, signed_in: tuple[World, Browser]
) -> None:
    _, browser = signed_in
    engine = pg_services.engine
    assert engine is not None
    cache_of(cached_app).lost()

    browser.get("/")
    assert statements_for(engine, browser, "/")[0] > 0
