"""What every command shares: the composition root, the chosen school, output helpers."""

from __future__ import annotations

import json
import shlex
import sys
from collections.abc import Callable, Sequence
from typing import IO, Any, TypeVar

import attrs
import click
from sqlalchemy.exc import SQLAlchemyError

from deborg.adapters.sqlalchemy.database import database_unavailable
from deborg.bootstrap import Services, bootstrap
from deborg.config import ConfigurationError, Settings
from deborg.domain.errors import DeborgError, InvalidInput
from deborg.domain.model import School
from deborg.domain.typed_text import clean_text, printable
from deborg.entrypoints.web.links import PortalLinks

F = TypeVar("F", bound=Callable[..., Any])


@attrs.define
class CliContext:
    """Built lazily, so ``deborg --help`` touches no database."""

    school_code: str | None = None
    services_factory: Callable[[], Services] | None = None
    _services: Services | None = None

    @property
    def services(self) -> Services:
        if self._services is None:
            if self.services_factory is not None:
                self._services = self.services_factory()
            else:
                try:
                    self._services = _bootstrap_from_env()
                except ConfigurationError as error:
                    raise click.ClickException(str(error)) from error
        return self._services

    def school(self) -> School:
        """The school given by --school (or DEBORG_SCHOOL); the only one if there is one."""
        with self.services.uow() as uow:
            if self.school_code:
                school = uow.schools.get_by_code(self.school_code)
                if school is None:
                    raise click.ClickException(f"Geen school met schoolcode {self.school_code}.")
                return school
            schools = uow.schools.list()
        if len(schools) == 1:
            return schools[0]
        if not schools:
            raise click.ClickException(
                "Er is nog geen school. Maak er een met: deborg school create NAAM --code 99XX00"
            )
        codes = ", ".join(s.code for s in schools)
        raise click.ClickException(f"Kies een school met --school (een van: {codes}).")


pass_context = click.make_pass_decorator(CliContext)


class DutchError(click.ClickException):
    """A refusal shown as one Dutch line on stderr ("Fout: …"), exit code 1."""

    def show(self, file: IO[Any] | None = None) -> None:
        message = " ".join(self.format_message().split())  # always one line
        click.echo(f"Fout: {message}", file=file, err=file is None)


#: EX_UNAVAILABLE (sysexits.h): the database could not be reached; try again later.
EXIT_DATABASE_UNAVAILABLE = 69


class DatabaseUnavailable(DutchError):
    exit_code = EXIT_DATABASE_UNAVAILABLE

    def __init__(self, error: SQLAlchemyError) -> None:
        cause = error.orig if hasattr(error, "orig") and error.orig is not None else error
        reason = " ".join(str(cause).split())[:200]
        super().__init__(
            "de database is niet bereikbaar; probeer het later opnieuw. "
            f"({type(cause).__name__}: {reason})"
        )


def _parameter_name(error: click.BadParameter) -> str:
    if error.param_hint:
        hint = error.param_hint
        return hint if isinstance(hint, str) else " / ".join(hint)
    if isinstance(error.param, click.Option):
        return " / ".join(error.param.opts)
    if error.param is not None:
        return error.param.human_readable_name
    return "een argument"


class PrintableStream:
    """A text stream that writes only what :func:`printable` keeps: stored values (a parent's
    name with an escape sequence or a right-to-left override, also from before the input rule)
    cannot move the cursor, clear the screen or turn a line around on a staff terminal."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(printable(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def command_line(*words: str) -> str:
    """A command for staff to paste, every word quoted for the shell (``shlex.quote``)."""
    return shlex.join(words)


class DomainErrorsGroup(click.Group):
    """Every refusal becomes one Dutch line and exit code 1, for every command: domain errors,
    bad values of arguments and options (the ParamTypes of params.py), and the commands' own
    ClickExceptions. A missing option stays click's usage error (exit code 2).

    As the root group it is also the command line's edge: every argument passes the input
    rule (:func:`clean_text`), and everything printed passes :class:`PrintableStream`."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        stdout, stderr = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = PrintableStream(stdout), PrintableStream(stderr)
        try:
            return super().main(*args, **kwargs)
        finally:
            sys.stdout, sys.stderr = stdout, stderr

    def parse_args(self, ctx: click.Context, args: Sequence[str]) -> list[str]:
        try:
            # Arguments may hold a message's line breaks; the use cases keep names to one line.
            cleaned = [clean_text(a, field="argument", multiline=True) for a in args]
        except InvalidInput as error:
            raise DutchError(f"ongeldig argument: {error.message}") from error
        return super().parse_args(ctx, cleaned)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DeborgError as error:
            details = ""
            errors = getattr(error, "errors", None)
            if errors:
                details = " " + "; ".join(f"{k}: {v}" for k, v in errors.items())
            raise DutchError(error.message + details) from error
        except click.BadParameter as error:
            raise DutchError(
                f"ongeldige waarde voor {_parameter_name(error)}: {error.message}"
            ) from error
        except SQLAlchemyError as error:
            if database_unavailable(error):
                raise DatabaseUnavailable(error) from error
            raise
        except click.UsageError:
            raise
        except click.ClickException as error:
            if isinstance(error, DutchError) or error.exit_code != 1:
                raise
            raise DutchError(error.message) from error


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _bootstrap_from_env() -> Services:
    settings = Settings.from_env()
    return bootstrap(settings, PortalLinks.from_routes(settings.base_url, settings.secret_key))
