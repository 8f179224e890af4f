"""The demo's school side: every group teacher can log in (leerkracht, the demo password),
and so can the school's beheerder, who works on the whole school and on accounts."""

from __future__ import annotations

from deborg.bootstrap import Services
from deborg.domain.model import School, StaffRole, StaffState
from deborg.services import directory

#: The beheerder of the demo school (README "Voor leerkrachten").
DEMO_BEHEERDER_LOGIN = "directie@deborg.nl"
#: The teacher of Groep 5 (the demo's bericht open for replies is hers).
DEMO_TEACHER_LOGIN = "petra.schuiling@deborg.nl"


def seed(services: Services, school: School) -> None:
    from deborg.demo.people import DEMO_PASSWORD

    directory.add_staff(
        services.uow(),
        emails=services.emails,
        school_id=school.id,
        name="Ingrid Mulder",
        email=DEMO_BEHEERDER_LOGIN,
        role=StaffRole.BEHEERDER,
    )
    password_hash = services.hasher.hash(DEMO_PASSWORD)
    now = services.clock.now()
    with services.uow() as uow:
        for member in uow.staff.list(school.id):
            member.state = StaffState.ACTIVE
            member.password_hash = password_hash
            member.activated_at = now
            uow.staff.update(member)
        uow.commit()
