"""The import from the pupil administration, on in-memory adapters: 500 pupils and 800
parents, re-imported unchanged, changed, with rejected lines, dry runs and a crash half-way."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Sequence

import attrs
import pytest

from deborg.adapters.email_addresses import EmailValidatorAddresses
from deborg.adapters.memory import FixedClock, MemoryDatabase, MemoryUnitOfWork
from deborg.adapters.phones import LibPhoneNumbers
from deborg.bootstrap import Services
from deborg.domain.model import Address, Child, Group, Guardianship, Parent, School, StaffMember
from deborg.domain.profiles.model import ParentContact, Phone, PhoneLabel
from deborg.domain.pupil_import import (
    Action,
    ColumnMapping,
    FieldChange,
    ImportFileInvalid,
    ImportOptions,
    ImportReport,
    Kind,
    Leaver,
    LineNote,
    LooseGuardianship,
    Outcome,
)
from deborg.ports.uow import UnitOfWork
from deborg.services.pupil_import import import_pupils
from tests.pupil_export import (
    HEADERS,
    InjectedFailure,
    SpyUnitOfWork,
    generate,
    raw_lines,
)

UNKNOWN_GROUP = (
    "Onbekende groep 'Groep 9'. Maak de groep eerst aan (deborg group add) of importeer met "
    "--create-groups."
)


def _add_school(uow: UnitOfWork) -> School:
    with uow:
        school = uow.schools.add(School(name="Kindcentrum De Borg", code="99XX00"))
        for year in range(1, 9):
            uow.groups.add(Group(school_id=school.id, name=f"Groep {year}", year=year))
        uow.commit()
    return school


@pytest.fixture
def school(memory_services: Services) -> School:
    return _add_school(memory_services.uow())


@attrs.frozen
class Imported:
    services: Services
    school: School
    report: ImportReport


@pytest.fixture(scope="module")
def _imported_once() -> tuple[MemoryDatabase, School, ImportReport]:
    """The realistic file imported once per module (the memory adapter copies a lot)."""
    database = MemoryDatabase()
    school = _add_school(MemoryUnitOfWork(database))
    report = import_pupils(
        MemoryUnitOfWork(database),
        FixedClock(),
        school_id=school.id,
        phones=LibPhoneNumbers(),
        emails=EmailValidatorAddresses(),
        header=HEADERS,
        lines=raw_lines(generate()),
    )
    return database, school, report


@pytest.fixture
def imported(
    memory_services: Services, _imported_once: tuple[MemoryDatabase, School, ImportReport]
) -> Imported:
    """A school into which the realistic file has been imported: a private copy per test."""
    database, school, report = _imported_once
    clone = MemoryDatabase(
        tables=copy.deepcopy(database.tables), sequences=dict(database.sequences)
    )
    services = attrs.evolve(memory_services, uow_factory=lambda: MemoryUnitOfWork(clone))
    return Imported(services, school, report)


def run(
    services: Services,
    school: School,
    rows: Sequence[dict[str, str]],
    *,
    uow: UnitOfWork | None = None,
    headers: Sequence[str] = HEADERS,
    **options: bool,
) -> ImportReport:
    return import_pupils(
        uow or services.uow(),
        services.clock,
        school_id=school.id,
        phones=services.phones,
        emails=services.emails,
        header=headers,
        lines=raw_lines(rows),
        options=ImportOptions(**options),
    )


def summary(report: ImportReport) -> dict[str, tuple[int, int, int]]:
    return {
        kind.value: (
            report.count(kind, Action.CREATED),
            report.count(kind, Action.CHANGED),
            report.unchanged[kind],
        )
        for kind in Kind
    }


def counts(services: Services, school: School) -> tuple[int, int, int]:
    with services.uow() as uow:
        children = uow.children.list(school.id)
        parents = uow.parents.list(school.id)
        links = uow.guardianships.parents_of(school.id, [c.id for c in children])
    return len(children), len(parents), sum(len(v) for v in links.values())


def line_of(rows: Sequence[dict[str, str]], number: str, email: str = "") -> int:
    for index, row in enumerate(rows):
        if row["Leerlingnummer"] == number and (not email or row["Ouder e-mail"] == email):
            return index + 2
    raise AssertionError(f"no line for {number} {email}")


# --- the realistic file ---------------------------------------------------------------------


def test_first_import_creates_500_pupils_800_parents_and_their_links(imported: Imported) -> None:
    memory_services, school, report = imported.services, imported.school, imported.report

    assert summary(report) == {
        "group": (0, 0, 8),
        "pupil": (500, 0, 0),
        "parent": (800, 0, 0),
        "guardianship": (1000, 0, 0),
        "contact": (0, 0, 0),
    }
    assert report.rejected == ()
    assert report.warnings == ()
    assert counts(memory_services, school) == (500, 800, 1000)
    with memory_services.uow() as uow:
        child = uow.children.get_by_pupil_number(school.id, "2001")
        assert child is not None
        parent = uow.parents.get_by_login("ouder0.0@example.nl")
        assert parent is not None
        read_only = uow.parents.get_by_login("ouder0.1@example.nl")
        assert read_only is not None
        phones = uow.parent_contacts.get(school.id, parent.id).phones
    first = generate()[0]
    assert phones == (Phone(PhoneLabel.MOBILE, first["Ouder telefoon"].replace("-", " ")),)
    assert child.roepnaam == first["Roepnaam"]
    assert child.date_of_birth == dt.datetime.strptime(first["Geboortedatum"], "%d-%m-%Y").date()
    assert parent.address.postcode == first["Postcode"]
    assert parent.contact_email == parent.login_name == "ouder0.0@example.nl"
    assert parent.state.value == "invited"
    assert read_only.read_only  # family 0's second parent: "Alleen lezen" = ja


def test_reimporting_the_same_file_changes_and_writes_nothing(imported: Imported) -> None:
    memory_services, school, rows = imported.services, imported.school, generate()

    spy = SpyUnitOfWork(memory_services.uow())
    report = run(memory_services, school, rows, uow=spy)

    assert summary(report) == {
        "group": (0, 0, 8),
        "pupil": (0, 0, 500),
        "parent": (0, 0, 800),
        "guardianship": (0, 0, 1000),
        "contact": (0, 0, 0),
    }
    assert report.outcomes == ()
    assert not report.writes_anything
    assert spy.writes == []


def test_a_changed_file_gives_the_exact_report(imported: Imported) -> None:
    memory_services, school, rows = imported.services, imported.school, generate()
    changed = [dict(r) for r in rows]
    moves = {}
    for number in ("2001", "2150", "2300"):
        old = next(r["Groep"] for r in changed if r["Leerlingnummer"] == number)
        new = f"Groep {int(old.split()[1]) % 8 + 1}"
        moves[number] = (old, new)
        for r in changed:
            if r["Leerlingnummer"] == number:
                r["Groep"] = new
    leaver = next(r for r in changed if r["Leerlingnummer"] == "2500")
    changed = [r for r in changed if r["Leerlingnummer"] != "2500"]
    with_new_parent = next(r for r in changed if r["Leerlingnummer"] == "2400")
    new_parent_row = {
        **with_new_parent,
        "Ouder roepnaam": "Fatima",
        "Ouder voorletters": "F.",
        "Ouder tussenvoegsel": "",
        "Ouder achternaam": "El Amrani",
        "Ouder e-mail": "Fatima.ElAmrani@Example.nl",
        "Alleen lezen": "",
    }
    changed.append(new_parent_row)

    report = run(memory_services, school, changed)

    def name(number: str) -> str:
        row = next(r for r in changed if r["Leerlingnummer"] == number)
        return " ".join(p for p in (row["Roepnaam"], row["Tussenvoegsel"], row["Achternaam"]) if p)

    new_line = len(changed) + 1
    assert report.outcomes == (
        *(
            Outcome(
                Kind.PUPIL,
                Action.CHANGED,
                number,
                name(number),
                line_of(changed, number),
                (FieldChange("group", old, new),),
            )
            for number, (old, new) in moves.items()
        ),
        Outcome(
            Kind.PARENT, Action.CREATED, "fatima.elamrani@example.nl", "Fatima El Amrani", new_line
        ),
        Outcome(
            Kind.GUARDIANSHIP,
            Action.CREATED,
            "2400/fatima.elamrani@example.nl",
            f"{with_new_parent['Roepnaam']} {with_new_parent['Achternaam']} – "
            "fatima.elamrani@example.nl",
            new_line,
        ),
    )
    assert report.unchanged == {
        Kind.GROUP: 8,
        Kind.PUPIL: 496,
        Kind.PARENT: 798,  # family 399's two parents are not in the file any more
        Kind.GUARDIANSHIP: 998,
        Kind.CONTACT: 0,
    }
    assert report.left == (
        Leaver("2500", f"{leaver['Roepnaam']} {leaver['Achternaam']}", leaver["Groep"]),
    )
    assert report.rejected == report.warnings == report.loose_guardianships == ()
    # Without --archive-missing the leaver is only reported.
    assert counts(memory_services, school) == (500, 801, 1001)
    with memory_services.uow() as uow:
        moved = uow.children.get_by_pupil_number(school.id, "2001")
        assert moved is not None
        group = uow.groups.get(school.id, moved.group_id)
    assert group is not None
    assert group.name == moves["2001"][1]

    again = run(memory_services, school, changed)
    assert again.outcomes == ()
    assert again.left == report.left


def test_rejected_lines_are_reported_with_their_line_numbers_and_the_rest_is_imported(
    memory_services: Services, school: School
) -> None:
    rows = [dict(r) for r in generate()]
    rows[10]["Ouder e-mail"] = "ouder2.0@@example"
    rows[20]["Groep"] = "Groep 9"
    rows[30]["Leerlingnummer"] = ""

    report = run(memory_services, school, rows)

    assert report.rejected == (
        LineNote(22, UNKNOWN_GROUP),
        LineNote(32, "Leerlingnummer ontbreekt."),
    )
    assert report.warnings == (
        LineNote(
            12,
            "Ongeldig e-mailadres 'ouder2.0@@example' (Ouder e-mail): deze ouder is niet "
            "ingelezen, de leerling wel.",
        ),
    )
    # Every pupil and parent is on another, valid line too; three links are missing.
    assert summary(report) == {
        "group": (0, 0, 8),
        "pupil": (500, 0, 0),
        "parent": (800, 0, 0),
        "guardianship": (997, 0, 0),
        "contact": (0, 0, 0),
    }
    assert counts(memory_services, school) == (500, 800, 997)


def test_a_pupil_whose_only_lines_are_rejected_is_neither_imported_nor_a_leaver(
    memory_services: Services, school: School
) -> None:
    rows = generate()[:4]
    run(memory_services, school, rows)
    broken = [dict(r) for r in rows]
    for r in broken:
        if r["Leerlingnummer"] == "2001":
            r["Roepnaam"] = ""

    report = run(memory_services, school, broken, archive_missing=True)

    assert [r.line for r in report.rejected] == [2, 3]
    assert report.rejected[0].message == "Roepnaam ontbreekt."
    assert report.left == ()
    assert report.loose_guardianships == ()
    assert counts(memory_services, school) == (2, 2, 4)


# --- leavers and links no longer in the file ------------------------------------------------


def _family() -> list[dict[str, str]]:
    base = dict.fromkeys(HEADERS, "") | {
        "Roepnaam": "Anna",
        "Achternaam": "Jansen",
        "Groep": "Groep 3",
        "Ouder achternaam": "Jansen",
    }
    return [
        base | {"Leerlingnummer": "1", "Ouder roepnaam": "Alice", "Ouder e-mail": "a@x.nl"},
        base | {"Leerlingnummer": "1", "Ouder roepnaam": "Dirk", "Ouder e-mail": "d@x.nl"},
        base | {"Leerlingnummer": "2", "Roepnaam": "Bram", "Ouder e-mail": "a@x.nl"},
    ]


def phones_of(services: Services, school: School, login: str) -> tuple[Phone, ...]:
    with services.uow() as uow:
        parent = uow.parents.get_by_login(login)
        assert parent is not None
        return uow.parent_contacts.get(school.id, parent.id).phones


def test_phone_numbers_are_stored_normalised_and_labelled(
    memory_services: Services, school: School
) -> None:
    rows = _family()
    rows[0]["Ouder telefoon"] = "06-12345678"
    rows[1]["Ouder telefoon"] = "0592-123456"

    report = run(memory_services, school, rows)

    assert report.warnings == ()
    assert phones_of(memory_services, school, "a@x.nl") == (
        Phone(PhoneLabel.MOBILE, "06 12345678"),
    )
    assert phones_of(memory_services, school, "d@x.nl") == (Phone(PhoneLabel.HOME, "0592 123 456"),)
    assert run(memory_services, school, rows).outcomes == ()


def test_a_new_number_in_the_file_is_added_and_the_parents_own_numbers_stay(
    memory_services: Services, school: School
) -> None:
    rows = _family()
    rows[0]["Ouder telefoon"] = "06-12345678"
    run(memory_services, school, rows)
    with memory_services.uow() as uow:  # Alice adds her work number on Bereikbaarheid
        alice = uow.parents.get_by_login("a@x.nl")
        assert alice is not None
        contact = uow.parent_contacts.get(school.id, alice.id)
        contact.phones += (Phone(PhoneLabel.WORK, "0592 654 321"),)
        uow.parent_contacts.save(contact)
        uow.commit()
    rows[0]["Ouder telefoon"] = "+31 6 87654321"  # the administration has a new mobile

    report = run(memory_services, school, rows)

    assert report.outcomes == (
        Outcome(
            Kind.PARENT,
            Action.CHANGED,
            "a@x.nl",
            "Alice Jansen",
            2,
            (
                FieldChange(
                    "phones",
                    "06 12345678, 0592 654 321",
                    "06 12345678, 0592 654 321, 06 87654321",
                ),
            ),
        ),
    )
    assert phones_of(memory_services, school, "a@x.nl") == (
        Phone(PhoneLabel.MOBILE, "06 12345678"),
        Phone(PhoneLabel.WORK, "0592 654 321"),
        Phone(PhoneLabel.MOBILE, "06 87654321"),
    )
    assert run(memory_services, school, rows).outcomes == ()


def test_a_number_the_parent_has_written_differently_is_not_added_twice(
    memory_services: Services, school: School
) -> None:
    rows = _family()
    run(memory_services, school, rows)
    with memory_services.uow() as uow:
        alice = uow.parents.get_by_login("a@x.nl")
        assert alice is not None
        uow.parent_contacts.save(
            ParentContact(school.id, alice.id, (Phone(PhoneLabel.MOBILE, "+31612345678"),))
        )
        uow.commit()
    rows[0]["Ouder telefoon"] = "06-12 34 56 78"

    assert run(memory_services, school, rows).outcomes == ()
    assert phones_of(memory_services, school, "a@x.nl") == (
        Phone(PhoneLabel.MOBILE, "+31612345678"),
    )


def test_an_invalid_phone_number_is_a_warning_and_the_rest_of_the_line_is_imported(
    memory_services: Services, school: School
) -> None:
    rows = _family()
    rows[1]["Ouder telefoon"] = "12345"

    report = run(memory_services, school, rows)

    assert report.rejected == ()
    assert report.warnings == (
        LineNote(
            3,
            "Ongeldig telefoonnummer '12345' bij d@x.nl: niet overgenomen "
            "(de rest van de regel wel).",
        ),
    )
    assert report.keys(Kind.PARENT, Action.CREATED) == ["a@x.nl", "d@x.nl"]
    assert phones_of(memory_services, school, "d@x.nl") == ()


def test_leavers_and_lost_links_are_only_reported_without_archive_missing(
    memory_services: Services, school: School
) -> None:
    rows = _family()
    run(memory_services, school, rows)

    report = run(memory_services, school, rows[:1])  # Dirk and Bram are gone

    assert report.left == (Leaver("2", "Bram Jansen", "Groep 3"),)
    assert report.loose_guardianships == (LooseGuardianship("1", "Anna Jansen", "d@x.nl"),)
    assert counts(memory_services, school) == (2, 2, 3)


def test_archive_missing_archives_leavers_removes_lost_links_and_a_returning_pupil_is_restored(
    memory_services: Services, school: School
) -> None:
    rows = _family()
    run(memory_services, school, rows)

    report = run(memory_services, school, rows[:1], archive_missing=True)

    assert report.archive_missing
    assert report.writes_anything
    assert counts(memory_services, school) == (1, 2, 1)
    with memory_services.uow() as uow:
        bram = uow.children.get_by_pupil_number(school.id, "2")
    assert bram is not None
    assert bram.archived
    again = run(memory_services, school, rows[:1], archive_missing=True)
    assert again.left == again.loose_guardianships == ()
    assert not again.writes_anything

    back = run(memory_services, school, rows)

    assert [(o.kind, o.key, o.changes) for o in back.of(Kind.PUPIL, Action.CHANGED)] == [
        (Kind.PUPIL, "2", (FieldChange("archived", "ja", "nee"),))
    ]
    # An archived pupil keeps the links to their parents; only Dirk's was removed.
    assert back.keys(Kind.GUARDIANSHIP, Action.CREATED) == ["1/d@x.nl"]
    assert counts(memory_services, school) == (2, 2, 3)


# --- one account per e-mail address -----------------------------------------------------------


def test_two_parents_with_one_e_mail_address_share_one_account(
    memory_services: Services, school: School
) -> None:
    rows = _family()
    rows[1] = rows[1] | {"Ouder e-mail": "A@X.nl "}  # Dirk gave the school Alice's address

    report = run(memory_services, school, rows)

    assert report.keys(Kind.PARENT, Action.CREATED) == ["a@x.nl"]
    assert report.warnings == (
        LineNote(3, "Deze ouder deelt het e-mailadres a@x.nl met de ouder op regel 2: samen "
                 "hebben zij één account."),
    )  # fmt: skip
    assert counts(memory_services, school) == (2, 1, 2)
    with memory_services.uow() as uow:
        account = uow.parents.get_by_login("a@x.nl")
    assert account is not None
    assert account.roepnaam == "Alice"  # the first line naming the address


def test_a_parent_is_matched_on_a_changed_contact_address_too(
    memory_services: Services, school: School
) -> None:
    with memory_services.uow() as uow:
        uow.parents.add(
            Parent(school_id=school.id, login_name="oud@x.nl", contact_email="nieuw@x.nl")
        )
        uow.commit()
    rows = _family()[:1]
    rows[0] = rows[0] | {"Ouder e-mail": "nieuw@x.nl"}

    report = run(memory_services, school, rows)

    assert report.keys(Kind.PARENT, Action.CHANGED) == ["oud@x.nl"]
    assert report.keys(Kind.GUARDIANSHIP, Action.CREATED) == ["1/oud@x.nl"]
    assert counts(memory_services, school) == (1, 1, 1)


def test_an_address_that_is_a_login_at_another_school_leaves_that_parent_out(
    memory_services: Services, school: School
) -> None:
    with memory_services.uow() as uow:
        other = uow.schools.add(School(name="De Esch", code="98YY11"))
        uow.parents.add(Parent(school_id=other.id, login_name="a@x.nl"))
        uow.commit()

    report = run(memory_services, school, _family())

    elsewhere = (
        "Het e-mailadres a@x.nl is al de gebruikersnaam van een ouder op een andere school: "
        "deze ouder is niet ingelezen, de leerling wel."
    )
    assert report.rejected == ()
    assert report.warnings == (LineNote(2, elsewhere), LineNote(4, elsewhere))
    assert report.keys(Kind.PUPIL, Action.CREATED) == ["1", "2"]
    assert report.keys(Kind.PARENT, Action.CREATED) == ["d@x.nl"]


def test_an_address_that_is_a_staff_login_leaves_that_parent_out(
    memory_services: Services, school: School
) -> None:
    """A login name is a parent's or a staff member's, never both: the teacher who is also a
    parent at the school keeps one account, and the import does not make her a second."""
    with memory_services.uow() as uow:
        uow.staff.add(StaffMember(school_id=school.id, name="Alice de Vries", email="a@x.nl"))
        uow.commit()

    report = run(memory_services, school, _family())

    staff = (
        "Het e-mailadres a@x.nl is al de gebruikersnaam van een medewerker: deze ouder is niet "
        "ingelezen, de leerling wel."
    )
    assert report.rejected == ()
    assert report.warnings == (LineNote(2, staff), LineNote(4, staff))
    assert report.keys(Kind.PUPIL, Action.CREATED) == ["1", "2"]
    assert report.keys(Kind.PARENT, Action.CREATED) == ["d@x.nl"]
    with memory_services.uow() as uow:
        assert uow.parents.get_by_login("a@x.nl") is None


@pytest.mark.parametrize("address", ["jan.@x.nl", "jan..jansen@x.nl", "ouder@school.test"])
def test_an_address_the_portal_refuses_is_refused_by_the_import_too(
    memory_services: Services, school: School, address: str
) -> None:
    """The import checks addresses with the portal's own check (the EmailAddresses port), not
    a looser pattern: an account it made could not receive its activation mail."""
    rows = _family()[:2]
    rows[0] = rows[0] | {"Ouder e-mail": address}

    report = run(memory_services, school, rows)

    assert report.warnings == (
        LineNote(2, f"Ongeldig e-mailadres '{address}' (Ouder e-mail): deze ouder is niet "
                    "ingelezen, de leerling wel."),
    )  # fmt: skip
    assert report.keys(Kind.PARENT, Action.CREATED) == ["d@x.nl"]


# --- what the file says, and what it does not --------------------------------------------------


def test_a_pupil_with_different_data_on_a_later_line_rejects_that_line(
    memory_services: Services, school: School
) -> None:
    rows = _family()
    rows[1] = rows[1] | {"Groep": "Groep 4", "Roepnaam": "Anne"}

    report = run(memory_services, school, rows)

    assert report.rejected == (
        LineNote(3, "Leerling 1 staat al op regel 2 met andere gegevens (roepnaam, groep)."),
    )


def test_columns_missing_from_the_file_leave_those_fields_alone(
    memory_services: Services, school: School
) -> None:
    rows = _family()
    rows[0] = rows[0] | {"Straat": "Brink", "Huisnummer": "4", "Postcode": "9401ab"}
    run(memory_services, school, rows)
    with memory_services.uow() as uow:
        alice = uow.parents.get_by_login("a@x.nl")
        assert alice is not None
        assert alice.address == Address(street="Brink", house_number="4", postcode="9401 AB")
        alice.read_only = True  # staff: deborg parent read-only a@x.nl --on
        uow.parents.update(alice)
        uow.commit()
    few = ["Leerlingnummer", "Roepnaam", "Achternaam", "Groep", "Ouder e-mail"]

    report = run(memory_services, school, rows, headers=few)

    assert report.outcomes == ()
    with memory_services.uow() as uow:
        alice = uow.parents.get_by_login("a@x.nl")
    assert alice is not None
    assert alice.read_only
    assert alice.address.street == "Brink"


def test_a_line_without_parent_e_mail_imports_the_pupil_and_warns_about_a_named_parent(
    memory_services: Services, school: School
) -> None:
    rows = _family()
    rows[1] = rows[1] | {"Ouder e-mail": ""}

    report = run(memory_services, school, rows)

    assert report.keys(Kind.PARENT, Action.CREATED) == ["a@x.nl"]
    assert report.warnings == (
        LineNote(
            3,
            "Ouder zonder e-mailadres bij leerling 1: alleen de leerling is ingelezen (een "
            "account heeft een e-mailadres nodig).",
        ),
    )


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("Roepnaam", " ", "Roepnaam ontbreekt."),
        ("Achternaam", "", "Achternaam ontbreekt."),
        ("Groep", "", "Groep ontbreekt."),
        ("Leerlingnummer", "", "Leerlingnummer ontbreekt."),
    ],
)
def test_only_a_missing_pupil_number_name_or_group_rejects_the_line(
    memory_services: Services, school: School, column: str, value: str, reason: str
) -> None:
    rows = _family()
    rows[2] = rows[2] | {column: value}

    report = run(memory_services, school, rows)

    assert report.rejected == (LineNote(4, reason),)
    assert report.keys(Kind.PUPIL, Action.CREATED) == ["1"]


KEPT = ": niet overgenomen, de rest van de regel wel."


@pytest.mark.parametrize(
    ("column", "value", "warning"),
    [
        ("Postcode", "94011 AB", "Ongeldige postcode '94011 AB' (Postcode) bij b@x.nl" + KEPT),
        ("Huisnummer", "12 3/4", "Onleesbaar huisnummer '12 3/4' (Huisnummer) bij b@x.nl" + KEPT),
        ("Toevoeging", "a/b", "Ongeldige toevoeging 'a/b' (Toevoeging) bij b@x.nl" + KEPT),
        (
            "Alleen lezen",
            "misschien",
            "Onbekende waarde (ja of nee) 'misschien' (Alleen lezen) bij b@x.nl" + KEPT,
        ),
        (
            "Geboortedatum",
            "2018/13/45",
            "Onleesbare geboortedatum '2018/13/45' (Geboortedatum)" + KEPT,
        ),
        (
            "Geboortedatum",
            "31-02-2018",
            "Onleesbare geboortedatum '31-02-2018' (Geboortedatum)" + KEPT,
        ),
        (
            "Geboortedatum",
            "01-01-2030",
            "Geboortedatum in de toekomst '01-01-2030' (Geboortedatum)" + KEPT,
        ),
        (
            "Voorletters",
            "A" * 41,
            f"Te lange tekst (maximaal 40 tekens) '{'A' * 40}' (Voorletters)" + KEPT,
        ),
    ],
)
def test_an_optional_field_that_does_not_parse_is_a_warning_and_the_pupil_is_imported(
    memory_services: Services, school: School, column: str, value: str, warning: str
) -> None:
    rows = _family()
    rows[2] = rows[2] | {column: value, "Ouder e-mail": "b@x.nl"}

    report = run(memory_services, school, rows)

    assert report.rejected == ()
    assert report.warnings == (LineNote(4, warning),)
    assert report.keys(Kind.PUPIL, Action.CREATED) == ["1", "2"]
    assert "b@x.nl" in report.keys(Kind.PARENT, Action.CREATED)
    with memory_services.uow() as uow:
        bram = uow.children.get_by_pupil_number(school.id, "2")
        b = uow.parents.get_by_login("b@x.nl")
    assert bram is not None
    assert b is not None
    # The field is left empty; the rest of the line is there.
    assert bram.date_of_birth is None
    assert bram.voorletters == ""
    assert b.address.postcode == b.address.house_number == b.address.house_number_suffix == ""
    assert not b.read_only


def test_iso_and_dutch_dates_are_both_read(memory_services: Services, school: School) -> None:
    rows = _family()
    rows[0] = rows[0] | {"Geboortedatum": "2018-10-11"}
    rows[1] = rows[1] | {"Geboortedatum": "11-10-2018"}
    rows[2] = rows[2] | {"Geboortedatum": "1-2-2019"}

    report = run(memory_services, school, rows)

    assert report.rejected == ()
    with memory_services.uow() as uow:
        births = {c.pupil_number: c.date_of_birth for c in uow.children.list(school.id)}
    assert births == {"1": dt.date(2018, 10, 11), "2": dt.date(2019, 2, 1)}


def test_unknown_groups_are_created_only_when_asked(
    memory_services: Services, school: School
) -> None:
    rows = _family()
    rows[2] = rows[2] | {"Groep": "Groep 5b"}

    refused = run(memory_services, school, rows, dry_run=True)
    assert refused.rejected == (LineNote(4, UNKNOWN_GROUP.replace("Groep 9", "Groep 5b")),)

    report = run(memory_services, school, rows, create_groups=True)

    assert report.of(Kind.GROUP, Action.CREATED) == [
        Outcome(Kind.GROUP, Action.CREATED, "Groep 5b", "Groep 5b", 4)
    ]
    with memory_services.uow() as uow:
        group = uow.groups.get_by_name(school.id, "groep 5B")
        assert group is not None
        bram = uow.children.get_by_pupil_number(school.id, "2")
    assert group.year == 5
    assert bram is not None
    assert bram.group_id == group.id


def test_a_custom_mapping_reads_other_headers(memory_services: Services, school: School) -> None:
    mapping = ColumnMapping.from_dict(
        {"columns": {"pupil_number": "Lln.nr", "parent_email": "E-mailadres verzorger"}}
    )
    headers = ["LLN.NR", "Roepnaam", "Achternaam", "Groep", "e-mailadres  verzorger"]
    line = {"LLN.NR": "7", "Roepnaam": "Eva", "Achternaam": "Bos", "Groep": "Groep 1"}
    line["e-mailadres  verzorger"] = "erik@x.nl"
    from deborg.domain.pupil_import import RawLine

    report = import_pupils(
        memory_services.uow(),
        memory_services.clock,
        school_id=school.id,
        phones=memory_services.phones,
        emails=memory_services.emails,
        header=headers,
        lines=[RawLine(2, line)],
        mapping=mapping,
    )

    assert report.keys(Kind.PUPIL, Action.CREATED) == ["7"]
    assert report.keys(Kind.PARENT, Action.CREATED) == ["erik@x.nl"]


def test_a_file_without_a_required_column_is_refused_as_a_whole(
    memory_services: Services, school: School
) -> None:
    with pytest.raises(ImportFileInvalid) as refused:
        run(memory_services, school, _family(), headers=["Leerlingnummer", "Roepnaam"])
    assert refused.value.message == (
        "Deze verplichte kolom(men) ontbreken in het bestand: 'Achternaam', 'Groep'. Kies een "
        "voorinstelling (--preset, zie --presets) of pas het koppelingsbestand aan (--mapping)."
    )


def test_a_mapping_with_an_unknown_field_is_refused() -> None:
    with pytest.raises(ImportFileInvalid, match="Onbekend veld 'leerling'"):
        ColumnMapping.from_dict({"columns": {"leerling": "Leerlingnummer"}})


# --- nothing half-written -------------------------------------------------------------------


def test_a_dry_run_reports_the_same_and_writes_nothing(
    memory_services: Services, school: School
) -> None:
    rows = generate()

    dry = run(memory_services, school, rows, dry_run=True)

    assert counts(memory_services, school) == (0, 0, 0)
    real = run(memory_services, school, rows)
    assert dry.outcomes == real.outcomes
    assert dry.dry_run
    assert not real.dry_run


def test_a_crash_half_way_leaves_nothing_written(memory_services: Services, school: School) -> None:
    rows = generate()
    # Writes in batches of 500: the pupils, then the first and the second batch of parents.
    spy = SpyUnitOfWork(memory_services.uow(), fail_at=3)

    with pytest.raises(InjectedFailure):
        run(memory_services, school, rows, uow=spy)

    assert spy.writes == ["children.add_many", "parents.add_many", "parents.add_many"]
    assert not spy.committed
    assert counts(memory_services, school) == (0, 0, 0)
    report = run(memory_services, school, rows)
    assert report.count(Kind.PARENT, Action.CREATED) == 800


def test_progress_is_reported_up_to_the_number_of_writes(
    memory_services: Services, school: School
) -> None:
    seen: list[tuple[int, int]] = []
    import_pupils(
        memory_services.uow(),
        memory_services.clock,
        school_id=school.id,
        phones=memory_services.phones,
        emails=memory_services.emails,
        header=HEADERS,
        lines=raw_lines(_family()),
        progress=lambda done, total: seen.append((done, total)),
    )
    # 2 pupils, 2 parents, 3 links: one batch each.
    assert seen == [(2, 7), (4, 7), (7, 7)]


def test_guardianships_of_existing_records_are_added_without_duplicates(
    memory_services: Services, school: School
) -> None:
    with memory_services.uow() as uow:
        group = uow.groups.get_by_name(school.id, "Groep 3")
        assert group is not None
        anna = uow.children.add(Child(school.id, group.id, "Anna", "Jansen", pupil_number="1"))
        alice = uow.parents.add(Parent(school_id=school.id, login_name="a@x.nl"))
        uow.guardianships.add(Guardianship(school.id, alice.id, anna.id))
        uow.commit()

    report = run(memory_services, school, _family())

    assert report.keys(Kind.GUARDIANSHIP, Action.CREATED) == ["1/d@x.nl", "2/a@x.nl"]
    assert report.unchanged[Kind.GUARDIANSHIP] == 1
    assert report.keys(Kind.PARENT, Action.CHANGED) == ["a@x.nl"]  # names from the file
    assert counts(memory_services, school) == (2, 2, 3)
