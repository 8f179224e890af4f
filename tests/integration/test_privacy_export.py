"""Mijn gegevens downloaden: everything about the parent and their children, nothing about
anyone else."""

from __future__ import annotations

import json

from deborg.bootstrap import Services
from deborg.domain.content.model import Audience as Readers
from deborg.domain.content.model import CalendarFeed, Message, Reply, RichText
from deborg.domain.devices.model import PairedDevice
from deborg.domain.mail import MailCategory
from deborg.domain.model import PupilContact
from deborg.domain.notifications.model import Delivery, NotificationPreferences
from deborg.domain.privacy import Audience, Field
from deborg.domain.profiles.model import (
    ChangeReport,
    EmergencyNumber,
    FieldChange,
    ParentContact,
    Phone,
    PhoneLabel,
    ProfilePhoto,
    SubjectType,
    TeacherNote,
)
from deborg.services.privacy import settings as privacy
from tests.conftest import Browser
from tests.world import World


def _download(browser: Browser) -> tuple[dict, str]:  # type: ignore[type-arg]
    response = browser.get("/account/privacy/mijn-gegevens")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    return json.loads(text), text


def test_export_holds_the_parents_account_children_privacy_and_changes(
    browser: Browser, world: World, sql_services: Services
) -> None:
    s = sql_services
    privacy.change_parent_privacy(
        s.uow(), s.clock, school_id=world.school.id, parent_id=world.alice.id,
        choices={Field.PHONE: Audience.GROUP},
    )  # fmt: skip
    privacy.change_child_privacy(
        s.uow(), s.clock, school_id=world.school.id, parent_id=world.alice.id,
        child_id=world.anna.id, choices={Field.PHOTO: Audience.SCHOOL},
    )  # fmt: skip
    browser.login(world.alice.login_name, world.password)
    data, text = _download(browser)
    assert data["account"]["login_name"] == "alice@example.nl"
    assert data["account"]["roepnaam"] == "Alice"
    assert [c["roepnaam"] for c in data["children"]] == ["Anna"]
    assert data["children"][0]["date_of_birth"] == "2019-05-17"
    assert data["children"][0]["group"] == "Groep 1"
    assert data["children"][0]["co_guardians"] == ["Dirk Jansen"]
    assert data["privacy"]["own"]["phone"] == "group"
    assert data["privacy"]["children"] == [
        {"child": "Anna Jansen", "photo": "school", "date_of_birth": "nobody"}
    ]
    assert {(c["about"], c["field"], c["changed_by"]) for c in data["changes"]} == {
        ("u", "privacy.phone", "u"),
        ("Anna Jansen", "privacy.photo", "u"),
    }
    assert "password" not in text
    assert world.alice.password_hash is not None
    assert world.alice.password_hash not in text


def test_export_of_one_parent_holds_no_other_parents_or_childs_data(
    browser: Browser, world: World, sql_services: Services
) -> None:
    s = sql_services
    # The co-guardian and other parents change things too; none of it may leak but a name.
    privacy.change_parent_privacy(
        s.uow(), s.clock, school_id=world.school.id, parent_id=world.dirk.id,
        choices={Field.EMAIL: Audience.SCHOOL},
    )  # fmt: skip
    privacy.change_child_privacy(
        s.uow(), s.clock, school_id=world.school.id, parent_id=world.bob.id,
        child_id=world.bram.id, choices={Field.PHOTO: Audience.SCHOOL},
    )  # fmt: skip
    browser.login(world.alice.login_name, world.password)
    data, text = _download(browser)
    for foreign in (world.bob, world.carla, world.erik):
        assert foreign.login_name not in text
        assert foreign.roepnaam not in text
    for child in (world.bram, world.cees, world.eva):
        assert child.roepnaam not in text
    assert world.dirk.login_name not in text  # the co-guardian: the name only
    assert "Dirk" in text
    assert all(change["field"] != "privacy.email" for change in data["changes"])


def test_export_names_the_pupils_the_parent_is_a_contact_of_and_no_one_elses_contacts(
    browser: Browser, world: World, sql_services: Services
) -> None:
    """The administration lists Alice as a contact without custody of Cees (she picks him
    up): the school holds that link, so her export says so; Bob's contact link is not hers."""
    with sql_services.uow() as uow:
        uow.pupil_contacts.add(PupilContact(world.school.id, world.alice.id, world.cees.id))
        uow.pupil_contacts.add(PupilContact(world.school.id, world.bob.id, world.anna.id))
        uow.commit()
    browser.login(world.alice.login_name, world.password)

    data, _ = _download(browser)

    assert data["contact_of"] == [{"pupil": "Cees Visser", "group": world.group2.name}]
    assert [c["roepnaam"] for c in data["children"]] == ["Anna"]  # custody: unchanged


# --- the account area's data: Bereikbaarheid, photos, noodnummers, notes, reports, app -------


def _plant_account_data(services: Services, world: World) -> None:
    """Alice's and Anna's data, and the same kinds of data of others: Dirk (the co-guardian),
    Bob and Bram, each with a distinctive value the export of Alice must not contain."""
    now = services.clock.now()
    school = world.school.id
    with services.uow() as uow:
        for parent, phone, extra in (
            (world.alice, "06 11112222", "alice.werk@example.nl"),
            (world.dirk, "06 55554444", "dirk.werk@example.nl"),
            (world.bob, "06 98765432", "bob.werk@example.nl"),
        ):
            uow.parent_contacts.save(
                ParentContact(school, parent.id, (Phone(PhoneLabel.MOBILE, phone),), (extra,))
            )
        for child, name, number in (
            (world.anna, "Oma Jansen", "06 33334444"),
            (world.bram, "Opa de Vries", "06 77778888"),
        ):
            uow.emergency_numbers.add(EmergencyNumber(school, child.id, name, "opa/oma", number))
        for child, text in ((world.anna, "Las vandaag voor."), (world.bram, "Notitie-Q7")):
            uow.teacher_notes.add(
                TeacherNote(school, child.id, world.teacher.id, "Juf Anja", text, now)
            )
        for subject_type, subject_id, by in (
            (SubjectType.PARENT, world.alice.id, world.alice.id),
            (SubjectType.CHILD, world.anna.id, world.alice.id),
            (SubjectType.PARENT, world.dirk.id, world.dirk.id),
            (SubjectType.PARENT, world.bob.id, world.bob.id),
            (SubjectType.CHILD, world.bram.id, world.bob.id),
        ):
            key = f"photos/{school}/{subject_type.value}-{subject_id}"
            uow.photos.save(
                ProfilePhoto(
                    school, subject_type, subject_id, f"{key}.jpg", f"{key}-klein.jpg",
                    "image/jpeg", now, by,
                )
            )  # fmt: skip
        for reporter, subject_type, subject, postcode in (
            (world.alice, SubjectType.CHILD, world.anna, "9401 AA"),
            (world.dirk, SubjectType.PARENT, world.dirk, "9402 DD"),
            (world.bob, SubjectType.CHILD, world.bram, "9403 BB"),
        ):
            uow.change_reports.add(
                ChangeReport(
                    school, subject_type, subject.id, subject.name, reporter.id, reporter.name,
                    (FieldChange("postcode", "Postcode", "", postcode),), now,
                )
            )  # fmt: skip
        for parent, device in ((world.alice, "iPhone van Alice"), (world.bob, "Toestel-B9")):
            uow.devices.add(PairedDevice(school, parent.id, device, f"hash-{parent.id}", now, now))
        for parent in (world.alice, world.bob):
            uow.calendar_feeds.save(CalendarFeed(school, parent.id, f"feed-{parent.id}", now))
        message = uow.messages.add(
            Message(school, "Hulp bij de sportdag", RichText("<p>Wie?</p>", "Wie?"), Readers(),
                    now, allow_replies=True)
        )  # fmt: skip
        for parent, text in ((world.alice, "Ik help graag."), (world.bob, "Antwoord-Z3")):
            uow.replies.add(Reply(school, message.id, parent.id, text, now))
        uow.notification_preferences.save(
            NotificationPreferences(school, world.alice.id, {MailCategory.NEWS: Delivery.OFF})
        )
        uow.commit()


def test_export_holds_the_account_areas_data_of_the_parent_and_their_children(
    browser: Browser, world: World, sql_services: Services
) -> None:
    _plant_account_data(sql_services, world)
    browser.login(world.alice.login_name, world.password)
    data, _ = _download(browser)
    assert data["contact"] == {
        "phones": [{"label": "mobiel", "number": "06 11112222"}],
        "extra_emails": ["alice.werk@example.nl"],
    }
    assert data["emergency_numbers"] == [
        {
            "child": "Anna Jansen",
            "name": "Oma Jansen",
            "relation": "opa/oma",
            "number": "06 33334444",
        }
    ]
    assert [(n["child"], n["author"], n["text"]) for n in data["teacher_notes"]] == [
        ("Anna Jansen", "Juf Anja", "Las vandaag voor.")
    ]
    assert data["photos"]["own"]["content_type"] == "image/jpeg"
    assert [p["child"] for p in data["photos"]["children"]] == ["Anna Jansen"]
    assert [(r["about"], r["changes"]) for r in data["reported_changes"]] == [
        ("Anna Jansen", [{"field": "Postcode", "old": "", "new": "9401 AA"}])
    ]
    assert data["notifications"]["news"] == "off"
    assert data["notifications"]["conversations"] == "direct"
    assert data["agenda_feed"]["created_at"] is not None
    assert [d["name"] for d in data["devices"]] == ["iPhone van Alice"]
    assert [(r["message"], r["text"]) for r in data["message_replies"]] == [
        ("Hulp bij de sportdag", "Ik help graag.")
    ]
    (booking,) = data["conference_bookings"]
    assert booking["child"] == "Anna Jansen"
    assert booking["conference"] == "Oudergesprekken november"
    assert booking["starts"] == "2026-11-12T15:00:00+01:00"
    assert booking["booked_by_school"] is True


def test_export_holds_no_phone_photo_note_report_or_device_of_anyone_else(
    browser: Browser, world: World, sql_services: Services
) -> None:
    _plant_account_data(sql_services, world)
    browser.login(world.alice.login_name, world.password)
    data, text = _download(browser)
    for foreign in (
        "06 55554444",  # the co-guardian's phone number
        "dirk.werk@example.nl",
        "9402 DD",  # the co-guardian's own change report
        "06 98765432",  # another parent's
        "bob.werk@example.nl",
        "06 77778888",  # another child's emergency number
        "Opa de Vries",
        "Notitie-Q7",  # another child's note
        "9403 BB",
        "Toestel-B9",
        "Antwoord-Z3",  # another parent's reply to the same message
        f"hash-{world.alice.id}",  # nor the device's or the feed's secrets
        f"feed-{world.alice.id}",
    ):
        assert foreign not in text, foreign
    assert len(data["photos"]["children"]) == 1
    assert len(data["conference_bookings"]) == 1


def test_a_parent_without_such_data_exports_empty_sections(
    browser: Browser, world: World, sql_services: Services
) -> None:
    """Carla has no phone, photo, note, report or device: her sections are empty, and none
    of the others' data fills them."""
    _plant_account_data(sql_services, world)
    browser.login(world.carla.login_name, world.password)
    data, text = _download(browser)
    assert data["contact"] == {"phones": [], "extra_emails": []}
    assert data["photos"] == {"own": None, "children": []}
    assert data["emergency_numbers"] == data["teacher_notes"] == data["devices"] == []
    assert data["message_replies"] == []
    assert data["reported_changes"] == []
    assert data["agenda_feed"] is None
    assert "06 11112222" not in text
    assert "Las vandaag voor." not in text
