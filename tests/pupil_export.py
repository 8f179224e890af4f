"""A realistic, seeded export of a pupil administration for the import tests: 500 pupils in
groups 1 to 8 and 800 parents (400 families; 100 with two children; divorced parents at two
addresses; a read-only parent now and then), one line per pupil–parent pair, with the
default (ParnasSys-style) headers."""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Sequence

from deborg.domain.pupil_import import DEFAULT_HEADERS, Field, RawLine
from deborg.domain.pupil_import.columns import CUSTODY_FIELDS
from deborg.ports.uow import UnitOfWork

HEADERS = [DEFAULT_HEADERS[f] for f in Field if f not in CUSTODY_FIELDS]
GROUPS = [f"Groep {n}" for n in range(1, 9)]

_FIRST = ["Daan", "Zoë", "Anaïs", "Daniël", "Noor", "Sem", "Fenna", "Thijs", "Noëlle", "Liam"]
_PARENT_FIRST = ["Jeroen", "Marieke", "Sanne", "Özlem", "Björn", "Esther", "René", "Karin"]
_SURNAMES = [
    ("", "Jansen"), ("de", "Vries"), ("van den", "Berg"), ("", "Bakker"), ("", "Çelik"),
    ("van", "Dijk"), ("", "Smeets"), ("", "Hoekstra"), ("van der", "Meer"), ("", "Müller"),
]  # fmt: skip
_STREETS = ["Kloosterstraat", "Brink", "Vaart Noordzijde", "Oude Molenstraat", "Torenlaan"]


def _address(rng: random.Random) -> dict[str, str]:
    return {
        "Straat": rng.choice(_STREETS),
        "Huisnummer": str(rng.randint(1, 180)),
        "Toevoeging": rng.choice(["", "", "", "A", "bis"]),
        "Postcode": f"94{rng.randint(0, 99):02d} {rng.choice('ABCDEGHJ')}{rng.choice('KLMNPRST')}",
        "Plaats": "Assen",
    }


def generate(seed: int = 9) -> list[dict[str, str]]:
    """Rows (header -> text), in the order an administration lists them: by pupil."""
    rng = random.Random(seed)
    rows: list[dict[str, str]] = []
    pupil_number = 2000
    for family in range(400):
        tussen, surname = _SURNAMES[family % len(_SURNAMES)]
        home = _address(rng)
        parents = []
        for n in range(2):
            divorced = family % 7 == 0 and n == 1
            first = rng.choice(_PARENT_FIRST)
            parents.append(
                {
                    "Ouder roepnaam": first,
                    "Ouder voorletters": first[0] + ".",
                    "Ouder tussenvoegsel": tussen,
                    "Ouder achternaam": surname,
                    "Ouder e-mail": f"ouder{family}.{n}@example.nl",
                    "Ouder telefoon": _mobile(rng.randint(10000000, 99999999)),
                    **(_address(rng) if divorced else home),
                    "Alleen lezen": "ja" if family % 50 == 0 and n == 1 else "nee",
                }
            )
        for _child in range(2 if family < 100 else 1):
            pupil_number += 1
            year = rng.randint(1, 8)
            pupil = {
                "Leerlingnummer": str(pupil_number),
                "Roepnaam": rng.choice(_FIRST),
                "Voorletters": "",
                "Tussenvoegsel": tussen,
                "Achternaam": surname,
                "Geboortedatum": f"{rng.randint(1, 28):02d}-{rng.randint(1, 12):02d}-{2022 - year}",
                "Groep": f"Groep {year}",
            }
            for parent in parents:
                row = {**pupil, **parent}
                rows.append({h: row.get(h, "") for h in HEADERS})
    return rows


def _mobile(digits: int) -> str:
    """A valid Dutch mobile number (06-1… to 06-5…; 06-9… is not in use), written with a
    dash as administrations often do."""
    return f"06-{digits % 5 + 1}{digits // 10 % 10_000_000:07d}"


def raw_lines(rows: Sequence[dict[str, str]]) -> list[RawLine]:
    """As the CSV reader gives them: the header is line 1."""
    return [RawLine(number=i + 2, values=row) for i, row in enumerate(rows)]


def to_csv(
    rows: Sequence[dict[str, str]],
    *,
    encoding: str = "cp1252",
    separator: str = ";",
    headers: Sequence[str] = HEADERS,
) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([row.get(h, "") for h in headers])
    return buffer.getvalue().encode(encoding)


# --- spies on the unit of work ----------------------------------------------------------------


class InjectedFailure(Exception):
    """Raised by :class:`SpyUnitOfWork` to simulate a crash half-way."""


class _RepositorySpy:
    def __init__(self, inner: object, name: str, spy: SpyUnitOfWork) -> None:
        self._inner = inner
        self._name = name
        self._spy = spy

    def __getattr__(self, attribute: str) -> object:
        value = getattr(self._inner, attribute)
        if attribute not in {"add", "add_many", "update", "remove", "save", "save_many"}:
            return value

        def write(*args: object, **kwargs: object) -> object:
            self._spy.writes.append(f"{self._name}.{attribute}")
            if self._spy.fail_at is not None and len(self._spy.writes) >= self._spy.fail_at:
                raise InjectedFailure(f"injected at write {len(self._spy.writes)}")
            return value(*args, **kwargs)

        return write


class SpyUnitOfWork:
    """Wraps a real unit of work: records every write (a batch of records is one write) to
    groups, children, parents, their phone numbers, guardianships and contacts, and can fail
    at the n-th write."""

    SPIED = ("groups", "children", "parents", "parent_contacts", "guardianships", "pupil_contacts")

    def __init__(self, inner: UnitOfWork, *, fail_at: int | None = None) -> None:
        self.inner = inner
        self.fail_at = fail_at
        self.writes: list[str] = []
        self.committed = False

    def __enter__(self) -> SpyUnitOfWork:
        self.inner.__enter__()
        for name in self.SPIED:
            setattr(self, name, _RepositorySpy(getattr(self.inner, name), name, self))
        return self

    def __exit__(self, *exc: object) -> None:
        self.inner.__exit__(*exc)  # type: ignore[arg-type]

    def commit(self) -> None:
        self.committed = True
        self.inner.commit()

    def rollback(self) -> None:
        self.inner.rollback()

    def __getattr__(self, attribute: str) -> object:
        return getattr(self.inner, attribute)
