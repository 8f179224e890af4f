"""Validation of what people type: e-mail addresses, Dutch postcodes, house numbers, dates.
Each validator returns the normalised value or raises :class:`InvalidInput` for its field."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Callable

from deborg.domain.errors import InvalidInput
from deborg.domain.typed_text import clean_text

# The pupil import's own check (domain/pupil_import is pure and is reworked on its own); every
# address a parent or staff member types goes through the EmailAddresses port instead.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
_POSTCODE = re.compile(r"^([1-9][0-9]{3})\s?([A-Za-z]{2})$")
_HOUSE_NUMBER = re.compile(r"^[1-9][0-9]{0,4}$")
_SUFFIX = re.compile(r"^[A-Za-z0-9\- ]{0,10}$")


EMAIL_MESSAGE = "Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl."


def validate_email(
    value: str, *, field: str = "email", normalise: Callable[[str], str | None] | None = None
) -> str:
    """The address in lower case. ``normalise`` is the syntax check of the EmailAddresses port
    (the composition root gives the maintained library's); without it a simple pattern."""
    email = clean_text(value, field=field).strip().lower()
    if normalise is not None:
        checked = normalise(email)
        if checked is None:
            raise InvalidInput(EMAIL_MESSAGE, field)
        return checked
    if len(email) > 254 or not _EMAIL.match(email):
        raise InvalidInput(EMAIL_MESSAGE, field)
    return email


def validate_postcode(value: str, *, field: str = "postcode") -> str:
    """'1234ab' -> '1234 AB'. Empty stays empty (not every field is required)."""
    text = value.strip()
    if not text:
        return ""
    match = _POSTCODE.match(text)
    if not match:
        raise InvalidInput("Vul een geldige postcode in, bijvoorbeeld 9401 AB.", field)
    return f"{match.group(1)} {match.group(2).upper()}"


def validate_house_number(value: str, *, field: str = "house_number") -> str:
    text = value.strip()
    if text and not _HOUSE_NUMBER.match(text):
        raise InvalidInput("Vul alleen het huisnummer in cijfers in, bijvoorbeeld 12.", field)
    return text


def validate_house_number_suffix(value: str, *, field: str = "house_number_suffix") -> str:
    text = value.strip()
    if not _SUFFIX.match(text):
        raise InvalidInput("Een toevoeging is kort, bijvoorbeeld A of bis.", field)
    return text


#: The example a date error gives: a date of birth gets a child's birthday, not a school day.
DATE_EXAMPLE = "11-10-2026"
BIRTH_DATE_EXAMPLE = "17-05-2019"


def format_form_date(day: dt.date | None) -> str:
    """A date as a form shows it, the way the hints ask for it: 17-05-2019."""
    return day.strftime("%d-%m-%Y") if day is not None else ""


def validate_date(value: str, *, field: str = "date", example: str = DATE_EXAMPLE) -> dt.date:
    """Accepts 2026-10-11 and 11-10-2026 (the way Dutch people write it)."""
    text = value.strip()
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a date, no time
        except ValueError:
            continue
    raise InvalidInput(f"Vul een geldige datum in, bijvoorbeeld {example}.", field)


def validate_text(value: str, *, field: str, max_length: int = 100, required: bool = False) -> str:
    """One line of text: runs of white space (tabs and line breaks too) become one space;
    other control and format characters are refused (:func:`clean_text`)."""
    text = clean_text(" ".join(value.split()), field=field)
    if required and not text:
        raise InvalidInput("Dit veld is verplicht.", field)
    if len(text) > max_length:
        raise InvalidInput(f"Maximaal {max_length} tekens.", field)
    return text


def validate_timezone(value: str, *, field: str = "timezone") -> str:
    """An IANA time zone name such as Europe/Amsterdam."""
    name = value.strip()
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        raise InvalidInput(
            f"Onbekende tijdzone {name!r}; gebruik bijvoorbeeld Europe/Amsterdam.", field
        ) from None
    return name


def validate_web_address(value: str, *, field: str = "website_url") -> str:
    """A web address that a link may point at: http(s)://host[/path], or empty for none."""
    text = value.strip()
    if not text:
        return ""
    scheme, sep, rest = text.partition("://")
    host = rest.split("/", 1)[0]
    if (
        not sep
        or scheme.lower() not in ("http", "https")
        or "." not in host
        or any(c.isspace() or c in "<>\"'" for c in text)
        or len(text) > 300
    ):
        raise InvalidInput(
            "Vul een volledig webadres in, bijvoorbeeld https://www.uwschool.nl.", field
        )
    return text
