"""The portal rides out a PostgreSQL restart: a throwaway cluster of the test's own (initdb
and pg_ctl in a temporary folder, its own port and socket folder; never the shared server)
is restarted and stopped under a running app. Once the database is back no request fails;
while it is down every page is a Dutch 503 with Retry-After (JSON on the API), /readyz
says so, /healthz stays up, and the command line says it in one line."""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner
from flask import Flask
from sqlalchemy import Engine

from deborg.adapters.sqlalchemy.database import make_engine, upgrade
from deborg.adapters.sqlalchemy.uow import SqlAlchemyUnitOfWork
from deborg.bootstrap import Services
from deborg.entrypoints.cli.context import EXIT_DATABASE_UNAVAILABLE, CliContext
from deborg.entrypoints.cli.main import cli
from deborg.entrypoints.web import create_app
from tests.conftest import Browser
from tests.world import build_world

EXAMPLE_EXPORT = Path(__file__).parents[2] / "examples" / "deborg-leerlingen.csv"


def _binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@attrs.define
class Cluster:
    """A PostgreSQL cluster in a temporary folder. initdb refuses to run as root, so as
    root the commands run as the postgres system user."""

    bin: Path
    folder: Path
    port: int
    as_user: list[str]

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *command: str) -> None:
        subprocess.run([*self.as_user, *command], check=True, capture_output=True, timeout=120)

    def init(self) -> None:
        self._run(
            str(self.bin / "initdb"), "-D", str(self.folder / "data"), "-U", "postgres",
            "--auth=trust", "--no-sync",
        )  # fmt: skip

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-o", options,
            "-l", str(self.folder / "log"), "-w", "start",
        )  # fmt: skip

    def stop(self) -> None:
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop"
        )


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    binaries = _binaries()
    if binaries is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    as_user: list[str] = []
    # Directly in the temporary folder: pytest's own is private to the user running it.
    folder = Path(tempfile.mkdtemp(prefix="deborg-pg-"))
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no postgres user to run initdb as")
        runuser = shutil.which("runuser")
        if runuser is None:
            pytest.skip("running as root without runuser to run initdb as postgres")
        as_user = [runuser, "-u", "postgres", "--"]
        os.chown(folder, user.pw_uid, user.pw_gid)
    server = Cluster(binaries, folder, _free_port(), as_user)
    try:
        server.init()
        server.start()
        yield server
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            server.stop()  # unless the test stopped it already, or it never started
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def engine(cluster: Cluster) -> Iterator[Engine]:
    engine = make_engine(cluster.url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def services(sql_services: Services, engine: Engine) -> Services:
    return attrs.evolve(
        sql_services, uow_factory=lambda: SqlAlchemyUnitOfWork(engine), engine=engine
    )


@pytest.fixture
def app(services: Services) -> Flask:
    application = create_app(services=services)
    application.config.update(TESTING=False)  # the error pages, as in production
    return application


@pytest.mark.parametrize("sql_engine", ["sqlite"], indirect=True)
def test_after_a_restart_no_request_fails_and_while_down_the_portal_says_so(
    services: Services, app: Flask, cluster: Cluster
) -> None:
    world = build_world(services)
    browser = Browser(app.test_client())
    browser.login(world.alice.login_name, world.password)
    for _ in range(3):  # connections in the pool
        assert browser.get("/").status_code == 200

    cluster.stop()
    cluster.start()
    answers = [browser.get("/").status_code for _ in range(5)]
    assert answers == [200] * 5

    cluster.stop()
    page = browser.get("/")
    assert page.status_code == 503
    assert page.headers["Retry-After"] == "30"
    assert "Het ouderportaal is even niet bereikbaar" in page.get_data(as_text=True)
    api = browser.get("/api/v1/news", headers={"Authorization": "Bearer x"})
    assert api.status_code == 503
    assert api.get_json()["code"] == "unavailable"
    assert api.headers["Retry-After"] == "30"
    assert browser.get("/readyz").status_code == 503
    assert browser.get("/healthz").status_code == 200
    result = CliRunner().invoke(
        cli, ["mail", "list"], obj=CliContext(services_factory=lambda: services)
    )
    assert result.exit_code == EXIT_DATABASE_UNAVAILABLE
    [line] = result.stderr.splitlines()
    assert line.startswith("Fout: de database is niet bereikbaar")
    assert "Traceback" not in result.output

    cluster.start()
    assert [browser.get("/").status_code for _ in range(5)] == [200] * 5
    assert browser.get("/readyz").status_code == 200


@pytest.mark.parametrize(
    "args",
    [
        ("parent", "list"),
        ("import", "--dry-run", str(EXAMPLE_EXPORT)),
        ("mail", "run"),
    ],
)
def test_every_command_says_in_one_line_that_the_database_is_unreachable(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    with socket.socket() as probe:  # a port where nobody listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        "DEBORG_DATA_DIR": str(tmp_path / "data"),
        "DEBORG_DATABASE_URL": f"postgresql://postgres@127.0.0.1:{port}/deborg",
        "DEBORG_SCHOOL": "99XX00",
    }
    result = CliRunner(env=env).invoke(cli, list(args))
    assert result.exit_code == EXIT_DATABASE_UNAVAILABLE, result.output
    [line] = result.stderr.splitlines()
    assert line.startswith("Fout: de database is niet bereikbaar; probeer het later opnieuw.")
    assert "Traceback" not in result.output
