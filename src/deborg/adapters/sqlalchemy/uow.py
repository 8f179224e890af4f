from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, Self

from sqlalchemy import Engine
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


class SqlAlchemyUnitOfWork:
    """One database transaction. Leaving ``with`` without ``commit()`` rolls back.

    Satisfies :class:`deborg.ports.uow.UnitOfWork`: ``with`` makes every repository anew on
    the transaction's session. The session is closed for good on leaving
    (``close_resets_only=False``), so a repository kept beyond the block fails loudly instead
    of quietly starting a transaction of its own.
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
        self._session_factory = sessionmaker(
            bind=engine, expire_on_commit=False, close_resets_only=False
        )
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
