"""The booking rush: when the school opens its conference plannings (one per group, one day of
ten-minute slots), 500 parents, each logged in with a session of their own and with the page
open, press Reserveren at once for one of their children. Most want a slot after work, so
many aim at the same few; the loser of a race must get "zojuist door iemand anders
gereserveerd", never an error, and afterwards no slot may be booked twice (checked in SQL).
"""

from __future__ import annotations

import datetime as dt
import http.client
import random
import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import attrs
import psycopg

from bench.seed import SeededSchool
from deborg.bootstrap import Services
from deborg.domain import conferences as c
from deborg.domain.conferences.errors import BookingChanged, SlotAlreadyTaken
from deborg.services import accounts, conferences

PARENTS = 500
SESSION_COOKIE = "__Host-deborg-session"  # production cookie names (the bench runs production)
TAKEN = SlotAlreadyTaken.message
CHANGED = BookingChanged.message


@attrs.frozen
class Booker:
    session_token: str
    planning_id: int
    child_id: int
    slot: dt.datetime


@attrs.frozen
class Rush:
    planning_ids: tuple[int, ...]
    bookers: tuple[Booker, ...]


def prepare(services: Services, seeded: SeededSchool, *, seed: int = 10) -> Rush:
    """Plannings in concept for every group, and 500 parents with a session and a wish."""
    rng = random.Random(seed)
    school_id = seeded.school.id
    day = services.clock.now().date() + dt.timedelta(days=21)
    planning_of_group = {}
    for group_id in seeded.group_ids:
        planning = conferences.create_planning(
            services.uow(),
            services.clock,
            school_id=school_id,
            title="Rapportgesprekken",
            group_ids=[group_id],
            days=[c.PlanningDay(day, dt.time(8, 30), dt.time(17, 0))],
            slot_minutes=10,
            breaks=[c.TimeRange(dt.time(12, 0), dt.time(13, 0))],
        )
        planning_of_group[group_id] = planning
    bookers = []
    with services.uow() as uow:
        children = {ch.id: ch for ch in uow.children.list(school_id)}
        for login in seeded.parent_logins[:PARENTS]:
            parent = uow.parents.get_by_login(login)
            assert parent is not None
            child = children[uow.guardianships.children_of(school_id, parent.id)[0]]
            planning = planning_of_group[child.group_id]
            slots = planning.slots()
            # Three in five want one of the last eight slots of the day (after work).
            wish = rng.randrange(len(slots) - 8, len(slots)) if rng.random() < 0.6 else None
            slot = slots[wish if wish is not None else rng.randrange(len(slots))]
            token = accounts.start_session(uow, services.clock, services.tokens, parent)
            bookers.append(Booker(token, planning.id, child.id, slot.start))
        uow.commit()
    return Rush(tuple(p.id for p in planning_of_group.values()), tuple(bookers))


def open_plannings(services: Services, school_id: int, rush: Rush) -> dict[str, int]:
    """Open every planning: every guardian is told (a mail now or a weekmail line, as they
    chose); returns how many were told which way."""
    told: dict[str, int] = {}
    for planning_id in rush.planning_ids:
        counts = conferences.open_planning(
            services.uow(), services.clock, services.links, school_id=school_id,
            planning_id=planning_id,
        )  # fmt: skip
        for delivery, n in counts.items():
            told[delivery.value] = told.get(delivery.value, 0) + n
    return told


def _form(port: int, booker: Booker) -> dict[str, Any]:
    """The parent's open page: its form cookie and CSRF token, and the request Reserveren
    sends."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request(
        "GET", "/oudergesprekken/", headers={"Cookie": f"{SESSION_COOKIE}={booker.session_token}"}
    )
    response = connection.getresponse()
    page = response.read().decode()
    assert response.status == 200, response.status
    cookies = {SESSION_COOKIE: booker.session_token}
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            cookies[key.strip()] = rest.split(";", 1)[0]
    connection.close()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token, "no CSRF token on the page"
    from urllib.parse import urlencode

    return {
        "method": "POST",
        "path": f"/oudergesprekken/{booker.planning_id}/kind/{booker.child_id}/reserveren",
        "body": urlencode({"slot": booker.slot.isoformat(), "csrf_token": token.group(1)}),
        "headers": {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        },
        "count_body_markers": [TAKEN, CHANGED],
    }


def requests(port: int, rush: Rush) -> list[dict[str, Any]]:
    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(lambda b: _form(port, b), rush.bookers))


def double_bookings(database_url: str, rush: Rush) -> dict[str, int]:
    """Straight from the tables: slots booked more than once (must be 0), children booked
    more than once per planning (must be 0), and what was stored."""
    url = database_url.replace("postgresql+psycopg://", "postgresql://")
    queries = {
        "slots_booked_twice": "SELECT count(*) FROM (SELECT planning_id, starts_at"
        " FROM conversation_booked_slots WHERE planning_id = ANY(%s)"
        " GROUP BY planning_id, starts_at HAVING count(*) > 1) AS d",
        "children_booked_twice": "SELECT count(*) FROM (SELECT planning_id, child_id"
        " FROM conversation_bookings WHERE planning_id = ANY(%s)"
        " GROUP BY planning_id, child_id HAVING count(*) > 1) AS d",
        "bookings_stored": "SELECT count(*) FROM conversation_bookings WHERE planning_id = ANY(%s)",
        "slots_stored": "SELECT count(*) FROM conversation_booked_slots"
        " WHERE planning_id = ANY(%s)",
    }
    found = {}
    with psycopg.connect(url) as connection:
        for name, query in queries.items():
            row = connection.execute(query, (list(rush.planning_ids),)).fetchone()
            assert row is not None
            found[name] = int(row[0])
    return found
