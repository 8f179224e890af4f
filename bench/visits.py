"""Parents behaving like parents: realistic visits, arrivals over time, pauses.

``N`` parents of the big school arrive over a window (Poisson arrivals). A parent either logs
in (the login page, a few seconds of typing, the form, Home) or comes back with a session they
still have (Home). Then they open two or three other pages (Nieuws, Berichten, Agenda,
Groepen, a group page), reading each for a few seconds (3 s plus an exponential pause of mean
10 s, at most 45 s), and now and then go back to Home in between (three times in ten). Half of
them return later — 1.5 to 15 minutes after their last page, longer than a one-minute cache
would keep a page — to Home and perhaps one more page. Nothing is written at the school
meanwhile: what a cache would have liked best.

Time is compressed by ``--time-scale`` k: every pause and arrival gap is divided by k. The
plan (same seed each run) runs against a freshly started gunicorn. Reported: pages/s served
(the arrivals are open-loop, so this is the offered rate; what the visits cost shows in the
CPU per page), p50/p99 latency of every page, and CPU per page of gunicorn and of the
PostgreSQL backends of the benchmark's database.

This case measured the page cache that the portal had until 0008 (commit c153f16: the same
plan with the cache on and off, its lifetimes divided by k as well, hits counted in the
workers): Home was kept for 11 % of its views, and the CPU per page did not fall
(bench/results/visits-page-cache-on-off.md), so the cache was removed.

Runs inside ``nox -s bench`` (``bench/run.py``) or on its own:
``python -m bench.visits --database-url postgresql+psycopg://postgres@127.0.0.1:5432/NAME``.
The driver runs in a process of its own: ``python -m bench.visits --drive SPEC.json``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit

import psycopg
from sqlalchemy.engine import make_url

from bench.seed import BENCH_PASSWORD
from deborg.services import accounts

if TYPE_CHECKING:
    from bench.run import Bench

ROOT = Path(__file__).resolve().parent
SESSION_COOKIE = "__Host-deborg-session"  # production

#: Model time (seconds, before compression).
ARRIVAL_WINDOW = 600.0
LOGIN_TYPING = (4.0, 15.0)
THINK_MIN, THINK_MEAN, THINK_MAX = 3.0, 10.0, 45.0
BACK_HOME = 0.3
RETURNING = 0.5
RETURN_AFTER = (90.0, 900.0)
LOGS_IN = 0.35


def _think(rng: random.Random) -> float:
    return min(THINK_MAX, THINK_MIN + rng.expovariate(1 / THINK_MEAN))


def plan(logins: list[str], group_ids: list[int], *, seed: int = 7) -> list[dict[str, Any]]:
    """Each parent's visit: a list of steps (model seconds from the start, kind, path)."""
    rng = random.Random(seed)
    others = ["/nieuws", "/berichten", "/agenda", "/groepen/", "GROUP"]
    arrival = 0.0
    visits = []
    for login in logins:
        arrival += rng.expovariate(len(logins) / ARRIVAL_WINDOW)
        t = arrival
        steps: list[tuple[float, str, str]] = []
        logs_in = rng.random() < LOGS_IN
        if logs_in:
            steps.append((t, "login page", "/inloggen"))
            t += rng.uniform(*LOGIN_TYPING)
            steps.append((t, "login", "/inloggen"))
        steps.append((t, "home", "/"))
        pages = rng.sample(others, rng.choice([2, 3]))
        for n, page in enumerate(pages):
            if n and rng.random() < BACK_HOME:
                t += _think(rng)
                steps.append((t, "home", "/"))
            t += _think(rng)
            path = f"/groepen/{rng.choice(group_ids)}" if page == "GROUP" else page
            steps.append((t, "page", path))
        if rng.random() < RETURNING:
            t += rng.uniform(*RETURN_AFTER)
            steps.append((t, "home later", "/"))
            if rng.random() < 0.5:
                t += _think(rng)
                steps.append((t, "page", rng.choice(["/nieuws", "/berichten", "/agenda"])))
        visits.append({"login": login, "logs_in": logs_in, "steps": steps})
    return visits


# --- the driver (its own process) -----------------------------------------------------------


def _set_cookies(jar: dict[str, str], headers: list[tuple[str, str]]) -> None:
    for name, value in headers:
        if name.lower() == "set-cookie":
            key, _, val = value.split(";", 1)[0].partition("=")
            if val.strip():
                jar[key.strip()] = val.strip()
            else:
                jar.pop(key.strip(), None)


def _visit(
    base: Any, visit: dict[str, Any], scale: float, began: float, out: list[dict[str, Any]]
) -> None:
    jar: dict[str, str] = {}
    if visit.get("cookie"):
        jar[SESSION_COOKIE] = visit["cookie"]
    csrf = ""
    for at, kind, path in visit["steps"]:
        delay = began + at / scale - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        # A new connection for every page, as from a reverse proxy (and gunicorn closes idle
        # keep-alive connections after 2 s anyway).
        connection = http.client.HTTPConnection(base.hostname, base.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())}
        body = None
        method = "GET"
        if kind == "login":
            method = "POST"
            body = urlencode(
                {"username": visit["login"], "password": BENCH_PASSWORD, "csrf_token": csrf}
            )
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            payload = response.read()
            status = str(response.status)
            _set_cookies(jar, response.getheaders())
        except (OSError, http.client.HTTPException) as error:
            status, payload = f"error:{type(error).__name__}", b""
        elapsed = time.perf_counter() - started
        connection.close()
        if kind == "login page":
            found = re.search(rb'name="csrf_token" value="([^"]+)"', payload)
            csrf = found.group(1).decode() if found else ""
        out.append({"kind": kind, "status": status, "seconds": elapsed})


def drive(spec: dict[str, Any]) -> dict[str, Any]:
    base = urlsplit(spec["base_url"])
    if base.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("the driver only talks to loopback")
    scale = float(spec["time_scale"])
    records: list[dict[str, Any]] = []
    began = time.perf_counter() + 0.5
    threads = [
        threading.Thread(target=_visit, args=(base, visit, scale, began, records))
        for visit in spec["visits"]
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - began
    return {"seconds": round(seconds, 2), "records": records}


# --- the case -------------------------------------------------------------------------------


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _backend_cpu(database_url: str) -> dict[int, float]:
    """CPU seconds so far of every PostgreSQL backend connected to the benchmark's database
    (not the other databases of the same server, which other work may be using)."""
    from bench.run import _cpu_seconds

    url = make_url(database_url)
    conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as connection:
        pids = connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        ).fetchall()
    return {pid: _cpu_seconds(pid) for (pid,) in pids}


def _server_cpu(bench: Bench) -> float:
    from bench.run import _children, _cpu_seconds

    assert bench.server is not None
    return sum(map(_cpu_seconds, [bench.server.pid, *_children(bench.server.pid)]))


def _warm_up(bench: Bench) -> None:
    """A parent who is not in the plan opens every page a few times (both workers, new
    connections), so that neither round pays for a cold process (imports, templates)."""
    assert bench.services is not None
    assert bench.seeded is not None
    with bench.services.uow() as uow:
        parent = uow.parents.get_by_login(bench.seeded.parent_logins[-1])
        assert parent is not None
        token = accounts.start_session(uow, bench.services.clock, bench.services.tokens, parent)
        uow.commit()
    group = f"/groepen/{bench.seeded.group_ids[0]}"
    for _ in range(4):
        for path in ("/inloggen", "/", "/nieuws", "/berichten", "/agenda", "/groepen/", group):
            connection = http.client.HTTPConnection("127.0.0.1", bench.port, timeout=60)
            connection.request("GET", path, headers={"Cookie": f"{SESSION_COOKIE}={token}"})
            connection.getresponse().read()
            connection.close()


def run_round(bench: Bench, visits: list[dict[str, Any]]) -> dict[str, Any]:
    """The visits against a freshly started gunicorn."""
    assert bench.services is not None
    bench.stop_server()
    try:
        bench.start_server()
        # Parents who come back with a session still have one (made now, this round's own).
        with bench.services.uow() as uow:
            for visit in visits:
                visit["cookie"] = None
                if not visit["logs_in"]:
                    parent = uow.parents.get_by_login(visit["login"])
                    assert parent is not None
                    visit["cookie"] = accounts.start_session(
                        uow, bench.services.clock, bench.services.tokens, parent
                    )
            uow.commit()
        _warm_up(bench)
        spec = {
            "base_url": f"http://127.0.0.1:{bench.port}",
            "time_scale": bench.args.time_scale,
            "visits": visits,
        }
        spec_file = bench.workdir / "visits.json"
        spec_file.write_text(json.dumps(spec))
        server_before = _server_cpu(bench)
        pg_before = _backend_cpu(bench.args.database_url)
        began = time.perf_counter()
        output = subprocess.run(
            [sys.executable, "-m", "bench.visits", "--drive", str(spec_file)],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT.parent,
        )
        wall = time.perf_counter() - began
        server_cpu = _server_cpu(bench) - server_before
        pg_after = _backend_cpu(bench.args.database_url)
        pg_cpu = sum(cpu - pg_before.get(pid, 0.0) for pid, cpu in pg_after.items())
        memory = bench.server_memory_mb()
    finally:
        bench.stop_server()
    result = json.loads(output.stdout)
    records = result["records"]
    pages = len(records)
    latencies = [r["seconds"] for r in records]
    by_kind: dict[str, list[float]] = {}
    for r in records:
        by_kind.setdefault(r["kind"], []).append(r["seconds"])
    statuses: dict[str, int] = {}
    for r in records:
        statuses[r["status"]] = statuses.get(r["status"], 0) + 1
    return {
        "pages": pages,
        "seconds": result["seconds"],
        "driver_wall_seconds": round(wall, 2),
        "pages_per_s": round(pages / result["seconds"], 2),
        "p50_ms": round(_percentile(latencies, 0.5) * 1000, 2),
        "p99_ms": round(_percentile(latencies, 0.99) * 1000, 2),
        "by_kind_p50_ms": {
            k: round(statistics.median(v) * 1000, 2) for k, v in sorted(by_kind.items())
        },
        "by_kind_count": {k: len(v) for k, v in sorted(by_kind.items())},
        "statuses": statuses,
        "cpu_ms_per_page": {
            "server": round(server_cpu * 1000 / pages, 3),
            "postgres": round(pg_cpu * 1000 / pages, 3),
        },
        "memory_mb": memory,
    }


def case_realistic_visits(bench: Bench) -> None:
    """The visits of ``--visit-parents`` parents against a fresh gunicorn."""
    from bench.run import Row, _statuses

    assert bench.seeded is not None
    rng = random.Random(3)
    logins = rng.sample(list(bench.seeded.parent_logins[:-1]), bench.args.visit_parents)
    visits = plan(logins, list(bench.seeded.group_ids))
    result = run_round(bench, visits)
    bench.facts["realistic_visits"] = {
        "parents": len(visits),
        "time_scale": bench.args.time_scale,
        "model_minutes": round(max(s[0] for v in visits for s in v["steps"]) / 60, 1),
        **result,
    }
    cpu = result["cpu_ms_per_page"]
    bench.rows.append(
        Row(
            f"Realistic visits: {len(visits)} parents arriving over {ARRIVAL_WINDOW / 60:.0f} "
            "min, a few pages each with pauses, half return later (time "
            f"÷{bench.args.time_scale:g})",
            result["pages_per_s"],
            "pages/s",
            result["p50_ms"],
            result["p99_ms"],
            result["memory_mb"],
            f"{result['pages']} pages ({_statuses(result)}); CPU/page server "
            f"{cpu['server']:.2f} ms, PostgreSQL {cpu['postgres']:.2f} ms",
        )
    )
    bench.start_server()  # the cases after this one expect a server with the defaults


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--drive", help="run the driver on a spec file (internal)")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--parents", type=int, default=200)
    parser.add_argument("--time-scale", type=float, default=10.0)
    parser.add_argument("--keep-database", action="store_true")
    args = parser.parse_args()
    if args.drive:
        with open(args.drive) as handle:
            print(json.dumps(drive(json.load(handle))))
        return
    import tempfile

    from bench.run import DEFAULT_PG, Bench, write_results

    bench_args = argparse.Namespace(
        database_url=args.database_url or DEFAULT_PG,
        pupils_per_group=30,
        other_schools=4,
        workers=2,
        threads=4,
        concurrency=8,
        visit_parents=args.parents,
        time_scale=args.time_scale,
    )
    with tempfile.TemporaryDirectory(prefix="deborg-visits-") as workdir:
        bench = Bench(args=bench_args, workdir=Path(workdir))
        try:
            print("seeding …", flush=True)
            bench.setup()
            bench.start_server()
            try:
                print("case_realistic_visits …", flush=True)
                case_realistic_visits(bench)
            finally:
                bench.stop_server()
        finally:
            if bench.services is not None and bench.services.engine is not None:
                bench.services.engine.dispose()
            if not args.keep_database:
                bench.drop_database()
        print(write_results(bench, name="visits"))


if __name__ == "__main__":
    main()
