"""The in-memory unit of work: every repository of :class:`deborg.ports.uow.UnitOfWork` on a
private copy of a :class:`MemoryDatabase`, published on ``commit()``."""

from __future__ import annotations

import copy
from types import TracebackType
from typing import TYPE_CHECKING, Self

from deborg.adapters.memory import accounts, conferences, content, outbox, profiles
from deborg.adapters.memory.devices import MemoryDeviceRepository
from deborg.adapters.memory.privacy import MemoryPrivacySettingsRepository
from deborg.adapters.memory.store import MemoryDatabase, Transaction
from deborg.ports.conferences import BookingRepository, PlanningRepository, RequirementRepository
from deborg.ports.content import (
    AgendaRepository,
    AlbumRepository,
    CalendarFeedRepository,
    DigestEntryRepository,
    DigestStateRepository,
    DocumentRepository,
    MessageRepository,
    NewsRepository,
    NotificationPreferenceRepository,
    PhotoRepository,
    ReadStateRepository,
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
    SchoolRepository,
    SessionRepository,
    StaffRepository,
    TokenRepository,
)
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
    staff: StaffRepository
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
    plannings: PlanningRepository
    requirements: RequirementRepository
    bookings: BookingRepository
    privacy: PrivacySettingsRepository
    devices: DeviceRepository
    parent_contacts: ParentContactRepository
    emergency_numbers: EmergencyNumberRepository
    teacher_notes: TeacherNoteRepository
    change_reports: ChangeReportRepository
    photos: ProfilePhotoRepository

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
        self.staff = accounts.MemoryStaffRepository(tx)
        self.tokens = accounts.MemoryTokenRepository(tx)
        self.sessions = accounts.MemorySessionRepository(tx)
        self.attempts = accounts.MemoryAttemptRepository(tx)
        self.outbox = outbox.MemoryOutboxRepository(tx)
        self.audit = outbox.MemoryAuditRepository(tx)
        self.plannings = conferences.MemoryPlanningRepository(tx)
        self.requirements = conferences.MemoryRequirementRepository(tx)
        self.bookings = conferences.MemoryBookingRepository(tx)
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
        self.reads = content.MemoryReadStateRepository(tx)

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
        self.database.publish(copy.deepcopy(tx.tables), dict(tx.sequences))
        self.committed = True

    def rollback(self) -> None:
        self._current = None


if TYPE_CHECKING:
    # mypy checks here that the class satisfies the port: a repository missing or of the
    # wrong type fails the type check, not only the test that looks for it at run time.
    _PORT: type[UnitOfWork] = MemoryUnitOfWork
