from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self

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


class UnitOfWork(Protocol):
    """One transaction. Repositories work only inside ``with uow:``; leaving the block without
    ``commit()`` rolls everything back, mail queued in the outbox included."""

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

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...
