"""Groups 1 to 8 with about 200 pupils and their parents: siblings in different groups,
divorced parents with two accounts on one child, one read-only parent, a few parents who
have not activated their account yet (their activation mails are on the demo mail page)."""

from __future__ import annotations

import datetime as dt
import random

from deborg.bootstrap import Services
from deborg.domain.model import (
    Address,
    Child,
    Group,
    Guardianship,
    Parent,
    ParentState,
    School,
    StaffMember,
)
from deborg.services import accounts, directory

DEMO_PARENT_LOGIN = "mila.smeets@mijnschool.nl"
#: The school's website, linked as "Schoolwebsite" in the header (an address of the demo).
DEMO_WEBSITE = "https://deborg.example.nl"
DEMO_PASSWORD = "DeBorg-demo-2026!"  # noqa: S105 - the published demo password
READ_ONLY_LOGIN = "jeroen.bakker@mijnschool.nl"

FIRST_NAMES = [
    "Daan",
    "Sem",
    "Noah",
    "Lucas",
    "Levi",
    "Finn",
    "Milan",
    "Luuk",
    "Bram",
    "Jesse",
    "Thijs",
    "Mees",
    "Siem",
    "Liam",
    "Adam",
    "Julian",
    "Sam",
    "Teun",
    "Guus",
    "Ruben",
    "Emma",
    "Julia",
    "Mila",
    "Tess",
    "Sophie",
    "Zoë",
    "Sara",
    "Nora",
    "Yara",
    "Eva",
    "Liv",
    "Lotte",
    "Saar",
    "Evi",
    "Noor",
    "Fenna",
    "Lieke",
    "Roos",
    "Fleur",
    "Isa",
    "Anna",
    "Femke",
    "Jasmijn",
    "Hanna",
    "Ilse",
    "Merel",
]
PARENT_FIRST_NAMES = [
    "Jeroen",
    "Mark",
    "Peter",
    "Bas",
    "Martijn",
    "Dennis",
    "Erik",
    "Wouter",
    "Sander",
    "Rick",
    "Marieke",
    "Linda",
    "Sanne",
    "Anouk",
    "Esther",
    "Ingrid",
    "Judith",
    "Karin",
    "Miriam",
    "Petra",
    "Sabine",
    "Wendy",
    "Ellen",
    "Marloes",
]
SURNAMES = (
    ("", "Jansen"), ("de", "Vries"), ("van den", "Berg"), ("", "Bakker"), ("", "Visser"),
    ("", "Smit"), ("", "Meijer"), ("de", "Boer"), ("", "Mulder"), ("de", "Groot"),
    ("", "Bos"), ("", "Vos"), ("", "Peters"), ("", "Hendriks"), ("van", "Dijk"),
    ("", "Dekker"), ("", "Brouwer"), ("de", "Wit"), ("", "Dijkstra"), ("", "Smeets"),
    ("", "Hoekstra"), ("van der", "Meer"), ("", "Kok"), ("", "Postma"), ("", "Huisman"),
    ("", "Kuipers"), ("", "Veenstra"), ("", "Wiersma"), ("", "Zijlstra"), ("van", "Wijk"),
)  # fmt: skip
STREETS = (
    "Kloosterstraat",
    "Brink",
    "Vaart Noordzijde",
    "Oude Molenstraat",
    "Torenlaan",
    "Witterstraat",
    "Beilerstraat",
    "Marsdijk",
    "Kerkplein",
    "Lariksstraat",
)
LETTERS = "ABCDEGHJKLMNPRST"
TEACHERS = (
    ("Groep 1", "Juf Anja Hofstra"), ("Groep 2", "Juf Marije Boersma"),
    ("Groep 3", "Juf Ineke Drenth"), ("Groep 4", "Meester Kees Nijboer"),
    ("Groep 5", "Juf Petra Schuiling"), ("Groep 6", "Meester Henk Oosting"),
    ("Groep 7", "Juf Carla Wolters"), ("Groep 8", "Meester Rob Hulshof"),
)  # fmt: skip
GROUP_DESCRIPTIONS = {
    1: "De jongste kleuters: spelen, ontdekken en wennen aan school.",
    2: "Oudste kleuters: voorbereiding op lezen en rekenen.",
    3: "Leren lezen en schrijven met Veilig leren lezen.",
    4: "Rekenen tot 100, de tafels en begrijpend lezen.",
    5: "Topografie van Nederland en de eerste spreekbeurten.",
    6: "Werkstukken, geschiedenis en het verkeersexamen in het voorjaar.",
    7: "Kamp in Drenthe en de entreetoets.",
    8: "Eindtoets, musical en afscheid van de Borg.",
}


def _email(first: str, tussenvoegsel: str, surname: str, taken: set[str]) -> str:
    base = f"{first}.{tussenvoegsel.replace(' ', '')}{surname}".lower()
    base = base.replace("ë", "e")
    candidate, n = f"{base}@mijnschool.nl", 2
    while candidate in taken:
        candidate, n = f"{base}{n}@mijnschool.nl", n + 1
    taken.add(candidate)
    return candidate


def seed(services: Services, code: str) -> School:
    rng = random.Random(2026)  # noqa: S311 - deterministic demo data, not security
    school = directory.create_school(
        services.uow(), name="Kindcentrum De Borg", code=code, city="Assen"
    )
    school = directory.change_school(services.uow(), school_id=school.id, website_url=DEMO_WEBSITE)
    now = services.clock.now()
    # One hash for every demo account: hashing 300 passwords with production parameters
    # would keep a newcomer waiting for half a minute.
    password_hash = services.hasher.hash(DEMO_PASSWORD)
    taken: set[str] = set()
    with services.uow() as uow:
        groups: list[Group] = []
        for year in range(1, 9):
            groups.append(
                uow.groups.add(
                    Group(
                        school_id=school.id,
                        name=f"Groep {year}",
                        year=year,
                        description=GROUP_DESCRIPTIONS[year],
                    )
                )
            )
        by_name = {g.name: g for g in groups}
        for group_name, teacher in TEACHERS:
            email = teacher.split()[-2].lower() + "." + teacher.split()[-1].lower() + "@deborg.nl"
            uow.staff.add(
                StaffMember(
                    school_id=school.id,
                    name=teacher,
                    email=email,
                    group_ids=(by_name[group_name].id,),
                )
            )

        def add_parent(
            first: str,
            tussen: str,
            surname: str,
            address: Address,
            *,
            state: ParentState = ParentState.ACTIVE,
            login: str | None = None,
        ) -> Parent:
            email = login or _email(first, tussen, surname, taken)
            taken.add(email)
            return uow.parents.add(
                Parent(
                    school_id=school.id,
                    login_name=email,
                    contact_email=email,
                    roepnaam=first,
                    tussenvoegsel=tussen,
                    achternaam=surname,
                    voorletters=first[0] + ".",
                    address=address,
                    password_hash=password_hash if state is ParentState.ACTIVE else None,
                    state=state,
                    created_at=now,
                    activated_at=now if state is ParentState.ACTIVE else None,
                )
            )

        pupil_number = 1000
        family = 0
        while pupil_number < 1200:
            family += 1
            tussen, surname = SURNAMES[family % len(SURNAMES)]
            address = Address(
                street=rng.choice(STREETS),
                house_number=str(rng.randint(1, 180)),
                postcode=f"94{rng.randint(0, 99):02d} {rng.choice(LETTERS)}{rng.choice(LETTERS)}",
                city="Assen",
            )
            if family == 1:
                first_parent = add_parent("Mila", "", "Smeets", address, login=DEMO_PARENT_LOGIN)
            elif family == 2:
                first_parent = add_parent("Jeroen", "", "Bakker", address, login=READ_ONLY_LOGIN)
                first_parent.read_only = True
                uow.parents.update(first_parent)
            else:
                state = ParentState.INVITED if family % 23 == 0 else ParentState.ACTIVE
                first_parent = add_parent(
                    rng.choice(PARENT_FIRST_NAMES), tussen, surname, address, state=state
                )
            parents = [first_parent]
            divorced = family % 9 == 0
            if family <= 2 or rng.random() < 0.6 or divorced:
                other_address = (
                    Address(
                        street=rng.choice(STREETS),
                        house_number=str(rng.randint(1, 180)),
                        postcode=f"94{rng.randint(0, 99):02d} AB",
                        city="Assen",
                    )
                    if divorced
                    else address
                )
                parents.append(
                    add_parent(
                        rng.choice(PARENT_FIRST_NAMES),
                        "",
                        rng.choice(SURNAMES)[1] if divorced else surname,
                        other_address,
                    )
                )
            # Families 1 and 3 have children in several groups; others one to three children.
            count = 2 if family in (1, 3) else rng.choice((1, 1, 1, 2, 2, 3))
            years = rng.sample(range(1, 9), count) if family != 1 else [3, 6]
            for year in years:
                if pupil_number >= 1200:
                    break
                pupil_number += 1
                birth = dt.date(2026 - 4 - year, rng.randint(1, 12), rng.randint(1, 28))
                child = uow.children.add(
                    Child(
                        school_id=school.id,
                        group_id=by_name[f"Groep {year}"].id,
                        roepnaam=rng.choice(FIRST_NAMES),
                        tussenvoegsel=tussen,
                        achternaam=surname,
                        date_of_birth=birth,
                        pupil_number=str(pupil_number),
                        address=address,
                    )
                )
                for p in parents:
                    uow.guardianships.add(Guardianship(school.id, p.id, child.id))
        uow.commit()
    # The not-yet-activated parents get a real activation mail (see /demo/mail).
    with services.uow() as uow:
        invited = [p for p in uow.parents.list(school.id) if p.state is ParentState.INVITED]
    for target in invited:
        accounts.invite_parent(
            services.uow(),
            services.clock,
            services.tokens,
            services.hasher,
            services.links,
            school_id=school.id,
            parent_id=target.id,
        )
    return school
