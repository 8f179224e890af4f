"""SQL statements per main page at 1× and 10× the data. The benchmark reports the numbers;
tests/integration/test_query_counts.py asserts that they are equal."""

from __future__ import annotations

import re
from collections.abc import Callable

from flask import Flask

from bench import conferences, content, groups
from bench.seed import SeededSchool, seed_school
from deborg.adapters.sqlalchemy.diagnostics import count_statements
from deborg.bootstrap import Services

#: (page name, path for the seeded school and parent). Areas add their main pages here.
MAIN_PAGES: list[tuple[str, Callable[[SeededSchool], str]]] = [
    ("Home", lambda seeded: "/"),
    ("Groepen", lambda seeded: "/groepen/"),
    ("Groep", lambda seeded: f"/groepen/{seeded.group_ids[0]}"),
    ("Privacy", lambda seeded: "/account/privacy"),
    ("Nieuws", lambda seeded: "/nieuws"),
    ("Berichten", lambda seeded: "/berichten"),
    ("Agenda", lambda seeded: "/agenda"),
    ("Fotoalbums", lambda seeded: "/fotoalbums"),
    ("Documenten", lambda seeded: "/documenten"),
    ("Nieuws zoeken", lambda seeded: "/nieuws?zoek=tekst"),
    ("Berichten pagina 2", lambda seeded: "/berichten?pagina=2"),
    ("Documenten zoeken", lambda seeded: "/documenten?zoek=document"),
    ("Oudergesprekken", lambda seeded: "/oudergesprekken/"),
    ("Inschrijven", conferences.booking_path),
]


def seed_for_scale(
    services: Services, factor: int, password_hash: str, *, pupils_per_group: int = 25
) -> SeededSchool:
    """A school at ``factor`` times the base data: pupils per group and content."""
    seeded = seed_school(
        services,
        code=f"{10 + factor:02d}QC{factor:02d}",
        name=f"Telschool {factor}x",
        groups=8,
        pupils_per_group=pupils_per_group * factor,
        password_hash=password_hash,
        seed=factor,
    )
    for extend in SCALE_EXTENSIONS:
        extend(services, seeded, factor)
    return seeded


#: Areas add seeding of their content at a scale: fn(services, seeded_school, factor).
SCALE_EXTENSIONS: list[Callable[[Services, SeededSchool, int], None]] = [
    content.seed_content,
    conferences.extend,
    groups.extend,
]


def statements_per_page(
    app: Flask, services: Services, seeded: SeededSchool, password: str
) -> dict[str, int]:
    """Log in as the school's first parent and count the statements of each main page."""
    assert services.engine is not None
    client = app.test_client()
    page = client.get("/inloggen").get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match
    response = client.post(
        "/inloggen",
        data={
            "username": seeded.parent_logins[0],
            "password": password,
            "csrf_token": match.group(1),
        },
    )
    assert response.status_code == 302, response.status_code
    counts = {}
    for name, path_for in MAIN_PAGES:
        path = path_for(seeded)
        client.get(path)  # warm caches, touch the session
        with count_statements(services.engine) as counted:
            response = client.get(path)
        assert response.status_code == 200, (name, path, response.status_code)
        counts[name] = counted.count
    return counts
