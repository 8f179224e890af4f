"""Two app machines behind a real load balancer: two gunicorn nodes, each with a data folder of
its own, one PostgreSQL database, one object store (moto's S3 server) and HAProxy (or nginx)
in front, all started by the test on loopback. What one node does, the other knows: a photo
uploaded through A is served by B, a session ended on A is refused on B, a publication shows
on Home on both, and two `deborg mail run` at once send every mail once.

Skipped (with the reason) when DEBORG_TEST_DATABASE_URL is not set or neither HAProxy nor nginx
is installed (`apt-get install haproxy`; CI installs it)."""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from email.message import Message
from pathlib import Path
from typing import Any

import attrs
import pytest
from bench.nodes import balancer, balancer_config, start_node, wait_for

from deborg.adapters.sqlalchemy.database import upgrade
from deborg.bootstrap import Services, bootstrap
from deborg.config import Settings
from deborg.domain.mail import MailCategory
from deborg.entrypoints.web.links import PortalLinks
from deborg.services.content import publishing
from deborg.services.outbox import queue_mail
from tests import images
from tests.conftest import POSTGRES_URL
from tests.objectstore import environment, free_port, new_bucket
from tests.world import World, build_world

SECRET = "multi-node-test-secret-key-that-is-long-enough"


pytestmark = [
    pytest.mark.postgresql,
    pytest.mark.skipif(not POSTGRES_URL, reason="DEBORG_TEST_DATABASE_URL is not set"),
    pytest.mark.skipif(
        balancer() is None,
        reason="neither haproxy nor nginx is installed (apt-get install haproxy)",
    ),
]


@attrs.define
class Cluster:
    url: str
    env: dict[str, str]
    services: Services
    world: World
    processes: list[subprocess.Popen[bytes]] = attrs.field(factory=list)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory, s3_endpoint: str) -> Iterator[Cluster]:
    import psycopg
    from sqlalchemy.engine import make_url

    root = tmp_path_factory.mktemp("nodes")
    url = make_url(POSTGRES_URL).set(drivername="postgresql+psycopg")
    name = f"deborg_nodes_{uuid.uuid4().hex[:12]}"
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    database_url = url.set(database=name).render_as_string(hide_password=False)
    lb_port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DEBORG_")},
        "DEBORG_DATABASE_URL": database_url,
        "DEBORG_SECRET_KEY": SECRET,
        "DEBORG_BASE_URL": f"http://127.0.0.1:{lb_port}",
        "DEBORG_PASSWORD_HASHING": "cheap",
        "DEBORG_PROXY_COUNT": "1",
        **environment(new_bucket(s3_endpoint, prefix="deborg")),
    }
    settings = Settings.from_env({**env, "DEBORG_DATA_DIR": str(root / "tests")})
    services = bootstrap(settings, PortalLinks.from_routes(settings.base_url, settings.secret_key))
    assert services.engine is not None
    upgrade(services.engine)
    cluster = Cluster(f"http://127.0.0.1:{lb_port}", env, services, build_world(services))
    nodes = {"a": free_port(), "b": free_port()}
    try:
        for node, port in nodes.items():
            env_of_node = {**env, "DEBORG_DATA_DIR": str(root / f"node-{node}")}
            cluster.processes.append(start_node(port, env_of_node, workers=1, threads=4))
        binary = balancer()
        assert binary is not None
        command = balancer_config(root / "balancer.conf", binary, lb_port, nodes)
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        cluster.processes.append(process)
        wait_for(f"{cluster.url}/healthz", process, Path(binary).name)
        yield cluster
    finally:
        for process in reversed(cluster.processes):
            process.terminate()
            process.wait(timeout=30)
        services.engine.dispose()
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@attrs.define
class Recipients:
    """An SMTP server's handler (aiosmtpd) that keeps every recipient of every mail."""

    seen: list[str] = attrs.field(factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.seen.extend(envelope.rcpt_tos)
        return "250 Message accepted"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@attrs.define
class Answer:
    status: int
    body: bytes
    #: Names in any case: HAProxy sends them in lower case.
    headers: Message

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@attrs.define
class Visitor:
    """A browser talking to the load balancer: cookies kept, redirects not followed, and each
    request pinned to a node (X-Deborg-Node) or left to the balancer."""

    base: str
    jar: http.cookiejar.CookieJar = attrs.field(factory=http.cookiejar.CookieJar)

    def request(
        self,
        path: str,
        *,
        node: str | None = None,
        data: bytes | None = None,
        content_type: str | None = None,
    ) -> Answer:
        request = urllib.request.Request(self.base + path, data=data)  # noqa: S310 - loopback
        if node:
            request.add_header("X-Deborg-Node", node)
        if content_type:
            request.add_header("Content-Type", content_type)
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirects()
        )
        try:
            with opener.open(request, timeout=30) as response:
                return Answer(response.status, response.read(), response.headers)
        except urllib.error.HTTPError as error:
            return Answer(error.code, error.read(), error.headers)

    def csrf(self, path: str, node: str) -> str:
        match = re.search(r'name="csrf_token" value="([^"]+)"', self.request(path, node=node).text)
        assert match, f"no form on {path}"
        return match.group(1)

    def post(self, path: str, fields: dict[str, str], *, node: str, form: str) -> Answer:
        body = urllib.parse.urlencode({**fields, "csrf_token": self.csrf(form, node)})
        return self.request(
            path, node=node, data=body.encode(), content_type="application/x-www-form-urlencoded"
        )

    def upload(self, path: str, field: str, content: bytes, *, node: str, form: str) -> Answer:
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n'
                f"{self.csrf(form, node)}\r\n--{boundary}\r\n"
                f'Content-Disposition: form-data; name="{field}"; filename="foto.png"\r\n'
                "Content-Type: image/png\r\n\r\n"
            ).encode()
            + content
            + f"\r\n--{boundary}--\r\n".encode()
        )
        return self.request(
            path, node=node, data=body, content_type=f"multipart/form-data; boundary={boundary}"
        )

    def login(self, world: World, name: str, *, node: str) -> None:
        answer = self.post(
            "/inloggen",
            {"username": getattr(world, name).login_name, "password": world.password},
            node=node,
            form="/inloggen",
        )
        assert answer.status == 302, answer.text


def test_the_balancer_spreads_requests_over_both_nodes(cluster: Cluster) -> None:
    visitor = Visitor(cluster.url)
    served = {visitor.request("/healthz").headers["X-Deborg-Served-By"] for _ in range(6)}
    assert served == {"a", "b"}
    assert Visitor(cluster.url).request("/healthz", node="b").headers["X-Deborg-Served-By"] == "b"


def test_a_photo_uploaded_through_one_node_is_served_by_the_other(cluster: Cluster) -> None:
    alice = Visitor(cluster.url)
    alice.login(cluster.world, "alice", node="a")
    photo = images.png((80, 60))
    answer = alice.upload("/account/foto", "photo", photo, node="a", form="/account/gegevens")
    assert answer.status == 302, answer.text
    assert answer.headers["X-Deborg-Served-By"] == "a"
    path = f"/foto/ouder/{cluster.world.alice.id}"
    served = alice.request(path, node="b")
    assert (served.status, served.headers["X-Deborg-Served-By"]) == (200, "b")
    assert served.body[:8] == b"\x89PNG\r\n\x1a\n"
    assert alice.request(f"{path}/klein", node="b").status == 200
    # Another school's parent gets nothing from either node.
    erik = Visitor(cluster.url)
    erik.login(cluster.world, "erik", node="b")
    assert erik.request(path, node="a").status == 404
    assert erik.request(path, node="b").status == 404


def test_a_logout_on_one_node_is_refused_on_the_other(cluster: Cluster) -> None:
    bob = Visitor(cluster.url)
    bob.login(cluster.world, "bob", node="a")
    assert bob.request("/", node="b").status == 200
    stolen = [(c.name, c.value) for c in bob.jar]  # a copy of the cookies, as a thief keeps
    answer = bob.post("/uitloggen", {}, node="a", form="/")
    assert answer.status == 302
    assert bob.request("/", node="b").status == 302
    thief = Visitor(cluster.url)
    for name, value in stolen:
        thief.jar.set_cookie(
            http.cookiejar.Cookie(
                0, name, value, None, False, "127.0.0.1", False, False, "/", True, False,
                None, False, None, None, {},
            )
        )  # fmt: skip
    for node in ("a", "b"):
        home = thief.request("/", node=node)
        assert home.status == 302, node
        assert home.headers["Location"].startswith("/inloggen")


def test_a_publication_reaches_home_on_both_nodes(cluster: Cluster) -> None:
    carla = Visitor(cluster.url)
    carla.login(cluster.world, "carla", node="b")
    title = f"Schoolreisje {uuid.uuid4().hex[:6]}"
    for node in ("a", "b"):  # both nodes have built Home before the publication
        assert title not in carla.request("/", node=node).text
    s = cluster.services
    publishing.post_news(
        s.uow(), s.clock, s.links, s.richtext, school_id=cluster.world.school.id,
        title=title, body="We gaan naar de Drentse bossen.", notify=False,
    )  # fmt: skip
    for node in ("a", "b"):
        home = carla.request("/", node=node)
        assert (home.status, home.headers["X-Deborg-Served-By"]) == (200, node)
        assert title in home.text


def test_two_mail_runs_at_once_send_every_mail_once(cluster: Cluster, tmp_path: Path) -> None:
    from aiosmtpd.controller import Controller

    recipients = Recipients()
    server = Controller(recipients, hostname="127.0.0.1", port=free_port())
    server.start()
    try:
        s = cluster.services
        addresses = [f"ouder{n}@example.nl" for n in range(300)]
        with s.uow() as uow:
            for to in addresses:
                queue_mail(
                    uow, s.clock, school_id=cluster.world.school.id, to=to,
                    subject="Nieuwsbrief", text="Beste ouder,\n\nTot vrijdag.\n",
                    category=MailCategory.NEWS, links=s.links,
                )  # fmt: skip
            uow.commit()
        smtp = {"DEBORG_SMTP_HOST": "127.0.0.1", "DEBORG_SMTP_PORT": str(server.port)}
        smtp["DEBORG_SMTP_SECURITY"] = "none"
        deborg = shutil.which("deborg", path=str(Path(sys.executable).parent)) or "deborg"
        runs = [
            subprocess.Popen(
                [deborg, "mail", "run"],
                env={**cluster.env, **smtp, "DEBORG_DATA_DIR": str(tmp_path / node)},
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for node in ("a", "b")
        ]
        outputs = [run.communicate(timeout=300) for run in runs]
        assert [run.returncode for run in runs] == [0, 0], outputs
        sent = [int(re.search(rb"Verstuurd: (\d+)", out).group(1)) for out, _ in outputs]  # type: ignore[union-attr]
        assert sum(sent) == len(addresses)
        assert sorted(recipients.seen) == sorted(addresses)  # each once
    finally:
        server.stop()
