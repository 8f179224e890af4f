"""The staff command line on SQLite and PostgreSQL: schools, groups, staff, pupils, parents
and their accounts, the outbox and the schema; bad input gets one Dutch line, exit code 1,
and writes nothing."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from deborg.adapters.memory import MemoryMailer
from deborg.bootstrap import Services, bootstrap
from deborg.domain.model import Parent, PupilContact
from deborg.domain.passwords import enforce_password_policy
from deborg.entrypoints.cli.context import CliContext
from deborg.entrypoints.cli.main import cli
from deborg.entrypoints.web.links import PortalLinks
from tests.conftest import make_settings

BASE = "https://portaal.example.nl"


def run(services: Services, *args: str) -> Result:
    return CliRunner().invoke(
        cli, list(args), obj=CliContext(services_factory=lambda: services), catch_exceptions=False
    )


def ok(services: Services, *args: str) -> str:
    result = run(services, *args)
    assert result.exit_code == 0, result.output
    return result.output


def refused(services: Services, *args: str) -> str:
    """The command fails with one Dutch line on stderr."""
    result = run(services, *args)
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Fout: ")
    assert "Error" not in result.output + result.stderr
    assert "Traceback" not in result.output + result.stderr
    return lines[0]


def counts(services: Services) -> dict[str, Any]:
    with services.uow() as uow:
        schools = uow.schools.list()
        return {
            "schools": [s.code for s in schools],
            **{
                s.code: (
                    len(uow.groups.list(s.id)),
                    len(uow.children.list(s.id, include_archived=True)),
                    len(uow.parents.list(s.id)),
                    len(uow.staff.list(s.id)),
                )
                for s in schools
            },
            "outbox": len(uow.outbox.list(limit=10_000)),
        }


@pytest.fixture
def school(sql_services: Services) -> Services:
    """A school with two groups and three pupils, made through the command line."""
    s = sql_services
    assert "School Kindcentrum De Borg aangemaakt (schoolcode 99XX00)" in ok(
        s, "school", "create", "Kindcentrum De Borg", "--code", "99xx00", "--city", "Assen"
    )
    ok(s, "group", "add", "Groep 5", "--year", "5", "--description", "Topografie.")
    ok(s, "group", "add", "Groep 7", "--year", "7")
    for first, group, number, birth in (
        ("Daan", "Groep 5", "1042", "11-10-2017"),
        ("Mila", "Groep 7", "1043", "2015-03-02"),
        ("Sem", "Groep 5", "1044", "01/02/2017"),
    ):
        ok(s, "child", "add", "--roepnaam", first, "--achternaam", "Visser", "--group", group,
           "--pupil-number", number, "--birth", birth, "--postcode", "9401ab")  # fmt: skip
    return s


def test_schools_are_created_and_listed(school: Services) -> None:
    ok(school, "school", "create", "De Esch", "--code", "98YY11")
    assert [s["code"] for s in json.loads(ok(school, "school", "list", "--json"))] == [
        "99XX00",
        "98YY11",
    ]
    assert "98YY11  De Esch" in ok(school, "school", "list")


def test_groups_and_pupils_are_added_and_listed(school: Services) -> None:
    groups = json.loads(ok(school, "group", "list", "--json"))
    assert [(g["name"], g["year"], g["pupils"]) for g in groups] == [
        ("Groep 5", 5, 2),
        ("Groep 7", 7, 1),
    ]
    assert "Groep 5: 2 leerlingen" in ok(school, "group", "list")
    children = json.loads(ok(school, "child", "list", "--json"))
    assert {(c["name"], c["group"], c["pupil_number"], c["date_of_birth"]) for c in children} == {
        ("Daan Visser", "Groep 5", "1042", "2017-10-11"),
        ("Mila Visser", "Groep 7", "1043", "2015-03-02"),
        ("Sem Visser", "Groep 5", "1044", "2017-02-01"),
    }
    only = json.loads(ok(school, "child", "list", "--group", "groep 7", "--json"))
    assert [c["name"] for c in only] == ["Mila Visser"]
    with school.uow() as uow:
        daan = uow.children.get_by_pupil_number(uow.schools.list()[0].id, "1042")
    assert daan is not None
    assert daan.address.postcode == "9401 AB"


def test_staff_are_added_with_their_groups(school: Services) -> None:
    assert "Medewerker Juf Anja <anja@deborg.nl> toegevoegd." in ok(
        school, "staff", "add", "Juf Anja", "Anja@DeBorg.nl", "--group", "Groep 5"
    )
    with school.uow() as uow:
        school_id = uow.schools.list()[0].id
        [anja] = uow.staff.list(school_id)
        group5 = uow.groups.get_by_name(school_id, "Groep 5")
    assert group5 is not None
    assert anja.group_ids == (group5.id,)


def test_the_same_email_means_the_same_account_linked_to_both_children(school: Services) -> None:
    first = ok(
        school, "parent", "add", "ouders@example.nl", "--roepnaam", "Sanne", "--child", "1042"
    )
    assert "aangemaakt" in first
    second = ok(
        school, "parent", "add", "Ouders@Example.nl ", "--roepnaam", "Tom", "--child", "1043"
    )
    assert "bestond al; kinderen gekoppeld" in second
    with school.uow() as uow:
        school_id = uow.schools.list()[0].id
        [parent] = uow.parents.list(school_id)
        children = uow.children.get_many(
            school_id, uow.guardianships.children_of(school_id, parent.id)
        )
    assert parent.roepnaam == "Sanne"
    assert sorted(c.pupil_number or "" for c in children) == ["1042", "1043"]
    listed = json.loads(ok(school, "parent", "list", "--json"))
    assert [(p["login_name"], p["state"]) for p in listed] == [("ouders@example.nl", "invited")]


def test_an_invitation_queues_the_activation_mail(school: Services) -> None:
    ok(school, "parent", "add", "sanne@example.nl", "--child", "1042")
    assert "1 uitnodiging(en) in de wachtrij" in ok(school, "parent", "invite", "sanne@example.nl")
    with school.uow() as uow:
        [entry] = uow.outbox.list()
    text = entry.mail.text
    assert entry.mail.to == "sanne@example.nl"
    assert "Uw gebruikersnaam: sanne@example.nl" in text
    password = re.search(r"Uw wachtwoord: (\S+)", text)
    assert password
    enforce_password_policy(password.group(1), school.common_passwords)
    assert re.search(re.escape(BASE) + r"/activeren/[A-Za-z0-9_-]{43}\b", text)

    assert "Verstuurd: 1" in ok(school, "mail", "send")
    assert isinstance(school.mailer, MemoryMailer)
    assert [m.to for m in school.mailer.sent] == ["sanne@example.nl"]
    assert "Verstuurd: 0" in ok(school, "mail", "send")
    [listed] = json.loads(ok(school, "mail", "list", "--json"))
    assert listed["status"] == "sent"


def test_all_new_parents_are_invited_at_once(school: Services) -> None:
    for n, child in enumerate(("1042", "1043", "1044")):
        ok(school, "parent", "add", f"ouder{n}@example.nl", "--child", child)
    assert "3 uitnodiging(en)" in ok(school, "parent", "invite", "--all-new")
    with school.uow() as uow:
        assert len(uow.outbox.list()) == 3


def test_a_contact_without_custody_is_left_out_of_all_new_and_refused_by_name(
    school: Services,
) -> None:
    ok(school, "parent", "add", "ouder@example.nl", "--child", "1042")
    with school.uow() as uow:
        (borg,) = uow.schools.list()
        oma = uow.parents.add(Parent(school_id=borg.id, login_name="oma@example.nl"))
        child = next(c for c in uow.children.list(borg.id) if c.pupil_number == "1042")
        uow.pupil_contacts.add(PupilContact(borg.id, oma.id, child.id))
        uow.commit()

    output = ok(school, "parent", "invite", "--all-new")

    assert "1 uitnodiging(en)" in output
    assert "1 contactperso(o)n(en) zonder gezag kregen geen uitnodiging" in output
    assert "alleen contactpersoon van een leerling" in refused(
        school, "parent", "invite", "oma@example.nl"
    )
    with school.uow() as uow:
        assert [e.mail.to for e in uow.outbox.list()] == ["ouder@example.nl"]


def test_read_only_is_switched_on_and_off(school: Services) -> None:
    ok(school, "parent", "add", "sanne@example.nl", "--child", "1042")
    assert "alleen lezen" in ok(school, "parent", "read-only", "SANNE@example.nl", "--on")
    assert json.loads(ok(school, "parent", "list", "--json"))[0]["read_only"] is True
    assert "lezen en wijzigen" in ok(school, "parent", "read-only", "sanne@example.nl", "--off")
    assert json.loads(ok(school, "parent", "list", "--json"))[0]["read_only"] is False


def test_a_login_is_renamed_and_the_parent_is_mailed_at_the_new_and_the_old_address(
    school: Services,
) -> None:
    ok(school, "parent", "add", "oud@example.nl", "--child", "1042")
    assert "Inlognaam gewijzigd in nieuw@example.nl" in ok(
        school, "parent", "rename-login", "oud@example.nl", "Nieuw@Example.nl"
    )
    assert json.loads(ok(school, "parent", "list", "--json"))[0]["login_name"] == "nieuw@example.nl"
    with school.uow() as uow:
        entries = uow.outbox.list()
    assert sorted(entry.mail.to for entry in entries) == ["nieuw@example.nl", "oud@example.nl"]
    assert {entry.mail.subject for entry in entries} == {"Uw inlognaam is gewijzigd"}


def test_db_upgrade_creates_the_schema_of_a_new_database(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    services = bootstrap(settings, PortalLinks.from_routes(settings.base_url, settings.secret_key))
    assert "Database bijgewerkt" in ok(services, "db", "upgrade")
    assert "Database bijgewerkt" in ok(services, "db", "upgrade")  # again: nothing to do
    ok(services, "school", "create", "De Borg", "--code", "99XX00")
    assert (settings.data_dir / "deborg.sqlite3").exists()


@pytest.mark.parametrize(
    ("args", "complaint"),
    [
        (("parent", "add", "geen-adres", "--child", "1042"), "e-mailadres"),
        (("parent", "add", "a@example.nl", "--child", "9999"), "Onbekende leerling: 9999"),
        (("parent", "invite", "wie@example.nl"), "Geen ouder met gebruikersnaam"),
        (("parent", "read-only", "wie@example.nl", "--on"), "Geen ouder"),
        (("parent", "rename-login", "wie@example.nl", "nieuw@example.nl"), "Geen ouder"),
        (("parent", "rename-login", "wie@example.nl", "geen-adres"), "e-mailadres"),
        (("child", "add", "--roepnaam", "Bo", "--achternaam", "Bos", "--group", "Groep 5",
          "--birth", "31-02-2017"), "geldige datum"),
        (("child", "add", "--roepnaam", "Bo", "--achternaam", "Bos", "--group", "Groep 9"),
         "Onbekende groep: Groep 9"),
        (("child", "add", "--roepnaam", "Bo", "--achternaam", "Bos", "--group", "Groep 5",
          "--postcode", "12345"), "postcode"),
        (("child", "add", "--roepnaam", "Bo", "--achternaam", "Bos", "--group", "Groep 5",
          "--house-number", "twaalf"), "huisnummer"),
        (("child", "add", "--roepnaam", "Bo", "--achternaam", "Bos", "--group", "Groep 5",
          "--pupil-number", "1042"), "Leerlingnummer 1042 bestaat al"),
        (("child", "add", "--roepnaam", " ", "--achternaam", "Bos", "--group", "Groep 5"),
         "verplicht"),
        (("group", "add", "groep 5"), "De groep groep 5 bestaat al"),
        (("staff", "add", "Juf Els", "els@deborg.nl", "--group", "Groep 9"), "Onbekende groep"),
        (("staff", "add", "Juf Els", "els-at-deborg.nl"), "e-mailadres"),
        (("school", "create", "Dubbel", "--code", "99XX00"), "bestaat al een school"),
        (("school", "create", "Fout", "--code", "ABC"), "99XX00"),
        (("school", "create", "Fout", "--code", "11AA11", "--timezone", "Mars/Olympus"),
         "Onbekende tijdzone"),
        (("--school", "11ZZ11", "group", "list"), "Geen school met schoolcode 11ZZ11"),
    ],
)  # fmt: skip
def test_bad_input_gets_one_dutch_line_and_writes_nothing(
    school: Services, args: tuple[str, ...], complaint: str
) -> None:
    ok(school, "parent", "add", "bestaat@example.nl", "--child", "1042")
    before = counts(school)
    line = refused(school, *args)
    assert complaint in line
    assert counts(school) == before


def test_a_command_needing_a_school_says_how_to_make_one(sql_services: Services) -> None:
    assert "deborg school create" in refused(sql_services, "group", "list")


def test_with_several_schools_the_school_must_be_chosen(school: Services) -> None:
    ok(school, "school", "create", "De Esch", "--code", "98YY11")
    assert "--school" in refused(school, "group", "list")
    ok(school, "--school", "98yy11", "group", "add", "Groep A")
    assert "Groep A: 0 leerlingen" in ok(school, "--school", "98YY11", "group", "list")
    assert "Groep A" not in ok(school, "--school", "99XX00", "group", "list")


def test_a_parent_of_one_school_cannot_be_added_at_another(school: Services) -> None:
    ok(school, "parent", "add", "ouder@example.nl", "--child", "1042")
    ok(school, "school", "create", "De Esch", "--code", "98YY11")
    before = counts(school)
    assert "andere school" in refused(
        school, "--school", "98YY11", "parent", "add", "ouder@example.nl"
    )
    assert counts(school) == before


def test_inviting_a_parent_twice_is_refused_unless_resent_on_purpose(school: Services) -> None:
    """A second invite must not silently kill the first mail's password and link."""
    ok(school, "parent", "add", "sanne@example.nl", "--child", "1042")
    ok(school, "parent", "invite", "sanne@example.nl")
    message = refused(school, "parent", "invite", "sanne@example.nl")
    assert "heeft al een uitnodiging gekregen" in message
    assert "--resend" in message
    with school.uow() as uow:
        assert len(uow.outbox.list()) == 1  # the first mail is the only one, and still good
    assert "1 uitnodiging(en)" in ok(school, "parent", "invite", "sanne@example.nl", "--resend")
    with school.uow() as uow:
        assert len(uow.outbox.list()) == 2
