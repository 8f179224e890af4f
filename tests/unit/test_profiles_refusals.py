"""What Persoonlijke gegevens, Bereikbaarheid, noodnummers, notities and photos refuse: the
Dutch message beside the field, nothing saved and nothing reported to staff; and another
school's parent or child is simply not there."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deborg.bootstrap import Services
from deborg.domain.errors import AccessDenied, InvalidInput, NotFound, ValidationFailed
from deborg.domain.profiles.errors import ChildNotFound, PhotoNotFound
from deborg.domain.profiles.model import SubjectType
from deborg.services.profiles import children, personal, photos
from deborg.services.stored_files import ServedFile
from tests import images
from tests.world import World, build_world

TODAY = dt.date(2026, 11, 2)  # the fixed clock of tests/conftest.py


@pytest.fixture
def world(memory_services: Services) -> World:
    return build_world(memory_services)


def reports(s: Services, w: World) -> list[tuple[str, ...]]:
    """Each change reported to staff, as the fields it changed."""
    with s.uow() as uow:
        return [
            tuple(c.field for c in r.changes)
            for r in uow.change_reports.list(w.school.id, include_handled=True)
        ]


# --- Persoonlijke gegevens --------------------------------------------------------------------


def test_a_parent_of_another_school_does_not_exist_here(
    memory_services: Services, world: World
) -> None:
    with pytest.raises(NotFound) as refused:
        personal.update_parent_personal(
            memory_services.uow(),
            memory_services.clock,
            school_id=world.school.id,
            parent_id=world.erik.id,
            data=personal.PersonalData(roepnaam="Erik", achternaam="Anders"),
        )
    assert refused.value.message == "Dit account bestaat niet (meer)."
    with memory_services.uow() as uow:
        erik = uow.parents.get(world.other_school.id, world.erik.id)
    assert erik is not None
    assert erik.achternaam == "Bos"


def anna_data(date_of_birth: str | None) -> personal.PersonalData:
    return personal.PersonalData(roepnaam="Anna", achternaam="Jansen", date_of_birth=date_of_birth)


def change_anna(s: Services, w: World, data: personal.PersonalData, parent_id: int | None = None):  # type: ignore[no-untyped-def]
    return personal.update_child_personal(
        s.uow(),
        s.clock,
        school_id=w.school.id,
        parent_id=w.alice.id if parent_id is None else parent_id,
        child_id=w.anna.id,
        data=data,
    )


def stored_anna(s: Services, w: World):  # type: ignore[no-untyped-def]
    with s.uow() as uow:
        return uow.children.get(w.school.id, w.anna.id)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=40)
@given(
    born=st.one_of(
        st.dates(max_value=dt.date(1989, 12, 31)),
        st.dates(min_value=TODAY + dt.timedelta(days=1)),
    )
)
def test_a_date_of_birth_before_1990_or_in_the_future_is_refused(
    memory_services: Services, world: World, born: dt.date
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        change_anna(memory_services, world, anna_data(born.isoformat()))
    assert refused.value.errors == {
        "date_of_birth": "Vul de echte geboortedatum in, bijvoorbeeld 17-05-2019."
    }
    assert stored_anna(memory_services, world).date_of_birth == dt.date(2019, 5, 17)
    assert reports(memory_services, world) == []


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=40)
@given(born=st.dates(min_value=dt.date(1990, 1, 1), max_value=TODAY))
def test_a_real_date_of_birth_is_kept_written_the_dutch_way(
    memory_services: Services, world: World, born: dt.date
) -> None:
    change_anna(memory_services, world, anna_data(born.strftime("%d-%m-%Y")))
    assert stored_anna(memory_services, world).date_of_birth == born


@pytest.mark.parametrize("typed", ["17 mei 2019", "2019-02-30", "31-31-2019", "morgen"])
def test_a_date_of_birth_that_is_no_date_is_refused(
    memory_services: Services, world: World, typed: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        change_anna(memory_services, world, anna_data(typed))
    assert refused.value.errors == {
        "date_of_birth": "Vul een geldige datum in, bijvoorbeeld 17-05-2019."
    }
    assert reports(memory_services, world) == []


def test_emptying_the_date_of_birth_removes_it_and_is_reported(
    memory_services: Services, world: World
) -> None:
    report = change_anna(memory_services, world, anna_data("  "))
    assert report is not None
    assert [(c.field, c.old, c.new) for c in report.changes] == [
        ("date_of_birth", "2019-05-17", "")
    ]
    assert stored_anna(memory_services, world).date_of_birth is None


def test_saving_the_childs_data_unchanged_reports_nothing(
    memory_services: Services, world: World
) -> None:
    assert change_anna(memory_services, world, anna_data("17-05-2019")) is None
    assert change_anna(memory_services, world, anna_data(None)) is None
    assert reports(memory_services, world) == []


def test_a_parent_of_another_family_cannot_change_the_child(
    memory_services: Services, world: World
) -> None:
    with pytest.raises(ChildNotFound):
        change_anna(
            memory_services,
            world,
            personal.PersonalData(roepnaam="X", achternaam="Y"),
            parent_id=world.bob.id,
        )
    assert stored_anna(memory_services, world).achternaam == "Jansen"


# --- Bereikbaarheid ---------------------------------------------------------------------------


def phone(number: str, label: str = "mobiel") -> personal.PhoneInput:
    return personal.PhoneInput(label, number)


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            personal.ContactData("alice@"),
            {"contact_email": "Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl."},
        ),
        (
            personal.ContactData("alice@example.nl", phones=(phone("0612345678", "fax"),)),
            {"phone_label-0": "Kies mobiel, thuis, werk of overig."},
        ),
        (
            personal.ContactData("alice@example.nl", phones=(phone(""), phone("12"))),
            {
                "phone-1": (
                    "Vul een geldig telefoonnummer in, bijvoorbeeld 06 12345678 of 0592 123456."
                )
            },
        ),
        (
            personal.ContactData("alice@example.nl", extra_emails=("", "geen adres")),
            {"extra_email-1": "Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl."},
        ),
        (
            personal.ContactData(
                "alice@example.nl", phones=tuple(phone(f"061234567{i}") for i in range(9))
            ),
            {"phones": "U kunt maximaal 8 telefoonnummers opgeven."},
        ),
        (
            personal.ContactData(
                "alice@example.nl", extra_emails=tuple(f"a{i}@example.nl" for i in range(5))
            ),
            {"extra_emails": "U kunt maximaal 4 extra e-mailadressen opgeven."},
        ),
    ],
)
def test_wrong_contact_rows_are_named_and_nothing_is_saved(
    memory_services: Services, world: World, data: personal.ContactData, errors: dict[str, str]
) -> None:
    s = memory_services
    with pytest.raises(ValidationFailed) as refused:
        personal.update_parent_contact(
            s.uow(),
            s.clock,
            s.phones,
            emails=s.emails,
            school_id=world.school.id,
            parent_id=world.alice.id,
            data=data,
        )
    assert refused.value.errors == errors
    with s.uow() as uow:
        contact = uow.parent_contacts.get(world.school.id, world.alice.id)
        alice = uow.parents.get(world.school.id, world.alice.id)
    assert (contact.phones, contact.extra_emails) == ((), ())
    assert alice is not None
    assert alice.contact_email == "alice@example.nl"
    assert reports(s, world) == []


def test_eight_phones_and_four_extra_addresses_are_allowed(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    report = personal.update_parent_contact(
        s.uow(),
        s.clock,
        s.phones,
        emails=s.emails,
        school_id=world.school.id,
        parent_id=world.alice.id,
        data=personal.ContactData(
            "alice@example.nl",
            phones=tuple(phone(f"061234567{i}") for i in range(8)),
            extra_emails=tuple(f"a{i}@example.nl" for i in range(4)),
        ),
    )
    assert report is not None
    assert report.report is not None
    assert [c.field for c in report.report.changes] == ["phones", "extra_emails"]


def test_saving_contact_details_unchanged_reports_nothing(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    unchanged = personal.update_parent_contact(
        s.uow(),
        s.clock,
        s.phones,
        emails=s.emails,
        school_id=world.school.id,
        parent_id=world.alice.id,
        data=personal.ContactData(" ALICE@example.nl ", phones=(phone(" "),)),
    )
    assert unchanged is None
    assert reports(s, world) == []


# --- noodnummers ------------------------------------------------------------------------------


def emergency(i: int = 0) -> children.EmergencyInput:
    return children.EmergencyInput(f"Oma {i}", "oma", f"059212345{i % 10}")


def add_emergency(s: Services, w: World, data: children.EmergencyInput):  # type: ignore[no-untyped-def]
    return children.add_emergency_number(
        s.uow(),
        s.clock,
        s.phones,
        school_id=w.school.id,
        parent_id=w.alice.id,
        child_id=w.anna.id,
        data=data,
    )


def test_an_eleventh_emergency_number_is_refused(memory_services: Services, world: World) -> None:
    s = memory_services
    for i in range(10):
        add_emergency(s, world, emergency(i))
    with pytest.raises(InvalidInput) as refused:
        add_emergency(s, world, emergency(10))
    assert refused.value.message == "Er kunnen maximaal 10 noodnummers worden opgegeven."
    assert refused.value.field == "number"
    with s.uow() as uow:
        assert len(uow.emergency_numbers.list_for_child(world.school.id, world.anna.id)) == 10
    assert len(reports(s, world)) == 10


def test_saving_an_emergency_number_unchanged_reports_nothing(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    number = add_emergency(s, world, emergency())
    kept = children.change_emergency_number(
        s.uow(),
        s.clock,
        s.phones,
        school_id=world.school.id,
        parent_id=world.alice.id,
        child_id=world.anna.id,
        number_id=number.id,
        data=children.EmergencyInput("  Oma 0 ", "oma", "0592 123450"),
    )
    assert (kept.name, kept.number) == (number.name, number.number)
    assert len(reports(s, world)) == 1  # only the addition


# --- notities (staff, through the CLI) --------------------------------------------------------


def add_note(s: Services, w: World, child: str, text: str = "Anna las vandaag voor.", **kw: str):  # type: ignore[no-untyped-def]
    return children.add_note(
        s.uow(),
        s.clock,
        school_id=kw.get("school_id", w.school.id),  # type: ignore[arg-type]
        child=child,
        staff_email=kw.get("staff_email", w.teacher.email),
        text=text,
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [(" \n ", "De notitie is leeg."), ("x" * 5001, "Een notitie is maximaal 5000 tekens.")],
)
def test_an_empty_or_too_long_note_is_refused(
    memory_services: Services, world: World, text: str, message: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        add_note(memory_services, world, str(world.anna.id), text)
    assert (refused.value.message, refused.value.field) == (message, "text")
    _, notes = children.notes_of(
        memory_services.uow(), school_id=world.school.id, child=str(world.anna.id)
    )
    assert list(notes) == []


@pytest.mark.parametrize("reference", ["onbekend", "99999", " "])
def test_an_unknown_pupil_is_named_in_the_refusal(
    memory_services: Services, world: World, reference: str
) -> None:
    with pytest.raises(ChildNotFound) as refused:
        add_note(memory_services, world, reference)
    assert refused.value.message == (
        f"Onbekende leerling: {reference.strip()} (leerlingnummer of id)."
    )


def test_a_pupil_of_another_school_is_unknown(memory_services: Services, world: World) -> None:
    with pytest.raises(ChildNotFound):
        add_note(memory_services, world, str(world.eva.id))
    with pytest.raises(ChildNotFound):
        children.notes_of(memory_services.uow(), school_id=world.school.id, child=str(world.eva.id))


def test_a_note_needs_a_teacher_of_this_school(memory_services: Services, world: World) -> None:
    with pytest.raises(NotFound) as refused:
        add_note(
            memory_services,
            world,
            str(world.eva.id),
            school_id=world.other_school.id,  # type: ignore[arg-type]
            staff_email=world.teacher.email,
        )
    assert refused.value.message == (
        "Geen medewerker met e-mailadres anja@deborg.nl op deze school."
    )


def test_staff_read_the_notes_of_a_pupil(memory_services: Services, world: World) -> None:
    add_note(memory_services, world, f" {world.anna.id} ", "Anna las vandaag voor.")
    child, notes = children.notes_of(
        memory_services.uow(), school_id=world.school.id, child=str(world.anna.id)
    )
    assert child.id == world.anna.id
    assert [(n.author, n.text) for n in notes] == [("Juf Anja", "Anna las vandaag voor.")]


# --- photos -----------------------------------------------------------------------------------


def test_a_parent_cannot_set_another_parents_photo(memory_services: Services, world: World) -> None:
    s = memory_services
    with pytest.raises(AccessDenied):
        photos.set_photo(
            s.uow(),
            s.clock,
            s.tokens,
            s.files,
            s.images,
            school_id=world.school.id,
            parent_id=world.alice.id,
            subject_type=SubjectType.PARENT,
            subject_id=world.bob.id,
            content=images.png(),
        )
    with s.uow() as uow:
        assert uow.photos.get(world.school.id, SubjectType.PARENT, world.bob.id) is None
    assert list(s.files) == []  # type: ignore[call-overload]


def test_a_photo_whose_file_is_gone_is_not_found(memory_services: Services, world: World) -> None:
    s = memory_services
    photo = photos.set_photo(
        s.uow(),
        s.clock,
        s.tokens,
        s.files,
        s.images,
        school_id=world.school.id,
        parent_id=world.alice.id,
        subject_type=SubjectType.PARENT,
        subject_id=world.alice.id,
        content=images.png(),
    )

    def fetch(thumbnail: bool) -> ServedFile:
        return photos.photo_for_viewer(
            s.uow(),
            s.files,
            school_id=world.school.id,
            viewer_id=world.alice.id,
            subject_type=SubjectType.PARENT,
            subject_id=world.alice.id,
            thumbnail=thumbnail,
        )

    assert fetch(thumbnail=True).content
    s.files.delete(photo.thumbnail_key)
    with pytest.raises(PhotoNotFound) as refused:
        fetch(thumbnail=True)
    assert refused.value.message == "Er is geen foto."
    assert fetch(thumbnail=False).content  # the large one is still there
