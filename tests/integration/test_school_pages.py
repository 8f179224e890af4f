"""The school's side of the portal through the Flask test client: staff log in on the parents'
login page and land on /school/, post, answer replies and handle reported changes; the
parent sees each result."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from collections.abc import Callable

import pytest

from deborg.bootstrap import Services
from deborg.domain.mail import MailCategory, OutgoingMail
from deborg.domain.model import StaffState
from deborg.domain.notifications.model import Delivery, NotificationPreferences
from deborg.services.outbox import deliver_outbox
from tests.conftest import Browser
from tests.images import jpeg_with_gps
from tests.staff_world import StaffWorld, build_staff_world
from tests.world import World


@pytest.fixture
def staff_world(sql_services: Services, world: World) -> StaffWorld:
    return build_staff_world(sql_services, world)


def staff_browser(browser_factory: Callable[[], Browser], email: str, password: str) -> Browser:
    browser = browser_factory()
    response = browser.post("/inloggen", {"username": email, "password": password})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/school/")
    return browser


def sent_to(services: Services, address: str) -> list[OutgoingMail]:
    deliver_outbox(services.uow(), services.mailer, services.clock)
    return [m for m in services.mailer.sent if m.to == address]  # type: ignore[attr-defined]


def text_of(response) -> str:  # type: ignore[no-untyped-def]
    page = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return " ".join(html.unescape(page).split())


def test_a_teacher_logs_in_on_the_parents_login_page_and_lands_on_the_school_side(
    browser_factory: Callable[[], Browser], world: World, staff_world: StaffWorld
) -> None:
    anja = staff_browser(browser_factory, "ANJA@deborg.nl ", world.password)
    page = text_of(anja.get("/school/"))
    assert "Schoolkant" in page
    assert "Juf Anja" in page
    assert "1 wacht op antwoord" in page
    assert "1 ongelezen reactie" in page
    # The parent side does not know her: a staff session is no parent session.
    assert anja.get("/").status_code == 302


def test_a_parent_never_reaches_the_school_side(
    browser: Browser, world: World, staff_world: StaffWorld
) -> None:
    browser.login(world.alice.login_name, world.password)
    response = browser.get("/school/")
    assert response.status_code == 302
    assert "/inloggen" in response.headers["Location"]


def test_a_staff_session_ends_after_15_minutes_idle(
    browser_factory: Callable[[], Browser],
    world: World,
    staff_world: StaffWorld,
    sql_services: Services,
) -> None:
    anja = staff_browser(browser_factory, "anja@deborg.nl", world.password)
    clock = sql_services.clock
    clock.advance(dt.timedelta(minutes=14))  # type: ignore[attr-defined]
    assert anja.get("/school/").status_code == 200
    clock.advance(dt.timedelta(minutes=14))  # type: ignore[attr-defined]
    assert anja.get("/school/").status_code == 200  # 14 minutes since the last page
    clock.advance(dt.timedelta(minutes=15, seconds=1))  # type: ignore[attr-defined]
    response = anja.get("/school/")
    assert response.status_code == 302
    assert "kwartier zonder activiteit" in text_of(anja.get(response.headers["Location"]))


def test_a_teacher_answers_a_reply_and_the_parent_reads_it_under_her_reply(
    browser_factory: Callable[[], Browser],
    world: World,
    staff_world: StaffWorld,
    sql_services: Services,
) -> None:
    anja = staff_browser(browser_factory, "anja@deborg.nl", world.password)
    message_id, reply_id = staff_world.group1_message.id, staff_world.alice_reply.id
    page = text_of(anja.get(f"/school/berichten/{message_id}"))
    assert "Ik kan rijden, vier plekken." in page
    assert "Wacht op antwoord" in page
    empty = anja.post(
        f"/school/berichten/{message_id}/reacties/{reply_id}",
        {f"answer-{reply_id}": "  "},
        form_page=f"/school/berichten/{message_id}",
    )
    assert empty.status_code == 400
    assert "Vul uw antwoord in." in text_of(empty)
    answered = anja.post(
        f"/school/berichten/{message_id}/reacties/{reply_id}",
        {f"answer-{reply_id}": "Fijn, dank u wel!"},
        form_page=f"/school/berichten/{message_id}",
    )
    assert answered.status_code == 302
    assert "0 wachten op antwoord" in text_of(anja.get("/school/"))

    alice = browser_factory()
    alice.login(world.alice.login_name, world.password)
    parent_page = text_of(alice.get(f"/berichten/{message_id}"))
    assert "Antwoord van de school" in parent_page
    assert "Fijn, dank u wel!" in parent_page
    # Berichten go to the weekly digest unless the parent chose otherwise (Notificaties).
    with sql_services.uow() as uow:
        [line] = uow.digest_entries.pending(world.school.id)
    assert line.parent_id == world.alice.id
    assert line.title.startswith("Antwoord op uw reactie")
    assert not sent_to(sql_services, world.alice.login_name)


def test_a_parent_who_chose_mail_for_berichten_gets_the_answer_by_mail(
    browser_factory: Callable[[], Browser],
    world: World,
    staff_world: StaffWorld,
    sql_services: Services,
) -> None:
    with sql_services.uow() as uow:
        uow.notification_preferences.save(
            NotificationPreferences(
                world.school.id, world.alice.id, {MailCategory.MESSAGES: Delivery.DIRECT}
            )
        )
        uow.commit()
    anja = staff_browser(browser_factory, "anja@deborg.nl", world.password)
    message_id, reply_id = staff_world.group1_message.id, staff_world.alice_reply.id
    anja.post(
        f"/school/berichten/{message_id}/reacties/{reply_id}",
        {f"answer-{reply_id}": "Fijn, dank u wel!"},
        form_page=f"/school/berichten/{message_id}",
    )
    [mail] = sent_to(sql_services, world.alice.login_name)
    assert mail.subject == "Antwoord op uw reactie: Wie rijdt mee naar het bos?"
    assert "Fijn, dank u wel!" in mail.text
    assert "Ik kan rijden, vier plekken." in mail.text


def test_a_teacher_posts_a_message_with_replies_to_her_group_after_a_preview(
    browser_factory: Callable[[], Browser], world: World, staff_world: StaffWorld
) -> None:
    anja = staff_browser(browser_factory, "anja@deborg.nl", world.password)
    form = {
        "title": "Luizencontrole",
        "body": "Na de vakantie **controleren** we op luizen.\n\n<script>alert(1)</script>",
        "groups": "Groep 1",
        "replies": "1",
    }
    preview = anja.post("/school/berichten/nieuw", {**form, "action": "preview"})
    assert preview.status_code == 200
    html = preview.get_data(as_text=True)
    assert "<strong>controleren</strong>" in html
    assert "<script>alert(1)" not in html
    posted = anja.post("/school/berichten/nieuw", {**form, "action": "publish"})
    assert posted.status_code == 302
    alice = browser_factory()
    alice.login(world.alice.login_name, world.password)
    assert "Luizencontrole" in text_of(alice.get("/berichten"))
    carla = browser_factory()
    carla.login(world.carla.login_name, world.password)
    assert "Luizencontrole" not in text_of(carla.get("/berichten"))


def test_a_teacher_cannot_post_to_another_group_nor_to_the_whole_school(
    browser_factory: Callable[[], Browser], world: World, staff_world: StaffWorld
) -> None:
    anja = staff_browser(browser_factory, "anja@deborg.nl", world.password)
    other = anja.post(
        "/school/nieuws/nieuw",
        {"title": "Hallo", "body": "x", "groups": "Groep 2", "action": "publish"},
    )
    assert other.status_code == 400
    assert "Groep 2 is dat niet" in text_of(other)
    school_wide = anja.post(
        "/school/nieuws/nieuw", {"title": "Hallo", "body": "x", "action": "publish"}
    )
    assert school_wide.status_code == 400
    assert "Kies een of meer van uw groepen" in text_of(school_wide)


def test_a_spoedbericht_asks_for_confirmation_with_the_number_of_parents(
    browser_factory: Callable[[], Browser],
    world: World,
    staff_world: StaffWorld,
    sql_services: Services,
) -> None:
    wendy = staff_browser(browser_factory, "wendy@deborg.nl", world.password)
    form = {"title": "School dicht", "body": "Door storm.", "urgent": "1", "action": "publish"}
    step = wendy.post("/school/berichten/nieuw", form)
    assert step.status_code == 200
    # The whole school: alice, dirk, bob, carla (De Esch's erik is not counted).
    assert "naar 4 ouders" in text_of(step)
    with sql_services.uow() as uow:
        assert not [m for m in uow.messages.list(world.school.id) if m.urgent]
    done = wendy.post("/school/berichten/nieuw", {**form, "action": "confirm"})
    assert done.status_code == 302
    with sql_services.uow() as uow:
        assert [m.title for m in uow.messages.list(world.school.id) if m.urgent] == ["School dicht"]


def test_a_teacher_edits_and_withdraws_her_message(
    browser_factory: Callable[[], Browser], world: World, staff_world: StaffWorld
) -> None:
    anja = staff_browser(browser_factory, "anja@deborg.nl", world.password)
    message_id = staff_world.group1_message.id
    form_page = anja.get(f"/school/berichten/{message_id}/bewerken").get_data(as_text=True)
    assert "Graag uw reactie." in form_page
    changed = anja.post(
        f"/school/berichten/{message_id}/bewerken",
        {
            "title": "Wie rijdt mee naar het bos? (vrijdag)",
            "body": "Graag *snel*.",
            "replies": "1",
            "action": "publish",
        },
    )
    assert changed.status_code == 302
    alice = browser_factory()
    alice.login(world.alice.login_name, world.password)
    assert "(vrijdag)" in text_of(alice.get(f"/berichten/{message_id}"))
    withdrawn = anja.post(
        f"/school/berichten/{message_id}/intrekken", {}, form_page=f"/school/berichten/{message_id}"
    )
    assert withdrawn.status_code == 302
    assert alice.get(f"/berichten/{message_id}").status_code == 404


def test_a_beheerder_invites_a_teacher_who_activates_and_logs_in(
    browser_factory: Callable[[], Browser],
    world: World,
    staff_world: StaffWorld,
    sql_services: Services,
) -> None:
    wendy = staff_browser(browser_factory, "wendy@deborg.nl", world.password)
    taken = wendy.post(
        "/school/medewerkers",
        {"name": "Alice", "email": world.alice.login_name, "role": "leerkracht"},
    )
    assert taken.status_code == 409
    assert "al de gebruikersnaam van een ouder" in text_of(taken)
    invited = wendy.post(
        "/school/medewerkers",
        {
            "name": "Meester Cor",
            "email": "cor@deborg.nl",
            "role": "leerkracht",
            "groups": "Groep 2",
        },
    )
    assert invited.status_code == 302
    [mail] = sent_to(sql_services, "cor@deborg.nl")
    password = re.search(r"Uw wachtwoord: (\S+)", mail.text).group(1)  # type: ignore[union-attr]
    link = re.search(r"https?://\S+/school/activeren/\S+", mail.text).group(0)  # type: ignore[union-attr]
    path = link.split("portaal.example.nl", 1)[1]
    cor = browser_factory()
    assert cor.get(path).status_code == 200
    assert cor.post(path, {}).status_code == 302
    staff_browser(browser_factory, "cor@deborg.nl", password)
    with sql_services.uow() as uow:
        member = uow.staff.get_by_login("cor@deborg.nl")
    assert member is not None
    assert member.state is StaffState.ACTIVE
    assert member.group_ids == (world.group2.id,)


def test_wijzigingen_are_handled_within_reach(
    browser_factory: Callable[[], Browser], world: World, staff_world: StaffWorld
) -> None:
    anja = staff_browser(browser_factory, "anja@deborg.nl", world.password)
    assert "Cees" not in text_of(anja.get("/school/wijzigingen"))
    refused = anja.post(
        f"/school/wijzigingen/{staff_world.cees_change.id}/afgehandeld",
        {},
        form_page="/school/wijzigingen",
    )
    assert refused.status_code == 404
    bas = staff_browser(browser_factory, "bas@deborg.nl", world.password)
    assert "Nieuwstraat" in text_of(bas.get("/school/wijzigingen"))
    done = bas.post(
        f"/school/wijzigingen/{staff_world.cees_change.id}/afgehandeld",
        {},
        form_page="/school/wijzigingen",
    )
    assert done.status_code == 302
    assert "Er wachten geen wijzigingen" in text_of(bas.get("/school/wijzigingen"))


def test_a_teacher_uploads_several_photos_at_once_without_javascript(
    browser_factory: Callable[[], Browser],
    world: World,
    staff_world: StaffWorld,
    sql_services: Services,
) -> None:
    bas = staff_browser(browser_factory, "bas@deborg.nl", world.password)
    album_id = staff_world.group2_album.id
    photos = [(io.BytesIO(jpeg_with_gps()), f"foto{i}.jpg") for i in range(10)]
    photos.append((io.BytesIO(b"geen foto"), "notitie.jpg"))
    response = bas.post(
        f"/school/albums/{album_id}/fotos",
        {"photos": photos},  # type: ignore[dict-item]
        form_page=f"/school/albums/{album_id}",
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    page = text_of(bas.get(f"/school/albums/{album_id}"))
    assert "10 foto('s) toegevoegd." in page
    assert "notitie.jpg:" in page
    assert "10 foto's in dit album" in page
    carla = browser_factory()
    carla.login(world.carla.login_name, world.password)
    assert "Herfstwandeling" in text_of(carla.get("/fotoalbums"))


def test_a_teacher_cannot_add_photos_to_another_groups_album(
    browser_factory: Callable[[], Browser], world: World, staff_world: StaffWorld
) -> None:
    anja = staff_browser(browser_factory, "anja@deborg.nl", world.password)
    album_id = staff_world.group2_album.id
    response = anja.post(
        f"/school/albums/{album_id}/fotos",
        {"photos": [(io.BytesIO(jpeg_with_gps()), "foto.jpg")]},  # type: ignore[dict-item]
        form_page="/school/albums",
        content_type="multipart/form-data",
    )
    assert response.status_code == 404
    created = anja.post("/school/albums", {"title": "Groep 1 op pad", "groups": "Groep 1"})
    assert created.status_code == 302
    one = anja.post(
        created.headers["Location"] + "/fotos",
        {"photos": [(io.BytesIO(jpeg_with_gps()), "foto.jpg")]},  # type: ignore[dict-item]
        form_page="/school/albums",
        content_type="multipart/form-data",
        headers={"X-Requested-With": "XMLHttpRequest"},
    )
    assert one.status_code == 200
    assert one.get_json() == {"added": 1, "refused": []}


def test_a_teacher_plans_opens_moves_and_closes_conferences_for_her_group(
    browser_factory: Callable[[], Browser],
    world: World,
    staff_world: StaffWorld,
    sql_services: Services,
) -> None:
    anja = staff_browser(browser_factory, "anja@deborg.nl", world.password)
    # The world's planning is for Groep 1 and 2: not hers alone.
    assert anja.get(f"/school/oudergesprekken/{world.planning.id}").status_code == 404  # type: ignore[union-attr]
    not_hers = anja.post(
        "/school/oudergesprekken",
        {"title": "Gesprekken", "groups": "Groep 2", "slot_minutes": "10",
         "day-1": "2026-12-10", "start-1": "15:00", "end-1": "16:00"},
    )  # fmt: skip
    assert not_hers.status_code == 404
    half_day = anja.post(
        "/school/oudergesprekken",
        {"title": "Gesprekken", "groups": "Groep 1", "slot_minutes": "10", "day-1": "2026-12-10"},
    )
    assert half_day.status_code == 400
    assert "Vul bij een dag de datum, begintijd en eindtijd in." in text_of(half_day)
    created = anja.post(
        "/school/oudergesprekken",
        {"title": "Rapportgesprekken", "info": "Tien minuten.", "groups": "Groep 1",
         "slot_minutes": "10", "day-1": "2026-12-10", "start-1": "15:00", "end-1": "16:00"},
    )  # fmt: skip
    assert created.status_code == 302
    planning_path = created.headers["Location"]
    double = anja.post(
        planning_path + "/kind",
        {"child": str(world.anna.id), "slots": "2", "message": "Graag met beide ouders."},
        form_page=planning_path,
    )
    assert double.status_code == 302
    opened = anja.post(planning_path + "/openen", {"early": "1"}, form_page=planning_path)
    assert opened.status_code == 302
    alice = browser_factory()
    alice.login(world.alice.login_name, world.password)
    assert "Rapportgesprekken" in text_of(alice.get("/oudergesprekken/"))

    # Book for Bram's parent at 15.00, then move him to 15.30.
    for start in ("15:00", "15:30"):
        moment = dt.datetime.fromisoformat(f"2026-12-10T{start}:00+01:00").astimezone(dt.UTC)
        booked = anja.post(
            planning_path + "/inplannen",
            {"child": str(world.bram.id), "start": moment.isoformat()},
            form_page=planning_path,
        )
        assert booked.status_code == 302
    page = text_of(anja.get(planning_path))
    assert "15.30 Bram de Vries Groep 1" in page
    assert "15.00 vrij" in page
    taken = anja.post(
        planning_path + "/inplannen",
        {"child": str(world.anna.id), "start": "2026-12-10T14:30:00+00:00"},
        form_page=planning_path,
    )
    assert taken.status_code == 409
    assert "Kies een ander tijdstip." in text_of(taken)
    closed = anja.post(planning_path + "/sluiten", {}, form_page=planning_path)
    assert closed.status_code == 302
    assert "Gesloten" in text_of(anja.get(planning_path))
    mails = sent_to(sql_services, world.bob.login_name)
    assert len(mails) >= 3  # invitation, booked, moved (and the definitive time)


def test_a_teacher_puts_a_multi_day_item_in_her_groups_agenda(
    browser_factory: Callable[[], Browser], world: World, staff_world: StaffWorld
) -> None:
    anja = staff_browser(browser_factory, "anja@deborg.nl", world.password)
    camp = {"title": "Schoolkamp", "day": "2026-12-14", "end_day": "2026-12-16",
            "location": "Appelscha", "groups": "Groep 1"}  # fmt: skip
    backwards = anja.post("/school/agenda", {**camp, "end_day": "2026-12-13"})
    assert backwards.status_code == 400
    assert "De einddatum ligt voor de begindatum." in text_of(backwards)
    assert anja.post("/school/agenda", camp).status_code == 302
    assert "maandag 14 december t/m woensdag 16 december" in text_of(anja.get("/school/agenda"))
    alice = browser_factory()
    alice.login(world.alice.login_name, world.password)
    assert "Schoolkamp" in text_of(alice.get("/agenda"))
    carla = browser_factory()
    carla.login(world.carla.login_name, world.password)
    assert "Schoolkamp" not in text_of(carla.get("/agenda"))
    # Groep 2's item is not hers to remove.
    refused = anja.post(
        f"/school/agenda/{staff_world.group2_agenda.id}/verwijderen", {}, form_page="/school/agenda"
    )
    assert refused.status_code == 404


def test_a_teacher_writes_a_note_about_a_child_of_her_group(
    browser_factory: Callable[[], Browser], world: World, staff_world: StaffWorld
) -> None:
    anja = staff_browser(browser_factory, "anja@deborg.nl", world.password)
    pupils = text_of(anja.get("/school/leerlingen"))
    assert "Anna Jansen" in pupils
    assert "Cees" not in pupils
    empty = anja.post(f"/school/leerlingen/{world.anna.id}", {"text": " "})
    assert empty.status_code == 400
    assert "De notitie is leeg." in text_of(empty)
    placed = anja.post(f"/school/leerlingen/{world.anna.id}", {"text": "Anna las vandaag voor."})
    assert placed.status_code == 302
    alice = browser_factory()
    alice.login(world.alice.login_name, world.password)
    notes = text_of(alice.get(f"/kinderen/{world.anna.id}/notities"))
    assert "Anna las vandaag voor." in notes
    assert "Juf Anja" in notes
    refused = anja.post(
        f"/school/leerlingen/{world.cees.id}", {"text": "x"}, form_page="/school/leerlingen"
    )
    assert refused.status_code == 404


def test_a_teacher_puts_a_document_ready_for_her_group(
    browser_factory: Callable[[], Browser], world: World, staff_world: StaffWorld
) -> None:
    anja = staff_browser(browser_factory, "anja@deborg.nl", world.password)
    pdf = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

    def upload(content: bytes, name: str, group: str):  # type: ignore[no-untyped-def]
        return anja.post(
            "/school/documenten",
            {"file": (io.BytesIO(content), name), "groups": group},  # type: ignore[dict-item]
            content_type="multipart/form-data",
        )

    assert upload(pdf, "luizenbrief.pdf", "Groep 2").status_code == 400
    not_a_pdf = upload(b"MZ\x90\x00 not a document", "luizenbrief.pdf", "Groep 1")
    assert not_a_pdf.status_code == 400
    assert upload(pdf, "luizenbrief.pdf", "Groep 1").status_code == 302
    assert "luizenbrief" in text_of(anja.get("/school/documenten"))
    alice = browser_factory()
    alice.login(world.alice.login_name, world.password)
    assert "luizenbrief" in text_of(alice.get("/documenten"))
    carla = browser_factory()
    carla.login(world.carla.login_name, world.password)
    assert "luizenbrief" not in text_of(carla.get("/documenten"))


def test_a_teacher_posts_school_wide_once_the_school_allows_it(
    browser_factory: Callable[[], Browser],
    world: World,
    staff_world: StaffWorld,
    sql_services: Services,
) -> None:
    from tests.integration.test_staff_cli import ok

    anja = staff_browser(browser_factory, "anja@deborg.nl", world.password)
    news = {"title": "Kerstmarkt", "body": "Iedereen welkom.", "action": "publish"}
    assert anja.post("/school/nieuws/nieuw", news).status_code == 400
    ok(sql_services, "school", "set", "--teachers-school-wide")
    assert anja.post("/school/nieuws/nieuw", news).status_code == 302
    carla = browser_factory()
    carla.login(world.carla.login_name, world.password)
    assert "Kerstmarkt" in text_of(carla.get("/nieuws"))
    # Still not to another group alone.
    assert anja.post("/school/nieuws/nieuw", {**news, "groups": "Groep 2"}).status_code == 400
