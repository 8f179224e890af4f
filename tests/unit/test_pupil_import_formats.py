"""What pupil administrations really export (issue #17), on in-memory adapters: each file is
small, built in the test, read by the CSV reader and imported as ``deborg import`` does."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deborg.adapters.csv_export import read_export
from deborg.bootstrap import Services
from deborg.domain.model import Address, Child, Group, School
from deborg.domain.pupil_import import (
    MAX_LINE_CHARS,
    Action,
    ColumnMapping,
    ImportFileInvalid,
    ImportOptions,
    ImportReport,
    Kind,
    LineNote,
    LooseGuardianship,
    PupilWithoutParent,
)
from deborg.domain.pupil_import.lines import pupil_key, read_date, split_house_number
from deborg.domain.pupil_import.model import group_key, group_name
from deborg.services.pupil_import import import_pupils

TODAY = dt.date(2026, 11, 2)  # the FixedClock's day


@pytest.fixture
def school(memory_services: Services) -> School:
    with memory_services.uow() as uow:
        school = uow.schools.add(School(name="Kindcentrum De Borg", code="99XX00"))
        for year in range(1, 9):
            uow.groups.add(Group(school_id=school.id, name=f"Groep {year}", year=year))
        uow.commit()
    return school


def run(
    services: Services,
    school: School,
    text: str,
    *,
    mapping: ColumnMapping | None = None,
    **options: bool,
) -> ImportReport:
    """The file's text as ``deborg import`` reads and imports it."""
    export = read_export(text.encode("utf-8"), mapping)
    return import_pupils(
        services.uow(),
        services.clock,
        school_id=school.id,
        phones=services.phones,
        emails=services.emails,
        header=export.header,
        lines=export.lines,
        mapping=mapping,
        options=ImportOptions(**options),
        line_count=export.line_count,
        header_line=export.header_line,
        notes=export.notes,
    )


def csv(*lines: str) -> str:
    return "\n".join(lines) + "\n"


HEAD = "Leerlingnummer;Roepnaam;Achternaam;Groep;Ouder e-mail"


def children(services: Services, school: School) -> dict[str, Child]:
    with services.uow() as uow:
        return {c.pupil_number or "": c for c in uow.children.list(school.id)}


def links(services: Services, school: School) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(pupil number, login) of the guardianships, and of the contacts without custody."""
    with services.uow() as uow:
        kids = {c.id: c.pupil_number or "" for c in uow.children.list(school.id)}
        logins = {p.id: p.login_name for p in uow.parents.list(school.id)}
        access = uow.guardianships.parents_of(school.id, kids)
        contacts = uow.pupil_contacts.list(school.id)
    return (
        {(kids[c], logins[p]) for c, parents in access.items() for p in parents},
        {(kids[c.child_id], logins[c.parent_id]) for c in contacts},
    )


# --- house numbers, postcodes, dates ----------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "number", "suffix"),
    [
        ("12A", "12", "A"),
        ("12 a", "12", "A"),
        ("12-2", "12", "2"),
        ("146-2", "146", "2"),
        ("7bis", "7", "bis"),
        ("12 hs", "12", "hs"),
        ("12", "12", ""),
    ],
)
def test_a_house_number_with_its_addition_in_one_column_is_split(
    memory_services: Services, school: School, written: str, number: str, suffix: str
) -> None:
    report = run(
        memory_services,
        school,
        csv(
            HEAD + ";Straat;Huisnummer;Postcode", f"1;Eva;Bos;Groep 1;e@x.nl;Brink;{written};9401ab"
        ),
    )

    assert report.rejected == report.warnings == ()
    with memory_services.uow() as uow:
        parent = uow.parents.get_by_login("e@x.nl")
    assert parent is not None
    assert parent.address == Address(
        street="Brink", house_number=number, house_number_suffix=suffix, postcode="9401 AB"
    )
    again = run(
        memory_services,
        school,
        csv(
            HEAD + ";Straat;Huisnummer;Postcode", f"1;Eva;Bos;Groep 1;e@x.nl;Brink;{written};9401ab"
        ),
    )
    assert again.outcomes == ()


@given(
    st.integers(1, 99999),
    st.sampled_from(["", "A", "b", "bis", "hs", "2", "III"]),
    st.sampled_from(["", " ", "-"]),
)
def test_split_house_number_gives_back_number_and_addition(
    number: int, suffix: str, separator: str
) -> None:
    if suffix.isdigit() and not separator:
        separator = "-"  # "12-2"; "122" is house number 122
    got = split_house_number(f"{number}{separator if suffix else ''}{suffix}")
    assert got == (str(number), suffix.upper() if len(suffix) == 1 else suffix)


@pytest.mark.parametrize(
    "written",
    [
        "3-7-2015",
        "03-07-2015",
        "03-07-15",
        "3/7/2015",
        "03.07.2015",
        "2015-07-03",
        "2015-07-03T00:00:00",
        "2015-07-03 00:00:00",
        "2015-07-03T00:00:00.000+02:00",
        "20150703",
        "42188",  # Excel's day number
        "42188.0",
    ],
)
def test_birth_dates_in_the_forms_administrations_write_them(
    memory_services: Services, school: School, written: str
) -> None:
    report = run(
        memory_services,
        school,
        csv(HEAD + ";Geboortedatum", f"1;Eva;Bos;Groep 1;e@x.nl;{written}"),
    )

    assert report.rejected == report.warnings == ()
    assert children(memory_services, school)["1"].date_of_birth == dt.date(2015, 7, 3)


@given(st.dates(dt.date(1927, 1, 1), TODAY))
def test_every_date_form_reads_back_as_the_same_day(day: dt.date) -> None:
    forms = [
        f"{day.day}-{day.month}-{day.year}",
        day.isoformat(),
        f"{day.isoformat()}T00:00:00",
        day.strftime("%Y%m%d"),
        str((day - dt.date(1899, 12, 30)).days),
    ]
    if day.year > TODAY.year - 100:  # two digits: the century that puts it in the past
        forms.append(day.strftime("%d-%m-%y"))
    assert {read_date(form, TODAY) for form in forms} == {day}


# --- pupil numbers --------------------------------------------------------------------------


def test_pupil_numbers_with_and_without_leading_zeros_are_one_pupil(
    memory_services: Services, school: School
) -> None:
    run(memory_services, school, csv(HEAD, "123;Eva;Bos;Groep 1;e@x.nl"))

    report = run(
        memory_services,
        school,
        csv(HEAD, "00123;Eva;Bos;Groep 1;e@x.nl", "0123;Eva;Bos;Groep 1;f@x.nl"),
    )

    assert list(children(memory_services, school)) == ["123"]
    assert report.keys(Kind.PUPIL, Action.CREATED) == []
    assert report.keys(Kind.GUARDIANSHIP, Action.CREATED) == ["123/f@x.nl"]
    assert report.warnings == (
        LineNote(
            2, "Leerlingnummer '00123' gelezen als leerling 123 (voorloopnullen tellen niet mee)."
        ),
        LineNote(
            3, "Leerlingnummer '0123' gelezen als leerling 123 (voorloopnullen tellen niet mee)."
        ),
    )
    assert report.left == ()


@given(st.integers(0, 10**9), st.integers(0, 4), st.integers(0, 4))
def test_pupil_key_ignores_leading_zeros_only(number: int, zeros: int, other: int) -> None:
    assert pupil_key("0" * zeros + str(number)) == pupil_key("0" * other + str(number))
    assert pupil_key(str(number)) != pupil_key(str(number + 1))


# --- headers ------------------------------------------------------------------------------------


def test_common_header_variants_need_no_mapping(memory_services: Services, school: School) -> None:
    text = csv(
        "STAMNR;Roepnaam;Tussenvoegsel(s);Achternaam;Geb. datum;Klas;E-mailadres ouder;"
        "Telefoonnummer ouder;Woonplaats",
        "77;Eva;van;Bos;03-07-2015;groep 2;Erik@X.nl;06 12345678;Assen",
    )

    report = run(memory_services, school, text)

    assert report.rejected == report.warnings == ()
    eva = children(memory_services, school)["77"]
    assert (eva.tussenvoegsel, eva.date_of_birth) == ("van", dt.date(2015, 7, 3))
    assert report.keys(Kind.GUARDIANSHIP, Action.CREATED) == ["77/erik@x.nl"]


def test_a_file_without_a_parent_e_mail_column_is_refused_unless_pupils_only(
    memory_services: Services, school: School
) -> None:
    text = csv("Leerlingnummer;Roepnaam;Achternaam;Groep;Ouder naam", "1;Eva;Bos;Groep 1;Erik")

    with pytest.raises(ImportFileInvalid, match="Geen kolom met het e-mailadres van een ouder"):
        run(memory_services, school, text)
    assert children(memory_services, school) == {}

    report = run(memory_services, school, text, pupils_only=True)
    assert report.keys(Kind.PUPIL, Action.CREATED) == ["1"]


def test_duplicate_headers_are_refused_with_both_positions(
    memory_services: Services, school: School
) -> None:
    text = csv(HEAD + ";Groep", "1;Eva;Bos;Groep 1;e@x.nl;Groep 2")

    with pytest.raises(ImportFileInvalid) as refused:
        run(memory_services, school, text)

    assert "De kolom 'Groep' staat twee keer in het bestand (kolom 4 en kolom 6)" in (
        refused.value.message
    )


def test_title_and_empty_lines_above_the_header_are_skipped_with_a_note(
    memory_services: Services, school: School
) -> None:
    text = csv(
        "Leerlingen De Borg 2026-2027;;;;",
        ";;;;",
        "",
        HEAD,
        '1;"Eva\nMaria";Bos;Groep 1;e@x.nl',
        "2;Bram;Vos;Groep 9;b@x.nl",
    )

    report = run(memory_services, school, text)

    assert report.header_line == 4
    assert report.notes == (
        "De kolomnamen staan op regel 4; regel 1–3 (titel of leeg) zijn overgeslagen.",
    )
    assert report.keys(Kind.PUPIL, Action.CREATED) == ["1"]
    # Physical lines: the quoted line break counts, and so line numbers match the file.
    assert report.rejected[0].line == 7
    assert report.lines == 7
    assert report.as_dict()["lines"] == 7
    assert report.as_dict()["header_line"] == 4


# --- several parents per line -------------------------------------------------------------------

TWO = (
    "Leerlingnummer;Roepnaam;Achternaam;Groep;Straat;Huisnummer;Verzorger 1 roepnaam;"
    "Verzorger 1 e-mail;Verzorger 1 gezag;Verzorger 2 roepnaam;Verzorger 2 e-mail;"
    "Verzorger 2 gezag"
)


def test_two_parents_per_line_are_recognised_and_share_the_pupils_address(
    memory_services: Services, school: School
) -> None:
    text = csv(
        TWO,
        "1;Eva;Bos;Groep 1;Brink;12A;Erik;erik@x.nl;ja;Anna;anna@x.nl;ja",
        "2;Bram;Bos;Groep 3;Brink;12A;Erik;erik@x.nl;ja;;;",
    )

    report = run(memory_services, school, text)

    assert report.rejected == report.warnings == ()
    assert links(memory_services, school)[0] == {
        ("1", "erik@x.nl"),
        ("1", "anna@x.nl"),
        ("2", "erik@x.nl"),
    }
    with memory_services.uow() as uow:
        anna = uow.parents.get_by_login("anna@x.nl")
    assert anna is not None
    assert (anna.roepnaam, anna.address.house_number, anna.address.house_number_suffix) == (
        "Anna",
        "12",
        "A",
    )

    again = run(memory_services, school, text, archive_missing=True)
    assert again.outcomes == again.loose_guardianships == ()
    assert links(memory_services, school)[0] == {
        ("1", "erik@x.nl"),
        ("1", "anna@x.nl"),
        ("2", "erik@x.nl"),
    }


def test_a_mapping_names_a_block_of_columns_per_parent(
    memory_services: Services, school: School
) -> None:
    mapping = ColumnMapping.from_dict(
        {
            "columns": {"pupil_number": "Nr"},
            "parent": [
                {"email": "Mail A", "roepnaam": "Naam A"},
                {"email": "Mail B", "roepnaam": "Naam B", "custody": "Gezag B"},
            ],
        }
    )
    text = csv(
        "Nr;Roepnaam;Achternaam;Groep;Naam A;Mail A;Naam B;Mail B;Gezag B",
        "5;Eva;Bos;Groep 1;Erik;e@x.nl;Opa;opa@x.nl;nee",
    )

    report = run(memory_services, school, text, mapping=mapping)

    assert report.rejected == report.warnings == ()
    assert links(memory_services, school) == ({("5", "e@x.nl")}, {("5", "opa@x.nl")})
    assert ("ouder 2: custody", "Gezag B") in mapping.expected()


def test_a_block_without_its_e_mail_column_in_a_mapping_is_refused() -> None:
    with pytest.raises(ImportFileInvalid, match=r"Ouder 1 \(\[\[parent\]\]\)"):
        ColumnMapping.from_dict({"parent": [{"roepnaam": "Naam A"}]})


# --- what is only a warning now, and pupils without parents -------------------------------------


def test_an_invalid_parent_address_leaves_out_that_parent_and_keeps_the_pupil_and_links(
    memory_services: Services, school: School
) -> None:
    run(memory_services, school, csv(TWO, "1;Eva;Bos;Groep 1;;;Erik;erik@x.nl;;Anna;anna@x.nl;"))

    report = run(
        memory_services,
        school,
        csv(TWO, "1;Eva;Bos;Groep 1;;;Erik;erik@x.nl;;Anna;anna@@x;"),
        archive_missing=True,
    )

    assert report.rejected == ()
    assert report.warnings == (
        LineNote(
            2,
            "Ongeldig e-mailadres 'anna@@x' (Verzorger 2 e-mail): deze ouder is niet "
            "ingelezen, de leerling wel.",
        ),
    )
    # The file cannot be trusted to list Eva's parents: Anna keeps her link.
    assert report.loose_guardianships == ()
    assert links(memory_services, school)[0] == {("1", "erik@x.nl"), ("1", "anna@x.nl")}


def test_the_report_ends_with_the_pupils_without_any_parent(
    memory_services: Services, school: School
) -> None:
    text = csv(
        HEAD + ";Gezag",
        "1;Eva;Bos;Groep 1;e@x.nl;ja",
        "2;Bram;Vos;Groep 2;;",
        "3;Cas;Mol;Groep 3;opa@x.nl;nee",
        "4;Dirk;Kok;Groep 4;k@@x;ja",
    )

    report = run(memory_services, school, text)

    assert report.without_parents == (
        PupilWithoutParent("2", "Bram Vos", "Groep 2"),
        PupilWithoutParent("3", "Cas Mol", "Groep 3"),
        PupilWithoutParent("4", "Dirk Kok", "Groep 4"),
    )
    assert report.as_dict()["without_parents"][0] == {
        "pupil_number": "2",
        "name": "Bram Vos",
        "group": "Groep 2",
    }


# --- groups -------------------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["gr 5", "groep 5", "Groep 5", "GROEP  5", "5", "gr. 5", "g5"])
def test_group_names_are_read_against_the_schools_groups(
    memory_services: Services, school: School, written: str
) -> None:
    report = run(memory_services, school, csv(HEAD, f"1;Eva;Bos;{written};e@x.nl"))

    assert report.rejected == ()
    assert report.keys(Kind.GROUP, Action.CREATED) == []
    with memory_services.uow() as uow:
        group = uow.groups.get(school.id, children(memory_services, school)["1"].group_id)
    assert group is not None
    assert group.name == "Groep 5"


def test_combination_groups_are_created_with_one_consistent_name(
    memory_services: Services, school: School
) -> None:
    text = csv(
        HEAD,
        "1;Eva;Bos;1/2a;e@x.nl",
        "2;Bram;Vos;Groep 1/2A;b@x.nl",
        "3;Cas;Mol;groep 3-4;c@x.nl",
        "4;Dirk;Kok;3/4;d@x.nl",
    )

    refused = run(memory_services, school, text, dry_run=True)
    assert [r.line for r in refused.rejected] == [2, 3, 4, 5]

    report = run(memory_services, school, text, create_groups=True)

    assert report.rejected == ()
    assert report.keys(Kind.GROUP, Action.CREATED) == ["Groep 1/2a", "Groep 3/4"]
    with memory_services.uow() as uow:
        years = {g.name: (g.year, g.last_year) for g in uow.groups.list(school.id)}
    assert years["Groep 1/2a"] == (1, 2)
    assert years["Groep 3/4"] == (3, 4)
    assert years["Groep 1"] == (1, None)


@given(
    st.integers(1, 8),
    st.sampled_from(["", "a", "B"]),
    st.sampled_from(["groep ", "Groep", "gr ", "gr.", "g", "", "GROEP  "]),
)
def test_every_way_of_writing_a_group_gives_its_consistent_name(
    year: int, letter: str, prefix: str
) -> None:
    assert group_name(f"{prefix}{year}{letter}") == f"Groep {year}{letter.lower()}"
    assert group_key(f"{prefix}{year}{letter}") == group_key(f"Groep {year}{letter}")


# --- custody --------------------------------------------------------------------------------


def test_a_parent_without_custody_is_a_contact_without_access(
    memory_services: Services, school: School
) -> None:
    text = csv(
        HEAD + ";Gezag", "1;Eva;Bos;Groep 1;moeder@x.nl;Ja", "1;Eva;Bos;Groep 1;vader@x.nl;Nee"
    )

    report = run(memory_services, school, text)

    assert links(memory_services, school) == ({("1", "moeder@x.nl")}, {("1", "vader@x.nl")})
    assert report.of(Kind.CONTACT, Action.CREATED)[0].name == (
        "Eva Bos – vader@x.nl (geen gezag: geen toegang tot de leerling)"
    )
    with memory_services.uow() as uow:
        vader = uow.parents.get_by_login("vader@x.nl")
        assert vader is not None
        assert uow.guardianships.children_of(school.id, vader.id) == []
    assert run(memory_services, school, text).outcomes == ()


def test_custody_taken_away_in_the_file_removes_access_and_says_so(
    memory_services: Services, school: School
) -> None:
    run(memory_services, school, csv(HEAD + ";Gezag", "1;Eva;Bos;Groep 1;vader@x.nl;ja"))

    report = run(
        memory_services, school, csv(HEAD + ";Relatie", "1;Eva;Bos;Groep 1;vader@x.nl;Grootouder")
    )

    assert report.access_removed == (LooseGuardianship("1", "Eva Bos", "vader@x.nl"),)
    assert links(memory_services, school) == (set(), {("1", "vader@x.nl")})
    assert report.without_parents == (PupilWithoutParent("1", "Eva Bos", "Groep 1"),)

    back = run(memory_services, school, csv(HEAD + ";Gezag", "1;Eva;Bos;Groep 1;vader@x.nl;ja"))
    assert back.keys(Kind.GUARDIANSHIP, Action.CREATED) == ["1/vader@x.nl"]
    assert links(memory_services, school) == ({("1", "vader@x.nl")}, set())


def test_an_unknown_custody_value_is_a_warning_and_gives_no_access(
    memory_services: Services, school: School
) -> None:
    report = run(
        memory_services, school, csv(HEAD + ";Gezag", "1;Eva;Bos;Groep 1;v@x.nl;misschien")
    )

    assert report.warnings == (
        LineNote(
            2,
            "Onbekende waarde 'misschien' in Gezag bij v@x.nl (ja of nee): ingelezen als "
            "contactpersoon zonder toegang tot de leerling.",
        ),
    )
    assert links(memory_services, school) == (set(), {("1", "v@x.nl")})


# --- lines the portal cannot store ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "described"),
    [
        ("Ev\x00a", "U+0000"),
        ("Eva\x1b[31m", "U+001B"),
        ("Eva\u202eavE", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("Eva\u200b", "U+200B ZERO WIDTH SPACE"),
    ],
)
def test_a_control_character_rejects_only_its_line(
    memory_services: Services, school: School, text: str, described: str
) -> None:
    report = run(
        memory_services,
        school,
        csv(
            HEAD,
            "1;Anna;Bos;Groep 1;a@x.nl",
            f"2;{text};Bos;Groep 1;b@x.nl",
            "3;Cas;Bos;Groep 1;c@x.nl",
        ),
    )

    assert report.rejected == (
        LineNote(
            3,
            f"Ongeldig teken ({described}) in kolom 'Roepnaam': de regel is niet ingelezen. "
            "Verwijder het teken in de leerlingenadministratie of in het bestand.",
        ),
    )
    assert sorted(children(memory_services, school)) == ["1", "3"]


def test_text_is_stored_nfc_normalised(memory_services: Services, school: School) -> None:
    run(memory_services, school, csv(HEAD, "1;Zoe\u0308;Bos;Groep 1;a@x.nl"))
    again = run(memory_services, school, csv(HEAD, "1;Zo\u00eb;Bos;Groep 1;a@x.nl"))

    assert children(memory_services, school)["1"].roepnaam == "Zo\u00eb"
    assert again.outcomes == ()


def test_an_over_long_line_is_rejected_with_its_line_number_and_the_rest_imported(
    memory_services: Services, school: School
) -> None:
    huge = "x" * (10 * 1024 * 1024)
    report = run(
        memory_services,
        school,
        csv(
            HEAD,
            "1;Anna;Bos;Groep 1;a@x.nl",
            f"2;{huge};Bos;Groep 1;b@x.nl",
            "3;Cas;Bos;Groep 1;c@x.nl",
        ),
    )

    assert report.rejected == (
        LineNote(
            3,
            f"De regel is te lang ({len(huge) + 17} tekens; hoogstens {MAX_LINE_CHARS}) en is "
            "niet ingelezen.",
        ),
    )
    assert sorted(children(memory_services, school)) == ["1", "3"]


def test_an_over_long_header_refuses_the_file_with_a_message(
    memory_services: Services, school: School
) -> None:
    huge = "x" * (10 * 1024 * 1024)
    with pytest.raises(ImportFileInvalid, match="te lang"):
        run(memory_services, school, csv(HEAD + ";" + huge, "1;Anna;Bos;Groep 1;a@x.nl;"))
