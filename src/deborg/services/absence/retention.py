"""Removing absences, leave requests and conversations whose retention has run out (the
school's setting, by default the end of the school year after next); ``deborg purge``."""

from __future__ import annotations

import datetime as dt

import attrs

from deborg.domain.absence.reports import school_now
from deborg.domain.absence.retention import oldest_kept
from deborg.domain.dutch import to_utc
from deborg.ports.clock import Clock
from deborg.ports.files import FileStore
from deborg.ports.uow import UnitOfWork


@attrs.frozen
class Expired:
    absences: int = 0
    leave_requests: int = 0
    conversations: int = 0


def purge_expired(uow: UnitOfWork, clock: Clock, files: FileStore) -> Expired:
    """For every school, in one transaction per school; the attachments of removed
    conversations are deleted once the removal is committed."""
    with uow:
        schools = uow.schools.list()
    total = Expired()
    for school in schools:
        doomed_files: list[str] = []
        with uow:
            years = uow.absence_settings.get(school.id).retention_years
            today = school_now(clock.now(), school.timezone).date()
            first_kept = oldest_kept(today, years)
            threads = uow.threads.list_last_post_before(
                school.id, to_utc(first_kept, dt.time(0, 0), school.timezone)
            )
            ids = [t.id for t in threads]
            doomed_files = [
                p.attachment.file_key
                for p in uow.thread_posts.list_for_threads(school.id, ids)
                if p.attachment is not None
            ]
            total = Expired(
                total.absences + uow.absences.delete_before(school.id, first_kept),
                total.leave_requests + uow.leave_requests.delete_before(school.id, first_kept),
                total.conversations + uow.threads.delete(school.id, ids),
            )
            uow.commit()
        for key in doomed_files:
            files.delete(key)
    return total
