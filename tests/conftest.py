"""Fixtures shared by every tier: fake ports, memory and SQL units of work, a small world of
two schools, and a logged-in Flask test client."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, text

from deborg.adapters.common_passwords import load_common_passwords
from deborg.adapters.images import PillowImageProcessor
from deborg.adapters.memory import (
    CountingTokenSource,
    FixedClock,
    MemoryDatabase,
    MemoryMailer,
    MemoryUnitOfWork,
    PlainPasswordHasher,
)
from deborg.adapters.memory.links import StaticLinks
from deborg.adapters.phones import LibPhoneNumbers
from deborg.adapters.sqlalchemy.database import make_engine, upgrade
from deborg.adapters.sqlalchemy.schema import metadata
from deborg.adapters.sqlalchemy.uow import SqlAlchemyUnitOfWork
from deborg.bootstrap import Services, bootstrap_in_memory
from deborg.config import Settings
from deborg.ports.uow import UnitOfWork
from deborg.services.areas import area_contributions
from tests.world import World, build_world

POSTGRES_URL = os.environ.get("DEBORG_TEST_DATABASE_URL", "")


# --- fake ports -----------------------------------------------------------------------------


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC))


@pytest.fixture
def tokens() -> CountingTokenSource:
    return CountingTokenSource()


@pytest.fixture
def hasher() -> PlainPasswordHasher:
    return PlainPasswordHasher()


@pytest.fixture
def mailer() -> MemoryMailer:
    return MemoryMailer()


@pytest.fixture
def common_passwords() -> frozenset[str]:
    return load_common_passwords()


# --- storage --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each test: migrations run once per session."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_engine() -> Iterator[Engine]:
    """A database of this test session's own on the server DEBORG_TEST_DATABASE_URL names,
    so that concurrent runs (CI, several developers) never share tables. Dropped at the end."""
    if not POSTGRES_URL:
        pytest.skip("DEBORG_TEST_DATABASE_URL is not set")
    import uuid

    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(POSTGRES_URL)
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    name = f"deborg_test_{uuid.uuid4().hex[:12]}"
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    engine = make_engine(url.set(database=name).render_as_string(hide_password=False))
    upgrade(engine)
    yield engine
    engine.dispose()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _truncate(engine: Engine) -> None:
    names = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


DATABASES = ["sqlite", "postgresql"]


def _open_engine(
    kind: str, request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path
) -> Engine:
    if kind == "sqlite":
        path = tmp_path / "deborg.sqlite3"
        shutil.copy(sqlite_template, path)
        engine = make_engine(f"sqlite:///{path}")
        request.addfinalizer(engine.dispose)
        return engine
    engine = request.getfixturevalue("postgres_engine")
    _truncate(engine)
    return engine  # type: ignore[no-any-return]


@pytest.fixture(params=DATABASES)
def sql_engine(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> Engine:
    """A migrated, empty database: SQLite always, PostgreSQL when configured."""
    return _open_engine(request.param, request, tmp_path, sqlite_template)


@pytest.fixture(params=["memory", *DATABASES])
def any_uow_factory(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path
) -> Callable[[], UnitOfWork]:
    """For contract tests: the same test against the memory adapter and every database."""
    if request.param == "memory":
        database = MemoryDatabase()
        return lambda: MemoryUnitOfWork(database)
    engine = _open_engine(request.param, request, tmp_path, sqlite_template)
    return lambda: SqlAlchemyUnitOfWork(engine)


# --- services -------------------------------------------------------------------------------


def make_settings(tmp_path: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "DEBORG_DATA_DIR": str(tmp_path / "data"),
        "DEBORG_SECRET_KEY": "test-secret-key-that-is-long-enough-for-flask",
        "DEBORG_BASE_URL": "https://portaal.example.nl",
        "DEBORG_PASSWORD_HASHING": "cheap",
    }
    return Settings.from_env({k: str(v) for k, v in values.items()}, **overrides)


@pytest.fixture
def memory_services(
    tmp_path: Path,
    clock: FixedClock,
    tokens: CountingTokenSource,
    hasher: PlainPasswordHasher,
    mailer: MemoryMailer,
    common_passwords: frozenset[str],
) -> Services:
    """Use cases on in-memory adapters: the unit tier."""
    return bootstrap_in_memory(
        make_settings(tmp_path),
        clock=clock,
        tokens=tokens,
        hasher=hasher,
        mailer=mailer,
        common_passwords=common_passwords,
    )


@pytest.fixture
def sql_services(
    tmp_path: Path,
    sql_engine: Engine,
    clock: FixedClock,
    mailer: MemoryMailer,
    common_passwords: frozenset[str],
) -> Services:
    """Use cases on a real database with real tokens and a cheap argon2id: the integration
    tier. The clock is fixed so that tests can move time."""
    from deborg.adapters.argon2_hasher import CHEAP_FOR_TESTS, Argon2PasswordHasher
    from deborg.adapters.files import FilesystemFileStore
    from deborg.adapters.system import SecretsTokenSource

    settings = make_settings(tmp_path)
    return Services(
        settings=settings,
        uow_factory=lambda: SqlAlchemyUnitOfWork(sql_engine),
        clock=clock,
        tokens=SecretsTokenSource(),
        hasher=Argon2PasswordHasher(**CHEAP_FOR_TESTS),
        common_passwords=common_passwords,
        mailer=mailer,
        files=FilesystemFileStore(settings.files_dir),
        images=PillowImageProcessor(settings.max_upload_bytes),
        phones=LibPhoneNumbers(),
        links=StaticLinks(settings.base_url, settings.secret_key),
        areas=area_contributions(),
        engine=sql_engine,
    )


# --- the world and the web ------------------------------------------------------------------


@pytest.fixture
def world(sql_services: Services) -> World:
    return build_world(sql_services)


@pytest.fixture
def app(sql_services: Services) -> Flask:
    from deborg.entrypoints.web import create_app

    application = create_app(services=sql_services)
    application.config.update(TESTING=True)
    return application


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@attrs.define
class Browser:
    """A test client that fills in the CSRF token the way a browser submits a form."""

    client: FlaskClient

    def csrf_token(self, path: str = "/inloggen") -> str:
        import re

        page = self.client.get(path).get_data(as_text=True)
        match = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def post(
        self,
        path: str,
        data: dict[str, str] | None = None,
        *,
        form_page: str | None = None,
        **kwargs: object,
    ):  # type: ignore[no-untyped-def]
        fields = dict(data or {})
        fields.setdefault("csrf_token", self.csrf_token(form_page or path))
        return self.client.post(path, data=fields, **kwargs)  # type: ignore[arg-type]

    def get(self, path: str, **kwargs: object):  # type: ignore[no-untyped-def]
        return self.client.get(path, **kwargs)  # type: ignore[arg-type]

    def login(self, username: str, password: str) -> None:
        response = self.post("/inloggen", {"username": username, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)


@pytest.fixture
def browser(client: FlaskClient) -> Browser:
    return Browser(client)


@pytest.fixture
def browser_factory(app: Flask) -> Callable[[], Browser]:
    return lambda: Browser(app.test_client())


# --- object storage -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """moto's S3 server, started once per session on loopback."""
    from tests.objectstore import moto_server

    with moto_server() as endpoint:
        yield endpoint
