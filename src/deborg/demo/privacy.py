"""Demo privacy choices that differ between families, so the group pages show a realistic
mix: many parents share their phone number with the group (as the manual advises), some
their e-mail or address, a few with the whole school; children mostly keep everything to
their guardians. The demo parent shares her phone number with her children's groups."""

from __future__ import annotations

import random

from deborg.bootstrap import Services
from deborg.demo import people
from deborg.domain.model import School
from deborg.domain.privacy import Audience, Field, PrivacySettings, SubjectKind

#: Per field: the weights of nobody, group, school.
PARENT_WEIGHTS = {
    Field.PHONE: (35, 55, 10),
    Field.EMAIL: (55, 35, 10),
    Field.ADDRESS: (75, 20, 5),
    Field.PHOTO: (60, 30, 10),
}
CHILD_WEIGHTS = {
    Field.PHOTO: (60, 35, 5),
    Field.DATE_OF_BIRTH: (50, 45, 5),
}
AUDIENCES = (Audience.NOBODY, Audience.GROUP, Audience.SCHOOL)


def _choose(
    rng: random.Random, weights: dict[Field, tuple[int, int, int]]
) -> dict[Field, Audience]:
    return {field: rng.choices(AUDIENCES, w)[0] for field, w in weights.items()}


def seed(services: Services, school: School) -> None:
    # One transaction for the whole school: choices of hundreds of people in a blink.
    rng = random.Random(4)  # noqa: S311 - deterministic demo data, not security
    with services.uow() as uow:
        settings = []
        for parent in uow.parents.list(school.id):
            choices = _choose(rng, PARENT_WEIGHTS)
            if parent.login_name == people.DEMO_PARENT_LOGIN:
                choices = {Field.PHONE: Audience.GROUP, Field.EMAIL: Audience.GROUP}
            settings.append(PrivacySettings(school.id, SubjectKind.PARENT, parent.id, choices))
        for child in uow.children.list(school.id):
            choices = _choose(rng, CHILD_WEIGHTS)
            settings.append(PrivacySettings(school.id, SubjectKind.CHILD, child.id, choices))
        uow.privacy.save_many(settings)
        uow.commit()
