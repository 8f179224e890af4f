"""SQL repositories of the staff portal: staff sessions and activation links (rows in
tables.py)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select

from deborg.adapters.sqlalchemy.base import SqlRepository, rowcount
from deborg.adapters.sqlalchemy.tables import StaffSessionRow, StaffTokenRow
from deborg.domain.staff import StaffSession, StaffToken, StaffTokenPurpose


def _session(row: StaffSessionRow) -> StaffSession:
    return StaffSession(
        session_hash=row.session_hash,
        school_id=row.school_id,
        staff_id=row.staff_id,
        created_at=row.created_at,
        last_seen_at=row.last_seen_at,
    )


class SqlStaffSessionRepository(SqlRepository):
    def add(self, session: StaffSession) -> None:
        self.session.add(
            StaffSessionRow(
                session_hash=session.session_hash,
                school_id=session.school_id,
                staff_id=session.staff_id,
                created_at=session.created_at,
                last_seen_at=session.last_seen_at,
            )
        )
        self.session.flush()

    def get(self, session_hash: str) -> StaffSession | None:
        row = self.session.get(StaffSessionRow, session_hash)
        return _session(row) if row else None

    def update(self, session: StaffSession) -> None:
        row = self.session.get_one(StaffSessionRow, session.session_hash)
        row.last_seen_at = session.last_seen_at

    def delete(self, session_hash: str) -> None:
        self.session.execute(
            delete(StaffSessionRow).where(StaffSessionRow.session_hash == session_hash)
        )

    def delete_for_staff(self, staff_id: int, *, except_hash: str | None = None) -> int:
        query = delete(StaffSessionRow).where(StaffSessionRow.staff_id == staff_id)
        if except_hash is not None:
            query = query.where(StaffSessionRow.session_hash != except_hash)
        return rowcount(self.session.execute(query))


def _token(row: StaffTokenRow) -> StaffToken:
    return StaffToken(
        id=row.id,
        school_id=row.school_id,
        staff_id=row.staff_id,
        token_hash=row.token_hash,
        created_at=row.created_at,
        expires_at=row.expires_at,
        used_at=row.used_at,
        security_stamp=row.security_stamp,
        purpose=StaffTokenPurpose(row.purpose),
    )


class SqlStaffTokenRepository(SqlRepository):
    def add(self, token: StaffToken) -> StaffToken:
        row = StaffTokenRow(
            school_id=token.school_id,
            staff_id=token.staff_id,
            token_hash=token.token_hash,
            created_at=token.created_at,
            expires_at=token.expires_at,
            used_at=token.used_at,
            security_stamp=token.security_stamp,
            purpose=token.purpose.value,
        )
        self.session.add(row)
        self.session.flush()
        return _token(row)

    def get_by_hash(self, token_hash: str) -> StaffToken | None:
        row = self.session.scalar(
            select(StaffTokenRow).where(StaffTokenRow.token_hash == token_hash)
        )
        return _token(row) if row else None

    def update(self, token: StaffToken) -> None:
        row = self.session.get_one(StaffTokenRow, token.id)
        row.used_at = token.used_at

    def delete_expired_before(self, moment: dt.datetime) -> int:
        return rowcount(
            self.session.execute(delete(StaffTokenRow).where(StaffTokenRow.expires_at < moment))
        )
