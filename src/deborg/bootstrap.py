"""The composition root: real adapters wired to the ports, once per entry point."""

from __future__ import annotations

from collections.abc import Callable, Container
from pathlib import Path
from typing import Any

import attrs
from sqlalchemy import Engine

from deborg.adapters.argon2_hasher import CHEAP_FOR_TESTS, PRODUCTION, Argon2PasswordHasher
from deborg.adapters.common_passwords import load_common_passwords
from deborg.adapters.email_addresses import EmailValidatorAddresses
from deborg.adapters.files import FilesystemFileStore
from deborg.adapters.ical import IcalendarWriter
from deborg.adapters.images import PillowImageProcessor
from deborg.adapters.mailers import FileMailer, SmtpMailer
from deborg.adapters.memory import (
    CountingTokenSource,
    FixedClock,
    MemoryDatabase,
    MemoryFileStore,
    MemoryMailer,
    MemoryUnitOfWork,
    PlainPasswordHasher,
)
from deborg.adapters.memory.images import MemoryImageProcessor
from deborg.adapters.memory.links import StaticLinks
from deborg.adapters.password_strength import ZxcvbnPasswordStrength
from deborg.adapters.phones import LibPhoneNumbers
from deborg.adapters.richtext import Nh3RichTextRenderer
from deborg.adapters.s3_files import S3FileStore
from deborg.adapters.sqlalchemy.database import make_engine
from deborg.adapters.sqlalchemy.uow import SqlAlchemyUnitOfWork
from deborg.adapters.system import SecretsTokenSource, SystemClock
from deborg.config import Settings, s3_settings
from deborg.ports.calendar import CalendarWriter
from deborg.ports.clock import Clock
from deborg.ports.emails import EmailAddresses
from deborg.ports.files import FileStore
from deborg.ports.hashing import PasswordHasher, PasswordStrength
from deborg.ports.images import ImageProcessor
from deborg.ports.links import Links
from deborg.ports.mail import Mailer
from deborg.ports.phones import PhoneNumbers
from deborg.ports.randomness import TokenSource
from deborg.ports.richtext import RichTextRenderer
from deborg.ports.uow import UnitOfWork
from deborg.services.areas import AreaContributions, area_contributions


@attrs.define
class Services:
    """Everything a use case may need, for the entry points to pass on."""

    settings: Settings
    uow_factory: Callable[[], UnitOfWork]
    clock: Clock
    tokens: TokenSource
    hasher: PasswordHasher
    common_passwords: Container[str]
    mailer: Mailer
    files: FileStore
    images: ImageProcessor
    phones: PhoneNumbers
    links: Links
    #: What the areas contribute to each other (Home, the calendar feed, the export, the digest).
    areas: AreaContributions
    engine: Engine | None = None
    #: Staff body text -> sanitised HTML; pure, so tests use the real one.
    richtext: RichTextRenderer = attrs.field(factory=Nh3RichTextRenderer)
    #: Calendars as .ics files; pure, so tests use the real one too.
    calendar: CalendarWriter = attrs.field(factory=IcalendarWriter)
    #: The syntax of typed e-mail addresses; offline and pure, so tests use the real one.
    emails: EmailAddresses = attrs.field(factory=EmailValidatorAddresses)
    #: How guessable a chosen password is (zxcvbn with Dutch words); offline and pure too.
    password_strength: PasswordStrength = attrs.field(factory=ZxcvbnPasswordStrength)

    def uow(self) -> UnitOfWork:
        return self.uow_factory()


def bootstrap(settings: Settings, links: Links) -> Services:
    """The production adapters for ``settings``. ``links`` come from the entry point: the web
    adapter builds them from the portal's routes (:mod:`deborg.entrypoints.web.links`)."""
    engine = make_engine(settings.database_url)
    parameters = CHEAP_FOR_TESTS if settings.password_hashing == "cheap" else PRODUCTION
    mailer: Mailer
    if settings.smtp is not None:
        mailer = SmtpMailer(settings.smtp, settings.mail_from)
    else:
        mailer = FileMailer(settings.mail_dir, settings.mail_from)
    return Services(
        settings=settings,
        uow_factory=lambda: SqlAlchemyUnitOfWork(engine),
        clock=SystemClock(),
        tokens=SecretsTokenSource(),
        hasher=Argon2PasswordHasher(**parameters),
        common_passwords=load_common_passwords(),
        mailer=mailer,
        files=file_store(settings),
        images=PillowImageProcessor(settings.max_upload_bytes),
        phones=LibPhoneNumbers(),
        links=links,
        areas=area_contributions(),
        engine=engine,
    )


def file_store(settings: Settings) -> FileStore:
    """The object store when DEBORG_FILES_URL names one, else the local folder."""
    if settings.files_s3 is not None:
        return S3FileStore(settings.files_s3)
    return FilesystemFileStore(settings.files_dir)


def file_store_at(location: str) -> FileStore:
    """The store at ``location``: ``s3://bucket/prefix`` (reached as the DEBORG_S3_* variables
    say) or a local folder."""
    if location.startswith("s3://"):
        return S3FileStore(s3_settings(location))
    return FilesystemFileStore(Path(location).resolve())


def bootstrap_in_memory(settings: Settings, **adapters: Any) -> Services:
    """Every port on its in-memory adapter: one shared in-memory database, a clock that stands
    still until moved, counting tokens, plain hashes, mail kept in a list. For unit tests and
    for developers embedding the services; ``adapters`` replace any of them by name
    (``clock=…``, ``mailer=…``)."""
    database = MemoryDatabase()
    services = Services(
        settings=settings,
        uow_factory=lambda: MemoryUnitOfWork(database),
        clock=FixedClock(),
        tokens=CountingTokenSource(),
        hasher=PlainPasswordHasher(),
        common_passwords=frozenset(),
        mailer=MemoryMailer(),
        files=MemoryFileStore(),
        images=MemoryImageProcessor(settings.max_upload_bytes),
        phones=LibPhoneNumbers(),
        links=StaticLinks(settings.base_url, settings.secret_key),
        areas=area_contributions(),
    )
    return attrs.evolve(services, **adapters)
