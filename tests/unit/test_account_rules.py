"""The rules of Persoonlijke gegevens and Bereikbaarheid on memory adapters."""

from __future__ import annotations

import pytest

from deborg.adapters.email_addresses import EmailValidatorAddresses
from deborg.adapters.phones import LibPhoneNumbers
from deborg.bootstrap import Services
from deborg.domain.errors import ValidationFailed
from deborg.services.profiles import personal
from deborg.services.profiles.changes import mark_change_done


def test_postcode_is_normalised_and_five_digits_refused() -> None:
    values = personal.validate_personal(
        personal.PersonalData(roepnaam="A", achternaam="B", postcode="1234AB")
    )
    assert values["postcode"] == "1234 AB"
    with pytest.raises(ValidationFailed) as refused:
        personal.validate_personal(
            personal.PersonalData(roepnaam="A", achternaam="B", postcode="12345")
        )
    assert set(refused.value.errors) == {"postcode"}


def test_every_wrong_field_is_named_at_once() -> None:
    with pytest.raises(ValidationFailed) as refused:
        personal.validate_personal(
            personal.PersonalData(house_number="7b", postcode="x", voorletters="Jan Piet!")
        )
    assert set(refused.value.errors) == {
        "roepnaam",
        "achternaam",
        "house_number",
        "postcode",
        "voorletters",
    }


def test_contact_rows_are_normalised_deduplicated_and_blank_ones_dropped() -> None:
    email, contact = personal.validate_contact(
        LibPhoneNumbers(),
        EmailValidatorAddresses(),
        personal.ContactData(
            contact_email=" Alice@Example.NL ",
            phones=(
                personal.PhoneInput("mobiel", "06-12345678"),
                personal.PhoneInput("werk", "+31612345678"),  # the same number again
                personal.PhoneInput("thuis", ""),
            ),
            extra_emails=("alice@example.nl", "", "b@example.nl"),
        ),
    )
    assert email == "alice@example.nl"
    assert [p.number for p in contact.phones] == ["06 12345678"]
    assert contact.extra_emails == ("b@example.nl",)


def test_a_change_is_marked_done_once(memory_services: Services) -> None:
    from tests.world import build_world

    world = build_world(memory_services)
    report = personal.update_parent_personal(
        memory_services.uow(),
        memory_services.clock,
        school_id=world.school.id,
        parent_id=world.alice.id,
        data=personal.PersonalData(roepnaam="Alice", achternaam="Smit"),
    )
    assert report is not None
    done = mark_change_done(
        memory_services.uow(), memory_services.clock, school_id=world.school.id, report_id=report.id
    )
    again = mark_change_done(
        memory_services.uow(), memory_services.clock, school_id=world.school.id, report_id=report.id
    )
    assert (done.already, again.already) == (False, True)
