"""The demo school as its pupil administration would export it: the sample file
``examples/deborg-leerlingen.csv`` (ParnasSys-style headers, ``;``-separated, Windows-1252).

Regenerate it after changing the demo people::

    python -m deborg.demo.pupil_export examples/deborg-leerlingen.csv

Importing it into the demo school changes nothing (a test holds that).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from deborg.bootstrap import Services, bootstrap_in_memory
from deborg.domain.model import Parent
from deborg.domain.pupil_import import DEFAULT_HEADERS, Field
from deborg.domain.pupil_import.columns import CUSTODY_FIELDS

HEADERS = [DEFAULT_HEADERS[f] for f in Field if f not in CUSTODY_FIELDS]


def _date(value: dt.date | None) -> str:
    return value.strftime("%d-%m-%Y") if value is not None else ""


def export_rows(services: Services, school_id: int) -> list[dict[str, str]]:
    """One row per pupil–parent pair (a pupil without parents gets one row), by group and
    pupil number, parents in the order they were added; a parent's first phone number."""
    with services.uow() as uow:
        groups = {g.id: g for g in uow.groups.list(school_id)}
        children = [c for c in uow.children.list(school_id) if c.pupil_number]
        parents = {p.id: p for p in uow.parents.list(school_id)}
        links = uow.guardianships.parents_of(school_id, [c.id for c in children])
        contacts = uow.parent_contacts.get_many(school_id, parents)
    children.sort(key=lambda c: (groups[c.group_id].year or 0, int(c.pupil_number or 0)))
    rows: list[dict[str, str]] = []
    for child in children:
        pupil = {
            Field.PUPIL_NUMBER: child.pupil_number or "",
            Field.ROEPNAAM: child.roepnaam,
            Field.VOORLETTERS: child.voorletters,
            Field.TUSSENVOEGSEL: child.tussenvoegsel,
            Field.ACHTERNAAM: child.achternaam,
            Field.DATE_OF_BIRTH: _date(child.date_of_birth),
            Field.GROUP: groups[child.group_id].name,
        }
        guardians: list[Parent | None] = [parents[i] for i in sorted(links.get(child.id, []))]
        for parent in guardians or [None]:
            row = dict(pupil)
            if parent is not None:
                row.update(
                    {
                        Field.PARENT_ROEPNAAM: parent.roepnaam,
                        Field.PARENT_VOORLETTERS: parent.voorletters,
                        Field.PARENT_TUSSENVOEGSEL: parent.tussenvoegsel,
                        Field.PARENT_ACHTERNAAM: parent.achternaam,
                        Field.PARENT_EMAIL: parent.login_name,
                        Field.PARENT_PHONE: next(
                            (phone.number for phone in contacts[parent.id].phones), ""
                        ),
                        Field.STREET: parent.address.street,
                        Field.HOUSE_NUMBER: parent.address.house_number,
                        Field.HOUSE_NUMBER_SUFFIX: parent.address.house_number_suffix,
                        Field.POSTCODE: parent.address.postcode,
                        Field.CITY: parent.address.city,
                        Field.READ_ONLY: "ja" if parent.read_only else "nee",
                    }
                )
            rows.append({DEFAULT_HEADERS[f]: row.get(f, "") for f in Field})
    return rows


def to_csv(
    rows: Sequence[dict[str, str]],
    *,
    separator: str = ";",
    headers: Sequence[str] = HEADERS,
) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([row[h] for h in headers])
    return buffer.getvalue()


def demo_export() -> bytes:
    """Seed the demo school in memory and export it, as Windows-1252 bytes."""
    from deborg.config import Settings
    from deborg.demo import DEMO_SCHOOL_CODE, account, people

    with tempfile.TemporaryDirectory() as data_dir:
        settings = Settings.from_env(
            {"DEBORG_DATA_DIR": data_dir, "DEBORG_SECRET_KEY": "demo-export-" + "x" * 40}
        )
        services = bootstrap_in_memory(settings)
        school = people.seed(services, DEMO_SCHOOL_CODE)
        account.seed(services, school)  # the parents' phone numbers
        return to_csv(export_rows(services, school.id)).encode("cp1252")


def main(argv: Sequence[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    target = Path(args[0] if args else "examples/deborg-leerlingen.csv")
    target.write_bytes(demo_export())
    print(f"{target} written")


if __name__ == "__main__":
    main()
