"""PostgreSQL tells every app process when data changed: a row trigger on each table sends
``NOTIFY deborg_changes`` with the school the row belongs to (``*`` for rows that belong to
none), delivered at commit and never for a rolled-back change; one notification per school
and transaction however many rows it wrote. :class:`ChangeListener` hears them in a thread of
its own and calls back, and what the processes keep in memory (entrypoints/web/pagecache.py)
for that school is dropped.

Quiet tables do not notify: their writes change nothing a cached page shows (login attempts,
the outbox, digest lines, tokens, the audit trail, calendar feeds, paired devices). Sessions
notify only when one ends (DELETE), not when its last-seen time is touched.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable

import psycopg
from sqlalchemy import Connection, text
from sqlalchemy.engine import make_url

CHANNEL = "deborg_changes"
QUIET_TABLES = frozenset(
    {
        "alembic_version",
        "throttle_attempts",
        "outbox",
        "digest_entries",
        "digest_state",
        "account_tokens",
        "audit_trail",
        "calendar_feeds",
        "paired_devices",
    }
)
SESSIONS_TABLE = "web_sessions"
TRIGGER = "deborg_changes"

_FUNCTION = f"""
CREATE OR REPLACE FUNCTION deborg_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed jsonb;
BEGIN
    IF TG_OP = 'DELETE' THEN
        changed := to_jsonb(OLD);
    ELSE
        changed := to_jsonb(NEW);
    END IF;
    IF TG_TABLE_NAME = 'schools' THEN
        PERFORM pg_notify('{CHANNEL}', changed->>'id');
    ELSE
        PERFORM pg_notify('{CHANNEL}', COALESCE(changed->>'school_id', '*'));
    END IF;
    RETURN NULL;
END
$$
"""

log = logging.getLogger(__name__)


def install_sql(connection: Connection) -> list[str]:
    """The statements that make every table of the schema (but the quiet ones) notify.
    Idempotent; a migration that adds a table runs them again."""
    tables = connection.execute(
        text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    ).scalars()
    statements = [_FUNCTION]
    for table in sorted(set(tables) - QUIET_TABLES):
        events = "DELETE" if table == SESSIONS_TABLE else "INSERT OR UPDATE OR DELETE"
        statements += [
            f'DROP TRIGGER IF EXISTS {TRIGGER} ON "{table}"',
            f'CREATE TRIGGER {TRIGGER} AFTER {events} ON "{table}" '
            "FOR EACH ROW EXECUTE FUNCTION deborg_notify_change()",
        ]
    return statements


def school_of(payload: str) -> int | None:
    """The school a notification names; None (every school) for ``*`` or anything else."""
    return int(payload) if payload.isdigit() else None


def psycopg_url(sqlalchemy_url: str) -> str:
    """``postgresql+psycopg://…`` as libpq understands it."""
    return (
        make_url(sqlalchemy_url).set(drivername="postgresql").render_as_string(hide_password=False)
    )


class ChangeListener:
    """Listens on :data:`CHANNEL` in a daemon thread of the current process.

    ``on_listening`` is called once LISTEN is in place (from then on nothing is missed),
    ``on_change`` for every notification with the school that changed (None: any school),
    ``on_lost`` when the connection broke (whatever was kept may be stale; the listener
    reconnects and calls ``on_listening`` again)."""

    def __init__(
        self,
        url: str,
        *,
        on_listening: Callable[[], None],
        on_change: Callable[[int | None], None],
        on_lost: Callable[[], None],
        retry_seconds: float = 1.0,
    ) -> None:
        self.url = psycopg_url(url)
        self.on_listening = on_listening
        self.on_change = on_change
        self.on_lost = on_lost
        self.retry_seconds = retry_seconds
        self._stop = threading.Event()
        self._pid: int | None = None
        self._lock = threading.Lock()

    def ensure_running(self) -> None:
        """Start the thread in this process (after a fork, the parent's thread is gone)."""
        if self._pid == os.getpid():
            return
        with self._lock:
            if self._pid == os.getpid():
                return
            self._pid = os.getpid()
            self._stop.clear()
            threading.Thread(target=self._run, name="deborg-changes", daemon=True).start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                with psycopg.connect(self.url, autocommit=True) as connection:
                    connection.execute(f"LISTEN {CHANNEL}")
                    self.on_listening()
                    while not self._stop.is_set():
                        for notify in connection.notifies(timeout=1.0):
                            self.on_change(school_of(notify.payload))
            except Exception as error:  # the thread must live on: the caches depend on it
                if not self._stop.is_set():
                    log.warning("change notifications lost (%s); retrying", error)
            finally:
                self.on_lost()
            self._stop.wait(self.retry_seconds)
