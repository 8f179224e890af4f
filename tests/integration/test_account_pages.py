"""Mijn account (Persoonlijke gegevens, Bereikbaarheid) and Mijn kinderen through the browser:
own data read and changed, other people's data never shown, read-only enforced, every change
audited and reported to staff."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from click.testing import CliRunner

from deborg.bootstrap import Services
from deborg.domain.mail import OutgoingMail
from deborg.domain.model import Parent
from deborg.entrypoints.cli.context import CliContext
from deborg.entrypoints.cli.main import cli
from tests.conftest import Browser
from tests.world import World

READ_ONLY_TEXT = "Uw account staat op alleen lezen"


def _as(browser_factory: Callable[[], Browser], world: World, parent: Parent) -> Browser:
    browser = browser_factory()
    browser.login(parent.login_name, world.password)
    return browser


def _cli(services: Services, *args: str) -> str:
    result = CliRunner().invoke(
        cli, list(args), obj=CliContext(services_factory=lambda: services), catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return result.output


def _cli_fails(services: Services, *args: str) -> str:
    result = CliRunner().invoke(cli, list(args), obj=CliContext(services_factory=lambda: services))
    assert result.exit_code == 1, result.output
    return result.output


PERSONAL = {
    "roepnaam": "Alice",
    "voorletters": "a.m.",
    "tussenvoegsel": "",
    "achternaam": "Jansen-Smit",
    "street": "Brink",
    "house_number": "7",
    "house_number_suffix": "",
    "postcode": "9401hs",
    "city": "Assen",
}


def test_mijn_account_opens_on_persoonlijke_gegevens(browser: Browser, world: World) -> None:
    browser.login(world.alice.login_name, world.password)
    response = browser.get("/account/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/account/gegevens")
    page = browser.get("/account/gegevens").get_data(as_text=True)
    assert "Wijziging melden" in page
    assert 'value="Alice"' in page


def test_personal_data_is_saved_normalised_audited_and_reported(
    browser: Browser, world: World, sql_services: Services
) -> None:
    browser.login(world.alice.login_name, world.password)
    response = browser.post("/account/gegevens", PERSONAL)
    assert response.status_code == 302
    page = browser.get("/account/gegevens").get_data(as_text=True)
    assert 'value="9401 HS"' in page
    assert 'value="A.M."' in page
    assert "doorgegeven aan de school" in page

    with sql_services.uow() as uow:
        trail = uow.audit.list_for_subject(world.school.id, "parent", world.alice.id)
    changed = {(e.field, e.old_value, e.new_value) for e in trail}
    assert ("postcode", "", "9401 HS") in changed
    assert ("achternaam", "Jansen", "Jansen-Smit") in changed
    assert all(e.actor == f"parent:{world.alice.id}" for e in trail)

    reports = json.loads(_cli(sql_services, "--school", "99XX00", "changes", "list", "--json"))
    assert len(reports) == 1
    report = reports[0]
    assert report["subject_name"] == "Alice Jansen-Smit"
    assert {
        "field": "achternaam",
        "label": "Achternaam",
        "old": "Jansen",
        "new": "Jansen-Smit",
    } in (report["changes"])
    assert "Alice" in _cli(sql_services, "--school", "99XX00", "changes", "list")
    assert "afgehandeld" in _cli(
        sql_services, "--school", "99XX00", "changes", "done", str(report["id"])
    )
    assert "Geen openstaande" in _cli(sql_services, "--school", "99XX00", "changes", "list")
    assert "geen gemelde wijziging" in _cli_fails(
        sql_services, "--school", "99XX00", "changes", "done", "999"
    )


def test_saving_unchanged_data_reports_nothing(
    browser: Browser, world: World, sql_services: Services
) -> None:
    browser.login(world.alice.login_name, world.password)
    browser.post("/account/gegevens", PERSONAL)
    browser.post("/account/gegevens", PERSONAL)
    with sql_services.uow() as uow:
        assert len(uow.change_reports.list(world.school.id)) == 1


def test_a_refused_form_keeps_what_was_typed_and_says_what_is_wrong(
    browser: Browser, world: World, sql_services: Services
) -> None:
    browser.login(world.alice.login_name, world.password)
    typed = {**PERSONAL, "postcode": "12345", "house_number": "zeven", "roepnaam": ""}
    response = browser.post("/account/gegevens", typed)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'value="12345"' in page
    assert 'value="zeven"' in page
    assert 'value="Jansen-Smit"' in page
    assert 'id="postcode-error"' in page
    assert "Vul een geldige postcode in" in page
    assert 'id="house_number-error"' in page
    assert 'id="roepnaam-error"' in page
    with sql_services.uow() as uow:
        assert uow.parents.get(world.school.id, world.alice.id).achternaam == "Jansen"  # type: ignore[union-attr]


def test_a_read_only_parent_still_keeps_their_own_data_up_to_date(
    browser: Browser, world: World
) -> None:
    browser.login(world.dirk.login_name, world.password)
    response = browser.post("/account/gegevens", {**PERSONAL, "roepnaam": "Dirk"})
    assert response.status_code == 302


def test_phone_numbers_are_normalised_and_bad_ones_refused(
    browser: Browser, world: World, sql_services: Services
) -> None:
    browser.login(world.alice.login_name, world.password)
    form = {
        "contact_email": world.alice.login_name,
        "phone_label-0": "mobiel",
        "phone-0": "+31 6 1234 5678",
        "phone_label-1": "werk",
        "phone-1": "0592-123456",
        "phone_label-2": "thuis",
        "phone-2": "",
        "extra_email-0": "Alice.Werk@Example.nl",
    }
    assert browser.post("/account/bereikbaarheid", form).status_code == 302
    page = browser.get("/account/bereikbaarheid").get_data(as_text=True)
    assert 'value="06 12345678"' in page
    assert 'value="0592 123 456"' in page
    assert 'value="alice.werk@example.nl"' in page
    with sql_services.uow() as uow:
        saved = uow.parent_contacts.get(world.school.id, world.alice.id)
    assert [(p.label.value, p.number) for p in saved.phones] == [
        ("mobiel", "06 12345678"),
        ("werk", "0592 123 456"),
    ]

    refused = browser.post("/account/bereikbaarheid", {**form, "phone-1": "12345"})
    assert refused.status_code == 400
    text = refused.get_data(as_text=True)
    assert 'value="12345"' in text
    assert 'id="phone-1-error"' in text
    assert "Vul een geldig telefoonnummer in" in text


def _mails(services: Services) -> list[OutgoingMail]:
    with services.uow() as uow:
        return [entry.mail for entry in sorted(uow.outbox.list(limit=1000), key=lambda e: e.id)]


def _confirmation_link(mail: OutgoingMail) -> str:
    found = re.search(r"https://portaal\.example\.nl(/e-mailadres-bevestigen/\S+)", mail.text)
    assert found, mail.text
    return found.group(1)


def test_a_new_contact_email_needs_the_password_and_its_confirmation_before_any_mail_goes_there(
    browser_factory: Callable[[], Browser], world: World, sql_services: Services
) -> None:
    browser = _as(browser_factory, world, world.alice)
    new = "alice.nieuw@example.nl"
    # Without the current password (a borrowed session) nothing changes and nothing is sent.
    for password in ("", "Fout-wachtwoord-1!"):
        refused = browser.post(
            "/account/bereikbaarheid", {"contact_email": new, "current_password": password}
        )
        assert refused.status_code == 400
        assert "huidige wachtwoord" in refused.get_data(as_text=True)
    assert _mails(sql_services) == []

    asked = browser.post(
        "/account/bereikbaarheid", {"contact_email": new, "current_password": world.password}
    )
    assert asked.status_code == 302
    confirmation, notice = sorted(_mails(sql_services), key=lambda m: m.to != new)
    assert confirmation.to == new
    assert notice.to == "alice@example.nl"  # the old address is told
    assert new in notice.text
    assert "Wacht op bevestiging" in browser.get("/account/bereikbaarheid").get_data(as_text=True)
    # Until the link is followed the new address gets no account mail and staff see nothing.
    assert "rename-login" not in _cli(sql_services, "--school", "99XX00", "changes", "list")
    before = len(_mails(sql_services))
    anonymous = browser_factory()
    anonymous.post("/wachtwoord-vergeten", {"username": "alice@example.nl"})
    assert [m.to for m in _mails(sql_services)[before:]] == ["alice@example.nl"]

    link = _confirmation_link(confirmation)
    opened = anonymous.get(link)  # a mail scanner opening the link spends nothing
    assert opened.status_code == 200
    assert new in opened.get_data(as_text=True)
    assert anonymous.post(link).status_code == 200
    assert anonymous.post(link, form_page="/inloggen").status_code == 400  # once only

    listing = _cli(sql_services, "--school", "99XX00", "changes", "list")
    assert new in listing
    assert "deborg parent rename-login alice@example.nl alice.nieuw@example.nl" in listing
    reports = json.loads(_cli(sql_services, "--school", "99XX00", "changes", "list", "--json"))
    assert reports[0]["rename_login"] == ["alice@example.nl", "alice.nieuw@example.nl"]
    before = len(_mails(sql_services))
    anonymous.post("/wachtwoord-vergeten", {"username": "alice@example.nl"})
    assert {m.to for m in _mails(sql_services)[before:]} == {"alice@example.nl", new}

    _cli(sql_services, "--school", "99XX00", "parent", "rename-login", "alice@example.nl",
         new)  # fmt: skip
    after = json.loads(_cli(sql_services, "--school", "99XX00", "changes", "list", "--json"))
    assert after[0]["rename_login"] is None  # done: the login is the new address now


def test_a_confirmation_link_for_an_address_asked_for_before_another_one_is_dead(
    browser: Browser, world: World, sql_services: Services
) -> None:
    browser.login(world.alice.login_name, world.password)
    for address in ("eerste@example.nl", "tweede@example.nl"):
        browser.post(
            "/account/bereikbaarheid",
            {"contact_email": address, "current_password": world.password},
        )
    first = next(m for m in _mails(sql_services) if m.to == "eerste@example.nl")
    assert browser.post(_confirmation_link(first)).status_code == 400
    with sql_services.uow() as uow:
        alice = uow.parents.get(world.school.id, world.alice.id)
    assert alice is not None
    assert (alice.contact_email, alice.pending_contact_email) == (
        "alice@example.nl",
        "tweede@example.nl",
    )


# --- Mijn kinderen --------------------------------------------------------------------------


def test_mijn_kinderen_lists_only_my_children(
    browser_factory: Callable[[], Browser], world: World
) -> None:
    page = _as(browser_factory, world, world.alice).get("/kinderen/").get_data(as_text=True)
    assert "Anna Jansen" in page
    assert "Leerling bekijken" in page
    assert "Bram" not in page
    assert "Cees" not in page


def test_strangers_get_nothing_of_a_child_not_even_by_guessing_ids(
    browser_factory: Callable[[], Browser], world: World
) -> None:
    carla = _as(browser_factory, world, world.carla)
    erik = _as(browser_factory, world, world.erik)
    for browser in (carla, erik):
        for path in (
            f"/kinderen/{world.anna.id}",
            f"/kinderen/{world.anna.id}/bereikbaarheid",
            f"/kinderen/{world.anna.id}/notities",
            f"/kinderen/{world.anna.id}/wijzigen",
            "/kinderen/99999",
        ):
            response = browser.get(path)
            assert response.status_code == 404, path
            assert "Anna" not in response.get_data(as_text=True)
    anonymous = browser_factory().get(f"/kinderen/{world.anna.id}")
    assert anonymous.status_code == 302
    assert "Anna" not in anonymous.get_data(as_text=True)


def test_a_guardian_changes_the_childs_data_with_an_audit_trail(
    browser_factory: Callable[[], Browser], world: World, sql_services: Services
) -> None:
    alice = _as(browser_factory, world, world.alice)
    form = {
        "roepnaam": "Anna",
        "voorletters": "A",
        "tussenvoegsel": "",
        "achternaam": "Jansen",
        "date_of_birth": "18-05-2019",
        "street": "Brink",
        "house_number": "7",
        "house_number_suffix": "a",
        "postcode": "9401HS",
        "city": "Assen",
    }
    assert alice.get(f"/kinderen/{world.anna.id}/wijzigen").status_code == 200
    assert alice.post(f"/kinderen/{world.anna.id}/wijzigen", form).status_code == 302
    page = alice.get(f"/kinderen/{world.anna.id}").get_data(as_text=True)
    assert "9401 HS" in page
    assert "18 mei 2019" in page
    with sql_services.uow() as uow:
        trail = uow.audit.list_for_subject(world.school.id, "child", world.anna.id)
    assert ("date_of_birth", "2019-05-17", "2019-05-18") in {
        (e.field, e.old_value, e.new_value) for e in trail
    }
    refused = alice.post(f"/kinderen/{world.anna.id}/wijzigen", {**form, "postcode": "12345"})
    assert refused.status_code == 400
    assert 'value="12345"' in refused.get_data(as_text=True)


def test_a_read_only_guardian_reads_but_cannot_change_the_child(
    browser_factory: Callable[[], Browser], world: World, sql_services: Services
) -> None:
    dirk = _as(browser_factory, world, world.dirk)
    page = dirk.get(f"/kinderen/{world.anna.id}").get_data(as_text=True)
    assert "Anna Jansen" in page
    assert "readonly-note" in page
    assert READ_ONLY_TEXT in page
    assert "Wijzigen</a>" not in page
    assert "photo-upload" not in page
    contact = dirk.get(f"/kinderen/{world.anna.id}/bereikbaarheid").get_data(as_text=True)
    assert "Toevoegen" not in contact

    refused = dirk.post(
        f"/kinderen/{world.anna.id}/wijzigen",
        {"roepnaam": "Anna", "achternaam": "Anders"},
        form_page="/account/wachtwoord",
    )
    assert refused.status_code == 403
    assert READ_ONLY_TEXT in refused.get_data(as_text=True)
    refused = dirk.post(
        f"/kinderen/{world.anna.id}/noodnummers",
        {"name": "Oma", "relation": "oma", "number": "0612345678"},
        form_page="/account/wachtwoord",
    )
    assert refused.status_code == 403
    with sql_services.uow() as uow:
        assert uow.children.get(world.school.id, world.anna.id).achternaam == "Jansen"  # type: ignore[union-attr]
        assert not uow.emergency_numbers.list_for_child(world.school.id, world.anna.id)


def test_emergency_numbers_are_added_changed_and_deleted(
    browser_factory: Callable[[], Browser], world: World, sql_services: Services
) -> None:
    alice = _as(browser_factory, world, world.alice)
    base = f"/kinderen/{world.anna.id}"
    added = alice.post(
        f"{base}/noodnummers",
        {"name": "Oma Jansen", "relation": "oma", "number": "06-12345678"},
        form_page=f"{base}/bereikbaarheid",
    )
    assert added.status_code == 302
    page = alice.get(f"{base}/bereikbaarheid").get_data(as_text=True)
    assert "Primaire gegevens" in page
    assert 'value="Oma Jansen"' in page
    assert 'value="06 12345678"' in page
    with sql_services.uow() as uow:
        (number,) = uow.emergency_numbers.list_for_child(world.school.id, world.anna.id)

    refused = alice.post(
        f"{base}/noodnummers/{number.id}",
        {"name": "Oma Jansen", "relation": "oma", "number": "nee"},
        form_page=f"{base}/bereikbaarheid",
    )
    assert refused.status_code == 400
    assert 'value="nee"' in refused.get_data(as_text=True)

    changed = alice.post(
        f"{base}/noodnummers/{number.id}",
        {"name": "Opa Jansen", "relation": "opa", "number": "0592 123456"},
        form_page=f"{base}/bereikbaarheid",
    )
    assert changed.status_code == 302
    dirk_sees = _as(browser_factory, world, world.dirk).get(f"{base}/bereikbaarheid")
    assert "Opa Jansen" in dirk_sees.get_data(as_text=True)

    # Carla cannot reach Anna's number through her own child either.
    carla = _as(browser_factory, world, world.carla)
    sneaky = carla.post(
        f"/kinderen/{world.cees.id}/noodnummers/{number.id}/verwijderen",
        {"bevestigd": "1"},
        form_page="/account/wachtwoord",
    )
    assert sneaky.status_code == 404

    asked = alice.post(
        f"{base}/noodnummers/{number.id}/verwijderen", form_page=f"{base}/bereikbaarheid"
    )
    assert "Wilt u dit noodnummer verwijderen?" in asked.get_data(as_text=True)
    with sql_services.uow() as uow:  # asked, not yet deleted
        assert uow.emergency_numbers.list_for_child(world.school.id, world.anna.id)
    deleted = alice.post(
        f"{base}/noodnummers/{number.id}/verwijderen",
        {"bevestigd": "1"},
        form_page=f"{base}/bereikbaarheid",
    )
    assert deleted.status_code == 302
    with sql_services.uow() as uow:
        assert not uow.emergency_numbers.list_for_child(world.school.id, world.anna.id)
        trail = uow.audit.list_for_subject(world.school.id, "child", world.anna.id)
    assert [(e.old_value, e.new_value) for e in trail] == [
        ("", "Oma Jansen (oma): 06 12345678"),
        ("Oma Jansen (oma): 06 12345678", "Opa Jansen (opa): 0592 123 456"),
        ("Opa Jansen (opa): 0592 123 456", ""),
    ]


def test_teacher_notes_show_newest_first_to_the_guardians_only(
    browser_factory: Callable[[], Browser], world: World, sql_services: Services
) -> None:
    from deborg.adapters.memory import FixedClock

    clock = sql_services.clock
    assert isinstance(clock, FixedClock)
    code = ("--school", "99XX00")
    _cli(sql_services, *code, "note", "add", str(world.anna.id), "Eerste notitie", "--as",
         "anja@deborg.nl")  # fmt: skip
    clock.advance(__import__("datetime").timedelta(days=1))
    _cli(sql_services, *code, "note", "add", str(world.anna.id), "Tweede notitie", "--as",
         "anja@deborg.nl")  # fmt: skip
    assert "Geen medewerker" in _cli_fails(
        sql_services, *code, "note", "add", str(world.anna.id), "x", "--as", "nobody@deborg.nl"
    )
    page = _as(browser_factory, world, world.dirk).get(f"/kinderen/{world.anna.id}/notities")
    text = page.get_data(as_text=True)
    assert text.index("Tweede notitie") < text.index("Eerste notitie")
    assert "Juf Anja" in text
    carla = _as(browser_factory, world, world.carla).get(f"/kinderen/{world.anna.id}/notities")
    assert carla.status_code == 404
    assert "notitie" not in carla.get_data(as_text=True)


def test_resultaten_appears_only_where_the_school_uses_it(
    browser_factory: Callable[[], Browser], world: World, sql_services: Services
) -> None:
    import attrs

    alice = _as(browser_factory, world, world.alice)
    assert "Resultaten" not in alice.get(f"/kinderen/{world.anna.id}").get_data(as_text=True)
    with sql_services.uow() as uow:
        school = uow.schools.get(world.school.id)
        assert school is not None
        school.settings = attrs.evolve(school.settings, uses_results=True)
        uow.schools.update(school)
        uow.commit()
    assert "Resultaten" in alice.get(f"/kinderen/{world.anna.id}").get_data(as_text=True)
    assert alice.get(f"/kinderen/{world.anna.id}/resultaten").status_code == 200
