"""Persoonlijke gegevens and Bereikbaarheid: validated, saved, audited and reported."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import attrs

from deborg.domain import validation
from deborg.domain.errors import (
    InvalidInput,
    TooManyAttempts,
    ValidationFailed,
    WrongCurrentPassword,
)
from deborg.domain.model import Address, Child, Parent
from deborg.domain.profiles.model import (
    MAX_EXTRA_EMAILS,
    MAX_PHONES,
    ChangeReport,
    ParentContact,
    Phone,
    PhoneLabel,
    SubjectType,
)
from deborg.ports.clock import Clock
from deborg.ports.emails import EmailAddresses
from deborg.ports.phones import PhoneNumbers
from deborg.ports.uow import UnitOfWork
from deborg.services.profiles.access import changeable_child, the_parent
from deborg.services.profiles.changes import Reporter, field_changes, record_and_report
from deborg.services.profiles.contact_email import (
    PASSWORD_NEEDED,
    EmailChange,
    start_email_change,
)

PERSONAL_FIELDS = (
    "roepnaam",
    "voorletters",
    "tussenvoegsel",
    "achternaam",
    "street",
    "house_number",
    "house_number_suffix",
    "postcode",
    "city",
)


@attrs.frozen
class PersonalData:
    """What the Persoonlijke gegevens form sends, as typed."""

    roepnaam: str = ""
    voorletters: str = ""
    tussenvoegsel: str = ""
    achternaam: str = ""
    street: str = ""
    house_number: str = ""
    house_number_suffix: str = ""
    postcode: str = ""
    city: str = ""
    #: Only children have one on their form; None leaves it alone.
    date_of_birth: str | None = None


def _voorletters(value: str, *, field: str) -> str:
    text = validation.validate_text(value, field=field, max_length=20)
    letters = [part for part in text.replace(" ", ".").split(".") if part]
    if any(not part.isalpha() or len(part) > 3 for part in letters):
        raise InvalidInput("Vul alleen de voorletters in, bijvoorbeeld J.P.", field)
    return "".join(f"{part[0].upper()}{part[1:]}." for part in letters)


def validate_personal(data: PersonalData, clock: Clock | None = None) -> dict[str, str]:
    """The normalised values, or ValidationFailed naming every wrong field at once."""
    checks: dict[str, Callable[[str], str]] = {
        "roepnaam": lambda v: validation.validate_text(v, field="roepnaam", required=True),
        "voorletters": lambda v: _voorletters(v, field="voorletters"),
        "tussenvoegsel": lambda v: validation.validate_text(
            v, field="tussenvoegsel", max_length=20
        ).lower(),
        "achternaam": lambda v: validation.validate_text(v, field="achternaam", required=True),
        "street": lambda v: validation.validate_text(v, field="street", max_length=150),
        "house_number": lambda v: validation.validate_house_number(v),
        "house_number_suffix": lambda v: validation.validate_house_number_suffix(v),
        "postcode": lambda v: validation.validate_postcode(v),
        "city": lambda v: validation.validate_text(v, field="city", max_length=80),
    }
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    for field, check in checks.items():
        try:
            values[field] = check(getattr(data, field))
        except InvalidInput as failure:
            errors[field] = failure.message
    if data.date_of_birth is not None:
        try:
            values["date_of_birth"] = _date_of_birth(data.date_of_birth, clock)
        except InvalidInput as failure:
            errors["date_of_birth"] = failure.message
    if errors:
        raise ValidationFailed(errors)
    return values


def _date_of_birth(value: str, clock: Clock | None) -> str:
    if not value.strip():
        return ""
    born = validation.validate_date(
        value, field="date_of_birth", example=validation.BIRTH_DATE_EXAMPLE
    )
    today = clock.now().date() if clock else None
    if born.year < 1990 or (today is not None and born > today):
        raise InvalidInput(
            f"Vul de echte geboortedatum in, bijvoorbeeld {validation.BIRTH_DATE_EXAMPLE}."
        )
    return born.isoformat()


def _address_values(address: Address) -> dict[str, str]:
    return {
        "street": address.street,
        "house_number": address.house_number,
        "house_number_suffix": address.house_number_suffix,
        "postcode": address.postcode,
        "city": address.city,
    }


def _address(values: dict[str, str]) -> Address:
    return Address(
        street=values["street"],
        house_number=values["house_number"],
        house_number_suffix=values["house_number_suffix"],
        postcode=values["postcode"],
        city=values["city"],
    )


def personal_values(person: Parent | Child) -> dict[str, str]:
    values = {
        "roepnaam": person.roepnaam,
        "voorletters": person.voorletters,
        "tussenvoegsel": person.tussenvoegsel,
        "achternaam": person.achternaam,
        **_address_values(person.address),
    }
    if isinstance(person, Child):
        values["date_of_birth"] = person.date_of_birth.isoformat() if person.date_of_birth else ""
    return values


def form_values(person: Parent | Child) -> dict[str, str]:
    """What the edit form shows: the saved values, a date of birth written as its hint asks
    (17-05-2019)."""
    values = personal_values(person)
    if isinstance(person, Child):
        values["date_of_birth"] = validation.format_form_date(person.date_of_birth)
    return values


def _apply(person: Parent | Child, values: dict[str, str]) -> None:
    person.roepnaam = values["roepnaam"]
    person.voorletters = values["voorletters"]
    person.tussenvoegsel = values["tussenvoegsel"]
    person.achternaam = values["achternaam"]
    person.address = _address(values)
    if isinstance(person, Child) and "date_of_birth" in values:
        born = values["date_of_birth"]
        person.date_of_birth = dt.date.fromisoformat(born) if born else None


def update_parent_personal(
    uow: UnitOfWork, clock: Clock, *, school_id: int, parent_id: int, data: PersonalData
) -> ChangeReport | None:
    """ "Wijziging melden" on Persoonlijke gegevens: save, audit, report to staff. A
    read-only account may do this: it is the parent's own data. None: nothing changed."""
    values = validate_personal(attrs.evolve(data, date_of_birth=None))
    with uow:
        parent = the_parent(uow, school_id, parent_id)
        report = _change_personal(
            uow, clock, school_id=school_id, by=parent, person=parent, values=values
        )
        if report is not None:
            uow.commit()
    return report


def update_child_personal(
    uow: UnitOfWork,
    clock: Clock,
    *,
    school_id: int,
    parent_id: int,
    child_id: int,
    data: PersonalData,
) -> ChangeReport | None:
    """A guardian (not read-only) changes the child's personal data."""
    with uow:
        parent, child = changeable_child(uow, school_id, parent_id, child_id)
    values = validate_personal(data, clock)
    with uow:
        parent, child = changeable_child(uow, school_id, parent_id, child_id)
        report = _change_personal(
            uow, clock, school_id=school_id, by=parent, person=child, values=values
        )
        if report is not None:
            uow.commit()
    return report


def _change_personal(
    uow: UnitOfWork,
    clock: Clock,
    *,
    school_id: int,
    by: Parent,
    person: Parent | Child,
    values: dict[str, str],
) -> ChangeReport | None:
    """Save the fields of ``person`` that ``values`` change, audit them and report them to
    staff, in the caller's unit of work; None when nothing changed."""
    changes = field_changes(personal_values(person), values)
    if not changes:
        return None
    _apply(person, values)
    if isinstance(person, Child):
        uow.children.update(person)
        subject_type = SubjectType.CHILD
    else:
        uow.parents.update(person)
        subject_type = SubjectType.PARENT
    return record_and_report(
        uow,
        clock,
        school_id=school_id,
        reporter=Reporter(by.id, by.name),
        subject_type=subject_type,
        subject_id=person.id,
        subject_name=person.name,
        changes=changes,
    )


# --- Bereikbaarheid -------------------------------------------------------------------------


@attrs.frozen
class PhoneInput:
    label: str
    number: str


@attrs.frozen
class ContactData:
    """What the Bereikbaarheid form sends: the rows as typed, blank ones included."""

    contact_email: str
    phones: tuple[PhoneInput, ...] = ()
    extra_emails: tuple[str, ...] = ()


def normalise_phone(phones: PhoneNumbers, raw: str, *, field: str) -> str:
    number = phones.normalise(raw)
    if number is None:
        raise InvalidInput(
            "Vul een geldig telefoonnummer in, bijvoorbeeld 06 12345678 of 0592 123456.", field
        )
    return number


def validate_contact(
    phones: PhoneNumbers, emails: EmailAddresses, data: ContactData
) -> tuple[str, ParentContact]:
    """The contact e-mail and the phone numbers and extra addresses, normalised; blank rows
    dropped, duplicates kept once. Errors are keyed by row: phone-0, extra_email-1 …"""
    errors: dict[str, str] = {}
    contact_email = ""
    try:
        contact_email = validation.validate_email(
            data.contact_email, field="contact_email", normalise=emails.normalise
        )
    except InvalidInput as failure:
        errors["contact_email"] = failure.message
    numbers: list[Phone] = []
    for index, row in enumerate(data.phones):
        if not row.number.strip():
            continue
        try:
            label = PhoneLabel(row.label)
        except ValueError:
            errors[f"phone_label-{index}"] = "Kies mobiel, thuis, werk of overig."
            continue
        try:
            number = normalise_phone(phones, row.number, field=f"phone-{index}")
        except InvalidInput as failure:
            errors[f"phone-{index}"] = failure.message
            continue
        if all(existing.number != number for existing in numbers):
            numbers.append(Phone(label, number))
    extras: list[str] = []
    for index, raw in enumerate(data.extra_emails):
        if not raw.strip():
            continue
        try:
            email = validation.validate_email(
                raw, field=f"extra_email-{index}", normalise=emails.normalise
            )
        except InvalidInput as failure:
            errors[f"extra_email-{index}"] = failure.message
            continue
        if email != contact_email and email not in extras:
            extras.append(email)
    if len(numbers) > MAX_PHONES:
        errors["phones"] = f"U kunt maximaal {MAX_PHONES} telefoonnummers opgeven."
    if len(extras) > MAX_EXTRA_EMAILS:
        errors["extra_emails"] = f"U kunt maximaal {MAX_EXTRA_EMAILS} extra e-mailadressen opgeven."
    if errors:
        raise ValidationFailed(errors)
    return contact_email, ParentContact(0, 0, tuple(numbers), tuple(extras))


def _contact_values(contact: ParentContact) -> dict[str, str]:
    return {
        "phones": "; ".join(str(phone) for phone in contact.phones),
        "extra_emails": ", ".join(contact.extra_emails),
    }


def _check_password(
    uow: UnitOfWork, clock: Clock, parent: Parent, email_change: EmailChange | None
) -> None:
    """The current password that a new contact address needs, as a field error."""
    if email_change is None or not email_change.current_password:
        raise ValidationFailed({"current_password": PASSWORD_NEEDED})
    try:
        holds = email_change.password_holds(uow, clock, parent)
    except TooManyAttempts as failure:
        raise ValidationFailed({"current_password": failure.message}) from None
    if not holds:
        uow.commit()  # the failure counts for the throttle; nothing else is written
        raise ValidationFailed({"current_password": WrongCurrentPassword.message})


@attrs.frozen
class ContactSaved:
    """What saving Bereikbaarheid did: the phone numbers and extra addresses reported to
    staff (None: unchanged), and whether the contact e-mail changed or waits for the link
    mailed to ``confirmation_sent_to``."""

    report: ChangeReport | None
    email_changed: bool = False
    confirmation_sent_to: str | None = None


def update_parent_contact(
    uow: UnitOfWork,
    clock: Clock,
    phones: PhoneNumbers,
    *,
    emails: EmailAddresses,
    school_id: int,
    parent_id: int,
    data: ContactData,
    email_change: EmailChange | None = None,
) -> ContactSaved | None:
    """Save Bereikbaarheid; None when nothing changed. Phone numbers and extra addresses
    (which never receive account mail) are saved and reported at once. A new contact e-mail
    receives account mail, so it needs the current password (``email_change``) and takes
    effect only when the link mailed to it is followed (:mod:`.contact_email`); then it is
    reported, staff rename the login (``deborg parent rename-login``), and the parent is
    mailed that they log in with the new address. Nothing is saved when anything is wrong."""
    contact_email, wanted = validate_contact(phones, emails, data)
    with uow:
        parent = the_parent(uow, school_id, parent_id)
        email_differs = contact_email != (parent.contact_email or parent.login_name)
        if email_differs:
            _check_password(uow, clock, parent, email_change)
        current = uow.parent_contacts.get(school_id, parent_id)
        changes = field_changes(_contact_values(current), _contact_values(wanted))
        if not changes and not email_differs:
            return None
        uow.parent_contacts.save(attrs.evolve(wanted, school_id=school_id, parent_id=parent_id))
        report = record_and_report(
            uow,
            clock,
            school_id=school_id,
            reporter=Reporter(parent.id, parent.name),
            subject_type=SubjectType.PARENT,
            subject_id=parent.id,
            subject_name=parent.name,
            changes=changes,
        )
        sent_to = None
        if email_differs and email_change is not None:
            sent_to = start_email_change(uow, clock, email_change, parent, contact_email)
        uow.commit()
    return ContactSaved(report, email_differs, sent_to)
