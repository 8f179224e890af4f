"""The weekly digest of a school with 10,000 parents: a week of news, messages and agenda items
published through the use cases (every parent keeps a digest line per item), then the digest
built in a process of its own, so that its peak memory is its own:

    python -m bench.digest DATABASE_URL SCHOOL_CODE DATA_DIR    # prints a JSON result

The run builds every mail (text, recipients, outbox rows) in the one transaction the digest
uses in production; mails per second and peak memory (tracemalloc's peak of Python
allocations, and the process's maximum resident size) are what it reports.
"""

from __future__ import annotations

import datetime as dt
import json
import resource
import sys
import time
import tracemalloc
from typing import Any

import attrs

from bench.seed import SeededSchool, seed_school
from deborg.adapters.memory import FixedClock
from deborg.bootstrap import Services, bootstrap
from deborg.config import Settings
from deborg.domain.notifications.schedule import latest_digest_moment
from deborg.entrypoints.web.links import PortalLinks
from deborg.services.content import publishing
from deborg.services.content.publishing import AgendaInput
from deborg.services.notifications.digest import run_school_digest

#: 16 groups of 435 pupils: about 1.44 parents per pupil gives a little over 10,000 parents.
GROUPS = 16
PUPILS_PER_GROUP = 435


def seed_and_publish(services: Services, code: str, password_hash: str) -> dict[str, Any]:
    """The school, and a week of content published two days before its digest moment."""
    began = time.perf_counter()
    seeded: SeededSchool = seed_school(
        services,
        code=code,
        name="Digestschool",
        groups=GROUPS,
        pupils_per_group=PUPILS_PER_GROUP,
        password_hash=password_hash,
        seed=80,
    )
    seeded_seconds = time.perf_counter() - began
    school = seeded.school
    due = latest_digest_moment(services.clock.now(), school.settings, school.timezone)
    clock = FixedClock(due - dt.timedelta(days=2))
    s = attrs.evolve(services, clock=clock)
    body = "<p>Beste ouders,</p><p>" + "Een alinea over wat er deze week gebeurde. " * 8 + "</p>"
    began = time.perf_counter()
    published: list[publishing.Published[Any]] = []
    for n in range(3):
        published.append(
            publishing.post_news(
                s.uow(), clock, s.links, s.richtext,
                school_id=school.id, title=f"Nieuws van de week {n}", body=body,
            )
        )  # fmt: skip
        clock.advance(dt.timedelta(hours=2))
    for n in range(2):  # one for the whole school, one for a group
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
    lines = sum(p.in_digest for p in published)
    return {
        "parents": len(seeded.parent_logins),
        "seed_seconds": round(seeded_seconds, 1),
        "publish_seconds": round(time.perf_counter() - began, 1),
        "items": len(published),
        "digest_lines": lines,
    }


def run(database_url: str, code: str, data_dir: str, trace: bool = False) -> dict[str, Any]:
    """Build and queue the school's digest. ``trace``: with tracemalloc on, which reports the
    peak of Python allocations but slows every allocation down (so the rate is not measured
    with it: the benchmark runs the digest without it and reports the resident size)."""
    settings = Settings.from_env(
        {
            "DEBORG_DATABASE_URL": database_url,
            "DEBORG_DATA_DIR": data_dir,
            "DEBORG_SECRET_KEY": "bench-secret-key-bench-secret-key-bench",
        }
    )
    services = bootstrap(settings, PortalLinks.from_routes(settings.base_url, settings.secret_key))
    with services.uow() as uow:
        school = uow.schools.get_by_code(code)
    assert school is not None
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if trace:
        tracemalloc.start()
    began = time.perf_counter()
    mails = run_school_digest(
        services.uow(),
        services.clock,
        services.links,
        school_id=school.id,
        lookups=services.areas.digest_lookups,
    )
    seconds = time.perf_counter() - began
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert mails, "no digest was due"
    return {
        "mails": mails,
        "seconds": round(seconds, 2),
        "mails_per_second": round(mails / seconds, 1),
        "tracemalloc_peak_mb": round(peak / 2**20, 1) if trace else None,
        "maxrss_mb": round(rss_after / 1024, 1),
        "maxrss_before_mb": round(rss_before / 1024, 1),
    }


if __name__ == "__main__":
    print(json.dumps(run(*sys.argv[1:4], trace="--tracemalloc" in sys.argv[4:])))
