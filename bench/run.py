"""`nox -s bench`: seed, serve under gunicorn, measure from a second process, write the table.

Everything runs on this machine, loopback only, bounded by request counts and time limits.
Results: bench/results/latest.md and latest.json (the README quotes the latest table).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
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
from sqlalchemy.engine import make_url

from bench import querycount
from bench.seed import BENCH_PASSWORD, SeededSchool, seed_school
from deborg.adapters.argon2_hasher import PRODUCTION, Argon2PasswordHasher
from deborg.adapters.sqlalchemy.database import upgrade
from deborg.bootstrap import Services, bootstrap
from deborg.config import Settings

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

    # --- environment ------------------------------------------------------------------------

    def environment(self) -> dict[str, str]:
        return {
            **os.environ,
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
        admin = url.set(database="postgres").render_as_string(hide_password=False)
        admin = admin.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{url.database}"')

    def setup(self) -> None:
        self.port = _free_port()
        self.recreate_database()
        settings = Settings.from_env(self.environment())
        self.services = bootstrap(settings)
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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


#: Areas extend the setup (content, plannings) with fn(bench).
SETUP_EXTENSIONS: list[Callable[[Bench], None]] = []

# --- the cases ------------------------------------------------------------------------------


def case_ceiling_and_home(bench: Bench) -> None:
    assert bench.seeded is not None
    cookie = bench.login_cookie(bench.seeded.parent_logins[0])
    budget = {
        "concurrency": bench.args.concurrency,
        "requests": bench.args.requests,
        "seconds": bench.args.seconds,
    }
    # Warm both routes so that neither pays for first-request work in the measurement.
    bench.load({**budget, "requests": 50, "request": {"path": "/healthz"}})
    bench.load({**budget, "requests": 50, "request": {"path": "/", "headers": {"Cookie": cookie}}})
    ceiling = bench.load({**budget, "request": {"path": "/healthz"}})
    memory = bench.server_memory_mb()
    bench.rows.append(
        Row(
            "Ceiling: GET /healthz (no database, no session)",
            ceiling["throughput"],
            "req/s",
            ceiling["p50_ms"],
            ceiling["p99_ms"],
            memory,
            _statuses(ceiling),
        )
    )
    home = bench.load({**budget, "request": {"path": "/", "headers": {"Cookie": cookie}}})
    memory = bench.server_memory_mb()
    ratio = home["throughput"] / ceiling["throughput"] if ceiling["throughput"] else 0
    bench.facts["home_to_ceiling_ratio"] = round(ratio, 3)
    bench.rows.append(
        Row(
            "Home of a logged-in parent",
            home["throughput"],
            "req/s",
            home["p50_ms"],
            home["p99_ms"],
            memory,
            f"{ratio:.0%} of the ceiling; {_statuses(home)}",
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
        services = bootstrap(settings)
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


def _statuses(result: dict[str, Any]) -> str:
    return "statuses " + ", ".join(f"{k}×{v}" for k, v in sorted(result["statuses"].items()))


#: The cases in order. Areas append theirs (booking rush, digest, import).
CASES: list[Callable[[Bench], None]] = [case_ceiling_and_home, case_logins]
IN_PROCESS_CASES: list[Callable[[Bench], None]] = [case_statement_counts]


# --- output ---------------------------------------------------------------------------------


def write_results(bench: Bench) -> str:
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
        "| case | throughput | p50 | p99 | server memory | note |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in bench.rows:
        lines.append(
            f"| {row.case} | {_num(row.throughput, row.unit)} | {_num(row.p50_ms, 'ms')} | "
            f"{_num(row.p99_ms, 'ms')} | {_num(row.memory_mb, 'MB')} | {row.note} |"
        )
    table = "\n".join(lines)
    fact_lines = "\n".join(f"- {k}: {v}" for k, v in facts.items())
    (RESULTS / "latest.md").write_text(f"{table}\n\n{fact_lines}\n")
    (RESULTS / "latest.json").write_text(
        json.dumps(
            {"facts": facts, "rows": [attrs.asdict(r) for r in bench.rows]}, indent=2, default=str
        )
    )
    return f"{table}\n\n{fact_lines}"


def _num(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    return f"{value:,.1f} {unit}".strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--database-url", default=os.environ.get("DEBORG_BENCH_DATABASE_URL", DEFAULT_PG)
    )
    parser.add_argument("--pupils-per-group", type=int, default=30)
    parser.add_argument("--other-schools", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--logins", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="deborg-bench-") as workdir:
        bench = Bench(args=args, workdir=Path(workdir))
        print("seeding …", flush=True)
        bench.setup()
        bench.start_server()
        try:
            for case in CASES:
                print(f"{case.__name__} …", flush=True)
                case(bench)
        finally:
            bench.stop_server()
        for case in IN_PROCESS_CASES:
            print(f"{case.__name__} …", flush=True)
            case(bench)
        print(write_results(bench))


if __name__ == "__main__":
    main()
