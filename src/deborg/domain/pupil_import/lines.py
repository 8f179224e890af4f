"""One line of the export (a pupil and the parents it names): read, checked and normalised,
or rejected with the reason staff read in the report.

Only a missing pupil number, name or group, and text the portal cannot store (control
characters), reject a line. A field that does not parse is a warning: the pupil is imported
and that field is not taken over; a parent whose e-mail address is invalid is not imported,
the pupil is.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Mapping

import attrs

from deborg.domain import typed_text
from deborg.domain.errors import DeborgError, InvalidInput
from deborg.domain.model import normalise_login
from deborg.domain.pupil_import.columns import Columns, Field
from deborg.domain.validation import validate_email, validate_postcode, validate_text

_YES = frozenset({"ja", "j", "yes", "y", "1", "true", "waar", "x"})
_NO = frozenset({"nee", "n", "no", "0", "false", "onwaar", ""})
#: Relations ("Relatie") that do not give custody: such a parent is a contact of the pupil.
_NO_CUSTODY_RELATIONS = frozenset(
    {
        "contactpersoon", "noodcontact", "noodnummer", "oppas", "gastouder", "grootouder",
        "grootvader", "grootmoeder", "opa", "oma", "buren", "buurvrouw", "buurman", "overig",
        "overige", "anders", "stiefvader", "stiefmoeder", "stiefouder", "geengezag",
        "familie", "broer", "zus", "oom", "tante", "kennis",
    }
)  # fmt: skip

#: The syntax check of an e-mail address: the address in canonical form, or None.
EmailCheck = Callable[[str], str | None]

#: A line longer than this (in characters) is rejected: no real export line comes close.
MAX_LINE_CHARS = 20_000


@attrs.frozen
class RawLine:
    """A line as the file holds it: its line number in the file (the first physical line is
    1) and header -> text. ``problem`` is set when the reader already knows the line cannot
    be imported (it is too long)."""

    number: int
    values: Mapping[str, str]
    problem: str | None = None


class LineRejected(DeborgError):
    code = "line_rejected"


@attrs.frozen
class PupilData:
    """The pupil part of a line. ``None`` means: the column is not in the file (or its text
    could not be read), leave the field as it is."""

    pupil_number: str
    roepnaam: str
    achternaam: str
    group_name: str
    voorletters: str | None = None
    tussenvoegsel: str | None = None
    date_of_birth: dt.date | None = None
    #: False when the file has no usable date of birth (then ``date_of_birth`` means nothing).
    has_date_of_birth: bool = False


@attrs.frozen
class ParentData:
    """One parent of a line; ``None`` fields are columns the file does not have or whose
    text could not be read."""

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
    #: False: no custody ("Gezag: nee", "Relatie: oppas"); a contact without portal access.
    custody: bool = True


@attrs.frozen
class ImportLine:
    number: int
    pupil: PupilData
    parents: tuple[ParentData, ...] = ()
    #: Remarks on this line (fields not taken over, parents not imported).
    warnings: tuple[str, ...] = ()
    #: A parent on this line was left out because of their e-mail address: the file cannot
    #: be trusted to list all of this pupil's parents.
    parent_left_out: bool = False


# --- text, numbers, dates, addresses --------------------------------------------------------


def unsafe_character(text: str) -> str | None:
    """The first character of ``text`` that the portal's input rule refuses
    (:mod:`deborg.domain.typed_text`: control and format characters such as NUL, escape and
    the bidi overrides), described ("U+0000 …"), or None. A quoted value of an export may hold
    line breaks and tabs: those are kept."""
    for index in typed_text.unsafe_positions(text, multiline=True):
        char = text[index]
        if char in "\t\r":
            continue
        name = unicodedata.name(char, "")
        return f"U+{ord(char):04X}" + (f" {name}" if name else "")
    return None


def clean_values(raw: RawLine) -> dict[str, str]:
    """The line's texts, NFC-normalised (a name typed on a Mac and one typed on Windows are
    the same name); raises :class:`LineRejected` for text the portal cannot store."""
    cleaned: dict[str, str] = {}
    for header, value in raw.values.items():
        text = unicodedata.normalize("NFC", value)
        bad = unsafe_character(text)
        if bad is not None:
            raise LineRejected(
                f"Ongeldig teken ({bad}) in kolom '{header}': de regel is niet ingelezen. "
                "Verwijder het teken in de leerlingenadministratie of in het bestand."
            )
        cleaned[header] = text
    return cleaned


def pupil_key(number: str) -> str:
    """How the administration means a pupil number: "00123" and "123" are one pupil (Excel
    and some administrations drop or add leading zeros); other numbers compare as text,
    ignoring case and spaces."""
    text = "".join(number.split())
    if text.isdigit():
        return text.lstrip("0") or "0"
    return text.casefold()


_ISO = re.compile(
    r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
    r"(?:Z|[+-]\d{2}:?\d{2})?)?$"
)
_DUTCH = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?: \d{1,2}:\d{2}(?::\d{2})?)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SERIAL = re.compile(r"^(\d{3,5})(?:[.,]0+)?$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def read_date(text: str, today: dt.date) -> dt.date:
    """d-m-jjjj, dd-mm-jj (the century that puts the date in the past), jjjj-mm-dd, an ISO
    date-time ("2015-07-03T00:00:00"), jjjjmmdd and Excel's serial day numbers ("42188");
    ``-``, ``/`` or ``.`` between the parts. Raises ValueError."""
    value = text.strip()
    if match := _ISO.match(value) or _COMPACT.match(value):
        year, month, day = (int(g) for g in match.groups()[:3])
        return dt.date(year, month, day)
    if match := _DUTCH.match(value):
        day, month = int(match.group(1)), int(match.group(2))
        year = int(match.group(3))
        if len(match.group(3)) == 2:
            year += 2000 if year <= today.year % 100 else 1900
        return dt.date(year, month, day)
    if match := _SERIAL.match(value):
        return _EXCEL_EPOCH + dt.timedelta(days=int(match.group(1)))
    raise ValueError(value)


_HOUSE = re.compile(r"^([1-9][0-9]{0,4})\s*(?:[-/]\s*)?([A-Za-z0-9][A-Za-z0-9 -]{0,9})?$")


def split_house_number(text: str) -> tuple[str, str]:
    """ "12A", "12 a", "12-2", "7bis", "12 hs" -> (number, addition); a single letter is
    written in capitals ("12a" -> "A"). Raises ValueError."""
    match = _HOUSE.match(" ".join(text.split()))
    if match is None:
        raise ValueError(text)
    return match.group(1), normalise_suffix(match.group(2) or "")


def normalise_suffix(text: str) -> str:
    suffix = " ".join(text.split()).strip(" -/")
    if len(suffix) > 10 or not re.fullmatch(r"[A-Za-z0-9 -]*", suffix):
        raise ValueError(text)
    return suffix.upper() if len(suffix) == 1 else suffix


def read_flag(text: str) -> bool | None:
    """ja/nee (also j, x, 1 / n, 0, empty) -> True/False; anything else None."""
    flag = text.strip().casefold()
    if flag in _YES:
        return True
    if flag in _NO:
        return False
    return None


# --- a line ------------------------------------------------------------------------------------


class _Reader:
    def __init__(self, number: int, values: Mapping[str, str], columns: Mapping[Field, str]):
        self.number = number
        self.values = values
        self.columns = columns
        self.warnings: list[str] = []

    def header(self, field: Field) -> str:
        return self.columns[field]

    def get(self, field: Field) -> str | None:
        """The stripped text, or None when the file has no such column."""
        if field not in self.columns:
            return None
        return (self.values.get(self.columns[field]) or "").strip()

    def required(self, field: Field, max_length: int = 100) -> str:
        value = self.get(field) or ""
        if not value:
            raise LineRejected(f"{self.header(field)} ontbreekt.")
        try:
            return validate_text(value, field=field.value, max_length=max_length)
        except InvalidInput as error:
            raise LineRejected(f"{self.header(field)}: {error.message}") from error

    def warn(self, field: Field, value: str, what: str, who: str = "") -> None:
        self.warnings.append(
            f"{what} '{value}' ({self.header(field)}){who}: niet overgenomen, de rest van de "
            "regel wel."
        )

    def text(self, field: Field, *, max_length: int = 100, who: str = "") -> str | None:
        value = self.get(field)
        if value is None:
            return None
        try:
            return validate_text(value, field=field.value, max_length=max_length)
        except InvalidInput:
            self.warn(field, value[:40], f"Te lange tekst (maximaal {max_length} tekens)", who)
            return None


def _pupil(read: _Reader, today: dt.date) -> PupilData:
    birth_text = read.get(Field.DATE_OF_BIRTH)
    date_of_birth: dt.date | None = None
    if birth_text:
        try:
            date_of_birth = read_date(birth_text, today)
        except ValueError:
            read.warn(Field.DATE_OF_BIRTH, birth_text, "Onleesbare geboortedatum")
        else:
            if date_of_birth > today:
                read.warn(Field.DATE_OF_BIRTH, birth_text, "Geboortedatum in de toekomst")
                date_of_birth = None
    return PupilData(
        pupil_number=read.required(Field.PUPIL_NUMBER, max_length=40),
        roepnaam=read.required(Field.ROEPNAAM),
        achternaam=read.required(Field.ACHTERNAAM),
        group_name=read.required(Field.GROUP),
        voorletters=read.text(Field.VOORLETTERS, max_length=40),
        tussenvoegsel=read.text(Field.TUSSENVOEGSEL, max_length=40),
        date_of_birth=date_of_birth,
        has_date_of_birth=birth_text is not None and (date_of_birth is not None or not birth_text),
    )


def _address(read: _Reader, who: str) -> dict[str, str | None]:
    number: str | None = None
    suffix: str | None = None
    number_text = read.get(Field.HOUSE_NUMBER)
    if number_text is not None:
        try:
            number, suffix = split_house_number(number_text) if number_text else ("", None)
        except ValueError:
            read.warn(Field.HOUSE_NUMBER, number_text, "Onleesbaar huisnummer", who)
    suffix_text = read.get(Field.HOUSE_NUMBER_SUFFIX)
    if suffix_text:
        try:
            suffix = normalise_suffix(suffix_text)
        except ValueError:
            read.warn(Field.HOUSE_NUMBER_SUFFIX, suffix_text, "Ongeldige toevoeging", who)
    elif suffix_text is not None and suffix is None and number is not None:
        suffix = ""
    postcode: str | None = None
    postcode_text = read.get(Field.POSTCODE)
    if postcode_text is not None:
        try:
            postcode = validate_postcode("".join(postcode_text.split()))
        except InvalidInput:
            read.warn(Field.POSTCODE, postcode_text, "Ongeldige postcode", who)
    return {
        "street": read.text(Field.STREET, max_length=200, who=who),
        "house_number": number,
        "house_number_suffix": suffix,
        "postcode": postcode,
        "city": read.text(Field.CITY, who=who),
    }


def _custody(read: _Reader, who: str) -> bool:
    custody_text = read.get(Field.CUSTODY)
    if custody_text:
        flag = read_flag(custody_text)
        if flag is not None:
            return flag
        read.warnings.append(
            f"Onbekende waarde '{custody_text}' in {read.header(Field.CUSTODY)}{who} (ja of "
            "nee): ingelezen als contactpersoon zonder toegang tot de leerling."
        )
        return False
    relation = read.get(Field.RELATION)
    return not relation or "".join(relation.casefold().split()) not in _NO_CUSTODY_RELATIONS


def _parent(read: _Reader, label: str, normalise_email: EmailCheck | None) -> ParentData | None:
    email_text = read.get(Field.PARENT_EMAIL) or ""
    who = f" bij {label}"
    if not email_text:
        return None
    try:
        email = normalise_login(validate_email(email_text, normalise=normalise_email))
    except InvalidInput:
        read.warnings.append(
            f"Ongeldig e-mailadres '{email_text}' ({read.header(Field.PARENT_EMAIL)}): deze "
            "ouder is niet ingelezen, de leerling wel."
        )
        raise
    who = f" bij {email}"
    read_only: bool | None = None
    read_only_text = read.get(Field.READ_ONLY)
    if read_only_text is not None:
        read_only = read_flag(read_only_text)
        if read_only is None:
            read.warn(Field.READ_ONLY, read_only_text, "Onbekende waarde (ja of nee)", who)
    return ParentData(
        email=email,
        roepnaam=read.text(Field.PARENT_ROEPNAAM, who=who),
        voorletters=read.text(Field.PARENT_VOORLETTERS, max_length=40, who=who),
        tussenvoegsel=read.text(Field.PARENT_TUSSENVOEGSEL, max_length=40, who=who),
        achternaam=read.text(Field.PARENT_ACHTERNAAM, who=who),
        read_only=read_only,
        phone=read.get(Field.PARENT_PHONE),
        custody=_custody(read, who),
        **_address(read, who),
    )


def parse_line(
    raw: RawLine, columns: Columns, today: dt.date, *, normalise_email: EmailCheck | None = None
) -> ImportLine:
    """Check and normalise one line; raises :class:`LineRejected` with the reason.
    ``normalise_email`` is the EmailAddresses port's syntax check (the same one the portal's
    forms use); without it a simple pattern."""
    if raw.problem is not None:
        raise LineRejected(raw.problem)
    values = clean_values(raw)
    pupil_read = _Reader(raw.number, values, columns.pupil)
    pupil = _pupil(pupil_read, today)
    warnings = list(pupil_read.warnings)
    parents: list[ParentData] = []
    left_out = False
    for number, block in enumerate(columns.parents, start=1):
        read = _Reader(raw.number, values, block)
        label = f"ouder {number}" if len(columns.parents) > 1 else "de ouder"
        try:
            parent = _parent(read, label, normalise_email)
        except InvalidInput:
            left_out = True
            warnings += read.warnings
            continue
        if parent is not None:
            parents.append(parent)
        elif any(
            read.get(f)
            for f in (Field.PARENT_ROEPNAAM, Field.PARENT_TUSSENVOEGSEL, Field.PARENT_ACHTERNAAM)
        ):
            read.warnings.append(
                f"Ouder zonder e-mailadres bij leerling {pupil.pupil_number}: alleen de "
                "leerling is ingelezen (een account heeft een e-mailadres nodig)."
                if len(columns.parents) == 1
                else f"{label.capitalize()} zonder e-mailadres bij leerling "
                f"{pupil.pupil_number}: niet ingelezen (een account heeft een e-mailadres "
                "nodig)."
            )
        warnings += read.warnings
    return ImportLine(raw.number, pupil, tuple(parents), tuple(warnings), left_out)
