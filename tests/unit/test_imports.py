"""Every module imports on its own in a fresh interpreter: an import cycle that the test
suite's import order happens to hide still breaks `deborg` for the staff who run it."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import deborg

ENTRY_POINTS = ["deborg.entrypoints.cli.main", "deborg.entrypoints.web", "deborg.bootstrap"]


def _modules() -> list[str]:
    """The entry points, and every module an embedding developer may import first: the
    domain and the ports (light, so a fresh interpreter each is cheap)."""
    embeddable = sorted(
        m.name
        for m in pkgutil.walk_packages(deborg.__path__, "deborg.")
        if m.name.startswith(("deborg.domain", "deborg.ports"))
    )
    return ENTRY_POINTS + embeddable


def _import_alone(name: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", f"import {name}"], capture_output=True, text=True
    )
    return f"{name}: {result.stderr.strip().splitlines()[-1]}" if result.returncode else ""


def test_every_module_imports_first_in_a_fresh_interpreter() -> None:
    with ThreadPoolExecutor(max_workers=4) as pool:
        failures = [f for f in pool.map(_import_alone, _modules()) if f]
    assert failures == []


def test_the_deborg_command_answers_help() -> None:
    result = subprocess.run(
        [sys.executable, "-c", "from deborg.entrypoints.cli.main import cli; cli()", "--help"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "Staff tools for the parent portal" in result.stdout
