"""Demo: the school's absence settings, so Ziek melden shows the cut-off and the number to
phone, and a parent writing in the evening hears when the teacher answers."""

from __future__ import annotations

from deborg.bootstrap import Services
from deborg.domain.absence.settings import DEFAULT_CUTOFF, parse_reachable
from deborg.domain.model import School
from deborg.services.absence import settings

#: A made-up number in the Assen area code, for the demo only.
DEMO_PHONE = "0592 000 000"


def seed(services: Services, school: School) -> None:
    settings.change_settings(
        services.uow(),
        school_id=school.id,
        cutoff=DEFAULT_CUTOFF,
        phone=DEMO_PHONE,
        reachable=parse_reachable("ma-vr 08:00-16:30"),
    )
