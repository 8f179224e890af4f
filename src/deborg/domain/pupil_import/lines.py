"""One line of the export (one pupil–parent pair): read, checked and normalised, or rejected
with the reason staff read in the report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

import attrs

from deborg.domain.errors import DeborgError, InvalidInput
from deborg.domain.model import normalise_login
from deborg.domain.pupil_import.columns import Field
from deborg.domain.validation import (
    validate_date,
    validate_email,
    validate_house_number,
    validate_house_number_suffix,
    validate_postcode,
    validate_text,
)

_YES = frozenset({"ja", "j", "yes", "y", "1", "true", "waar", "x"})
_NO = frozenset({"nee", "n", "no", "0", "false", "onwaar", ""})


@attrs.frozen
class RawLine:
    """A line as the file holds it: its line number in the file (the header is line 1) and
    header -> text."""

    number: int
    values: Mapping[str, str]


class LineRejected(DeborgError):
    code = "line_rejected"


@attrs.frozen
class PupilData:
    """The pupil part of a line. ``None`` means: the column is not in the file, leave the
    field as it is."""

    pupil_number: str
    roepnaam: str
    achternaam: str
    group_name: str
    voorletters: str | None = None
    tussenvoegsel: str | None = None
    date_of_birth: dt.date | None = None
    #: False when the file has no date-of-birth column (then ``date_of_birth`` means nothing).
    has_date_of_birth: bool = False


@attrs.frozen
class ParentData:
    """The parent part of a line; ``None`` fields are columns the file does not have."""

    email: str
    roepnaam: str | None = None
    voorletters: str | None = None
    tussenvoegsel: str | None = None
    achternaam: str | None = None
    street: str | None = None
    house_number: str | None = None
    house_number_suffix: str | None = None
    postcode: str | None = None
    city: str | None = None
    read_only: bool | None = None
    phone: str | None = None


@attrs.frozen
class ImportLine:
    number: int
    pupil: PupilData
    #: None when the line has no parent e-mail address: only the pupil is imported.
    parent: ParentData | None
    #: The line names a parent but gives no e-mail address (no account can be made).
    parent_without_email: bool = False


class _Reader:
    def __init__(self, raw: RawLine, columns: Mapping[Field, str]) -> None:
        self.raw = raw
        self.columns = columns

    def header(self, field: Field) -> str:
        return self.columns[field]

    def get(self, field: Field) -> str | None:
        """The stripped text, or None when the file has no such column."""
        if field not in self.columns:
            return None
        return (self.raw.values.get(self.columns[field]) or "").strip()

    def text(self, field: Field, *, max_length: int = 100, required: bool = False) -> str | None:
        value = self.get(field)
        if value is None:
            return None
        if required and not value:
            raise LineRejected(f"{self.header(field)} ontbreekt.")
        try:
            return validate_text(value, field=field.value, max_length=max_length)
        except InvalidInput as error:
            raise LineRejected(f"{self.header(field)}: {error.message}") from error

    def checked(self, field: Field, check: Callable[[str], str], what: str) -> str | None:
        """``what`` starts the reason, e.g. "Ongeldige postcode"."""
        value = self.get(field)
        if value is None:
            return None
        try:
            return check(value)
        except InvalidInput as error:
            raise LineRejected(f"{what} '{value}' ({self.header(field)}).") from error


def _required(value: str | None) -> str:
    assert value is not None  # required columns are always located
    return value


def parse_line(raw: RawLine, columns: Mapping[Field, str]) -> ImportLine:
    """Check and normalise one line; raises :class:`LineRejected` with the reason."""
    read = _Reader(raw, columns)
    pupil_number = _required(read.text(Field.PUPIL_NUMBER, max_length=40, required=True))
    roepnaam = _required(read.text(Field.ROEPNAAM, required=True))
    achternaam = _required(read.text(Field.ACHTERNAAM, required=True))
    group_name = _required(read.text(Field.GROUP, required=True))
    birth_text = read.get(Field.DATE_OF_BIRTH)
    date_of_birth: dt.date | None = None
    if birth_text:
        try:
            date_of_birth = validate_date(birth_text)
        except InvalidInput as error:
            raise LineRejected(
                f"Ongeldige geboortedatum '{birth_text}' (gebruik dd-mm-jjjj)."
            ) from error
    pupil = PupilData(
        pupil_number=pupil_number,
        roepnaam=roepnaam,
        achternaam=achternaam,
        group_name=group_name,
        voorletters=read.text(Field.VOORLETTERS, max_length=40),
        tussenvoegsel=read.text(Field.TUSSENVOEGSEL, max_length=40),
        date_of_birth=date_of_birth,
        has_date_of_birth=birth_text is not None,
    )

    email_text = read.get(Field.PARENT_EMAIL) or ""
    parent_names = [
        read.get(f)
        for f in (Field.PARENT_ROEPNAAM, Field.PARENT_TUSSENVOEGSEL, Field.PARENT_ACHTERNAAM)
    ]
    if not email_text:
        return ImportLine(
            number=raw.number,
            pupil=pupil,
            parent=None,
            parent_without_email=any(parent_names),
        )
    try:
        email = validate_email(email_text)
    except InvalidInput as error:
        raise LineRejected(f"Ongeldig e-mailadres '{email_text}'.") from error
    read_only: bool | None = None
    read_only_text = read.get(Field.READ_ONLY)
    if read_only_text is not None:
        flag = read_only_text.casefold()
        if flag not in _YES | _NO:
            raise LineRejected(
                f"Onbekende waarde '{read_only_text}' in {read.header(Field.READ_ONLY)} "
                "(ja of nee)."
            )
        read_only = flag in _YES
    parent = ParentData(
        email=normalise_login(email),
        roepnaam=read.text(Field.PARENT_ROEPNAAM),
        voorletters=read.text(Field.PARENT_VOORLETTERS, max_length=40),
        tussenvoegsel=read.text(Field.PARENT_TUSSENVOEGSEL, max_length=40),
        achternaam=read.text(Field.PARENT_ACHTERNAAM),
        street=read.text(Field.STREET, max_length=200),
        house_number=read.checked(Field.HOUSE_NUMBER, validate_house_number, "Ongeldig huisnummer"),
        house_number_suffix=read.checked(
            Field.HOUSE_NUMBER_SUFFIX, validate_house_number_suffix, "Ongeldige toevoeging"
        ),
        postcode=read.checked(Field.POSTCODE, validate_postcode, "Ongeldige postcode"),
        city=read.text(Field.CITY),
        read_only=read_only,
        phone=read.get(Field.PARENT_PHONE),
    )
    return ImportLine(number=raw.number, pupil=pupil, parent=parent)
