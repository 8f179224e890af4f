"""The import of a school's pupil administration: 500 pupils and 800 parents in one export
(ParnasSys-style headers, ``;``-separated, Windows-1252), run with the ``deborg import``
command in its own process, first into an empty school and then again unchanged."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from deborg.demo.pupil_export import HEADERS, to_csv
from deborg.domain.pupil_import import DEFAULT_HEADERS, Field

PUPILS = 500
PARENTS = 800
SIBLING_LINKS = 50


def pupils_for_lines(lines: int) -> int:
    """How many pupils make an export of about ``lines`` lines (1.7 lines a pupil)."""
    return round(lines / 1.7)


def export_rows(pupils: int = PUPILS) -> list[dict[str, str]]:
    """``pupils`` pupils in groups 1-8 (500 by default); three in five have two parents, the
    others one (800 parents for 500); one in ten also has the parent of an elder sibling
    (850 + 50 lines for 500)."""
    rows: list[dict[str, str]] = []
    two_parents = pupils * 3 // 5
    siblings = pupils // 10

    def parent_fields(n: int) -> dict[Field, str]:
        return {
            Field.PARENT_ROEPNAAM: f"Ouder{n}",
            Field.PARENT_VOORLETTERS: "A.",
            Field.PARENT_ACHTERNAAM: f"Familie{n // 2}",
            Field.PARENT_EMAIL: f"ouder{n}@import.example",
            Field.PARENT_PHONE: f"06-{12000000 + n}",
            Field.STREET: "Brink",
            Field.HOUSE_NUMBER: str(n % 300 + 1),
            Field.POSTCODE: "9401 AB",
            Field.CITY: "Assen",
            Field.READ_ONLY: "nee",
        }

    for pupil in range(pupils):
        fields = {
            Field.PUPIL_NUMBER: str(10000 + pupil),
            Field.ROEPNAAM: f"Leerling{pupil}",
            Field.ACHTERNAAM: f"Familie{pupil}",
            Field.DATE_OF_BIRTH: f"{1 + pupil % 28:02d}-{1 + pupil % 12:02d}-{2014 + pupil % 8}",
            Field.GROUP: f"Groep {1 + pupil % 8}",
        }
        if pupil < two_parents:
            parents = [2 * pupil, 2 * pupil + 1]
        else:
            parents = [2 * two_parents + pupil - two_parents]
        if pupil >= pupils - siblings:
            parents.append(2 * (pupil - (pupils - siblings)))
        for parent in parents:
            row = {**fields, **parent_fields(parent)}
            rows.append({DEFAULT_HEADERS[f]: row.get(f, "") for f in Field})
    assert len({r[DEFAULT_HEADERS[Field.PARENT_EMAIL]] for r in rows}) == pupils + two_parents
    assert [DEFAULT_HEADERS[f] for f in Field] == HEADERS
    return rows


def run_import(environment: dict[str, str], school_code: str, file: Path) -> dict[str, Any]:
    """``deborg --school CODE import FILE --create-groups --json`` in a new process: the wall
    time (interpreter start included) and the command's report."""
    deborg = Path(sys.executable).with_name("deborg")
    command = [str(deborg)] if deborg.exists() else [sys.executable, "-m", "deborg"]
    began = time.perf_counter()
    output = subprocess.run(
        [*command, "--school", school_code, "import", str(file), "--create-groups", "--json"],
        check=True,
        capture_output=True,
        text=True,
        env=environment,
    )
    seconds = time.perf_counter() - began
    return {"seconds": seconds, "report": json.loads(output.stdout)}


def write_export(directory: Path, pupils: int = PUPILS) -> tuple[Path, int]:
    rows = export_rows(pupils)
    path = directory / f"leerlingen-{pupils}.csv"
    path.write_bytes(to_csv(rows).encode("cp1252"))
    return path, len(rows)


def startup_seconds(environment: dict[str, str]) -> float:
    """What starting the command costs before it imports anything (``deborg --help``)."""
    deborg = Path(sys.executable).with_name("deborg")
    command = [str(deborg)] if deborg.exists() else [sys.executable, "-m", "deborg"]
    began = time.perf_counter()
    subprocess.run([*command, "--help"], check=True, capture_output=True, env=environment)
    return time.perf_counter() - began
