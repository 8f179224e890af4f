"""The demo school: Kindcentrum De Borg in Assen, seeded deterministically through the use
cases, so a newcomer sees every page in use."""

from __future__ import annotations

from collections.abc import Callable

import attrs

from deborg.bootstrap import Services
from deborg.demo import absence, account, conferences, content, devices, people, privacy, staff
from deborg.domain.model import School

DEMO_SCHOOL_CODE = "99XX00"


@attrs.frozen
class DemoLogin:
    username: str
    password: str


def seed_demo(services: Services) -> DemoLogin:
    """Seed the demo school unless it exists; return a parent login that works."""
    with services.uow() as uow:
        exists = uow.schools.get_by_code(DEMO_SCHOOL_CODE) is not None
    if not exists:
        school = people.seed(services, DEMO_SCHOOL_CODE)
        for area_seed in AREA_SEEDS:
            area_seed(services, school)
    return DemoLogin(username=people.DEMO_PARENT_LOGIN, password=people.DEMO_PASSWORD)


#: Each area's demo content, in order, after the people: fn(services, school).
AREA_SEEDS: tuple[Callable[[Services, School], object], ...] = (
    privacy.seed,
    account.seed,
    content.seed,
    conferences.seed,
    devices.seed,
    absence.seed,
    staff.seed,
)
