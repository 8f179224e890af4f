"""Which column of a pupil administration's export holds which field.

Exports differ per administration and per school, so the column names are configurable by a
small mapping (a TOML file read by the command line); :data:`DEFAULT_HEADERS` are the Dutch
headers a ParnasSys or ESIS export uses. Only the pupil number, the pupil's names and the group
are required; a column that is not in the file leaves that field as it is in the portal.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from deborg.domain.pupil_import.errors import ImportFileInvalid


class Field(enum.StrEnum):
    """A field of one export line (one pupil–parent pair)."""

    PUPIL_NUMBER = "pupil_number"
    ROEPNAAM = "roepnaam"
    VOORLETTERS = "voorletters"
    TUSSENVOEGSEL = "tussenvoegsel"
    ACHTERNAAM = "achternaam"
    DATE_OF_BIRTH = "date_of_birth"
    GROUP = "group"
    PARENT_ROEPNAAM = "parent_roepnaam"
    PARENT_VOORLETTERS = "parent_voorletters"
    PARENT_TUSSENVOEGSEL = "parent_tussenvoegsel"
    PARENT_ACHTERNAAM = "parent_achternaam"
    PARENT_EMAIL = "parent_email"
    PARENT_PHONE = "parent_phone"
    STREET = "street"
    HOUSE_NUMBER = "house_number"
    HOUSE_NUMBER_SUFFIX = "house_number_suffix"
    POSTCODE = "postcode"
    CITY = "city"
    READ_ONLY = "read_only"


#: The headers of a ParnasSys/ESIS-style export; also the documented default mapping.
DEFAULT_HEADERS: Mapping[Field, str] = {
    Field.PUPIL_NUMBER: "Leerlingnummer",
    Field.ROEPNAAM: "Roepnaam",
    Field.VOORLETTERS: "Voorletters",
    Field.TUSSENVOEGSEL: "Tussenvoegsel",
    Field.ACHTERNAAM: "Achternaam",
    Field.DATE_OF_BIRTH: "Geboortedatum",
    Field.GROUP: "Groep",
    Field.PARENT_ROEPNAAM: "Ouder roepnaam",
    Field.PARENT_VOORLETTERS: "Ouder voorletters",
    Field.PARENT_TUSSENVOEGSEL: "Ouder tussenvoegsel",
    Field.PARENT_ACHTERNAAM: "Ouder achternaam",
    Field.PARENT_EMAIL: "Ouder e-mail",
    Field.PARENT_PHONE: "Ouder telefoon",
    Field.STREET: "Straat",
    Field.HOUSE_NUMBER: "Huisnummer",
    Field.HOUSE_NUMBER_SUFFIX: "Toevoeging",
    Field.POSTCODE: "Postcode",
    Field.CITY: "Plaats",
    Field.READ_ONLY: "Alleen lezen",
}

#: Without these a line means nothing: the file is refused as a whole when one is missing.
REQUIRED: frozenset[Field] = frozenset(
    {Field.PUPIL_NUMBER, Field.ROEPNAAM, Field.ACHTERNAAM, Field.GROUP}
)


def _key(header: str) -> str:
    return " ".join(header.replace("\ufeff", "").split()).casefold()


@attrs.frozen
class ColumnMapping:
    """Field -> the header of its column in the export."""

    headers: Mapping[Field, str] = attrs.field(factory=lambda: dict(DEFAULT_HEADERS))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ColumnMapping:
        """From a parsed mapping file: ``[columns]`` with ``field = "Header"`` lines. Fields it
        does not name keep their default header."""
        unknown_sections = set(data) - {"columns"}
        if unknown_sections:
            raise ImportFileInvalid(
                "Onbekend onderdeel in het koppelingsbestand: "
                + ", ".join(sorted(unknown_sections))
                + " (alleen [columns])."
            )
        columns = data.get("columns", {})
        if not isinstance(columns, Mapping):
            raise ImportFileInvalid("[columns] in het koppelingsbestand moet een tabel zijn.")
        known = {f.value: f for f in Field}
        headers = dict(DEFAULT_HEADERS)
        for name, header in columns.items():
            if name not in known:
                raise ImportFileInvalid(
                    f"Onbekend veld '{name}' in het koppelingsbestand. Bekend zijn: "
                    + ", ".join(f.value for f in Field)
                    + "."
                )
            if not isinstance(header, str) or not header.strip():
                raise ImportFileInvalid(
                    f"Het veld '{name}' in het koppelingsbestand heeft geen kolomnaam."
                )
            headers[known[name]] = header.strip()
        return cls(headers)

    def locate(self, header: Sequence[str]) -> dict[Field, str]:
        """Field -> the exact header in this file (compared case- and space-insensitively).
        Fields whose column is absent are left out; a missing required column refuses the
        file."""
        in_file = {_key(h): h for h in header}
        found = {
            field: in_file[_key(name)]
            for field, name in self.headers.items()
            if _key(name) in in_file
        }
        missing = [self.headers[f] for f in Field if f in REQUIRED and f not in found]
        if missing:
            raise ImportFileInvalid(
                "Deze verplichte kolom(men) ontbreken in het bestand: "
                + ", ".join(f"'{m}'" for m in missing)
                + ". Pas zo nodig het koppelingsbestand aan (--mapping)."
            )
        return found
