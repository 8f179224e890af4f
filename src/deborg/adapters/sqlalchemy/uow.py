from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from deborg.adapters.sqlalchemy import conferences, content, profiles
from deborg.adapters.sqlalchemy import repositories as r
from deborg.adapters.sqlalchemy.devices import SqlDeviceRepository
from deborg.adapters.sqlalchemy.privacy import SqlPrivacySettingsRepository


class SqlAlchemyUnitOfWork:
    """One database transaction. Leaving ``with`` without ``commit()`` rolls back.

    The session is closed for good on leaving (``close_resets_only=False``), so a repository
    kept beyond the block fails loudly instead of quietly starting a transaction of its own.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._session_factory = sessionmaker(
            bind=engine, expire_on_commit=False, close_resets_only=False
        )
        self.session: Session | None = None

    def __enter__(self) -> Self:
        session = self._session_factory()
        self.session = session
        self.schools = r.SqlSchoolRepository(session)
        self.groups = r.SqlGroupRepository(session)
        self.children = r.SqlChildRepository(session)
        self.parents = r.SqlParentRepository(session)
        self.guardianships = r.SqlGuardianshipRepository(session)
        self.staff = r.SqlStaffRepository(session)
        self.tokens = r.SqlTokenRepository(session)
        self.sessions = r.SqlSessionRepository(session)
        self.attempts = r.SqlAttemptRepository(session)
        self.outbox = r.SqlOutboxRepository(session)
        self.audit = r.SqlAuditRepository(session)
        self.plannings = conferences.SqlPlanningRepository(session)
        self.requirements = conferences.SqlRequirementRepository(session)
        self.bookings = conferences.SqlBookingRepository(session)
        self.privacy = SqlPrivacySettingsRepository(session)
        self.devices = SqlDeviceRepository(session)
        self.parent_contacts = profiles.SqlParentContactRepository(session)
        self.emergency_numbers = profiles.SqlEmergencyNumberRepository(session)
        self.teacher_notes = profiles.SqlTeacherNoteRepository(session)
        self.change_reports = profiles.SqlChangeReportRepository(session)
        self.photos = profiles.SqlProfilePhotoRepository(session)
        content.wire(self, session)
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
