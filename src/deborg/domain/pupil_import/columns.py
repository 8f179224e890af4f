"""Which column of a pupil administration's export holds which field.

Exports differ per administration and per school. The columns are found by name: the name a
mapping gives (a TOML file read by the command line, or a preset shipped with deborg) and
the common variants of each name (:data:`VARIANTS`: case, punctuation, "Tussenvoegsel(s)",
"Voorvoegsel", "Stamnr", "Klas" …), so most exports need no mapping at all.

A line may hold several parents: each parent is a *block* of columns (``[[parent]]`` tables
in a mapping file, or numbered headers such as "Verzorger 1 e-mail" and "Verzorger 2
e-mail", which are recognised without a mapping). Only the pupil number, the pupil's names
and the group are required; a column that is not in the file leaves that field as it is in
the portal.
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs

from deborg.domain.pupil_import.errors import ImportFileInvalid


class Field(enum.StrEnum):
    """A field of one export line."""

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
    CUSTODY = "custody"
    RELATION = "relation"


#: The fields of the pupil; all others belong to a parent block.
PUPIL_FIELDS: frozenset[Field] = frozenset(
    {
        Field.PUPIL_NUMBER,
        Field.ROEPNAAM,
        Field.VOORLETTERS,
        Field.TUSSENVOEGSEL,
        Field.ACHTERNAAM,
        Field.DATE_OF_BIRTH,
        Field.GROUP,
    }
)
PARENT_FIELDS: tuple[Field, ...] = tuple(f for f in Field if f not in PUPIL_FIELDS)
#: Parent fields a line often gives once for all its parents (the pupil's home address): a
#: parent block without its own such column takes the shared one.
SHARED_FIELDS: frozenset[Field] = frozenset(
    {
        Field.STREET,
        Field.HOUSE_NUMBER,
        Field.HOUSE_NUMBER_SUFFIX,
        Field.POSTCODE,
        Field.CITY,
    }
)
#: Whether a parent may see the pupil in the portal.
CUSTODY_FIELDS: frozenset[Field] = frozenset({Field.CUSTODY, Field.RELATION})

#: The headers of a ParnasSys/ESIS-style export, one pupil–parent pair per line; also the
#: documented default mapping (the "standaard" preset).
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
    Field.CUSTODY: "Gezag",
    Field.RELATION: "Relatie",
}

#: Without these a line means nothing: the file is refused as a whole when one is missing.
REQUIRED: frozenset[Field] = frozenset(
    {Field.PUPIL_NUMBER, Field.ROEPNAAM, Field.ACHTERNAAM, Field.GROUP}
)

_PUPIL_VARIANTS: Mapping[Field, tuple[str, ...]] = {
    Field.PUPIL_NUMBER: (
        "leerlingnummer", "leerlingnr", "llnr", "lln nr", "leerling nr", "stamnummer",
        "stamnr", "leerling id", "leerlingcode", "studentnummer",
    ),
    Field.ROEPNAAM: ("roepnaam", "roepnaam leerling", "leerling roepnaam", "voornaam",
                     "voornaam leerling", "leerling voornaam"),
    Field.VOORLETTERS: ("voorletters", "voorletters leerling", "leerling voorletters"),
    Field.TUSSENVOEGSEL: (
        "tussenvoegsel", "tussenvoegsels", "voorvoegsel", "voorvoegsels", "tussenv",
        "tussenvoegsel leerling", "voorvoegsel leerling", "leerling tussenvoegsel",
    ),
    Field.ACHTERNAAM: ("achternaam", "achternaam leerling", "leerling achternaam",
                       "geslachtsnaam"),
    Field.DATE_OF_BIRTH: ("geboortedatum", "geb datum", "gebdatum", "geboren",
                          "geboortedatum leerling"),
    Field.GROUP: ("groep", "klas", "groepsnaam", "stamgroep", "klas groep", "groep klas",
                  "huidige groep", "basisgroep"),
}  # fmt: skip
#: What a parent's column is called, without the word for the parent ("Ouder", "Verzorger").
_PARENT_BASES: Mapping[Field, tuple[str, ...]] = {
    Field.PARENT_ROEPNAAM: ("roepnaam", "voornaam"),
    Field.PARENT_VOORLETTERS: ("voorletters",),
    Field.PARENT_TUSSENVOEGSEL: ("tussenvoegsel", "tussenvoegsels", "voorvoegsel",
                                 "voorvoegsels", "tussenv"),
    Field.PARENT_ACHTERNAAM: ("achternaam", "naam", "geslachtsnaam"),
    Field.PARENT_EMAIL: ("e-mail", "e-mailadres", "email", "emailadres", "mail", "mailadres"),
    Field.PARENT_PHONE: ("telefoon", "telefoonnummer", "tel", "telnr", "mobiel",
                         "mobiel nummer", "telefoon mobiel", "mobiele telefoon"),
    Field.STREET: ("straat", "straatnaam"),
    Field.HOUSE_NUMBER: ("huisnummer", "huisnr"),
    Field.HOUSE_NUMBER_SUFFIX: ("toevoeging", "huisnummertoevoeging", "huisnummer toevoeging",
                                "huisnr toevoeging"),
    Field.POSTCODE: ("postcode",),
    Field.CITY: ("plaats", "woonplaats"),
    Field.READ_ONLY: ("alleen lezen",),
    Field.CUSTODY: ("gezag", "ouderlijk gezag", "heeft gezag", "wettelijk gezag"),
    Field.RELATION: ("relatie", "relatie tot leerling", "soort relatie", "relatietype"),
}  # fmt: skip
#: Parent fields whose bare name ("E-mail", "Gezag") means the parent of a one-pair line.
_BARE_PARENT: frozenset[Field] = SHARED_FIELDS | {
    Field.PARENT_EMAIL,
    Field.READ_ONLY,
    Field.CUSTODY,
    Field.RELATION,
}
_ROLES = ("ouder", "verzorger", "ouder verzorger", "ouder verz", "verz")
#: How many numbered parent blocks ("Verzorger 1" …) are looked for.
MAX_PARENTS = 4


def header_key(header: str) -> str:
    """How headers are compared: letters and digits only, case-folded ("E-mail (ouder 1)"
    and "email ouder1" are the same column)."""
    text = unicodedata.normalize("NFKC", header).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def _pupil_variants() -> dict[Field, tuple[str, ...]]:
    return {f: tuple(header_key(v) for v in names) for f, names in _PUPIL_VARIANTS.items()}


def _parent_variants(number: int | None) -> dict[Field, tuple[str, ...]]:
    """The keys of parent block ``number`` (None: the unnumbered parent of a one-pair
    line)."""
    out: dict[Field, tuple[str, ...]] = {}
    for field, bases in _PARENT_BASES.items():
        keys: list[str] = []
        tag = "" if number is None else str(number)
        for base in bases:
            for role in _ROLES:
                keys += [f"{role}{tag}{base}", f"{base}{role}{tag}", f"{role}{base}{tag}"]
            if number is not None:
                keys += [f"{base}{tag}"]
            elif field in _BARE_PARENT:
                keys += [base]
        out[field] = tuple(dict.fromkeys(header_key(k) for k in keys))
    return out


VARIANTS: Mapping[Field, tuple[str, ...]] = {**_pupil_variants(), **_parent_variants(None)}
_NUMBERED: tuple[Mapping[Field, tuple[str, ...]], ...] = tuple(
    _parent_variants(n) for n in range(1, MAX_PARENTS + 1)
)


@attrs.frozen
class Columns:
    """The columns found in one file: field -> the exact header, for the pupil and for each
    parent block (a block is only there when its e-mail column is)."""

    pupil: Mapping[Field, str]
    parents: tuple[Mapping[Field, str], ...] = ()

    def __contains__(self, field: object) -> bool:
        return field in self.pupil

    def __getitem__(self, field: Field) -> str:
        return self.pupil[field]

    def get(self, field: Field) -> str | None:
        return self.pupil.get(field)

    def headers(self) -> set[str]:
        return set(self.pupil.values()).union(*(set(b.values()) for b in self.parents))


_FIELDS_BY_NAME: Mapping[str, Field] = {f.value: f for f in Field}


def _field_named(name: str) -> Field | None:
    """A field of a parent block: ``email`` or ``parent_email``."""
    return _FIELDS_BY_NAME.get(f"parent_{name}") or _FIELDS_BY_NAME.get(name)


def _headers_of(table: Mapping[str, Any], where: str, allowed: Iterable[Field]) -> dict[Field, str]:
    allowed = set(allowed)
    out: dict[Field, str] = {}
    for name, header in table.items():
        field = _field_named(name) if where == "[[parent]]" else _FIELDS_BY_NAME.get(name)
        if field is None or field not in allowed:
            raise ImportFileInvalid(
                f"Onbekend veld '{name}' in {where} van het koppelingsbestand. Bekend zijn: "
                + ", ".join(f.value for f in Field if f in allowed)
                + "."
            )
        if not isinstance(header, str) or not header.strip():
            raise ImportFileInvalid(
                f"Het veld '{name}' in het koppelingsbestand heeft geen kolomnaam."
            )
        out[field] = header.strip()
    return out


@attrs.frozen
class ColumnMapping:
    """The names a mapping gives: field -> header for the pupil (and the parent of a one-pair
    line), and one field -> header table per parent block. The common variants of every
    name are recognised as well."""

    headers: Mapping[Field, str] = attrs.field(factory=lambda: dict(DEFAULT_HEADERS))
    parents: tuple[Mapping[Field, str], ...] = ()
    #: Shown by ``deborg import --presets``.
    description: str = ""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ColumnMapping:
        """From a parsed mapping file: ``[columns]`` with ``field = "Header"`` lines, and
        optionally one ``[[parent]]`` table per parent on a line. Fields it does not name
        keep their default header."""
        unknown_sections = set(data) - {"columns", "parent", "description"}
        if unknown_sections:
            raise ImportFileInvalid(
                "Onbekend onderdeel in het koppelingsbestand: "
                + ", ".join(sorted(unknown_sections))
                + " (alleen [columns], [[parent]] en description)."
            )
        columns = data.get("columns", {})
        if not isinstance(columns, Mapping):
            raise ImportFileInvalid("[columns] in het koppelingsbestand moet een tabel zijn.")
        headers = dict(DEFAULT_HEADERS)
        headers.update(_headers_of(columns, "[columns]", Field))
        blocks = data.get("parent", [])
        if not isinstance(blocks, list) or not all(isinstance(b, Mapping) for b in blocks):
            raise ImportFileInvalid(
                "[[parent]] in het koppelingsbestand moet een lijst van tabellen zijn."
            )
        parents = tuple(_headers_of(b, "[[parent]]", PARENT_FIELDS) for b in blocks)
        for number, block in enumerate(parents, start=1):
            if Field.PARENT_EMAIL not in block:
                raise ImportFileInvalid(
                    f"Ouder {number} ([[parent]]) in het koppelingsbestand noemt geen kolom "
                    'voor het e-mailadres (email = "…").'
                )
        description = data.get("description", "")
        return cls(headers, parents, description if isinstance(description, str) else "")

    def expected(self) -> list[tuple[str, str]]:
        """(field, header) of every column this mapping reads, parents' blocks numbered
        (the address columns of ``[columns]`` serve every block): what ``deborg import
        --presets`` shows."""
        rows = [
            (f.value, h)
            for f, h in self.headers.items()
            if not (self.parents and f in PARENT_FIELDS and f not in SHARED_FIELDS)
        ]
        for number, block in enumerate(self.parents, start=1):
            rows += [(f"ouder {number}: {f.value}", h) for f, h in block.items()]
        return rows

    def is_header(self, cells: Sequence[str]) -> bool:
        """Whether ``cells`` name every required column: the line with the column names."""
        keys = {header_key(c) for c in cells}
        return all(
            any(header_key(n) in keys for n in (self.headers[f], *VARIANTS[f])) for f in REQUIRED
        )

    def locate(self, header: Sequence[str], *, pupils_only: bool = False) -> Columns:
        """The columns of this file. Refuses the file when a header appears twice, when a
        required column is missing, and (unless ``pupils_only``) when no column holds a
        parent's e-mail address."""
        position: dict[str, int] = {}
        exact: dict[str, str] = {}
        for index, name in enumerate(header, start=1):
            key = header_key(name)
            if not key:
                continue
            if key in position:
                raise ImportFileInvalid(
                    f"De kolom '{name.strip()}' staat twee keer in het bestand (kolom "
                    f"{position[key]} en kolom {index}): welke bedoeld is, is niet te zeggen. "
                    "Verwijder of hernoem er een."
                )
            position[key] = index
            exact[key] = name

        taken: set[str] = set()

        def find(names: Iterable[str]) -> str | None:
            for name in names:
                key = header_key(name)
                if key in exact and key not in taken:
                    taken.add(key)
                    return exact[key]
            return None

        pupil: dict[Field, str] = {}
        for field in (f for f in Field if f in PUPIL_FIELDS):
            found = find((self.headers[field], *VARIANTS[field]))
            if found is not None:
                pupil[field] = found
        missing = [self.headers[f] for f in Field if f in REQUIRED and f not in pupil]
        if missing:
            raise ImportFileInvalid(
                "Deze verplichte kolom(men) ontbreken in het bestand: "
                + ", ".join(f"'{m}'" for m in missing)
                + ". Kies een voorinstelling (--preset, zie --presets) of pas het "
                "koppelingsbestand aan (--mapping)."
            )
        parents = self._parent_blocks(find)
        if not parents and not pupils_only:
            raise ImportFileInvalid(
                "Geen kolom met het e-mailadres van een ouder gevonden (bijvoorbeeld "
                f"'{self.headers[Field.PARENT_EMAIL]}' of 'Verzorger 1 e-mail'): dan zou "
                "geen enkele ouder worden ingelezen. Kies een voorinstelling (--preset), "
                "noem de kolom in een koppelingsbestand (--mapping), of lees bewust alleen "
                "leerlingen in met --pupils-only."
            )
        return Columns(pupil, tuple(parents))

    def _parent_blocks(self, find: Callable[[Iterable[str]], str | None]) -> list[dict[Field, str]]:
        shared: dict[Field, str] = {}
        single: dict[Field, str] = {}
        blocks: list[dict[Field, str]] = []
        if self.parents:
            for names in self.parents:
                blocks.append({f: h for f, name in names.items() if (h := find((name,)))})
        else:
            for number in range(MAX_PARENTS):
                block = {f: h for f in PARENT_FIELDS if (h := find(_NUMBERED[number][f]))}
                blocks.append(block)
        for field in PARENT_FIELDS:
            found = find((self.headers[field], *VARIANTS[field]))
            if found is not None:
                (shared if field in SHARED_FIELDS else single)[field] = found
        if Field.PARENT_EMAIL in single and not self.parents:
            blocks.insert(0, single)
        for block in blocks:
            for field, name in shared.items():
                block.setdefault(field, name)
        return [b for b in blocks if Field.PARENT_EMAIL in b]
