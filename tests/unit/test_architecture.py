"""The dependency rule: the domain and the ports import no framework and reach time and
randomness only through ports (read from their source with ast, not by importing)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

import deborg

PACKAGE = Path(deborg.__file__).parent
PURE = ("domain", "ports")
FORBIDDEN_MODULES = {
    "flask", "sqlalchemy", "alembic", "argon2", "smtplib", "segno", "PIL", "phonenumbers",
    "werkzeug", "random", "secrets", "jinja2", "click", "psycopg", "nh3", "zxcvbn", "icalendar",
}  # fmt: skip
ALLOWED_IMPORT_ROOTS = {"attrs", "deborg", "__future__"}
CLOCK_CALLS = {"now", "utcnow", "today"}  # datetime.now(), date.today() …
CLOCK_RECEIVERS = {"datetime", "date", "dt"}


def violations(source: str) -> list[str]:
    """What in ``source`` breaks the dependency rule."""
    found = []
    tree = ast.parse(source)
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            root = name.split(".")[0]
            if root in FORBIDDEN_MODULES:
                found.append(f"line {node.lineno}: imports {name}")
            elif root not in ALLOWED_IMPORT_ROOTS and root not in sys.stdlib_module_names:
                found.append(f"line {node.lineno}: imports the third-party {name}")
            elif root == "deborg" and name.split(".")[1] not in PURE:
                found.append(f"line {node.lineno}: imports the outer layer {name}")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            receiver = ast.unparse(node.func.value).split(".")[-1]
            call = f"{ast.unparse(node.func)}()"
            if node.func.attr in CLOCK_CALLS and receiver in CLOCK_RECEIVERS:
                found.append(f"line {node.lineno}: reads the clock with {call}")
            if receiver == "time" and node.func.attr in {"time", "time_ns", "monotonic"}:
                found.append(f"line {node.lineno}: reads the clock with {call}")
            if (receiver, node.func.attr) in {("os", "urandom"), ("uuid", "uuid4")}:
                found.append(f"line {node.lineno}: makes randomness with {call}")
    return found


def _sources() -> list[Path]:
    return sorted(p for part in PURE for p in (PACKAGE / part).rglob("*.py"))


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_domain_and_the_ports_follow_the_dependency_rule(path: Path) -> None:
    assert violations(path.read_text()) == []


@pytest.mark.parametrize(
    ("source", "complaint"),
    [
        ("from flask import g", "imports flask"),
        ("import sqlalchemy.orm", "imports sqlalchemy.orm"),
        ("import argon2", "imports argon2"),
        ("import smtplib", "imports smtplib"),
        ("import segno", "imports segno"),
        ("from PIL import Image", "imports PIL"),
        ("import phonenumbers", "imports phonenumbers"),
        ("from werkzeug.security import x", "imports werkzeug.security"),
        ("import random", "imports random"),
        ("from secrets import token_hex", "imports secrets"),
        ("import requests", "third-party requests"),
        ("from deborg.adapters.memory import FixedClock", "outer layer"),
        ("import datetime as dt\nx = dt.datetime.now(dt.UTC)", "reads the clock"),
        ("import datetime\nx = datetime.datetime.utcnow()", "reads the clock"),
        ("from datetime import date\nx = date.today()", "reads the clock"),
        ("import time\nx = time.time()", "reads the clock"),
        ("import os\nx = os.urandom(8)", "makes randomness"),
    ],
)
def test_the_checker_catches_each_kind_of_violation(source: str, complaint: str) -> None:
    found = violations(source)
    assert found
    assert complaint in found[0]


def test_clock_ports_and_stdlib_helpers_are_fine() -> None:
    source = "import datetime as dt\nimport attrs\nfrom deborg.ports.clock import Clock\n"
    assert violations(source + "x = clock.now()\ny = dt.datetime.combine(d, t)\n") == []


def test_the_pure_packages_are_scanned() -> None:
    names = {p.name for p in _sources()}
    assert {"accounts.py", "passwords.py", "repositories.py", "uow.py"} <= names
