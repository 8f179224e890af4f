"""Sessions: tests, lint, typecheck, coverage, demo, screenshots, bench. ``nox -s tests -- -k
login`` passes pytest arguments on."""

from __future__ import annotations

import nox

nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["lint", "typecheck", "tests"]

PYTHON = "3.11"


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """The whole suite: unit, integration (SQLite; PostgreSQL when DEBORG_TEST_DATABASE_URL is
    set) and the browser tests (when Chromium is installed), on two pytest-xdist workers
    (``-- -n 0`` runs them in one process); tests grouped with ``xdist_group`` share one."""
    session.install("-e", ".[test]")
    session.run("pytest", "-n", "2", "--dist", "loadgroup", *session.posargs)


@nox.session(python=PYTHON)
def screenshots(session: nox.Session) -> None:
    """Run the browser journeys and write the screenshots in docs/screenshots/."""
    session.install("-e", ".[test]")
    session.run("pytest", "tests/browser", env={"DEBORG_SCREENSHOTS": "1"})


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff (the rules and the formatting) and import-linter (the layers, see pyproject)."""
    session.install("-e", ".", "ruff>=0.5", "import-linter>=2.1")
    session.run("ruff", "check", "src", "tests", "bench", "examples", "noxfile.py")
    session.run("ruff", "format", "--check", "src", "tests", "bench", "examples", "noxfile.py")
    session.run("lint-imports")


@nox.session(python=PYTHON)
def typecheck(session: nox.Session) -> None:
    """mypy strict over the whole deborg package."""
    session.install("-e", ".", "mypy>=1.10")
    session.run("mypy")


@nox.session(python=PYTHON)
def coverage(session: nox.Session) -> None:
    """The whole suite under coverage: branch coverage of every module reported; the domain
    and the services must stay at 95 % or more."""
    session.install("-e", ".[test]")
    session.run("coverage", "erase")
    session.run("coverage", "run", "-m", "pytest", *session.posargs)
    session.run("coverage", "report", "--skip-covered", "--sort=cover")
    for layer in ("domain", "services"):
        session.log(f"{layer}:")
        session.run(
            "coverage", "report", f"--include=src/deborg/{layer}/*", "--fail-under=95",
            "--format=total",
        )  # fmt: skip


@nox.session(python=PYTHON)
def demo(session: nox.Session) -> None:
    """Seed the demo school on SQLite and serve it on http://127.0.0.1:5000."""
    session.install("-e", ".")
    session.run("deborg", "demo", *session.posargs)


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Seed a large school on PostgreSQL, serve it under gunicorn, measure it from a second
    process, write bench/results/latest.md (see bench/README.md)."""
    session.install("-e", ".[test]")
    session.run("python", "-m", "bench.run", *session.posargs)
