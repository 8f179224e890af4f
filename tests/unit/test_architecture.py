"""The dependency rule, read from the source with ast (not by importing): the domain imports the
standard library, attrs and itself; the ports import the domain; the services import the domain
and the ports. None of them imports a framework, reads the clock or makes randomness: time and
randomness arrive through ports. Relative imports are resolved, so ``from ..services import x``
is caught like the absolute form. ``nox -s lint`` checks the same layers with import-linter."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

import deborg

PACKAGE = Path(deborg.__file__).parent
#: Which deborg layers each inner layer may import.
MAY_IMPORT = {
    "domain": {"domain"},
    "ports": {"domain", "ports"},
    "services": {"domain", "ports", "services"},
}
FORBIDDEN_MODULES = {
    "flask", "sqlalchemy", "alembic", "argon2", "smtplib", "segno", "PIL", "phonenumbers",
    "werkzeug", "random", "secrets", "jinja2", "click", "psycopg", "nh3", "zxcvbn", "icalendar",
}  # fmt: skip
ALLOWED_IMPORT_ROOTS = {"attrs", "deborg", "__future__"}
CLOCK_CALLS = {"now", "utcnow", "today"}  # datetime.now(), date.today() …
CLOCK_RECEIVERS = {"datetime", "date", "dt"}


def _absolute(node: ast.ImportFrom, module: str) -> str:
    """The absolute name ``from . import x`` means inside ``module`` (a dotted name)."""
    if node.level == 0:
        return node.module or ""
    base = module.split(".")[: -node.level]
    return ".".join([*base, node.module] if node.module else base)


def violations(source: str, module: str = "deborg.domain.example") -> list[str]:
    """What in ``source``, the text of ``module``, breaks the dependency rule of its layer."""
    layer = module.split(".")[1]
    found = []
    tree = ast.parse(source)
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(node, module)
            # `from deborg import services` names the layer in the imported name
            names = [f"{source}.{a.name}" for a in node.names] if "." not in source else [source]
        for name in names:
            root = name.split(".")[0]
            if root in FORBIDDEN_MODULES:
                found.append(f"line {node.lineno}: imports {name}")
            elif root not in ALLOWED_IMPORT_ROOTS and root not in sys.stdlib_module_names:
                found.append(f"line {node.lineno}: imports the third-party {name}")
            elif root == "deborg" and name.split(".")[1] not in MAY_IMPORT[layer]:
                found.append(f"line {node.lineno}: {layer} imports the outer layer {name}")
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


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _sources() -> list[Path]:
    return sorted(p for layer in MAY_IMPORT for p in (PACKAGE / layer).rglob("*.py"))


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_inner_layers_follow_the_dependency_rule(path: Path) -> None:
    assert violations(path.read_text(), _module_name(path)) == []


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
        ("from deborg.ports.clock import Clock", "domain imports the outer layer deborg.ports"),
        ("from deborg.services import accounts", "outer layer deborg.services"),
        ("from ...services import accounts", "outer layer deborg.services"),
        ("from ...ports.uow import UnitOfWork", "outer layer deborg.ports.uow"),
        ("from ...entrypoints.web import app", "outer layer deborg.entrypoints.web"),
        ("import datetime as dt\nx = dt.datetime.now(dt.UTC)", "reads the clock"),
        ("import datetime\nx = datetime.datetime.utcnow()", "reads the clock"),
        ("from datetime import date\nx = date.today()", "reads the clock"),
        ("import time\nx = time.time()", "reads the clock"),
        ("import os\nx = os.urandom(8)", "makes randomness"),
    ],
)
def test_the_checker_catches_each_kind_of_violation(source: str, complaint: str) -> None:
    found = violations(source, "deborg.domain.content.model")
    assert found
    assert complaint in found[0]


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("deborg.ports.uow", "from deborg.domain.model import Parent"),
        ("deborg.ports.uow", "from ..domain.model import Parent"),
        ("deborg.services.accounts", "from deborg.ports.clock import Clock\nx = clock.now()"),
        ("deborg.services.content.feed", "from . import audience\nfrom ..tokens import x"),
        ("deborg.domain.content.model", "from .audience import Viewer\nimport datetime as dt"),
    ],
)
def test_each_layer_may_import_what_lies_inside_it(module: str, source: str) -> None:
    assert violations(source, module) == []


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("deborg.ports.uow", "from deborg.services.accounts import Links"),
        ("deborg.ports.uow", "from deborg.adapters.memory import MemoryUnitOfWork"),
        ("deborg.services.accounts", "from deborg.entrypoints.web.app import create_app"),
        ("deborg.services.accounts", "from deborg.adapters.sqlalchemy import uow"),
        ("deborg.services.accounts", "from deborg import bootstrap"),
        ("deborg.services.accounts", "import flask"),
    ],
)
def test_an_outward_import_is_caught_in_every_inner_layer(module: str, source: str) -> None:
    assert violations(source, module) != []


def test_the_inner_layers_are_scanned() -> None:
    names = {str(p.relative_to(PACKAGE)) for p in _sources()}
    assert {"domain/model.py", "domain/passwords.py", "ports/uow.py"} <= names
    assert {"services/accounts/__init__.py", "services/overview.py"} <= names
