"""Server-side browser sessions: the cookie holds a random id, the store holds its digest."""

from __future__ import annotations

import datetime as dt

import attrs

from deborg.domain.model import Parent, School

IDLE_TIMEOUT = dt.timedelta(minutes=30)
ABSOLUTE_TIMEOUT = dt.timedelta(hours=12)


@attrs.define
class WebSession:
    session_hash: str
    school_id: int
    parent_id: int
    created_at: dt.datetime
    last_seen_at: dt.datetime

    def is_alive(
        self,
        now: dt.datetime,
        idle: dt.timedelta = IDLE_TIMEOUT,
        absolute: dt.timedelta = ABSOLUTE_TIMEOUT,
    ) -> bool:
        return now - self.last_seen_at < idle and now - self.created_at < absolute


@attrs.frozen
class SignedIn:
    """A session with the parent it belongs to and that parent's school, as one request of a
    logged-in parent needs them."""

    session: WebSession
    parent: Parent
    school: School
