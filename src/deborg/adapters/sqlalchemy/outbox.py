"""SQL repositories of the outbox of mail to send and of the audit trail."""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Sequence
from typing import cast

import attrs
from sqlalchemy import Table, delete, insert, select

from deborg.adapters.sqlalchemy.base import SqlRepository, rowcount
from deborg.adapters.sqlalchemy.tables import AuditRow, OutboxRow
from deborg.domain.audit import AuditEntry
from deborg.domain.mail import (
    Attachment,
    MailCategory,
    OutboxEntry,
    OutboxStatus,
    OutgoingMail,
)


def _outbox_entry(row: OutboxRow) -> OutboxEntry:
    return OutboxEntry(
        id=row.id,
        school_id=row.school_id,
        mail=OutgoingMail(
            to=row.to_address,
            subject=row.subject,
            text=row.text_body,
            html=row.html_body,
            category=MailCategory(row.category),
            headers=tuple((name, value) for name, value in row.headers),
            attachments=tuple(
                Attachment(a["filename"], a["content_type"], base64.b64decode(a["content"]))
                for a in row.attachments
            ),
        ),
        created_at=row.created_at,
        next_attempt_at=row.next_attempt_at,
        status=OutboxStatus(row.status),
        attempts=row.attempts,
        last_error=row.last_error,
        sent_at=row.sent_at,
        expires_at=row.expires_at,
    )


def _outbox_values(entry: OutboxEntry) -> dict[str, object]:
    mail = entry.mail
    return {
        "school_id": entry.school_id,
        "to_address": mail.to,
        "subject": mail.subject,
        "text_body": mail.text,
        "html_body": mail.html,
        "category": mail.category.value,
        "headers": [list(h) for h in mail.headers],
        "attachments": [
            {
                "filename": a.filename,
                "content_type": a.content_type,
                "content": base64.b64encode(a.content).decode(),
            }
            for a in mail.attachments
        ],
        "status": entry.status.value,
        "attempts": entry.attempts,
        "last_error": entry.last_error,
        "created_at": entry.created_at,
        "next_attempt_at": entry.next_attempt_at,
        "sent_at": entry.sent_at,
        "expires_at": entry.expires_at,
    }


_OUTBOX = cast(Table, OutboxRow.__table__)  # a mapped class's __table__ is typed as FromClause
_INSERT_OUTBOX = insert(_OUTBOX).returning(_OUTBOX.c.id)


class SqlOutboxRepository(SqlRepository):
    def add(self, entry: OutboxEntry) -> OutboxEntry:
        # A plain INSERT … RETURNING: no ORM object to flush or to keep in the session.
        new_id = self.session.execute(_INSERT_OUTBOX, _outbox_values(entry)).scalar_one()
        return attrs.evolve(entry, id=new_id)

    def add_many(self, entries: Sequence[OutboxEntry]) -> None:
        # One executemany of one short statement: psycopg sends every row in one pipeline (no
        # round trip per mail) as a prepared statement, and the statement's text is parsed
        # once; a multi-row INSERT of 500 mails (9,000 parameters) took longer to build than
        # to run.
        if entries:
            self.session.execute(insert(_OUTBOX), [_outbox_values(e) for e in entries])

    def get(self, entry_id: int) -> OutboxEntry | None:
        row = self.session.get(OutboxRow, entry_id)
        return _outbox_entry(row) if row else None

    def due(self, now: dt.datetime, limit: int) -> Sequence[OutboxEntry]:
        rows = self.session.scalars(
            select(OutboxRow)
            .where(OutboxRow.status == OutboxStatus.QUEUED.value, OutboxRow.next_attempt_at <= now)
            .order_by(OutboxRow.next_attempt_at, OutboxRow.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return [_outbox_entry(r) for r in rows]

    def update(self, entry: OutboxEntry) -> None:
        row = self.session.get_one(OutboxRow, entry.id)
        row.status = entry.status.value
        row.attempts = entry.attempts
        row.last_error = entry.last_error
        row.next_attempt_at = entry.next_attempt_at
        row.sent_at = entry.sent_at
        row.expires_at = entry.expires_at

    def delete_sent_before(self, moment: dt.datetime) -> int:
        return rowcount(
            self.session.execute(
                delete(OutboxRow).where(
                    OutboxRow.status == OutboxStatus.SENT.value, OutboxRow.sent_at < moment
                )
            )
        )

    def list(
        self, *, status: OutboxStatus | None = None, limit: int = 100
    ) -> Sequence[OutboxEntry]:
        query = select(OutboxRow).order_by(OutboxRow.id.desc()).limit(limit)
        if status is not None:
            query = query.where(OutboxRow.status == status.value)
        return [_outbox_entry(r) for r in self.session.scalars(query)]

    def select(
        self,
        *,
        statuses: Sequence[OutboxStatus],
        created_since: dt.datetime | None = None,
    ) -> Sequence[OutboxEntry]:
        query = (
            select(OutboxRow)
            .where(OutboxRow.status.in_([s.value for s in statuses]))
            .order_by(OutboxRow.id)
        )
        if created_since is not None:
            query = query.where(OutboxRow.created_at >= created_since)
        return [_outbox_entry(r) for r in self.session.scalars(query)]


class SqlAuditRepository(SqlRepository):
    def add(self, entry: AuditEntry) -> None:
        self.session.add(
            AuditRow(
                school_id=entry.school_id,
                actor=entry.actor,
                subject_type=entry.subject_type,
                subject_id=entry.subject_id,
                field=entry.field,
                old_value=entry.old_value,
                new_value=entry.new_value,
                at=entry.at,
            )
        )

    def list_for_subject(
        self, school_id: int, subject_type: str, subject_id: int
    ) -> Sequence[AuditEntry]:
        rows = self.session.scalars(
            select(AuditRow)
            .where(
                AuditRow.school_id == school_id,
                AuditRow.subject_type == subject_type,
                AuditRow.subject_id == subject_id,
            )
            .order_by(AuditRow.id)
        )
        return [
            AuditEntry(
                id=r.id,
                school_id=r.school_id,
                actor=r.actor,
                subject_type=r.subject_type,
                subject_id=r.subject_id,
                field=r.field,
                old_value=r.old_value,
                new_value=r.new_value,
                at=r.at,
            )
            for r in rows
        ]
