"""Demo data of Mijn account and Mijn kinderen: phone numbers and extra e-mail addresses,
emergency numbers and teacher notes that differ between families, and one reported change
waiting for staff (``deborg changes list``)."""

from __future__ import annotations

import datetime as dt
import random

from deborg.bootstrap import Services
from deborg.demo.people import DEMO_PARENT_LOGIN
from deborg.domain.model import School
from deborg.domain.profiles.model import (
    EmergencyNumber,
    ParentContact,
    Phone,
    PhoneLabel,
    TeacherNote,
)
from deborg.services.profiles import personal

RELATIONS = [
    ("Oma", "oma"),
    ("Opa", "opa"),
    ("Tante", "tante"),
    ("Oom", "oom"),
    ("Buurvrouw", "buurvrouw"),
    ("Oppas", "oppas"),
]
NAMES = ["Jansen", "de Boer", "Mulder", "Dijkstra", "Kramer", "Hoekstra", "Postma", "Meijer"]
NOTES = [
    "{name} heeft deze week prachtig voorgelezen in de kring.",
    "{name} was vandaag wat moe; misschien goed om op tijd naar bed te gaan.",
    "Wilt u {name} morgen gymkleren meegeven? Die lagen vandaag nog thuis.",
    "{name} helpt andere kinderen graag met rekenen. Fijn om te zien!",
    "{name} is vandaag gevallen op het plein; een pleister en alles was weer goed.",
    "We oefenen de tafels van 3 en 4. Thuis ook even oefenen helpt {name} vast.",
]


def _mobile(rng: random.Random) -> str:
    """A Dutch mobile number in use (06 1… to 06 5…; 066 is a pager range)."""
    digits = rng.randint(10_000_000, 99_999_999)
    return f"06 {digits % 5 + 1}{digits // 10 % 10_000_000:07d}"


def _landline(rng: random.Random) -> str:
    return f"0592 {rng.randint(300, 699)} {rng.randint(100, 999)}"


def seed(services: Services, school: School) -> None:
    rng = random.Random(3)  # noqa: S311 - deterministic demo data
    now = services.clock.now()
    with services.uow() as uow:
        staff = list(uow.staff.list(school.id))
        parents = uow.parents.list(school.id)
        for index, parent in enumerate(parents):
            phones = [Phone(PhoneLabel.MOBILE, _mobile(rng))]
            if index % 3 == 0:
                phones.append(Phone(PhoneLabel.HOME, _landline(rng)))
            if index % 4 == 1:
                phones.append(Phone(PhoneLabel.WORK, _landline(rng)))
            extra = (f"{parent.roepnaam.lower()}.werk@example.nl",) if index % 7 == 2 else ()
            uow.parent_contacts.save(
                ParentContact(school.id, parent.id, tuple(phones), extra_emails=extra)
            )
        children = uow.children.list(school.id)
        for index, child in enumerate(children):
            for number in range(index % 3):  # none, one or two emergency numbers
                first, relation = RELATIONS[(index + number) % len(RELATIONS)]
                surname = NAMES[(index * 3 + number) % len(NAMES)]
                uow.emergency_numbers.add(
                    EmergencyNumber(
                        school.id, child.id, f"{first} {surname}", relation, _mobile(rng)
                    )
                )
            if index % 4 == 0 and staff:
                teacher = next((s for s in staff if child.group_id in s.group_ids), staff[0])
                for days_ago in range(index % 3 + 1):
                    text = NOTES[(index + days_ago) % len(NOTES)].format(name=child.roepnaam)
                    uow.teacher_notes.add(
                        TeacherNote(
                            school_id=school.id,
                            child_id=child.id,
                            staff_id=teacher.id,
                            author=teacher.name,
                            text=text,
                            created_at=now - dt.timedelta(days=3 * days_ago + 1, hours=index % 7),
                        )
                    )
        demo_parent = uow.parents.get_by_login(DEMO_PARENT_LOGIN)
        uow.commit()
    if demo_parent is not None:
        # Mila added her work number: staff see the reported change in `deborg changes list`.
        # (A change of address would make the pupil administration's export disagree.)
        with services.uow() as uow:
            current = uow.parent_contacts.get(school.id, demo_parent.id)
        rows = [personal.PhoneInput(p.label.value, p.number) for p in current.phones]
        personal.update_parent_contact(
            services.uow(),
            services.clock,
            services.phones,
            emails=services.emails,
            school_id=school.id,
            parent_id=demo_parent.id,
            data=personal.ContactData(
                contact_email=demo_parent.contact_email,
                phones=(*rows, personal.PhoneInput(PhoneLabel.WORK.value, "0592 350 400")),
                extra_emails=current.extra_emails,
            ),
        )
