"""The weekly digest of a school with 10,000 parents: a week of news, messages and agenda items
(every parent keeps a digest line per item), then the digest built in a process of its own, so
that its CPU time and peak memory are its own:

    python -m bench.digest run DATABASE_URL SCHOOL_CODE DATA_DIR    # prints a JSON result
    python -m bench.digest compare --database-url URL [--baseline SRC] [--sizes 2500 10030]

The run builds every mail (text, recipients, outbox rows) in the one transaction the digest
uses in production; it reports mails per second of wall time and per CPU-second of its own
process (what a busy machine disturbs least), the CPU time of the database's PostgreSQL
backends meanwhile, and the process's peak resident size before and after the digest (with
``--tracemalloc`` also tracemalloc's peak of Python allocations, which slows every allocation
down). ``compare`` seeds one school per size and per code base into an existing database and
runs the digest of each in turn, the code of ``--baseline`` (e.g. ``/work/main/src``) on one
school and this tree's on its twin, side by side in one run.

The school is written in bulk (pupils, parents, guardianships with multi-row INSERTs); the
seven items themselves are published through the use cases while one family per group is
linked, so their digest lines are the use cases' own, and each item's line is then copied to
every other parent its audience reaches (the audience rule of the use cases,
:func:`guardians_of`), in multi-row INSERTs: the same lines publishing to every parent keeps,
in seconds instead of minutes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

import attrs
from sqlalchemy import insert, select, text

from bench.seed import BENCH_PASSWORD, SeededSchool, add_school, new_parent, new_pupil
from deborg.adapters.memory import FixedClock
from deborg.adapters.sqlalchemy.database import upgrade
from deborg.adapters.sqlalchemy.notifications import DigestEntryRow
from deborg.bootstrap import Services, bootstrap
from deborg.config import Settings
from deborg.domain.model import Guardianship, Parent, School
from deborg.domain.notifications.schedule import latest_digest_moment
from deborg.entrypoints.web.links import PortalLinks
from deborg.services.content import publishing
from deborg.services.content.audience import guardians_of
from deborg.services.content.publishing import AgendaInput
from deborg.services.notifications.digest import run_school_digest

ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY = "bench-secret-key-bench-secret-key-bench"  # noqa: S105 - the bench's own key
#: 16 groups of 435 pupils: about 1.44 parents per pupil gives a little over 10,000 parents.
GROUPS = 16
PUPILS_PER_GROUP = 435
#: Pupils per group for about 2,500 and 10,000 parents (with ``seed=80``: 2,522 and 10,030).
SIZES = {2_500: 108, 10_030: PUPILS_PER_GROUP}


def seed_school_in_bulk(
    services: Services,
    *,
    code: str,
    pupils_per_group: int,
    password_hash: str,
    seed: int = 80,
) -> tuple[SeededSchool, list[Guardianship]]:
    """The digest school (the family shape of :func:`bench.seed.seed_school`: one or two
    parents per pupil, one pupil in ten a sibling of the previous one) written with
    ``add_many``. Only the first family of each group is linked to its child; the other
    guardianships are returned, to be added after the week's items were published."""
    rng = random.Random(seed)
    now = services.clock.now()
    with services.uow() as uow:
        school, groups = add_school(uow, code=code, name="Digestschool", groups=GROUPS)
        pupils = [
            new_pupil(school.id, group.id, code, g * pupils_per_group + n + 1)
            for g, group in enumerate(groups)
            for n in range(pupils_per_group)
        ]
        children = uow.children.add_many(pupils)
        parents: list[Parent] = []
        families: list[list[int]] = []  # per pupil: indexes into parents
        for number in range(1, len(pupils) + 1):
            if families and rng.random() < 0.1:
                families.append(families[-1])  # a sibling in another group
                continue
            family = []
            for p in range(2 if rng.random() < 0.6 else 1):
                login = f"ouder{number}-{p}.{code.lower()}@bench.example"
                family.append(len(parents))
                parents.append(new_parent(school.id, login, number, password_hash, now))
            families.append(family)
        stored = uow.parents.add_many(parents)
        links = [
            Guardianship(school.id, stored[index].id, child.id)
            for child, family in zip(children, families, strict=True)
            for index in family
        ]
        first_of_group = {child.group_id: child.id for child in reversed(children)}
        now_linked = [g for g in links if g.child_id in first_of_group.values()]
        uow.guardianships.add_many(now_linked)
        uow.commit()
    seeded = SeededSchool(
        school=school,
        parent_logins=tuple(p.login_name for p in stored),
        group_ids=tuple(g.id for g in groups),
    )
    return seeded, [g for g in links if g not in now_linked]


def publish_week(services: Services, school: School) -> list[publishing.Published[Any]]:
    """Three news items, two messages (one for the whole school, one for a group) and two
    agenda items, published through the use cases two days before the digest moment."""
    due = latest_digest_moment(services.clock.now(), school.settings, school.timezone)
    clock = FixedClock(due - dt.timedelta(days=2))
    s = attrs.evolve(services, clock=clock)
    body = "<p>Beste ouders,</p><p>" + "Een alinea over wat er deze week gebeurde. " * 8 + "</p>"
    published: list[publishing.Published[Any]] = []
    for n in range(3):
        published.append(
            publishing.post_news(
                s.uow(), clock, s.links, s.richtext,
                school_id=school.id, title=f"Nieuws van de week {n}", body=body,
            )
        )  # fmt: skip
        clock.advance(dt.timedelta(hours=2))
    for n in range(2):
        published.append(
            publishing.post_message(
                s.uow(), clock, s.links, s.richtext,
                school_id=school.id, title=f"Bericht {n}", body=body,
                group_names=[f"Groep {n + 1}"] if n else (),
            )
        )  # fmt: skip
        clock.advance(dt.timedelta(hours=2))
    for n in range(2):
        day = (clock.now() + dt.timedelta(days=10 + n)).date()
        published.append(
            publishing.add_agenda_item(
                s.uow(), clock, s.links, s.richtext, school_id=school.id,
                data=AgendaInput(title=f"Activiteit {n}", description=body, day=day),
            )
        )  # fmt: skip
    return published


def copy_lines_to_everyone(
    services: Services, school: School, published: list[publishing.Published[Any]]
) -> int:
    """Each published item's digest line, as its use case kept it for the first families,
    for every other active guardian its audience reaches; returns the number of lines now."""
    assert services.engine is not None
    table = DigestEntryRow.__table__
    total = 0
    with services.uow() as uow:
        reached = {
            (p.item.kind, p.item.id): [parent.id for parent, _ in guardians_of(
                uow, school.id, p.item.audience, active_only=True
            )]
            for p in published
        }  # fmt: skip
    with services.engine.begin() as connection:
        for p in published:
            kept = connection.execute(
                select(table).where(
                    table.c.school_id == school.id,
                    table.c.ref_kind == p.item.kind.value,
                    table.c.ref_id == p.item.id,
                )
            ).all()
            has_line = {row.parent_id for row in kept}
            template = {k: v for k, v in kept[0]._mapping.items() if k not in ("id", "parent_id")}
            rows = [
                {**template, "parent_id": parent_id}
                for parent_id in reached[p.item.kind, p.item.id]
                if parent_id not in has_line
            ]
            for start in range(0, len(rows), 1000):
                connection.execute(insert(table), rows[start : start + 1000])
            total += len(kept) + len(rows)
    return total


def seed_digest_school(
    services: Services, code: str, password_hash: str, pupils_per_group: int
) -> dict[str, Any]:
    """The digest school (:data:`GROUPS` groups of ``pupils_per_group`` pupils) with its week
    of lines."""
    began = time.perf_counter()
    seeded, later = seed_school_in_bulk(
        services, code=code, pupils_per_group=pupils_per_group, password_hash=password_hash
    )
    published = publish_week(services, seeded.school)
    with services.uow() as uow:
        uow.guardianships.add_many(later)
        uow.commit()
    lines = copy_lines_to_everyone(services, seeded.school, published)
    return {
        "parents": len(seeded.parent_logins),
        "seed_seconds": round(time.perf_counter() - began, 1),
        "items": len(published),
        "digest_lines": lines,
    }


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _postgres_cpu(services: Services) -> float | None:
    """CPU seconds of this database's PostgreSQL backends so far (None if not readable)."""
    assert services.engine is not None
    if services.engine.dialect.name != "postgresql":
        return None
    with services.engine.connect() as connection:
        pids = connection.scalars(
            text("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
        ).all()
    ticks = 0
    try:
        for pid in pids:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
    except OSError:
        return None
    return ticks / os.sysconf("SC_CLK_TCK")


def _peak_rss_mb() -> float:
    """This process's peak resident size (VmHWM). Not ``ru_maxrss``: Linux carries that
    over from the parent across fork and exec, so a digest process started by the bench
    (which seeded 10,000 parents) would report the bench's peak, not its own."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _services(database_url: str, data_dir: str) -> Services:
    settings = Settings.from_env(
        {
            "DEBORG_DATABASE_URL": database_url,
            "DEBORG_DATA_DIR": data_dir,
            "DEBORG_SECRET_KEY": SECRET_KEY,
        }
    )
    return bootstrap(settings, PortalLinks.from_routes(settings.base_url, settings.secret_key))


def run(database_url: str, code: str, data_dir: str, trace: bool = False) -> dict[str, Any]:
    """Build and queue the school's digest. ``trace``: with tracemalloc on, which reports the
    peak of Python allocations but slows every allocation down (so the rate is not measured
    with it: the benchmark runs the digest without it and reports the resident size)."""
    services = _services(database_url, data_dir)
    with services.uow() as uow:
        school = uow.schools.get_by_code(code)
    assert school is not None
    rss_before = _peak_rss_mb()
    if trace:
        tracemalloc.start()
    postgres = _postgres_cpu(services)
    cpu = _cpu()
    began = time.perf_counter()
    mails = run_school_digest(
        services.uow(),
        services.clock,
        services.links,
        school_id=school.id,
        lookups=services.areas.digest_lookups,
    )
    seconds = time.perf_counter() - began
    cpu_seconds = _cpu() - cpu
    postgres_after = _postgres_cpu(services)
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    tracemalloc.stop()
    rss_after = _peak_rss_mb()
    assert mails, "no digest was due"
    return {
        "mails": mails,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu_seconds, 2),
        "mails_per_second": round(mails / seconds, 1),
        "mails_per_cpu_second": round(mails / cpu_seconds, 1),
        # The digest's own backend (the pool's one connection), and any other of this
        # database's: the benchmark's database has no other clients while the digest runs.
        "postgres_cpu_seconds": None
        if postgres is None or postgres_after is None
        else round(postgres_after - postgres, 2),
        "tracemalloc_peak_mb": round(peak / 2**20, 1) if trace else None,
        "maxrss_mb": rss_after,
        "maxrss_before_mb": rss_before,
    }


def run_in_process(
    database_url: str, code: str, data_dir: str, python_path: str = ""
) -> dict[str, Any]:
    """:func:`run` in a process of its own (with ``python_path`` first on its path)."""
    env = dict(os.environ)
    if python_path:
        env["PYTHONPATH"] = python_path
    output = subprocess.run(
        [sys.executable, "-m", "bench.digest", "run", database_url, code, data_dir],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    result: dict[str, Any] = json.loads(output.stdout)
    return result


def compare(database_url: str, baseline: str, sizes: list[int]) -> list[dict[str, Any]]:
    """Per size, a school for the baseline code and its twin for this tree's, seeded alike;
    then each size's two digests one after the other."""
    services = _services(database_url, tempfile.mkdtemp(prefix="deborg-digest-"))
    assert services.engine is not None
    upgrade(services.engine)
    password_hash = services.hasher.hash(BENCH_PASSWORD)
    stamp = int(time.time()) % 10_000
    results = []
    for index, size in enumerate(sizes):
        codes = {"baseline": f"9{stamp:04d}A{index}", "current": f"9{stamp:04d}B{index}"}
        seeded = {
            name: seed_digest_school(services, code, password_hash, SIZES[size])
            for name, code in codes.items()
        }
        sources = {"baseline": baseline, "current": str(ROOT / "src")}
        for name, code in codes.items():
            result = run_in_process(database_url, code, tempfile.mkdtemp(), sources[name])
            results.append({"code": name, "size": size, **seeded[name], **result})
            print(json.dumps(results[-1]), flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    one = commands.add_parser("run", help="the digest of one seeded school (JSON)")
    one.add_argument("database_url")
    one.add_argument("code")
    one.add_argument("data_dir")
    one.add_argument("--tracemalloc", action="store_true")
    both = commands.add_parser("compare", help="baseline and this tree, side by side")
    both.add_argument("--database-url", required=True, help="an existing database")
    both.add_argument("--baseline", default="/work/main/src", help="the baseline's src folder")
    both.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), choices=list(SIZES))
    args = parser.parse_args()
    if args.command == "run":
        print(json.dumps(run(args.database_url, args.code, args.data_dir, args.tracemalloc)))
        return
    print(
        "| code | parents | mails | seconds | CPU s | mails/s | mails/CPU-s | PostgreSQL CPU s "
        "| peak RSS (before) |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in compare(args.database_url, args.baseline, args.sizes):
        print(
            f"| {r['code']} | {r['parents']:,} | {r['mails']:,} | {r['seconds']:.2f} | "
            f"{r['cpu_seconds']:.2f} | {r['mails_per_second']:,.0f} | "
            f"{r['mails_per_cpu_second']:,.0f} | {r['postgres_cpu_seconds']} | "
            f"{r['maxrss_mb']:.0f} MB ({r['maxrss_before_mb']:.0f} MB) |"
        )


if __name__ == "__main__":
    main()
