"""In-memory outbox of mail to send, and the audit trail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from deborg.adapters.memory.store import MemoryRepository
from deborg.domain.audit import AuditEntry
from deborg.domain.mail import OutboxEntry, OutboxStatus


class MemoryOutboxRepository(MemoryRepository[OutboxEntry]):
    table_name = "outbox"

    def add(self, entry: OutboxEntry) -> OutboxEntry:
        return self._insert(entry)

    def add_many(self, entries: Sequence[OutboxEntry]) -> None:
        for entry in entries:
            self._insert(entry)

    def get(self, entry_id: int) -> OutboxEntry | None:
        return self._one(lambda e: e.id == entry_id)

    def due(self, now: dt.datetime, limit: int) -> Sequence[OutboxEntry]:
        found = self._select(lambda e: e.status is OutboxStatus.QUEUED and e.next_attempt_at <= now)
        return sorted(found, key=lambda e: (e.next_attempt_at, e.id))[:limit]

    def update(self, entry: OutboxEntry) -> None:
        self._replace(entry)

    def delete_sent_before(self, moment: dt.datetime) -> int:
        return self._delete_where(
            lambda e: e.status is OutboxStatus.SENT and e.sent_at is not None and e.sent_at < moment
        )

    def list(
        self, *, status: OutboxStatus | None = None, limit: int = 100
    ) -> Sequence[OutboxEntry]:
        found = self._select(lambda e: status is None or e.status is status)
        return sorted(found, key=lambda e: e.id, reverse=True)[:limit]

    def select(
        self,
        *,
        statuses: Sequence[OutboxStatus],
        created_since: dt.datetime | None = None,
    ) -> Sequence[OutboxEntry]:
        found = self._select(
            lambda e: (
                e.status in statuses and (created_since is None or e.created_at >= created_since)
            )
        )
        return sorted(found, key=lambda e: e.id)


class MemoryAuditRepository(MemoryRepository[AuditEntry]):
    table_name = "audit"

    def add(self, entry: AuditEntry) -> None:
        self._insert(entry)

    def list_for_subject(
        self, school_id: int, subject_type: str, subject_id: int
    ) -> Sequence[AuditEntry]:
        found = self._select(
            lambda e: (
                e.school_id == school_id
                and e.subject_type == subject_type
                and e.subject_id == subject_id
            )
        )
        return sorted(found, key=lambda e: e.id)
