"""Demo: the demo parent has paired two phones, so Mijn account > App shows its table."""

from __future__ import annotations

from deborg.bootstrap import Services
from deborg.demo import people
from deborg.domain.model import School
from deborg.services.devices import pairing


def seed(services: Services, school: School) -> None:
    for name in ("iPhone van Mila", "Samsung Galaxy"):
        pairing.pair_with_password(
            services.uow(),
            services.clock,
            services.hasher,
            services.tokens,
            school_code=school.code,
            username=people.DEMO_PARENT_LOGIN,
            password=people.DEMO_PASSWORD,
            device_name=name,
            client_key="demo",
        )
