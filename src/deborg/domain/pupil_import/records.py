"""The import's rules for one record: how the file's pupil and parent data go into a child
and a parent (a column not in the file changes nothing), how a change is described in the
report, and the label of a phone number from the file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

import attrs

from deborg.domain.model import Address, Child, Parent
from deborg.domain.profiles.model import MAX_PHONES, ParentContact, Phone, PhoneLabel
from deborg.domain.pupil_import.lines import ParentData, PupilData
from deborg.domain.pupil_import.report import FieldChange, LineNote


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    return str(value)


def diff(old: Mapping[str, object], new: Mapping[str, object]) -> tuple[FieldChange, ...]:
    return tuple(
        FieldChange(field, _text(old[field]), _text(new[field]))
        for field in new
        if old[field] != new[field]
    )


def child_fields(child: Child, group_name: str) -> dict[str, object]:
    return {
        "roepnaam": child.roepnaam,
        "voorletters": child.voorletters,
        "tussenvoegsel": child.tussenvoegsel,
        "achternaam": child.achternaam,
        "date_of_birth": child.date_of_birth,
        "group": group_name,
        "archived": child.archived,
    }


def parent_fields(parent: Parent) -> dict[str, object]:
    return {
        "roepnaam": parent.roepnaam,
        "voorletters": parent.voorletters,
        "tussenvoegsel": parent.tussenvoegsel,
        "achternaam": parent.achternaam,
        "street": parent.address.street,
        "house_number": parent.address.house_number,
        "house_number_suffix": parent.address.house_number_suffix,
        "postcode": parent.address.postcode,
        "city": parent.address.city,
        "read_only": parent.read_only,
    }


def _keep(new: str | None, old: str) -> str:
    return old if new is None else new


def pupil_into(child: Child, data: PupilData, group_id: int) -> Child:
    return attrs.evolve(
        child,
        roepnaam=data.roepnaam,
        achternaam=data.achternaam,
        voorletters=_keep(data.voorletters, child.voorletters),
        tussenvoegsel=_keep(data.tussenvoegsel, child.tussenvoegsel),
        date_of_birth=data.date_of_birth if data.has_date_of_birth else child.date_of_birth,
        group_id=group_id,
        archived=False,
    )


def parent_into(parent: Parent, data: ParentData) -> Parent:
    address = parent.address
    return attrs.evolve(
        parent,
        roepnaam=_keep(data.roepnaam, parent.roepnaam),
        voorletters=_keep(data.voorletters, parent.voorletters),
        tussenvoegsel=_keep(data.tussenvoegsel, parent.tussenvoegsel),
        achternaam=_keep(data.achternaam, parent.achternaam),
        address=Address(
            street=_keep(data.street, address.street),
            house_number=_keep(data.house_number, address.house_number),
            house_number_suffix=_keep(data.house_number_suffix, address.house_number_suffix),
            postcode=_keep(data.postcode, address.postcode),
            city=_keep(data.city, address.city),
        ),
        read_only=parent.read_only if data.read_only is None else data.read_only,
    )


def phone_label(number: str) -> PhoneLabel:
    """The label of a number from the administration, which gives none: a Dutch mobile
    number ("06 …") is "mobiel", any other number "thuis"."""
    return PhoneLabel.MOBILE if number.startswith("06") else PhoneLabel.HOME


def numbers(contact: ParentContact) -> str:
    return ", ".join(phone.number for phone in contact.phones)


def pupil_differences(first: PupilData, later: PupilData) -> list[str]:
    labels = {
        "roepnaam": "roepnaam",
        "achternaam": "achternaam",
        "group_name": "groep",
        "voorletters": "voorletters",
        "tussenvoegsel": "tussenvoegsel",
        "date_of_birth": "geboortedatum",
    }
    return [label for name, label in labels.items() if getattr(first, name) != getattr(later, name)]


def with_phone(
    contact: ParentContact,
    data: ParentData,
    line: int,
    normalise_phone: Callable[[str], str | None],
    warnings: list[LineNote],
) -> ParentContact | None:
    """``contact`` with the file's number added; None when there is nothing to add. A number
    that cannot be read, or one too many, is a warning for ``line``."""
    raw = data.phone
    if not raw:
        return None
    number = normalise_phone(raw)
    if number is None:
        warnings.append(
            LineNote(
                line,
                f"Ongeldig telefoonnummer '{raw}' bij {data.email}: niet overgenomen "
                "(de rest van de regel wel).",
            )
        )
        return None
    if any(normalise_phone(phone.number) == number for phone in contact.phones):
        return None
    if len(contact.phones) >= MAX_PHONES:
        warnings.append(
            LineNote(
                line,
                f"Telefoonnummer {number} van {data.email} niet toegevoegd: deze ouder heeft "
                f"al {MAX_PHONES} telefoonnummers.",
            )
        )
        return None
    return attrs.evolve(contact, phones=(*contact.phones, Phone(phone_label(number), number)))
