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
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from sqlalchemy import Engine

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


# --- running under pytest-xdist (`nox -s tests` runs two workers, --dist loadgroup) ---------

#: Tests that share an expensive server of a wider scope are marked to run on one worker
#: together, so that it starts once: the browser tier's portal and Chromium (session-scoped)
#: and the two-node cluster (module-scoped). Other tests go to whichever worker is free.
#: Observed on 2026-12-03 with pytest 9.2 and pytest-xdist 3.8: ``--dist loadgroup`` does not
#: honour ``xdist_group`` (not even a module's ``pytestmark``), so each worker that gets such
#: a test starts its own server; the tests are correct either way, only slower.
XDIST_GROUPS = {
    "tests/browser/": "browser",
    "tests/integration/test_multi_node.py": "multi_node",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    root = Path(__file__).resolve().parent.parent
    for item in items:
        if not item.path.resolve().is_relative_to(root):
            continue
        path = item.path.resolve().relative_to(root).as_posix()
        for prefix, group in XDIST_GROUPS.items():
            if path.startswith(prefix):
                item.add_marker(pytest.mark.xdist_group(group))


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


def worker_database_name(base: str) -> str:
    """The database of this test process: the URL's name with the pytest-xdist worker's id
    (``test_gw0``, ``test_gw1``) or ``_main`` without workers."""
    return f"{base}_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"


@pytest.fixture(scope="session")
def postgres_engine() -> Iterator[Engine]:
    """A database of this test process's own on the server DEBORG_TEST_DATABASE_URL names
    (see worker_database_name; created when missing, kept for the next run), its schema
    dropped and migrated anew once per session. An advisory lock keeps a concurrent run with
    the same URL out of it: that run gets a throwaway database, dropped at its end."""
    if not POSTGRES_URL:
        pytest.skip("DEBORG_TEST_DATABASE_URL is not set")
    import uuid

    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(POSTGRES_URL)
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as lock:
        name = worker_database_name(url.database or "deborg_test")
        owned = lock.execute(
            "SELECT pg_try_advisory_lock(hashtext(%s))", (f"deborg-tests:{name}",)
        ).fetchone() == (True,)
        if not owned:
            name = f"deborg_test_{uuid.uuid4().hex[:12]}"
        exists = lock.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            lock.execute(f'CREATE DATABASE "{name}"')
        engine = make_engine(url.set(database=name).render_as_string(hide_password=False))
        with engine.begin() as connection:
            connection.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
            connection.exec_driver_sql("CREATE SCHEMA public")
        upgrade(engine)
        yield engine
        engine.dispose()
        if not owned:
            lock.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _truncate(engine: Engine) -> None:
    """Empty every table and restart every sequence: what ``TRUNCATE … RESTART IDENTITY``
    does, but with DELETE (children first) and setval, which on a test's few rows takes
    milliseconds where TRUNCATE of every table takes about a second (new files per table)."""
    tables = "; ".join(f'DELETE FROM "{t.name}"' for t in reversed(metadata.sorted_tables))  # noqa: S608
    with engine.begin() as connection:
        connection.exec_driver_sql(tables)
        sequences = connection.exec_driver_sql(
            "SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename) "
            "FROM pg_sequences WHERE schemaname = current_schema()"
        ).scalars()
        restarts = ", ".join(f"setval('{name}', 1, false)" for name in sequences)
        if restarts:
            connection.exec_driver_sql(f"SELECT {restarts}")


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


class _SharedTemplateCode(BytecodeCache):
    """Compiled templates kept in memory for the whole test session: every test builds its
    own app (and Jinja environment), which would otherwise parse and compile each template it
    renders anew. Jinja checks the source's checksum, so an edited template is compiled again."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


@pytest.fixture(scope="session", autouse=True)
def _shared_template_code() -> Iterator[None]:
    """Every Flask app made in this session (the ``app`` fixture's and any a test makes
    itself) shares one cache of compiled templates."""
    options = Flask.jinja_options
    Flask.jinja_options = {**options, "bytecode_cache": _SharedTemplateCode()}
    yield
    Flask.jinja_options = options


@pytest.fixture
def world(sql_services: Services) -> World:
    return build_world(sql_services)


@pytest.fixture(scope="session", autouse=True)
def _shared_url_builders() -> Iterator[None]:
    """Making an app has Werkzeug generate and compile two URL builders for each of its
    ~430 routes: a third of the set-up of a test with an app. A builder depends only on the
    route's parsed parts and defaults, so the session compiles each once and binds it to
    every app's rule (a route whose parts take a default, resolved through its converter
    when compiled, is compiled every time as before)."""
    from werkzeug.routing import Rule

    original = Rule._compile_builder
    builders: dict[tuple[object, ...], Callable[..., tuple[str, str]]] = {}

    def compile_builder(self: Rule, append_unknown: bool = True) -> Callable[..., tuple[str, str]]:
        defaults = self.defaults or {}
        if any(dynamic and data in defaults for dynamic, data in self._trace):
            return original(self, append_unknown)
        key = (self.rule, tuple(self._trace), repr(sorted(defaults.items())), append_unknown)
        if key not in builders:
            builders[key] = original(self, append_unknown)
        return builders[key]

    Rule._compile_builder = compile_builder  # type: ignore[method-assign]
    yield
    Rule._compile_builder = original  # type: ignore[method-assign]


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
