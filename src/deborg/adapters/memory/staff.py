"""In-memory repositories of the staff portal: staff sessions and activation links."""

from __future__ import annotations

import copy
import datetime as dt

from deborg.adapters.memory.store import MemoryRepository
from deborg.domain.staff import StaffSession, StaffToken


class MemoryStaffSessionRepository(MemoryRepository[StaffSession]):
    table_name = "staff_sessions"

    def add(self, session: StaffSession) -> None:
        self._rows[session.session_hash] = copy.deepcopy(session)

    def get(self, session_hash: str) -> StaffSession | None:
        return copy.deepcopy(self._rows.get(session_hash))

    def update(self, session: StaffSession) -> None:
        self._rows[session.session_hash] = copy.deepcopy(session)

    def delete(self, session_hash: str) -> None:
        self._rows.pop(session_hash, None)

    def delete_for_staff(self, staff_id: int, *, except_hash: str | None = None) -> int:
        return self._delete_where(
            lambda s: s.staff_id == staff_id and s.session_hash != except_hash
        )


class MemoryStaffTokenRepository(MemoryRepository[StaffToken]):
    table_name = "staff_tokens"

    def add(self, token: StaffToken) -> StaffToken:
        return self._insert(token)

    def get_by_hash(self, token_hash: str) -> StaffToken | None:
        return self._one(lambda t: t.token_hash == token_hash)

    def update(self, token: StaffToken) -> None:
        self._replace(token)

    def delete_expired_before(self, moment: dt.datetime) -> int:
        return self._delete_where(lambda t: t.expires_at < moment)
