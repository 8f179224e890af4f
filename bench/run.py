"""`nox -s bench`: seed, serve under gunicorn, measure from a second process, write the table.

Everything runs on this machine, loopback only, bounded by request counts and time limits.
Results: bench/results/latest.md and latest.json (the README quotes the latest table).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import psycopg
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bench import conferences, content, digest, importing, nodes, pages, querycount, rush, visits
from bench.seed import BENCH_PASSWORD, SeededSchool, seed_school
from deborg.adapters.argon2_hasher import PRODUCTION, Argon2PasswordHasher
from deborg.adapters.sqlalchemy.database import upgrade
from deborg.bootstrap import Services, bootstrap
from deborg.config import Settings
from deborg.domain.model import School
from deborg.entrypoints.web.links import PortalLinks
from deborg.services import accounts

ROOT = Path(__file__).resolve().parent
RESULTS = ROOT / "results"
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/deborg_bench"


@attrs.define
class Row:
    case: str
    throughput: float | None = None  # per second
    unit: str = "req/s"
    p50_ms: float | None = None
    p99_ms: float | None = None
    memory_mb: float | None = None
    note: str = ""


@attrs.define
class Bench:
    args: argparse.Namespace
    workdir: Path
    rows: list[Row] = attrs.field(factory=list)
    facts: dict[str, Any] = attrs.field(factory=dict)
    server: subprocess.Popen[bytes] | None = None
    port: int = 0
    services: Services | None = None
    seeded: SeededSchool | None = None
    #: Settings for the next server start.
    extra_env: dict[str, str] = attrs.field(factory=dict)

    # --- environment ------------------------------------------------------------------------

    def environment(self) -> dict[str, str]:
        return {
            **os.environ,
            **self.extra_env,
            "DEBORG_ENV": "production",
            "DEBORG_SECRET_KEY": "bench-secret-key-bench-secret-key-bench",
            "DEBORG_DATA_DIR": str(self.workdir / "data"),
            "DEBORG_DATABASE_URL": self.args.database_url,
            "DEBORG_BASE_URL": f"http://127.0.0.1:{self.port}",
        }

    def recreate_database(self) -> None:
        url = make_url(self.args.database_url)
        if url.get_backend_name() != "postgresql":
            return
        with psycopg.connect(self._admin_url(), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{url.database}"')

    def drop_database(self) -> None:
        url = make_url(self.args.database_url)
        if url.get_backend_name() != "postgresql":
            return
        with psycopg.connect(self._admin_url(), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')

    def _admin_url(self) -> str:
        url = make_url(self.args.database_url).set(database="postgres")
        admin = url.render_as_string(hide_password=False)
        return admin.replace("postgresql+psycopg://", "postgresql://")

    def setup(self) -> None:
        self.port = self.args.port or _free_port()
        self.recreate_database()
        settings = Settings.from_env(self.environment())
        self.services = bootstrap(
            settings, PortalLinks.from_routes(settings.base_url, settings.secret_key)
        )
        assert self.services.engine is not None
        upgrade(self.services.engine)
        began = time.perf_counter()
        password_hash = self.services.hasher.hash(BENCH_PASSWORD)
        self.seeded = seed_school(
            self.services,
            code="99BE01",
            name="Grote school",
            groups=16,
            pupils_per_group=self.args.pupils_per_group,
            password_hash=password_hash,
        )
        for n in range(2, 2 + self.args.other_schools):
            seed_school(
                self.services,
                code=f"99BE{n:02d}",
                name=f"School {n}",
                groups=8,
                pupils_per_group=25,
                password_hash=password_hash,
                seed=n,
            )
        for extend in SETUP_EXTENSIONS:
            extend(self)
        if self.services.engine.dialect.name == "postgresql":
            # The statistics a database in use has: without them PostgreSQL guesses one row
            # per school and plans the pages' prepared statements for that (autovacuum, which
            # would analyse the new rows in time, is off on some machines, this one included).
            with self.services.engine.connect().execution_options(
                isolation_level="AUTOCOMMIT"
            ) as connection:
                connection.execute(text("ANALYZE"))
        self.facts["seed_seconds"] = round(time.perf_counter() - began, 1)
        self.facts["parents_big_school"] = len(self.seeded.parent_logins)

    # --- the server -------------------------------------------------------------------------

    def start_server(self) -> None:
        gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
        self.server = subprocess.Popen(
            [
                gunicorn,
                "--workers",
                str(self.args.workers),
                "--worker-class",
                "gthread",
                "--threads",
                str(self.args.threads),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
                "deborg.entrypoints.web:create_app()",
            ],
            env=self.environment(),
            cwd=self.workdir,
        )
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz") as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise SystemExit("gunicorn did not start")

    def stop_server(self) -> None:
        if self.server is not None:
            self.server.send_signal(signal.SIGTERM)
            self.server.wait(timeout=30)

    def server_memory_mb(self) -> float:
        """Resident memory of gunicorn: master plus workers (VmRSS)."""
        assert self.server is not None
        pids = [self.server.pid]
        children = Path(f"/proc/{self.server.pid}/task/{self.server.pid}/children")
        if children.exists():
            pids += [int(p) for p in children.read_text().split()]
        total = 0
        for pid in pids:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        return round(total / 1024, 1)

    def cpu(self) -> dict[str, float]:
        """CPU seconds used so far by gunicorn (master and workers), by every PostgreSQL
        process (another database's work on this server counts too) and by this process's
        finished children (the load generator runs are those)."""
        assert self.server is not None
        server = [self.server.pid, *_children(self.server.pid)]
        postgres = [int(p.name) for p in Path("/proc").iterdir() if _comm(p) == "postgres"]
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return {
            "server": sum(map(_cpu_seconds, server)),
            "postgres": sum(map(_cpu_seconds, postgres)),
            "load": children.ru_utime + children.ru_stime,
        }

    def cpu_used(self, before: dict[str, float]) -> dict[str, float]:
        after = self.cpu()
        return {k: after[k] - before[k] for k in after}

    # --- load -------------------------------------------------------------------------------

    def load(self, spec: dict[str, Any]) -> dict[str, Any]:
        spec = {"base_url": f"http://127.0.0.1:{self.port}", **spec}
        spec_file = self.workdir / "spec.json"
        spec_file.write_text(json.dumps(spec))
        output = subprocess.run(
            [sys.executable, "-m", "bench.load", str(spec_file)],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT.parent,
        )
        return json.loads(output.stdout)  # type: ignore[no-any-return]

    def login_cookie(self, login: str) -> str:
        """Log in over HTTP like a browser (form cookie, CSRF token); returns a Cookie header."""
        return http_login(self.port, login, BENCH_PASSWORD)


def http_login(port: int, login: str, password: str) -> str:
    import http.client
    import re
    from urllib.parse import urlencode

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", "/inloggen")
    response = connection.getresponse()
    page = response.read().decode()
    cookies = _cookies(response.getheaders())
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token, "no CSRF token on the login page"
    connection.request(
        "POST",
        "/inloggen",
        body=urlencode({"username": login, "password": password, "csrf_token": token.group(1)}),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        },
    )
    response = connection.getresponse()
    response.read()
    assert response.status == 302, f"login failed: {response.status}"
    cookies.update(_cookies(response.getheaders()))
    # Follow the redirect to Home as a browser does, keeping the form cookie it renews.
    connection.request(
        "GET", "/", headers={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items() if v)}
    )
    response = connection.getresponse()
    response.read()
    cookies.update(_cookies(response.getheaders()))
    connection.close()
    return "; ".join(f"{k}={v}" for k, v in cookies.items() if v)


def _cookies(headers: list[tuple[str, str]]) -> dict[str, str]:
    found = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            pair = value.split(";", 1)[0]
            key, _, val = pair.partition("=")
            found[key.strip()] = val.strip()
    return found


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        children = task / "children"
        if children.exists():
            found += [int(p) for p in children.read_text().split()]
    return found


def _comm(proc: Path) -> str:
    try:
        return (proc / "comm").read_text().strip() if proc.name.isdigit() else ""
    except OSError:
        return ""


def _cpu_seconds(pid: int) -> float:
    """utime + stime of a process (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _school_year(bench: Bench) -> None:
    """Home with realistic content: a year of news, messages and agenda, an open planning."""
    assert bench.services is not None
    assert bench.seeded is not None
    content.seed_school_year(bench.services, bench.seeded)
    conferences.extend(bench.services, bench.seeded, 1)


#: How many parents take turns on Home in the first case.
HOME_PARENTS = 40

#: Areas extend the setup (content, plannings) with fn(bench).
SETUP_EXTENSIONS: list[Callable[[Bench], None]] = [_school_year]

# --- the cases ------------------------------------------------------------------------------


def case_ceiling_and_home(bench: Bench) -> None:
    """Home against /healthz, interleaved twice (ceiling, Home, ceiling, Home) so that a
    disturbance from outside hits both; the better round of each is reported, with the CPU
    each request cost the server, PostgreSQL and the load generator."""
    assert bench.seeded is not None
    # Many parents, each returning to Home now and then (as after reading a message): every
    # request carries the cookie of the next parent in turn.
    cookies = [bench.login_cookie(login) for login in bench.seeded.parent_logins[:HOME_PARENTS]]
    budget = {
        "concurrency": bench.args.concurrency,
        "requests": bench.args.requests,
        "seconds": bench.args.seconds,
    }
    ceiling_spec = {**budget, "request": {"path": "/healthz"}}
    home_spec = {
        **budget,
        "requests_list": [
            {"path": "/", "headers": {"Cookie": cookies[n % len(cookies)]}}
            for n in range(bench.args.requests)
        ],
    }
    # Warm both routes so that neither pays for first-request work in the measurement.
    bench.load({**ceiling_spec, "requests": 50})
    bench.load({**home_spec, "requests": 2 * len(cookies)})
    rounds: dict[str, list[dict[str, Any]]] = {"ceiling": [], "home": []}
    for _ in range(2):
        for name, spec in (("ceiling", ceiling_spec), ("home", home_spec)):
            before = bench.cpu()
            result = bench.load(spec)
            result["cpu_s"] = bench.cpu_used(before)
            result["memory"] = bench.server_memory_mb()
            rounds[name].append(result)
    ceiling = max(rounds["ceiling"], key=lambda r: r["throughput"])
    home = max(rounds["home"], key=lambda r: r["throughput"])
    # /healthz never touches the database: what PostgreSQL burns meanwhile is other work on
    # the same server (another database's tests, autovacuum); Home's share is net of it.
    background = ceiling["cpu_s"]["postgres"] / ceiling["seconds"]
    for result in (ceiling, home):
        used = dict(result["cpu_s"])
        used["postgres"] = max(0.0, used["postgres"] - background * result["seconds"])
        result["cpu_ms"] = {k: round(v * 1000 / result["requests"], 3) for k, v in used.items()}
    bench.facts["postgres_background_cpu_per_s"] = round(background, 3)
    ratio = home["throughput"] / ceiling["throughput"] if ceiling["throughput"] else 0
    bench.facts["home_to_ceiling_ratio"] = round(ratio, 3)
    bench.facts["ceiling_rounds_req_per_s"] = [r["throughput"] for r in rounds["ceiling"]]
    bench.facts["home_rounds_req_per_s"] = [r["throughput"] for r in rounds["home"]]
    bench.facts["cpu_ms_per_request"] = {"ceiling": ceiling["cpu_ms"], "home": home["cpu_ms"]}
    bench.rows.append(
        Row(
            "Ceiling: GET /healthz (same app, no database, no session)",
            ceiling["throughput"],
            "req/s",
            ceiling["p50_ms"],
            ceiling["p99_ms"],
            ceiling["memory"],
            f"{_statuses(ceiling)}; CPU/request {_cpu(ceiling['cpu_ms'])}",
        )
    )
    bench.rows.append(
        Row(
            f"Home of {len(cookies)} logged-in parents in turn (a year of content, an open "
            "planning; built on every request)",
            home["throughput"],
            "req/s",
            home["p50_ms"],
            home["p99_ms"],
            home["memory"],
            f"{ratio:.0%} of the ceiling; {_statuses(home)}; CPU/request {_cpu(home['cpu_ms'])}",
        )
    )


def _cpu(cpu_ms: dict[str, float]) -> str:
    return (
        f"server {cpu_ms['server']:.2f} ms, PostgreSQL {cpu_ms['postgres']:.2f} ms, "
        f"load generator {cpu_ms['load']:.2f} ms"
    )


def case_booking_rush(bench: Bench) -> None:
    """500 parents with their own sessions press Reserveren when the plannings open."""
    assert bench.services is not None
    assert bench.seeded is not None
    prepared = rush.prepare(bench.services, bench.seeded)
    requests = rush.requests(bench.port, prepared)  # every parent has the page open
    began = time.perf_counter()
    mails = rush.open_plannings(bench.services, bench.seeded.school.id, prepared)
    opening = time.perf_counter() - began
    result = bench.load(
        {
            "concurrency": bench.args.rush_concurrency,
            "requests": len(requests),
            "seconds": 120,
            "requests_list": requests,
        }
    )
    outcomes = result["outcomes"]
    booked = outcomes.get("302", 0)
    taken = outcomes.get(f"409:{rush.TAKEN}", 0)
    changed = outcomes.get(f"409:{rush.CHANGED}", 0)
    unexpected = {k: v for k, v in outcomes.items() if k not in {"302", f"409:{rush.TAKEN}"}}
    unexpected.pop(f"409:{rush.CHANGED}", None)
    stored = rush.double_bookings(bench.args.database_url, prepared)
    bench.facts["booking_rush"] = {
        "parents": len(requests),
        "plannings": len(prepared.planning_ids),
        "booked": booked,
        "already_taken": taken,
        "changed_by_the_other_parent": changed,
        "unexpected": unexpected,
        "opening_seconds": round(opening, 2),
        "guardians_told_at_opening": mails,
        **stored,
    }
    bench.rows.append(
        Row(
            f"Booking rush: {len(requests)} parents, own sessions, at the opening",
            round(booked / result["seconds"], 1) if result["seconds"] else None,
            "bookings/s",
            result["p50_ms"],
            result["p99_ms"],
            bench.server_memory_mb(),
            f"{booked} booked or moved ({stored['bookings_stored']} bookings stored: the other "
            f"parent of a child moves its booking), {taken} 'already taken', {changed} "
            f"'changed by the other parent at the same moment', unexpected "
            f"{sum(unexpected.values())} {unexpected or ''}; "
            f"{stored['slots_booked_twice']} slots and {stored['children_booked_twice']} "
            f"children booked twice (SQL); {result['throughput']:.0f} answers/s",
        )
    )


def case_logins(bench: Bench) -> None:
    assert bench.seeded is not None
    hasher = Argon2PasswordHasher(**PRODUCTION)
    durations = []
    for _ in range(10):
        began = time.perf_counter()
        hasher.hash(BENCH_PASSWORD)
        durations.append(time.perf_counter() - began)
    one_hash_ms = statistics.median(durations) * 1000
    bench.facts["argon2id_parameters"] = PRODUCTION
    bench.facts["argon2id_one_hash_ms"] = round(one_hash_ms, 1)
    requests = []
    for login in bench.seeded.parent_logins[: bench.args.logins]:
        requests.append(_login_request(bench, login))
    result = bench.load(
        {
            "concurrency": bench.args.concurrency,
            "requests": len(requests),
            "seconds": bench.args.seconds * 2,
            "requests_list": requests,
        }
    )
    bench.rows.append(
        Row(
            "Login (argon2id verify + new session)",
            result["throughput"],
            "logins/s",
            result["p50_ms"],
            result["p99_ms"],
            bench.server_memory_mb(),
            f"one hash {one_hash_ms:.0f} ms in-process; {_statuses(result)}",
        )
    )


def _login_request(bench: Bench, login: str) -> dict[str, Any]:
    """A login POST with its own form cookie and CSRF token, fetched beforehand."""
    import http.client
    import re
    from urllib.parse import urlencode

    connection = http.client.HTTPConnection("127.0.0.1", bench.port, timeout=60)
    connection.request("GET", "/inloggen")
    response = connection.getresponse()
    page = response.read().decode()
    cookies = _cookies(response.getheaders())
    connection.close()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    return {
        "method": "POST",
        "path": "/inloggen",
        "body": urlencode(
            {"username": login, "password": BENCH_PASSWORD, "csrf_token": token.group(1)}
        ),
        "headers": {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        },
    }


def case_statement_counts(bench: Bench) -> None:
    """In-process, on SQLite: statements per main page at 1× and 10× the data."""
    from deborg.entrypoints.web import create_app

    for_scale = {}
    for factor in (1, 10):
        data = bench.workdir / f"count-{factor}"
        settings = Settings.from_env(
            {
                "DEBORG_DATA_DIR": str(data),
                "DEBORG_SECRET_KEY": "bench-secret-key-bench-secret-key-bench",
                "DEBORG_PASSWORD_HASHING": "cheap",
            }
        )
        services = bootstrap(
            settings, PortalLinks.from_routes(settings.base_url, settings.secret_key)
        )
        assert services.engine is not None
        upgrade(services.engine)
        seeded = querycount.seed_for_scale(services, factor, services.hasher.hash(BENCH_PASSWORD))
        app = create_app(services=services)
        for_scale[factor] = querycount.statements_per_page(app, services, seeded, BENCH_PASSWORD)
        services.engine.dispose()
    bench.facts["statements_per_page"] = {
        page: {"1x": for_scale[1][page], "10x": for_scale[10][page]} for page in for_scale[1]
    }
    for page, counts in bench.facts["statements_per_page"].items():
        same = "constant" if counts["1x"] == counts["10x"] else "GROWS WITH DATA"
        bench.rows.append(
            Row(
                f"SQL statements: {page}",
                None,
                "",
                None,
                None,
                None,
                f"{counts['1x']} at 1×, {counts['10x']} at 10×: {same}",
            )
        )


def case_home_breakdown(bench: Bench) -> None:
    """In-process, on the benchmark's PostgreSQL: where one Home request's CPU goes (thread
    CPU time of the session read, the page's reads, the template and the rest of Flask)."""
    from deborg.adapters.sqlalchemy.diagnostics import count_statements
    from deborg.entrypoints.web import create_app, portal, security

    assert bench.services is not None
    assert bench.seeded is not None
    app = create_app(services=bench.services)
    client = app.test_client()
    client.environ_base["wsgi.url_scheme"] = "https"  # the production cookies are Secure
    with bench.services.uow() as uow:
        parent = uow.parents.get_by_login(bench.seeded.parent_logins[0])
        assert parent is not None
        token = accounts.start_session(uow, bench.services.clock, bench.services.tokens, parent)
        uow.commit()
    client.set_cookie("__Host-deborg-session", token, secure=True)
    spent: dict[str, float] = {}
    originals = []

    def timed(module: Any, name: str, label: str) -> None:
        original = getattr(module, name)
        originals.append((module, name, original))

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            began = time.thread_time()
            try:
                return original(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.thread_time() - began

        setattr(module, name, wrapper)

    timed(security.accounts, "resolve_signed_in", "session, parent and school")
    timed(portal, "home_overview", "Home's reads")
    timed(portal, "render_template", "template")
    try:
        for _ in range(50):
            assert client.get("/").status_code == 200
        spent.clear()
        n = 300
        began = time.thread_time()
        for _ in range(n):
            client.get("/")
        total = (time.thread_time() - began) / n
        began = time.thread_time()
        for _ in range(n):
            client.get("/healthz")
        ceiling = (time.thread_time() - began) / n
    finally:
        for module, name, original in originals:
            setattr(module, name, original)
    assert bench.services.engine is not None
    with count_statements(bench.services.engine) as counted:
        client.get("/")
    parts = {k: v / n * 1000 for k, v in spent.items()}
    parts["rest of Flask and the test client"] = total * 1000 - sum(parts.values())
    bench.facts["home_cpu_breakdown_ms"] = {k: round(v, 2) for k, v in parts.items()}
    bench.facts["home_statements"] = counted.count
    bench.rows.append(
        Row(
            "Home, one request's CPU in-process (PostgreSQL)",
            None,
            "",
            None,
            None,
            None,
            f"{total * 1000:.2f} ms vs {ceiling * 1000:.2f} ms for /healthz: "
            + ", ".join(f"{k} {v:.2f} ms" for k, v in parts.items())
            + f"; {counted.count} statements",
        )
    )


def case_digest(bench: Bench) -> None:
    """The weekly digest for schools of 2,500 and 10,000 parents, each built in a process of
    its own (its CPU time and maximum resident size are its own)."""
    assert bench.services is not None
    password_hash = bench.services.hasher.hash(BENCH_PASSWORD)
    results = {}
    for index, (size, pupils_per_group) in enumerate(digest.SIZES.items()):
        code = f"99BE8{index}"
        prepared = digest.seed_digest_school(bench.services, code, password_hash, pupils_per_group)
        measured = digest.run_in_process(
            bench.args.database_url, code, str(bench.workdir / "digest")
        )
        results[size] = {**prepared, **measured}
    bench.facts["digest"] = results
    small, large = results[min(results)], results[max(results)]
    bench.rows.append(
        Row(
            f"Weekly digest: {large['parents']:,} parents, {large['items']} items",
            large["mails_per_second"],
            "mails/s",
            None,
            None,
            large["maxrss_mb"],
            f"{large['mails']:,} mails built and queued in {large['seconds']:.1f} s (one "
            f"transaction, batches of 500 parents); CPU of the digest process "
            f"{large['cpu_seconds']:.1f} s ({large['mails_per_cpu_second']:,.0f} mails per "
            f"CPU-second), PostgreSQL {large['postgres_cpu_seconds']} s; max RSS "
            f"{large['maxrss_mb']:.0f} MB ({large['maxrss_before_mb']:.0f} MB before the "
            f"digest) against {small['maxrss_mb']:.0f} MB ({small['maxrss_before_mb']:.0f} MB) "
            f"for {small['mails']:,} mails ({small['mails_per_second']:,.0f} mails/s); seeding "
            f"both schools took {small['seed_seconds'] + large['seed_seconds']:.1f} s",
        )
    )


def case_import(bench: Bench) -> None:
    """``deborg import`` of 1,000, 5,000 and 10,000 lines into an empty school, then again."""
    assert bench.services is not None
    services = bench.services

    def add_school(code: str) -> None:
        with services.uow() as uow:
            uow.schools.add(School(name=f"Importschool {code}", code=code, city="Assen"))
            uow.commit()

    environment = bench.environment()
    startup = importing.startup_seconds(environment)
    startup_cpu = importing.startup_cpu_seconds(environment)
    results = importing.measure(environment, bench.workdir, add_school)
    bench.facts["import"] = {
        "command_startup_seconds": round(startup, 2),
        "command_startup_cpu_seconds": round(startup_cpu, 2),
        "sizes": results,
        "cpu_per_line_largest_over_smallest": round(importing.linearity(results, startup_cpu), 2),
    }
    smallest = importing.cpu_per_line(results[0], startup_cpu)
    for result in results:
        lines = result["lines"]
        created = {kind: counts["created"] for kind, counts in result["summary"].items()}
        per_line = importing.cpu_per_line(result, startup_cpu)
        bench.rows.append(
            Row(
                f"Import: {lines:,} lines",
                round(lines / result["first_seconds"], 1),
                "lines/s",
                None,
                None,
                None,
                f"CPU {per_line * 1000:.2f} ms a line ({per_line / smallest:.2f}× the "
                f"smallest size's; the command's CPU {result['first_cpu_seconds']:.1f} s less "
                f"{startup_cpu:.1f} s of starting it); wall {result['first_seconds']:.1f} s "
                f"(created {created}); unchanged re-import {result['again_seconds']:.1f} s",
            )
        )


def _statuses(result: dict[str, Any]) -> str:
    return "statuses " + ", ".join(f"{k}×{v}" for k, v in sorted(result["statuses"].items()))


#: The cases in order. Areas append theirs (booking rush, digest, import).
CASES: list[Callable[[Bench], None]] = [
    case_ceiling_and_home,
    pages.case_pages_built,
    nodes.case_two_nodes,
    visits.case_realistic_visits,
    case_booking_rush,
    case_logins,
    # Last of the served cases: it adds a thousand schools' rows to the database.
    pages.case_many_schools,
]
IN_PROCESS_CASES: list[Callable[[Bench], None]] = [
    case_home_breakdown,
    case_statement_counts,
    case_digest,
    case_import,
]


# --- output ---------------------------------------------------------------------------------


def write_results(bench: Bench, name: str = "latest") -> str:
    RESULTS.mkdir(exist_ok=True)
    facts = {
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}",
        "database": make_url(bench.args.database_url).get_backend_name(),
        "server": f"gunicorn, {bench.args.workers} workers × {bench.args.threads} threads "
        "(gthread), production configuration",
        "load": f"{bench.args.concurrency} concurrent connections from a second process",
        **bench.facts,
    }
    lines = [
        "| case | throughput | p50 | p99 | memory | note |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in bench.rows:
        lines.append(
            f"| {row.case} | {_num(row.throughput, row.unit)} | {_num(row.p50_ms, 'ms')} | "
            f"{_num(row.p99_ms, 'ms')} | {_num(row.memory_mb, 'MB')} | {row.note} |"
        )
    table = "\n".join(lines)
    fact_lines = "\n".join(f"- {k}: {v}" for k, v in facts.items())
    (RESULTS / f"{name}.md").write_text(f"{table}\n\n{fact_lines}\n")
    (RESULTS / f"{name}.json").write_text(
        json.dumps(
            {"facts": facts, "rows": [attrs.asdict(r) for r in bench.rows]}, indent=2, default=str
        )
    )
    return f"{table}\n\n{fact_lines}"


def _num(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    return f"{value:,.1f} {unit}".strip()


def _chosen(cases: list[Callable[[Bench], None]], only: str) -> list[Callable[[Bench], None]]:
    names = {n.strip() for n in only.split(",") if n.strip()}
    return [c for c in cases if not names or c.__name__.removeprefix("case_") in names]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--database-url", default=os.environ.get("DEBORG_BENCH_DATABASE_URL", DEFAULT_PG)
    )
    parser.add_argument(
        "--port", type=int, default=0, help="the portal's port (default: any free one)"
    )
    parser.add_argument("--pupils-per-group", type=int, default=30)
    parser.add_argument("--other-schools", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--logins", type=int, default=60)
    parser.add_argument(
        "--rush-concurrency", type=int, default=64, help="connections of the booking rush"
    )
    parser.add_argument(
        "--visit-parents", type=int, default=200, help="parents of the realistic-visits case"
    )
    parser.add_argument(
        "--time-scale",
        type=float,
        default=10.0,
        help="realistic visits: pauses (and the cache's lifetimes) divided by this",
    )
    parser.add_argument(
        "--keep-database", action="store_true", help="leave the benchmark database behind"
    )
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated case names to run (e.g. pages_built,many_schools); default all",
    )
    parser.add_argument(
        "--results-name", default="latest", help="bench/results/NAME.md and NAME.json"
    )
    args = parser.parse_args()
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="deborg-bench-") as workdir:
        bench = Bench(args=args, workdir=Path(workdir))
        try:
            print("seeding …", flush=True)
            bench.setup()
            bench.start_server()
            try:
                for case in _chosen(CASES, args.only):
                    print(f"{case.__name__} …", flush=True)
                    case(bench)
            finally:
                bench.stop_server()
            for case in _chosen(IN_PROCESS_CASES, args.only):
                print(f"{case.__name__} …", flush=True)
                case(bench)
        finally:
            if bench.services is not None and bench.services.engine is not None:
                bench.services.engine.dispose()
            if not args.keep_database:
                bench.drop_database()
        bench.facts["bench_seconds"] = round(time.perf_counter() - began, 1)
        print(write_results(bench, args.results_name))


if __name__ == "__main__":
    main()
