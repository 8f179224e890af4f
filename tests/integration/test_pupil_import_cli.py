"""``deborg import`` on a real database: the realistic file end to end, a dry run, a crash
half-way, mapping files, inviting the imported parents, and the sample export of the demo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from deborg.bootstrap import Services
from deborg.domain.model import Group, ParentState, School
from deborg.domain.pupil_import import Action, Kind
from deborg.entrypoints.cli.context import CliContext
from deborg.entrypoints.cli.main import cli
from deborg.services.pupil_import import import_pupils
from tests.pupil_export import HEADERS, InjectedFailure, SpyUnitOfWork, generate, raw_lines, to_csv

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


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


def counts(services: Services, school: School) -> tuple[int, int, int]:
    with services.uow() as uow:
        children = uow.children.list(school.id)
        parents = uow.parents.list(school.id)
        links = uow.guardianships.parents_of(school.id, [c.id for c in children])
    return len(children), len(parents), sum(len(v) for v in links.values())


def test_import_a_windows_export_then_again_with_nothing_to_change(
    sql_services: Services, school: School, tmp_path: Path
) -> None:
    rows = generate()
    rows[5] = rows[5] | {"Ouder e-mail": "geen-adres"}
    export = tmp_path / "leerlingen.csv"
    export.write_bytes(to_csv(rows, encoding="cp1252", separator=";"))

    first = invoke(sql_services, "import", str(export))

    assert first.exit_code == 0, first.output
    assert "leerlingen.csv: 1001 regels, Windows-1252, gescheiden door puntkomma." in first.output
    assert "Leerlingen                       500          0            0" in first.output
    assert "Ouders                           800          0            0" in first.output
    assert "Koppelingen ouder–leerling       999          0            0" in first.output
    assert (
        "regel 7: Ongeldig e-mailadres 'geen-adres' (Ouder e-mail): deze ouder is niet "
        "ingelezen, de leerling wel." in first.output
    )
    assert "Opgeslagen." in first.output
    assert counts(sql_services, school) == (500, 800, 999)
    with sql_services.uow() as uow:
        zoe = [c for c in uow.children.list(school.id) if c.roepnaam == "Zoë"]
    assert zoe  # Windows-1252 decoded

    again = invoke(sql_services, "import", "--json", str(export))

    assert again.exit_code == 0, again.output
    report = json.loads(again.output)
    assert report["summary"] == {
        "group": {"created": 0, "changed": 0, "unchanged": 8},
        "pupil": {"created": 0, "changed": 0, "unchanged": 500},
        "parent": {"created": 0, "changed": 0, "unchanged": 800},
        "guardianship": {"created": 0, "changed": 0, "unchanged": 999},
        "contact": {"created": 0, "changed": 0, "unchanged": 0},
    }
    assert report["created"] == report["changed"] == report["left"] == report["rejected"] == []
    assert report["warnings"] == [
        {
            "line": 7,
            "message": "Ongeldig e-mailadres 'geen-adres' (Ouder e-mail): deze ouder is niet "
            "ingelezen, de leerling wel.",
        }
    ]
    assert report["encoding"] == "Windows-1252"


def test_a_dry_run_prints_the_report_and_saves_nothing(
    sql_services: Services, school: School, tmp_path: Path
) -> None:
    export = tmp_path / "leerlingen.csv"
    export.write_bytes(to_csv(generate()[:20], encoding="utf-8-sig", separator=","))

    result = invoke(sql_services, "import", "--dry-run", str(export))

    assert result.exit_code == 0, result.output
    assert "UTF-8 (BOM), gescheiden door komma." in result.output
    assert "Leerlingen                        10          0            0" in result.output
    assert "Proefdraai (--dry-run): er is niets opgeslagen." in result.output
    assert counts(sql_services, school) == (0, 0, 0)


def test_a_crash_half_way_leaves_the_database_as_it_was(
    sql_services: Services, school: School
) -> None:
    rows = generate()
    # Writes in batches of 500: pupils, 2 × parents, then the second batch of guardianships.
    spy = SpyUnitOfWork(sql_services.uow(), fail_at=5)

    with pytest.raises(InjectedFailure):
        import_pupils(
            spy,
            sql_services.clock,
            school_id=school.id,
            phones=sql_services.phones,
            emails=sql_services.emails,
            header=HEADERS,
            lines=raw_lines(rows),
        )

    assert counts(sql_services, school) == (0, 0, 0)
    report = import_pupils(
        sql_services.uow(),
        sql_services.clock,
        school_id=school.id,
        phones=sql_services.phones,
        emails=sql_services.emails,
        header=HEADERS,
        lines=raw_lines(rows),
    )
    assert report.count(Kind.GUARDIANSHIP, Action.CREATED) == 1000
    assert counts(sql_services, school) == (500, 800, 1000)


def test_a_mapping_file_names_other_headers(
    sql_services: Services, school: School, tmp_path: Path
) -> None:
    mapping = tmp_path / "esis.toml"
    mapping.write_text(
        '[columns]\npupil_number = "Nr"\ngroup = "Unit"\nparent_email = "Contact mail"\n',
        encoding="utf-8",
    )
    export = tmp_path / "esis.csv"
    export.write_text(
        "Nr,Roepnaam,Achternaam,Unit,Contact mail\n77,Eva,Bos,groep 2,erik@x.nl\n",
        encoding="utf-8",
    )

    without = invoke(sql_services, "import", str(export))
    assert without.exit_code == 1
    assert "Deze verplichte kolom(men) ontbreken in het bestand: 'Leerlingnummer', 'Groep'." in (
        without.output
    )

    result = invoke(sql_services, "import", "--mapping", str(mapping), str(export))

    assert result.exit_code == 0, result.output
    assert counts(sql_services, school) == (1, 1, 1)


def test_invite_all_new_invites_the_imported_parents(
    sql_services: Services, school: School, tmp_path: Path
) -> None:
    export = tmp_path / "leerlingen.csv"
    export.write_bytes(to_csv(generate()[:4]))  # family 0: two pupils, two parents
    assert invoke(sql_services, "import", str(export)).exit_code == 0
    with sql_services.uow() as uow:
        parents = uow.parents.list(school.id)
    assert [p.state for p in parents] == [ParentState.INVITED, ParentState.INVITED]

    result = invoke(sql_services, "parent", "invite", "--all-new")

    assert result.exit_code == 0, result.output
    assert "2 uitnodiging(en) in de wachtrij." in result.output
    with sql_services.uow() as uow:
        mails = uow.outbox.list()
    assert sorted(m.mail.to for m in mails) == ["ouder0.0@example.nl", "ouder0.1@example.nl"]
    assert all("ouder0." in m.mail.text and "/activeren/" in m.mail.text for m in mails)

    again = invoke(sql_services, "parent", "invite", "--all-new")
    assert "0 uitnodiging(en) in de wachtrij." in again.output
    assert "2 ouder(s) kregen eerder een uitnodiging" in again.output
    resent = invoke(sql_services, "parent", "invite", "--all-new", "--resend")
    assert "2 uitnodiging(en) in de wachtrij." in resent.output
    with sql_services.uow() as uow:
        assert len(uow.outbox.list()) == 4


def test_the_sample_export_is_the_demo_school_and_importing_it_changes_nothing(
    memory_services: Services,
) -> None:
    from deborg.demo import seed_demo
    from deborg.demo.pupil_export import demo_export

    sample = EXAMPLES / "deborg-leerlingen.csv"
    assert sample.read_bytes() == demo_export(), (
        "examples/deborg-leerlingen.csv is out of date: python -m deborg.demo.pupil_export"
    )
    seed_demo(memory_services)

    result = invoke(
        memory_services,
        "import",
        "--json",
        "--mapping",
        str(EXAMPLES / "import-mapping.toml"),
        str(sample),
    )

    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["encoding"] == "Windows-1252"
    assert report["separator"] == ";"
    assert report["created"] == report["changed"] == report["rejected"] == []
    assert report["left"] == report["loose_guardianships"] == []
    assert report["summary"]["pupil"]["unchanged"] == 200
