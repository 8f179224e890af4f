"""``deborg import --preset NAME``: the sample export of every preset in examples/ imports
with the preset and nothing else (on SQLite and PostgreSQL), and a second run changes
nothing; ``--presets`` lists the exact columns of each."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from deborg.adapters.import_presets import PRESETS, load_preset
from deborg.bootstrap import Services
from deborg.domain.model import Group, School
from deborg.entrypoints.cli.context import CliContext
from deborg.entrypoints.cli.main import cli

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

#: Per preset: pupils, parents, guardianships, contacts without custody in its sample.
EXPECTED = {
    "parnassys": (4, 5, 6, 1),
    "esis": (2, 5, 3, 2),
    "magister": (3, 4, 5, 1),
    "eduscope": (2, 4, 3, 1),
    "standaard": (2, 4, 3, 1),
}


def invoke(services: Services, *args: str) -> Result:
    return CliRunner().invoke(
        cli, list(args), obj=CliContext(services_factory=lambda: services), catch_exceptions=False
    )


@pytest.fixture
def school(sql_services: Services) -> School:
    with sql_services.uow() as uow:
        school = uow.schools.add(School(name="Kindcentrum De Borg", code="99XX00"))
        for year in range(1, 9):
            uow.groups.add(Group(school_id=school.id, name=f"Groep {year}", year=year))
        uow.commit()
    return school


def stored(services: Services, school: School) -> tuple[int, int, int, int]:
    with services.uow() as uow:
        children = uow.children.list(school.id)
        links = uow.guardianships.parents_of(school.id, [c.id for c in children])
        return (
            len(children),
            len(uow.parents.list(school.id)),
            sum(len(v) for v in links.values()),
            len(uow.pupil_contacts.list(school.id)),
        )


def test_every_preset_has_a_sample_export() -> None:
    assert sorted(EXPECTED) == sorted(PRESETS)
    for name in PRESETS:
        assert (EXAMPLES / f"import-{name}.csv").is_file()


@pytest.mark.parametrize("preset", PRESETS)
def test_each_sample_export_imports_with_its_preset_and_again_changes_nothing(
    sql_services: Services, school: School, preset: str
) -> None:
    sample = str(EXAMPLES / f"import-{preset}.csv")

    first = invoke(sql_services, "import", "--preset", preset, "--json", sample)

    assert first.exit_code == 0, first.output
    report = json.loads(first.stdout)  # the progress bar is on stderr
    assert report["rejected"] == report["warnings"] == []
    assert report["without_parents"] == []
    assert report["summary"]["group"]["created"] == 0
    assert stored(sql_services, school) == EXPECTED[preset]

    again = invoke(sql_services, "import", "--preset", preset, sample)

    assert again.exit_code == 0, again.output
    assert "Niets gewijzigd: het portaal was al gelijk aan het bestand." in again.output
    assert stored(sql_services, school) == EXPECTED[preset]


def test_presets_lists_the_exact_columns_of_each(sql_services: Services) -> None:
    result = invoke(sql_services, "import", "--presets")

    assert result.exit_code == 0, result.output
    for name in PRESETS:
        assert f"{name}: " in result.output
        for _field, header in load_preset(name).expected():
            assert header in result.output
    assert "  ouder 2: parent_email" + " " * 11 + " Verzorger 2 e-mail\n" in result.output


def test_a_preset_and_a_mapping_together_are_refused(
    sql_services: Services, school: School, tmp_path: Path
) -> None:
    mapping = tmp_path / "m.toml"
    mapping.write_text("[columns]\n", encoding="utf-8")

    result = invoke(
        sql_services,
        "import",
        "--preset",
        "esis",
        "--mapping",
        str(mapping),
        str(EXAMPLES / "import-esis.csv"),
    )

    assert result.exit_code == 1
    assert "niet allebei" in result.output
    assert stored(sql_services, school) == (0, 0, 0, 0)


def test_a_nul_byte_in_one_line_rejects_that_line_not_the_file(
    sql_services: Services, school: School, tmp_path: Path
) -> None:
    export = tmp_path / "leerlingen.csv"
    export.write_bytes(
        b"Leerlingnummer;Roepnaam;Achternaam;Groep;Ouder e-mail\n"
        b"1;Anna;Bos;Groep 1;a@x.nl\n2;Br\x00am;Vos;Groep 2;b@x.nl\n3;Cas;Mol;Groep 3;c@x.nl\n"
    )

    result = invoke(sql_services, "import", str(export))

    assert result.exit_code == 0, result.output
    assert "regel 3: Ongeldig teken (U+0000) in kolom 'Roepnaam'" in result.output
    assert stored(sql_services, school) == (2, 2, 2, 0)
