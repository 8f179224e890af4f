"""The import of a pupil administration's export at three sizes: 1,000, 5,000 and 10,000
lines (10,000 is a school board's merged export), run with the ``deborg import`` command in
its own process, first into an empty school and then again unchanged, so that the growth with
the size can be read off (it must be linear, and 10,000 lines under 60 s).

The file looks like what administrations really export: ParnasSys-style headers, ``;``,
Windows-1252, house numbers with their addition in one column ("12A", "7 bis"), dates as ISO
date-times, and one parent in seven without custody.

Run alone (without the rest of ``nox -s bench``)::

    python -m bench.importing [--database-url URL] [--sizes 1000 5000 10000]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from deborg.demo.pupil_export import to_csv
from deborg.domain.pupil_import import DEFAULT_HEADERS, Field

SIZES = (1_000, 5_000, 10_000)
HEADERS = [DEFAULT_HEADERS[f] for f in Field if f is not Field.RELATION]
_SUFFIXES = ("", "", "", "A", " bis", "-2", " hs")


def export_rows(lines: int) -> list[dict[str, str]]:
    """``lines`` lines, one per pupil–parent pair: seven pupils in ten have two parents, the
    others one; every seventh parent has no custody. The addresses are unique per size (a
    login name belongs to one school)."""
    rows: list[dict[str, str]] = []
    pupil = 0
    while len(rows) < lines:
        fields = {
            Field.PUPIL_NUMBER: str(100000 + pupil),
            Field.ROEPNAAM: f"Leerling{pupil}",
            Field.ACHTERNAAM: f"Familie{pupil}",
            Field.DATE_OF_BIRTH: f"{2014 + pupil % 8}-{1 + pupil % 12:02d}-{1 + pupil % 28:02d}"
            "T00:00:00",
            Field.GROUP: f"Groep {1 + pupil % 8}",
        }
        for parent in range(2 if pupil % 10 < 7 else 1):
            n = 2 * pupil + parent
            row = {
                **fields,
                Field.PARENT_ROEPNAAM: f"Ouder{n}",
                Field.PARENT_VOORLETTERS: "A.",
                Field.PARENT_ACHTERNAAM: f"Familie{pupil}",
                Field.PARENT_EMAIL: f"ouder{n}@import{lines}.example",
                Field.PARENT_PHONE: f"06-{12000000 + n}",
                Field.STREET: "Brink",
                Field.HOUSE_NUMBER: f"{n % 300 + 1}{_SUFFIXES[n % len(_SUFFIXES)]}",
                Field.POSTCODE: "9401 AB",
                Field.CITY: "Assen",
                Field.READ_ONLY: "nee",
                Field.CUSTODY: "nee" if n % 7 == 6 else "ja",
            }
            rows.append({DEFAULT_HEADERS[f]: row.get(f, "") for f in Field})
        pupil += 1
    return rows[:lines]


def write_export(directory: Path, lines: int) -> Path:
    path = directory / f"leerlingen-{lines}.csv"
    path.write_bytes(to_csv(export_rows(lines), headers=HEADERS).encode("cp1252"))
    return path


def _command() -> list[str]:
    deborg = Path(sys.executable).with_name("deborg")
    return [str(deborg)] if deborg.exists() else [sys.executable, "-m", "deborg"]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_import(environment: dict[str, str], school_code: str, file: Path) -> dict[str, Any]:
    """``deborg --school CODE import FILE --create-groups --json`` in a new process: the wall
    time (interpreter start included), the command's own CPU time (what a busy machine
    changes least; the database server's work is not in it) and the command's report."""
    cpu = _children_cpu()
    began = time.perf_counter()
    output = subprocess.run(
        [*_command(), "--school", school_code, "import", str(file), "--create-groups", "--json"],
        check=True,
        capture_output=True,
        text=True,
        env=environment,
    )
    seconds = time.perf_counter() - began
    return {
        "seconds": seconds,
        "cpu_seconds": _children_cpu() - cpu,
        "report": json.loads(output.stdout),
    }


def startup_seconds(environment: dict[str, str]) -> float:
    """What starting the command costs before it imports anything (``deborg --help``)."""
    began = time.perf_counter()
    subprocess.run([*_command(), "--help"], check=True, capture_output=True, env=environment)
    return time.perf_counter() - began


def startup_cpu_seconds(environment: dict[str, str]) -> float:
    """The CPU time of starting the command (``deborg --help``)."""
    cpu = _children_cpu()
    subprocess.run([*_command(), "--help"], check=True, capture_output=True, env=environment)
    return _children_cpu() - cpu


def measure(
    environment: dict[str, str], workdir: Path, add_school: Any, sizes: tuple[int, ...] = SIZES
) -> list[dict[str, Any]]:
    """Per size: a new school (``add_school(code)``), the first import and the unchanged
    re-import."""
    results = []
    for index, lines in enumerate(sizes):
        code = f"99BE{71 + index:02d}"
        add_school(code)
        file = write_export(workdir, lines)
        first = run_import(environment, code, file)
        again = run_import(environment, code, file)
        assert again["report"]["created"] == again["report"]["changed"] == []
        results.append(
            {
                "lines": lines,
                "first_seconds": round(first["seconds"], 2),
                "first_cpu_seconds": round(first["cpu_seconds"], 2),
                "again_seconds": round(again["seconds"], 2),
                "summary": first["report"]["summary"],
                "rejected": len(first["report"]["rejected"]),
                "warnings": len(first["report"]["warnings"]),
            }
        )
    return results


def cpu_per_line(result: dict[str, Any], startup_cpu: float) -> float:
    """The import's CPU seconds per line, the command's start-up taken off."""
    return float(result["first_cpu_seconds"] - startup_cpu) / result["lines"]


def linearity(results: list[dict[str, Any]], startup_cpu: float) -> float:
    """CPU seconds per line of the largest size over those of the smallest, the command's
    start-up taken off: 1.0 is perfectly linear, more means the time grows faster."""
    return cpu_per_line(results[-1], startup_cpu) / cpu_per_line(results[0], startup_cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default="", help="default: a new SQLite file")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        workdir = Path(directory)
        environment = {
            **os.environ,
            "DEBORG_SECRET_KEY": "bench-secret-key-bench-secret-key-bench",
            "DEBORG_DATA_DIR": str(workdir / "data"),
            "DEBORG_DATABASE_URL": args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}",
        }
        subprocess.run([*_command(), "db", "upgrade"], check=True, env=environment)

        def add_school(code: str) -> None:
            subprocess.run(
                [*_command(), "school", "create", f"Importschool {code}", "--code", code],
                check=True,
                capture_output=True,
                env=environment,
            )

        startup = startup_seconds(environment)
        startup_cpu = startup_cpu_seconds(environment)
        results = measure(environment, workdir, add_school, tuple(args.sizes))
    for result in results:
        print(
            f"{result['lines']:>6} lines: first {result['first_seconds']:6.1f} s "
            f"({result['lines'] / result['first_seconds']:.0f} lines/s; CPU "
            f"{result['first_cpu_seconds']:.1f} s, "
            f"{cpu_per_line(result, startup_cpu) * 1000:.2f} ms a line), again "
            f"{result['again_seconds']:5.1f} s, {result['rejected']} rejected"
        )
    print(
        f"start-up {startup:.1f} s (CPU {startup_cpu:.1f} s); CPU per line, largest over "
        f"smallest: {linearity(results, startup_cpu):.2f}"
    )


if __name__ == "__main__":
    main()
