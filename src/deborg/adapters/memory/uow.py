"""The in-memory unit of work: every repository of :class:`deborg.ports.uow.UnitOfWork` on a
private copy of a :class:`MemoryDatabase`, published on ``commit()``."""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, Self

from deborg.adapters.memory import absence, accounts, conferences, content, outbox, profiles
from deborg.adapters.memory.devices import MemoryDeviceRepository
from deborg.adapters.memory.privacy import MemoryPrivacySettingsRepository
from deborg.adapters.memory.staff import MemoryStaffSessionRepository, MemoryStaffTokenRepository
from deborg.adapters.memory.store import MemoryDatabase, Transaction
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


class MemoryUnitOfWork:
    """Satisfies :class:`deborg.ports.uow.UnitOfWork`: the repositories are made once and work
    on whichever transaction is current, and only inside ``with uow:``."""

    database: MemoryDatabase
    committed: bool

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

    def __init__(self, database: MemoryDatabase | None = None) -> None:
        self.database = database if database is not None else MemoryDatabase()
        self._current: Transaction | None = None
        self.committed = False
        tx = self._transaction
        self.schools = accounts.MemorySchoolRepository(tx)
        self.groups = accounts.MemoryGroupRepository(tx)
        self.children = accounts.MemoryChildRepository(tx)
        self.parents = accounts.MemoryParentRepository(tx)
        self.guardianships = accounts.MemoryGuardianshipRepository(tx)
        self.pupil_contacts = accounts.MemoryPupilContactRepository(tx)
        self.staff = accounts.MemoryStaffRepository(tx)
        self.staff_sessions = MemoryStaffSessionRepository(tx)
        self.staff_tokens = MemoryStaffTokenRepository(tx)
        self.tokens = accounts.MemoryTokenRepository(tx)
        self.sessions = accounts.MemorySessionRepository(tx)
        self.attempts = accounts.MemoryAttemptRepository(tx)
        self.outbox = outbox.MemoryOutboxRepository(tx)
        self.audit = outbox.MemoryAuditRepository(tx)
        self.plannings = conferences.MemoryPlanningRepository(tx)
        self.requirements = conferences.MemoryRequirementRepository(tx)
        self.bookings = conferences.MemoryBookingRepository(tx)
        self.reminders = conferences.MemoryReminderRepository(tx)
        self.privacy = MemoryPrivacySettingsRepository(tx)
        self.devices = MemoryDeviceRepository(tx)
        self.parent_contacts = profiles.MemoryParentContactRepository(tx)
        self.emergency_numbers = profiles.MemoryEmergencyNumberRepository(tx)
        self.teacher_notes = profiles.MemoryTeacherNoteRepository(tx)
        self.change_reports = profiles.MemoryChangeReportRepository(tx)
        self.photos = profiles.MemoryProfilePhotoRepository(tx)
        self.news = content.MemoryNewsRepository(tx)
        self.messages = content.MemoryMessageRepository(tx)
        self.replies = content.MemoryReplyRepository(tx)
        self.agenda = content.MemoryAgendaRepository(tx)
        self.albums = content.MemoryAlbumRepository(tx)
        self.album_photos = content.MemoryPhotoRepository(tx)
        self.documents = content.MemoryDocumentRepository(tx)
        self.notification_preferences = content.MemoryNotificationPreferenceRepository(tx)
        self.digest_entries = content.MemoryDigestEntryRepository(tx)
        self.digest_state = content.MemoryDigestStateRepository(tx)
        self.calendar_feeds = content.MemoryCalendarFeedRepository(tx)
        self.absence_settings = absence.MemoryAbsenceSettingsRepository(tx)
        self.absences = absence.MemoryAbsenceReportRepository(tx)
        self.cutoff_runs = absence.MemoryCutoffRunRepository(tx)
        self.leave_requests = absence.MemoryLeaveRequestRepository(tx)
        self.threads = absence.MemoryThreadRepository(tx)
        self.thread_posts = absence.MemoryPostRepository(tx)
        self.thread_reads = absence.MemoryReadMarkerRepository(tx)
        self.reads = content.MemoryReadStateRepository(tx)
        self.reply_reads = content.MemoryReplyReadRepository(tx)
        self.content_recipients = content.MemoryContentRecipientRepository(tx)

    def _transaction(self) -> Transaction:
        if self._current is None:
            raise RuntimeError("repositories work only inside 'with uow:'")
        return self._current

    def __enter__(self) -> Self:
        self._current = Transaction(self.database)
        self.committed = False
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.rollback()

    def commit(self) -> None:
        tx = self._transaction()
        self.database.publish(tx.tables_to_publish(), dict(tx.sequences))
        self.committed = True

    def rollback(self) -> None:
        self._current = None


if TYPE_CHECKING:
    # mypy checks here that the class satisfies the port: a repository missing or of the
    # wrong type fails the type check, not only the test that looks for it at run time.
    _PORT: type[UnitOfWork] = MemoryUnitOfWork
