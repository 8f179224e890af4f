"""Two builds of the portal (or two databases) measured side by side, in-process, alternating.

The served rates of bench/run.py move with whatever else runs on the machine; a comparison of
two versions of the code, or of one school against a thousand schools' rows, is fairer when
both are measured in the same few minutes, alternately, by the thread CPU a request costs in
this process (what the portal's own Python does; PostgreSQL's share is measured apart).

    python -m bench.sidebyside seed --database-url URL --state STATE.json
    python -m bench.sidebyside tenants --database-url URL --copy-to URL2  # + 1,000 schools
    python -m bench.sidebyside compare --state STATE.json \\
        --run a=SRC_A@URL --run b=SRC_B@URL [--rounds 60] [--turns 3]

``seed`` creates the benchmark's big school (the same setup as bench/run.py, no server) and
writes what the pages need (a parent's login, the pages' paths) to STATE.json. ``compare``
starts ``measure`` as a subprocess per run label (PYTHONPATH=SRC, so each runs its own
version of deborg against its database), turn by turn, and prints each page's median over the
turns and the ratio of every run to the first. ``measure`` is the subprocess: each page is
requested once to warm up, then ``rounds`` times; it prints each page's median wall time,
median thread CPU, statement count, and PostgreSQL's own execution and planning time of the
page's statements (EXPLAIN ANALYZE of each statement with its parameters, PostgreSQL only).
Only deborg's public entry points are used, so an older checkout can be measured too."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _environment(database_url: str, data_dir: str) -> dict[str, str]:
    return {
        **os.environ,
        "DEBORG_ENV": "production",
        "DEBORG_SECRET_KEY": "bench-secret-key-bench-secret-key-bench",
        "DEBORG_DATA_DIR": data_dir,
        "DEBORG_DATABASE_URL": database_url,
        "DEBORG_BASE_URL": "http://127.0.0.1:18200",
    }


def seed(args: argparse.Namespace) -> None:
    from bench import conferences, querycount
    from bench.run import Bench

    parsed = argparse.Namespace(
        database_url=args.database_url, pupils_per_group=30, other_schools=4, port=18201
    )
    with tempfile.TemporaryDirectory(prefix="deborg-sidebyside-") as workdir:
        bench = Bench(args=parsed, workdir=Path(workdir))
        bench.setup()
        assert bench.seeded is not None
        assert bench.services is not None
        state = {
            "login": bench.seeded.parent_logins[0],
            "pages": {name: path_for(bench.seeded) for name, path_for in querycount.MAIN_PAGES},
            "booking": conferences.PAGES[bench.seeded.school.code],
        }
        if bench.services.engine is not None:
            bench.services.engine.dispose()
    Path(args.state).write_text(json.dumps(state, indent=1))
    print(json.dumps(state, indent=1))


def tenants(args: argparse.Namespace) -> None:
    """Copy the seeded database (CREATE DATABASE … TEMPLATE) and add the thousand schools to
    the copy, so that both hold the same big school with the same ids."""
    import psycopg
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from bench import tenants as tenant_rows

    source, target = make_url(args.database_url), make_url(args.copy_to)
    admin = source.set(database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin.replace("+psycopg", ""), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{target.database}" TEMPLATE "{source.database}"')
    engine = create_engine(args.copy_to)
    try:
        written = tenant_rows.add_schools(engine, args.schools)
    finally:
        engine.dispose()
    print(json.dumps(written))


def measure(args: argparse.Namespace) -> None:
    state = json.loads(Path(args.state).read_text())
    with tempfile.TemporaryDirectory(prefix="deborg-sidebyside-") as data_dir:
        os.environ.update(_environment(args.database_url, data_dir))
        print(json.dumps(_measure(state, args.rounds, args.only)))


def _measure(state: dict[str, Any], rounds: int, only: str) -> dict[str, dict[str, float]]:
    from sqlalchemy import event

    from bench.pages import median_ms
    from deborg.bootstrap import bootstrap
    from deborg.config import Settings
    from deborg.entrypoints.web import create_app
    from deborg.entrypoints.web.links import PortalLinks
    from deborg.services import accounts

    settings = Settings.from_env(dict(os.environ))
    services = bootstrap(settings, PortalLinks.from_routes(settings.base_url, settings.secret_key))
    engine = services.engine
    assert engine is not None
    with services.uow() as uow:
        parent = uow.parents.get_by_login(state["login"])
        assert parent is not None
        token = accounts.start_session(uow, services.clock, services.tokens, parent)
        uow.commit()
    client = create_app(services=services).test_client()
    client.environ_base["wsgi.url_scheme"] = "https"  # the production cookies are Secure
    client.set_cookie("__Host-deborg-session", token, secure=True)
    wanted = {n.strip() for n in only.split(",") if n.strip()}
    results: dict[str, dict[str, float]] = {}
    for name, path in state["pages"].items():
        if wanted and name not in wanted:
            continue
        response = client.get(path)
        assert response.status_code == 200, (name, path, response.status_code)
        statements: list[tuple[str, Any]] = []

        def record(conn: Any, cursor: Any, statement: str, parameters: Any, *rest: Any) -> None:
            if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK")):
                statements.append((statement, parameters))  # noqa: B023 - one page at a time

        event.listen(engine, "before_cursor_execute", record)
        try:
            client.get(path)
        finally:
            event.remove(engine, "before_cursor_execute", record)
        results[name] = {
            **median_ms(client, path, rounds),
            "statements": len(statements),
            **_postgres_ms(engine, statements),
        }
    engine.dispose()
    return results


def _postgres_ms(engine: Any, statements: list[tuple[str, Any]]) -> dict[str, float]:
    """PostgreSQL's own time for the page's statements: EXPLAIN ANALYZE of each, with its
    parameters, three times; the median of each statement's execution and planning time, summed.
    Writes (the session's last-seen) are analysed inside a transaction that is rolled back."""
    if engine.dialect.name != "postgresql":
        return {}
    executing = planning = 0.0
    with engine.raw_connection() as raw:
        cursor = raw.cursor()
        for statement, parameters in statements:
            runs = []
            for _ in range(3):
                cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {statement}", parameters)
                plan = cursor.fetchone()[0][0]
                runs.append((plan["Execution Time"], plan["Planning Time"]))
            raw.rollback()
            executing += statistics.median(r[0] for r in runs)
            planning += statistics.median(r[1] for r in runs)
    return {"pg_exec_ms": round(executing, 3), "pg_plan_ms": round(planning, 3)}


def compare(args: argparse.Namespace) -> None:
    """Alternate the runs turn by turn; each page's medians over the turns, ratios to the first."""
    runs = []
    for spec in args.run:
        label, _, rest = spec.partition("=")
        source, _, url = rest.partition("@")
        runs.append((label, source, url))
    turns: dict[str, list[dict[str, dict[str, float]]]] = {label: [] for label, _, _ in runs}
    load = []
    for turn in range(args.turns):
        order = runs if turn % 2 == 0 else runs[::-1]
        for label, source, url in order:
            load.append(os.getloadavg()[0])
            output = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "bench.sidebyside",
                    "measure",
                    "--state",
                    args.state,
                    "--database-url",
                    url,
                    "--rounds",
                    str(args.rounds),
                    "--only",
                    args.only,
                ],
                check=True,
                capture_output=True,
                text=True,
                cwd=ROOT,
                env={**os.environ, "PYTHONPATH": f"{source}{os.pathsep}{ROOT}"},
            )
            turns[label].append(json.loads(output.stdout.strip().splitlines()[-1]))
            print(f"turn {turn + 1} {label} done", file=sys.stderr, flush=True)
    summary: dict[str, Any] = {"load_average": [round(min(load), 2), round(max(load), 2)]}
    first = runs[0][0]
    for label, _, _ in runs:
        summary[label] = {
            page: {
                key: round(statistics.median(t[page][key] for t in turns[label]), 3)
                for key in turns[label][0][page]
            }
            for page in turns[label][0]
        }
    lines = [f"load average {summary['load_average'][0]}–{summary['load_average'][1]}"]
    header = "| page | " + " | ".join(
        f"{label} CPU ms | {label} wall ms | {label} PG ms | {label} stmts" for label, _, _ in runs
    )
    ratios = " | ".join(f"{label}/{first} CPU | {label}/{first} PG" for label, _, _ in runs[1:])
    lines.append(f"{header} | {ratios} |")
    for page, base in summary[first].items():
        cells = []
        for label, _, _ in runs:
            r = summary[label][page]
            pg = r.get("pg_exec_ms", 0.0) + r.get("pg_plan_ms", 0.0)
            cells.append(
                f"{r['cpu_ms']:.2f} | {r['wall_ms']:.2f} | {pg:.2f} | {r['statements']:.0f}"
            )
        base_pg = base.get("pg_exec_ms", 0.0) + base.get("pg_plan_ms", 0.0)
        shares = []
        for label, _, _ in runs[1:]:
            r = summary[label][page]
            pg = r.get("pg_exec_ms", 0.0) + r.get("pg_plan_ms", 0.0)
            shares.append(
                f"{r['cpu_ms'] / base['cpu_ms']:.2f}× | {pg / base_pg if base_pg else 0:.2f}×"
            )
        lines.append(f"| {page} | " + " | ".join(cells) + " | " + " | ".join(shares) + " |")
    print("\n".join(lines))
    if args.output:
        Path(args.output).write_text(json.dumps({"turns": turns, "summary": summary}, indent=1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    seeding = commands.add_parser("seed")
    seeding.add_argument("--database-url", required=True)
    seeding.add_argument("--state", required=True)
    adding = commands.add_parser("tenants")
    adding.add_argument("--database-url", required=True)
    adding.add_argument("--copy-to", required=True)
    adding.add_argument("--schools", type=int, default=1_000)
    measuring = commands.add_parser("measure")
    measuring.add_argument("--database-url", required=True)
    measuring.add_argument("--state", required=True)
    measuring.add_argument("--rounds", type=int, default=60)
    measuring.add_argument("--only", default="")
    comparing = commands.add_parser("compare")
    comparing.add_argument("--state", required=True)
    comparing.add_argument("--run", action="append", required=True, help="label=SRC@URL")
    comparing.add_argument("--rounds", type=int, default=60)
    comparing.add_argument("--turns", type=int, default=3)
    comparing.add_argument("--only", default="")
    comparing.add_argument("--output", default="")
    args = parser.parse_args()
    {"seed": seed, "tenants": tenants, "measure": measure, "compare": compare}[args.command](args)


if __name__ == "__main__":
    main()
