"""The school's side of the portal in Chromium, at a desktop and a phone width: a leerkracht
logs in, posts a bericht with replies to her group, answers a parent's reply, uploads an album
of ten photos, adds a photo to an album and takes one out, sees a parent's reply unread and
answers it (the parent sees the answer unread), and plans, opens, moves and closes
oudergesprekken; a beheerder invites a teacher, posts school-wide and handles a reported
change. The parent side sees each result.
Each journey runs at both widths against the same demo school, so it names what it makes
after the width."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from deborg.demo.people import DEMO_PASSWORD
from deborg.demo.staff import DEMO_BEHEERDER_LOGIN, DEMO_TEACHER_LOGIN
from deborg.domain.model import ParentState
from deborg.services.content import publishing
from deborg.services.profiles import personal
from tests.browser.conftest import Portal
from tests.browser.helpers import check_accessibility, screenshot
from tests.images import camera_files

DAY = {"desktop": "2027-01-12", "phone": "2027-01-13"}


def staff_log_in(page: Any, portal: Portal, username: str, password: str = DEMO_PASSWORD) -> None:
    """Through the parents' login page; staff land on the school's side."""
    page.goto(portal.url + "/inloggen")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(portal.url + "/school/")


def parent_log_in(page: Any, portal: Portal, username: str) -> None:
    page.goto(portal.url + "/inloggen")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(portal.url + "/")


def open_school_menu(page: Any, viewport: str, label: str) -> None:
    if viewport == "phone":
        page.locator("summary.hamburger").click()
        panel = page.locator(".mobile-menu__panel")
    elif label == "Medewerkers":  # the beheerder's entry sits in the account menu
        page.locator("summary.account-menu__toggle").click()
        panel = page.locator(".account-menu__panel")
    else:
        panel = page.get_by_role("navigation", name="Hoofdmenu schoolkant")
    panel.get_by_role("link", name=label, exact=True).click()


def group5_parent(portal: Portal, viewport: str) -> str:
    """An active parent of a child in Groep 5 (another one at each width)."""
    with portal.services.uow() as uow:
        school = uow.schools.list()[0]
        group = uow.groups.get_by_name(school.id, "Groep 5")
        assert group is not None
        children = [c.id for c in uow.children.list_for_group(school.id, group.id)]
        parent_ids = sorted(
            {p for ids in uow.guardianships.parents_of(school.id, children).values() for p in ids}
        )
        parents = [
            p
            for p in uow.parents.get_many(school.id, parent_ids)
            if p.state is ParentState.ACTIVE and not p.read_only
        ]
    return sorted(p.login_name for p in parents)[0 if viewport == "desktop" else 1]


def report_a_change(portal: Portal, login: str, viewport: str) -> str:
    """The parent changes their voorletters on Persoonlijke gegevens ("Wijziging melden");
    returns the name the report is about."""
    services = portal.services
    with services.uow() as uow:
        parent = uow.parents.get_by_login(login)
    assert parent is not None
    values = personal.personal_values(parent)
    values["voorletters"] = "J.P." if viewport == "desktop" else "K.L."
    report = personal.update_parent_personal(
        services.uow(),
        services.clock,
        school_id=parent.school_id,
        parent_id=parent.id,
        data=personal.PersonalData(**values),
    )
    assert report is not None
    return report.subject_name


def test_a_leerkracht_posts_a_bericht_and_answers_a_parents_reply(
    pages: Any, portal: Portal, viewport: str
) -> None:
    title = f"Schoolreis naar Drouwenerzand ({viewport})"
    teacher = pages.open()
    staff_log_in(teacher, portal, DEMO_TEACHER_LOGIN)
    expect(teacher.locator(".school-marker")).to_be_visible()
    check_accessibility(teacher)
    screenshot(teacher, "school-vandaag", viewport)

    open_school_menu(teacher, viewport, "Berichten")
    teacher.get_by_role("link", name="Nieuw bericht").click()
    teacher.get_by_label("Titel").fill(title)
    body = teacher.get_by_label("Tekst")
    body.fill("Wie kan er rijden op ")
    body.press("End")
    teacher.get_by_role("button", name="Vet").click()
    teacher.get_by_label("Groep 5").check()
    expect(teacher.get_by_label("Ouders mogen reageren")).to_be_checked()
    teacher.get_by_role("button", name="Voorbeeld bekijken").click()
    preview = teacher.locator(".preview")
    expect(preview).to_contain_text(title)
    expect(preview.locator("strong")).to_have_text("vette tekst")
    check_accessibility(teacher)
    screenshot(teacher, "school-bericht-voorbeeld", viewport, at=preview)
    teacher.get_by_role("button", name="Plaatsen").click()
    expect(teacher.get_by_role("heading", level=1, name=title)).to_be_visible()

    parent = pages.open()
    parent_log_in(parent, portal, group5_parent(portal, viewport))
    parent.goto(portal.url + "/berichten")
    parent.get_by_role("link", name=title).click()
    parent.get_by_label("Uw reactie").fill("Ik kan rijden, drie plekken.")
    parent.get_by_role("button", name="Versturen").click()
    expect(parent.get_by_text("Uw reactie is verstuurd.")).to_be_visible()

    teacher.goto(portal.url + "/school/")
    expect(teacher.locator("[data-replies-waiting]")).to_contain_text("op antwoord")
    teacher.get_by_role("link", name=title).first.click()
    expect(teacher.get_by_text("Ik kan rijden, drie plekken.")).to_be_visible()
    teacher.get_by_label(re.compile("^Antwoord aan")).fill("Fijn, dank u wel!")
    teacher.get_by_role("button", name="Antwoord versturen").click()
    expect(teacher.get_by_text("Uw antwoord is verstuurd.")).to_be_visible()
    check_accessibility(teacher)
    screenshot(teacher, "school-reacties", viewport)

    parent.reload()
    expect(parent.locator(".reply-answer")).to_contain_text("Fijn, dank u wel!")


def _leading_number(locator: Any) -> int:
    """The number a count or tag starts with ("3 ongelezen reacties"; no count shown: 0)."""
    if not locator.count():
        return 0
    match = re.match(r"\s*(\d+)", locator.inner_text())
    assert match, locator.inner_text()
    return int(match.group(1))


def _home_messages_count(parent: Any, portal: Portal) -> int:
    parent.goto(portal.url + "/")
    card_title = parent.locator("h2.card__title", has_text="Berichten")
    return _leading_number(card_title.locator(".count"))


def test_a_reply_is_unread_for_the_teacher_and_her_answer_unread_for_the_parent(
    pages: Any, portal: Portal, viewport: str
) -> None:
    title = f"Wie helpt bij de kerstmarkt? ({viewport})"
    services = portal.services
    with services.uow() as uow:
        school_id = uow.schools.list()[0].id
    publishing.post_message(
        services.uow(), services.clock, services.links, services.richtext,
        school_id=school_id, title=title, body="Graag uw reactie.", group_names=["Groep 5"],
        allow_replies=True, author_email=DEMO_TEACHER_LOGIN, notify=False,
    )  # fmt: skip
    teacher = pages.open()
    staff_log_in(teacher, portal, DEMO_TEACHER_LOGIN)
    unread_tag = teacher.locator("[data-replies-unread]")
    before = _leading_number(unread_tag)

    parent = pages.open()
    parent_log_in(parent, portal, group5_parent(portal, viewport))
    parent.goto(portal.url + "/berichten")
    parent.get_by_role("link", name=re.compile(re.escape(title))).click()
    parent.get_by_label("Uw reactie").fill("Ik help graag bij de kraam met oliebollen.")
    parent.get_by_role("button", name="Versturen").click()
    expect(parent.get_by_text("Uw reactie is verstuurd.")).to_be_visible()
    read_before_answer = _home_messages_count(parent, portal)

    # The teacher sees the reply unread: on the dashboard, and marked in the school's Berichten.
    teacher.reload()
    expect(unread_tag).to_contain_text(f"{before + 1} ongelezen")
    thread_link = teacher.locator("[data-replies]").get_by_role("link", name=f"{title} (ongelezen)")
    expect(thread_link).to_be_visible()
    check_accessibility(teacher)
    screenshot(teacher, "school-reacties-ongelezen", viewport, at=teacher.locator("[data-replies]"))
    open_school_menu(teacher, viewport, "Berichten")
    listed = teacher.get_by_role("link", name=re.compile(re.escape(title) + r" \(1 ongelezen"))
    expect(listed).to_be_visible()
    check_accessibility(teacher)
    listed.click()
    reply = teacher.locator(".item--unread", has_text="Ik help graag bij de kraam")
    expect(reply.locator(".tag--new")).to_have_text("Nieuw")
    check_accessibility(teacher)
    teacher.goto(portal.url + "/school/")
    expect(unread_tag).to_contain_text(f"{before} ongelezen")  # opening the thread read it

    teacher.get_by_role("link", name=title).first.click()
    expect(teacher.locator(".item--unread")).to_have_count(0)
    teacher.get_by_label(re.compile("^Antwoord aan")).fill("Heel fijn, u staat op de lijst!")
    teacher.get_by_role("button", name="Antwoord versturen").click()
    expect(teacher.get_by_text("Uw antwoord is verstuurd.")).to_be_visible()

    # The parent sees the answer unread: counted on Home, marked in Berichten, new once opened.
    assert _home_messages_count(parent, portal) == read_before_answer + 1
    parent.goto(portal.url + "/berichten")
    item = parent.locator(".item--unread", has_text=title)
    expect(item.locator(".tag--new")).to_have_text("Nieuw antwoord")
    expect(parent.get_by_role("link", name=f"{title} (ongelezen antwoord)")).to_be_visible()
    check_accessibility(parent)
    screenshot(parent, "berichten-nieuw-antwoord", viewport)
    item.get_by_role("link").click()
    answer = parent.locator(".reply-answer--unread")
    expect(answer).to_contain_text("Heel fijn, u staat op de lijst!")
    expect(answer.locator(".tag--new")).to_have_text("Nieuw")
    check_accessibility(parent)
    assert _home_messages_count(parent, portal) == read_before_answer
    parent.goto(portal.url + "/berichten")
    expect(parent.locator(".item--unread", has_text=title)).to_have_count(0)


def new_album(pages: Any, portal: Portal, viewport: str, title: str) -> Any:
    """The demo teacher creates an empty album for Groep 5; her page is on the album."""
    teacher = pages.open()
    staff_log_in(teacher, portal, DEMO_TEACHER_LOGIN)
    open_school_menu(teacher, viewport, "Fotoalbums")
    teacher.get_by_label("Titel").fill(title)
    teacher.get_by_label("Groep 5").check()
    teacher.get_by_role("button", name="Album aanmaken").click()
    expect(teacher.get_by_role("heading", level=1, name=title)).to_be_visible()
    teacher.wait_for_load_state("load")  # the upload form's script is attached
    return teacher


def test_a_leerkracht_uploads_an_album_of_ten_photos(
    pages: Any, portal: Portal, viewport: str, tmp_path: Path
) -> None:
    title = f"Herfstwandeling ({viewport})"
    photos = camera_files(tmp_path, "wandeling", 10)
    teacher = new_album(pages, portal, viewport, title)
    teacher.get_by_label(re.compile("^Kies foto's")).set_input_files(photos)
    expect(teacher.locator(".upload-list li")).to_have_count(10)
    check_accessibility(teacher)
    screenshot(teacher, "school-album", viewport)
    teacher.get_by_role("button", name="Uploaden").click()
    expect(teacher.locator("[data-photo-count]")).to_have_text("10 foto's in dit album")

    parent = pages.open()
    parent_log_in(parent, portal, group5_parent(portal, viewport))
    parent.goto(portal.url + "/fotoalbums")
    expect(parent.get_by_text(title)).to_be_visible()


def test_a_leerkracht_adds_a_photo_to_her_album_and_removes_one_and_the_parent_sees_it(
    pages: Any, portal: Portal, viewport: str, tmp_path: Path
) -> None:
    title = f"Pietendag ({viewport})"
    photos = camera_files(tmp_path, "pietendag", 3)
    teacher = new_album(pages, portal, viewport, title)
    teacher.get_by_label(re.compile("^Kies foto's")).set_input_files(photos[:2])
    teacher.get_by_role("button", name="Uploaden").click()
    count = teacher.locator("[data-photo-count]")
    expect(count).to_have_text("2 foto's in dit album")
    first, second = teacher.locator("[data-photo-id]").evaluate_all(
        "items => items.map(item => item.dataset.photoId)"
    )

    parent = pages.open()
    parent_log_in(parent, portal, group5_parent(portal, viewport))
    parent.goto(portal.url + "/fotoalbums")
    parent.get_by_role("link", name=re.compile(re.escape(title))).first.click()
    expect(parent.locator(".album-grid li")).to_have_count(2)
    album_url = parent.url

    # She adds a third photo and takes the first one out again.
    teacher.get_by_label(re.compile("^Kies foto's")).set_input_files(photos[2:])
    teacher.get_by_role("button", name="Uploaden").click()
    expect(count).to_have_text("3 foto's in dit album")
    teacher.once("dialog", lambda dialog: dialog.accept())
    teacher.get_by_role("button", name=re.compile(r"^Verwijderen\s*: foto 1$")).click()
    expect(teacher.get_by_text("De foto is uit het album verwijderd.")).to_be_visible()
    expect(count).to_have_text("2 foto's in dit album")
    expect(teacher.locator(f'[data-photo-id="{first}"]')).to_have_count(0)
    check_accessibility(teacher)
    screenshot(
        teacher,
        "school-album-bewerken",
        viewport,
        at=teacher.locator("section.card", has=teacher.locator("[data-staff-photos]")),
    )

    parent.goto(album_url)
    expect(parent.locator(".album-grid li")).to_have_count(2)
    expect(parent.locator(f"#foto-{first}")).to_have_count(0)
    expect(parent.locator(f"#foto-{second}")).to_have_count(1)
    check_accessibility(parent)
    gone = parent.request.get(f"{album_url}/foto/{first}")
    assert gone.status == 404


def test_a_leerkracht_creates_opens_moves_and_closes_a_planning(
    pages: Any, portal: Portal, viewport: str
) -> None:
    title = f"Voortgangsgesprekken ({viewport})"
    teacher = pages.open()
    staff_log_in(teacher, portal, DEMO_TEACHER_LOGIN)
    open_school_menu(teacher, viewport, "Oudergesprekken")
    teacher.get_by_label("Titel").fill(title)
    teacher.get_by_label("Groep 5").check()
    teacher.get_by_label("Datum").first.fill(DAY[viewport])
    teacher.get_by_label("Van").first.fill("15:00")
    teacher.get_by_label("Tot").first.fill("16:00")
    teacher.get_by_role("button", name="Planning aanmaken").click()
    expect(teacher.get_by_role("heading", level=1)).to_contain_text(title)
    teacher.get_by_role("button", name="Planning openen").click()
    expect(teacher.locator("[data-planning-state]")).to_have_text("Open")

    child = teacher.get_by_label("Kind", exact=True)
    name = child.locator("option").nth(1).inner_text()
    child.select_option(label=name)
    teacher.get_by_label("Vrij tijdstip").select_option(index=1)
    teacher.get_by_role("button", name="Inplannen").click()
    expect(teacher.get_by_role("row").filter(has_text=name)).to_contain_text("15.00")
    teacher.get_by_label("Kind", exact=True).select_option(label=name)
    teacher.get_by_label("Vrij tijdstip").select_option(index=3)  # 15.30: 15.00 is taken
    teacher.get_by_role("button", name="Inplannen").click()
    expect(teacher.get_by_role("row").filter(has_text=name)).to_contain_text("15.30")
    check_accessibility(teacher)
    screenshot(teacher, "school-oudergesprekken", viewport)

    teacher.once("dialog", lambda dialog: dialog.accept())
    teacher.get_by_role("button", name="Planning sluiten").click()
    expect(teacher.locator("[data-planning-state]")).to_have_text("Gesloten")

    parent = pages.open()
    parent_log_in(parent, portal, group5_parent(portal, viewport))
    parent.goto(portal.url + "/oudergesprekken/")
    expect(parent.locator(".invitation", has_text=title).first).to_be_visible()


def test_a_beheerder_invites_a_teacher_posts_school_wide_and_handles_a_change(
    pages: Any, portal: Portal, viewport: str
) -> None:
    email = f"nieuwe.collega.{viewport}@deborg.nl"
    admin = pages.open()
    staff_log_in(admin, portal, DEMO_BEHEERDER_LOGIN)
    open_school_menu(admin, viewport, "Medewerkers")
    admin.get_by_label("Naam").fill(f"Meester Jan ({viewport})")
    admin.get_by_label("E-mailadres").fill(email)
    admin.get_by_label("Groep 8").check()
    admin.get_by_role("button", name="Uitnodigen").click()
    expect(admin.get_by_text("heeft een uitnodiging per e-mail gekregen")).to_be_visible()
    check_accessibility(admin)
    screenshot(admin, "school-medewerkers", viewport)

    portal.deliver_mail()
    newcomer = pages.open()
    newcomer.goto(portal.url + "/demo/mail/")
    newcomer.get_by_role("row", name=re.compile(re.escape(email))).first.get_by_role("link").click()
    body = newcomer.locator(".mail-body").inner_text()
    password = re.search(r"Uw wachtwoord: (\S+)", body)
    assert password, body
    newcomer.locator(".mail-body a[href*='/school/activeren/']").click()
    newcomer.get_by_role("button").filter(has_text=re.compile("ctiveren")).click()
    staff_log_in(newcomer, portal, email, password.group(1))
    expect(newcomer.get_by_role("heading", level=1)).to_contain_text("Meester Jan")

    title = f"Studiedag op vrijdag ({viewport})"
    open_school_menu(admin, viewport, "Nieuws")
    admin.get_by_role("link", name="Nieuw nieuwsbericht").click()
    admin.get_by_label("Titel").fill(title)
    admin.get_by_label("Tekst").fill("Alle kinderen zijn vrij.")
    admin.get_by_role("button", name="Plaatsen").click()
    expect(admin.get_by_text(f"Het nieuwsbericht “{title}” is geplaatst.")).to_be_visible()

    parent = pages.open()
    parent_log_in(parent, portal, group5_parent(portal, viewport))
    parent.goto(portal.url + "/nieuws")
    expect(parent.get_by_text(title)).to_be_visible()

    subject = report_a_change(portal, group5_parent(portal, viewport), viewport)
    open_school_menu(admin, viewport, "Wijzigingen")
    expect(admin.get_by_role("heading", level=1, name="Wijzigingen")).to_be_visible()
    change = admin.locator(".item-list > .item", has_text=subject).filter(has_text="Voorletter(s)")
    expect(change).to_have_count(1)
    check_accessibility(admin)
    screenshot(admin, "school-wijzigingen", viewport)
    change.get_by_role("button", name=re.compile("^Afgehandeld")).click()
    expect(admin.get_by_text(f"De wijziging van {subject} is afgehandeld.")).to_be_visible()
    expect(admin.locator(".item-list > .item", has_text=subject)).to_have_count(0)
