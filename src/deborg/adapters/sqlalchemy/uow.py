from __future__ import annotations

import contextlib
import functools
import re
import weakref
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

import psycopg
from psycopg import pq
from sqlalchemy import Connection, Engine, event
from sqlalchemy.orm import Session, sessionmaker

from deborg.adapters.sqlalchemy import (
    absence,
    accounts,
    albums,
    conferences,
    news,
    notifications,
    outbox,
    profiles,
    schools,
)
from deborg.adapters.sqlalchemy.devices import SqlDeviceRepository
from deborg.adapters.sqlalchemy.privacy import SqlPrivacySettingsRepository
from deborg.adapters.sqlalchemy.staff import SqlStaffSessionRepository, SqlStaffTokenRepository
from deborg.ports.absence import (
    AbsenceReportRepository,
    AbsenceSettingsRepository,
    CutoffRunRepository,
    LeaveRequestRepository,
    PostRepository,
    ReadMarkerRepository,
    ThreadRepository,
)
from deborg.ports.conferences import (
    BookingRepository,
    PlanningRepository,
    ReminderRepository,
    RequirementRepository,
)
from deborg.ports.content import (
    AgendaRepository,
    AlbumRepository,
    CalendarFeedRepository,
    ContentRecipientRepository,
    DigestEntryRepository,
    DigestStateRepository,
    DocumentRepository,
    MessageRepository,
    NewsRepository,
    NotificationPreferenceRepository,
    PhotoRepository,
    ReadStateRepository,
    ReplyReadRepository,
    ReplyRepository,
)
from deborg.ports.devices import DeviceRepository
from deborg.ports.privacy import PrivacySettingsRepository
from deborg.ports.profiles import (
    ChangeReportRepository,
    EmergencyNumberRepository,
    ParentContactRepository,
    ProfilePhotoRepository,
    TeacherNoteRepository,
)
from deborg.ports.repositories import (
    AttemptRepository,
    AuditRepository,
    ChildRepository,
    GroupRepository,
    GuardianshipRepository,
    OutboxRepository,
    ParentRepository,
    PupilContactRepository,
    SchoolRepository,
    SessionRepository,
    StaffRepository,
    TokenRepository,
)
from deborg.ports.staff import StaffSessionRepository, StaffTokenRepository
from deborg.ports.uow import UnitOfWork

#: In a connection's ``info``: whether its transaction has sent anything but a SELECT.
_WROTE = "deborg.wrote"
#: In a connection's ``info``: its unit of work reads outside a transaction until it writes.
_UNTIL_WRITE = "deborg.until_write"
#: A lock taken by a SELECT holds only inside a transaction.
_LOCKING = re.compile(r"\bFOR\s+(?:NO\s+KEY\s+)?UPDATE\b|\bFOR\s+(?:KEY\s+)?SHARE\b", re.I)
#: In a session's ``info``: the connection of its transaction.
_CONNECTION = "deborg.connection"
#: One session factory per engine (a sessionmaker is a class of its own: making one per unit
#: of work costs more than the unit of work's own Python).
_FACTORIES: weakref.WeakKeyDictionary[Engine, sessionmaker[Session]] = weakref.WeakKeyDictionary()


def _reads_only(statement: str) -> bool:
    """Whether ``statement`` changes nothing that a rollback would undo. Anything but a plain
    SELECT counts as a write (a ``WITH … INSERT`` too); a ``SELECT … FOR UPDATE`` reads:
    its locks end with the transaction either way."""
    return statement.lstrip()[:6].upper() == "SELECT"


@functools.lru_cache(maxsize=1024)
def _plain_read(statement: str) -> bool:
    """Whether ``statement`` may run outside a transaction with the same effect: a SELECT that
    takes no lock. (The statements are SQLAlchemy's compiled strings: a few hundred.)"""
    return _reads_only(statement) and _LOCKING.search(statement) is None


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """The sessions of ``engine``'s units of work. On PostgreSQL each transaction also records
    whether it wrote, and reads outside a transaction until it first writes (see
    :class:`SqlAlchemyUnitOfWork`)."""
    factory = _FACTORIES.get(engine)
    if factory is None:
        factory = sessionmaker(bind=engine, expire_on_commit=False, close_resets_only=False)
        if engine.dialect.name == "postgresql":
            event.listen(engine, "begin", _began)
            event.listen(engine, "before_cursor_execute", _executing)
            event.listen(engine, "checkin", _returned)
            event.listen(factory, "after_begin", _connected)
            event.listen(factory, "after_transaction_end", _ended)
        _FACTORIES[engine] = factory
    return factory


def _began(connection: Connection) -> None:
    connection.info[_WROTE] = False


def _executing(connection: Connection, cursor: Any, statement: str, *_rest: Any) -> None:
    info = connection.info
    if not info.get(_WROTE) and not _reads_only(statement):
        info[_WROTE] = True
    if info.get(_UNTIL_WRITE) and (
        not _plain_read(statement) or isinstance(cursor, psycopg.ServerCursor)
    ):
        # The first statement that writes or locks (or a server-side cursor, which lives in a
        # transaction) begins the transaction: psycopg sends BEGIN before it.
        del info[_UNTIL_WRITE]
        if cursor.connection.autocommit:
            cursor.connection.autocommit = False


def _connected(session: Session, _transaction: Any, connection: Connection) -> None:
    session.info[_CONNECTION] = connection
    if connection.dialect.default_isolation_level != "READ COMMITTED":
        return  # reads in a transaction of a stricter level share its snapshot
    dbapi_connection = connection.connection.dbapi_connection
    if (
        isinstance(dbapi_connection, psycopg.Connection)
        and dbapi_connection.info.transaction_status is pq.TransactionStatus.IDLE
    ):
        dbapi_connection.autocommit = True
        connection.info[_UNTIL_WRITE] = True


def _returned(dbapi_connection: Any, record: Any) -> None:
    """Back in the pool: a connection lent to a unit of work that only read is in autocommit
    mode still; everything else that borrows it expects a transaction."""
    if record is not None and record.info.pop(_UNTIL_WRITE, False) and dbapi_connection.autocommit:
        with contextlib.suppress(psycopg.Error):
            dbapi_connection.autocommit = False


def _ended(session: Session, _transaction: Any) -> None:
    session.info.pop(_CONNECTION, None)


def _only_read(session: Session) -> bool:
    """Whether the session's transaction has read and nothing else: no statement but SELECTs
    sent (known on PostgreSQL only), no ORM change waiting for a flush."""
    connection = session.info.get(_CONNECTION)
    if connection is None or session.new or session.dirty or session.deleted:
        return False
    return connection.info.get(_WROTE) is False


class SqlAlchemyUnitOfWork:
    """One database transaction. Leaving ``with`` without ``commit()`` rolls back.

    Satisfies :class:`deborg.ports.uow.UnitOfWork`: ``with`` makes every repository anew on
    the transaction's session. The session is closed for good on leaving
    (``close_resets_only=False``), so a repository kept beyond the block fails loudly instead
    of quietly starting a transaction of its own.

    On PostgreSQL (at the default READ COMMITTED level) the unit of work reads outside a
    transaction until its first statement that writes or locks, which begins it: at that level
    every statement sees the data as of its own start inside a transaction too, so a page that
    only reads is spared BEGIN and COMMIT, two of its round trips. A transaction that only
    read ends with COMMIT, not ROLLBACK (the same for the database): psycopg drops the
    connection's prepared statements on every rollback, and the statements every page repeats
    are prepared (planned once per connection) only if they survive from one request to the
    next.
    """

    engine: Engine
    session: Session | None

    schools: SchoolRepository
    groups: GroupRepository
    children: ChildRepository
    parents: ParentRepository
    guardianships: GuardianshipRepository
    pupil_contacts: PupilContactRepository
    staff: StaffRepository
    staff_sessions: StaffSessionRepository
    staff_tokens: StaffTokenRepository
    tokens: TokenRepository
    sessions: SessionRepository
    attempts: AttemptRepository
    outbox: OutboxRepository
    audit: AuditRepository
    # content and notifications
    news: NewsRepository
    messages: MessageRepository
    replies: ReplyRepository
    agenda: AgendaRepository
    albums: AlbumRepository
    album_photos: PhotoRepository
    documents: DocumentRepository
    notification_preferences: NotificationPreferenceRepository
    digest_entries: DigestEntryRepository
    digest_state: DigestStateRepository
    calendar_feeds: CalendarFeedRepository
    reads: ReadStateRepository
    reply_reads: ReplyReadRepository
    content_recipients: ContentRecipientRepository
    plannings: PlanningRepository
    requirements: RequirementRepository
    bookings: BookingRepository
    reminders: ReminderRepository
    privacy: PrivacySettingsRepository
    devices: DeviceRepository
    parent_contacts: ParentContactRepository
    emergency_numbers: EmergencyNumberRepository
    teacher_notes: TeacherNoteRepository
    change_reports: ChangeReportRepository
    photos: ProfilePhotoRepository
    # from parent to school: absences, leave, conversations with teachers
    absence_settings: AbsenceSettingsRepository
    absences: AbsenceReportRepository
    cutoff_runs: CutoffRunRepository
    leave_requests: LeaveRequestRepository
    threads: ThreadRepository
    thread_posts: PostRepository
    thread_reads: ReadMarkerRepository

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._session_factory = session_factory(engine)
        self.session = None

    def __enter__(self) -> Self:
        session = self._session_factory()
        self.session = session
        self.schools = schools.SqlSchoolRepository(session)
        self.groups = schools.SqlGroupRepository(session)
        self.children = schools.SqlChildRepository(session)
        self.parents = accounts.SqlParentRepository(session)
        self.guardianships = accounts.SqlGuardianshipRepository(session)
        self.pupil_contacts = accounts.SqlPupilContactRepository(session)
        self.staff = schools.SqlStaffRepository(session)
        self.staff_sessions = SqlStaffSessionRepository(session)
        self.staff_tokens = SqlStaffTokenRepository(session)
        self.tokens = accounts.SqlTokenRepository(session)
        self.sessions = accounts.SqlSessionRepository(session)
        self.attempts = accounts.SqlAttemptRepository(session)
        self.outbox = outbox.SqlOutboxRepository(session)
        self.audit = outbox.SqlAuditRepository(session)
        self.news = news.SqlNewsRepository(session)
        self.messages = news.SqlMessageRepository(session)
        self.replies = news.SqlReplyRepository(session)
        self.agenda = news.SqlAgendaRepository(session)
        self.albums = albums.SqlAlbumRepository(session)
        self.album_photos = albums.SqlPhotoRepository(session)
        self.documents = albums.SqlDocumentRepository(session)
        self.notification_preferences = notifications.SqlNotificationPreferenceRepository(session)
        self.digest_entries = notifications.SqlDigestEntryRepository(session)
        self.digest_state = notifications.SqlDigestStateRepository(session)
        self.calendar_feeds = notifications.SqlCalendarFeedRepository(session)
        self.reads = notifications.SqlReadStateRepository(session)
        self.reply_reads = news.SqlReplyReadRepository(session)
        self.content_recipients = albums.SqlContentRecipientRepository(session)
        self.plannings = conferences.SqlPlanningRepository(session)
        self.requirements = conferences.SqlRequirementRepository(session)
        self.bookings = conferences.SqlBookingRepository(session)
        self.reminders = conferences.SqlReminderRepository(session)
        self.privacy = SqlPrivacySettingsRepository(session)
        self.devices = SqlDeviceRepository(session)
        self.parent_contacts = profiles.SqlParentContactRepository(session)
        self.emergency_numbers = profiles.SqlEmergencyNumberRepository(session)
        self.teacher_notes = profiles.SqlTeacherNoteRepository(session)
        self.change_reports = profiles.SqlChangeReportRepository(session)
        self.photos = profiles.SqlProfilePhotoRepository(session)
        self.absence_settings = absence.SqlAbsenceSettingsRepository(session)
        self.absences = absence.SqlAbsenceReportRepository(session)
        self.cutoff_runs = absence.SqlCutoffRunRepository(session)
        self.leave_requests = absence.SqlLeaveRequestRepository(session)
        self.threads = absence.SqlThreadRepository(session)
        self.thread_posts = absence.SqlPostRepository(session)
        self.thread_reads = absence.SqlReadMarkerRepository(session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self.session is not None
        if exc_type is None and _only_read(self.session):
            self.session.commit()  # keeps the prepared statements (see the class)
        else:
            self.session.rollback()
        self.session.close()
        self.session = None

    def commit(self) -> None:
        assert self.session is not None, "commit outside 'with uow:'"
        self.session.commit()

    def rollback(self) -> None:
        if self.session is not None:
            self.session.rollback()


if TYPE_CHECKING:
    # mypy checks here that the class satisfies the port: a repository missing or of the
    # wrong type fails the type check, not only the test that looks for it at run time.
    _PORT: type[UnitOfWork] = SqlAlchemyUnitOfWork
