"""What an app process keeps in memory between requests: the signed-in session of a cookie
and the Home page rendered for it. Without it every request reads the session, the parent and
the school, and Home adds a dozen reads and a template; with it, a parent returning to Home
costs a dictionary look-up.

Correctness comes first:

- A school's entries are dropped whenever PostgreSQL announces a committed change at that
  school (adapters/sqlalchemy/changes.py); a change that belongs to no school drops
  everything. The cache is off until the listener is in place and again whenever its
  connection is lost.
- An entry is only stored if its school did not change since its request began reading
  (``version``), so a change that lands while a page renders cannot be kept.
- A parent's own change is never hidden by the short delay of the announcement: after any
  form a parent sends, their next pages in the next seconds are not served from the cache.
- Entries live at most a minute (sessions: until their last-seen time is due to be touched
  again; pages: so that the time of day on Home moves on).
"""

from __future__ import annotations

import copy
import datetime as dt
import threading
from collections import OrderedDict, deque
from typing import cast

import attrs
from flask import Flask, current_app

from deborg.adapters.sqlalchemy.changes import ChangeListener
from deborg.bootstrap import Services
from deborg.domain.sessions import SignedIn

EXTENSION = "deborg_page_cache"

ENTRY_LIFETIME = dt.timedelta(minutes=1)
#: After a parent sent a form, their pages are built fresh for this long.
OWN_WRITE_WINDOW = dt.timedelta(seconds=10)
#: How many announcements are remembered to judge a request that read while they came in.
RECENT_CHANGES = 1_024


@attrs.frozen
class _Entry:
    value: object
    stored_at: dt.datetime
    school_id: int
    #: The school's and the global generation when stored: a change since makes it stale.
    generation: tuple[int, int]


class PageCache:
    """Per process. Entries belong to a school; a change announced for that school (or for
    no school in particular) makes them stale, other schools' entries stay."""

    def __init__(self, *, max_sessions: int = 5_000, max_pages: int = 1_000) -> None:
        self.max_sessions = max_sessions
        self.max_pages = max_pages
        self._lock = threading.Lock()
        self._enabled = False
        self._changes = 0  # every announcement counts
        self._recent: deque[tuple[int, int | None]] = deque(maxlen=RECENT_CHANGES)
        self._generations: dict[int, int] = {}
        self._everything = 0  # the generation of "every school"
        self._sessions: OrderedDict[str, _Entry] = OrderedDict()
        self._pages: OrderedDict[str, _Entry] = OrderedDict()

    # --- told by the change listener ---------------------------------------------------------

    def listening(self) -> None:
        """The listener is in place: from now on every change is heard."""
        with self._lock:
            self._changed(None)
            self._enabled = True

    def changed(self, school_id: int | None = None) -> None:
        """A change at ``school_id`` committed (None: somewhere, or anywhere)."""
        with self._lock:
            self._changed(school_id)

    def lost(self) -> None:
        """Changes may go unheard: keep nothing until the listener is back."""
        with self._lock:
            self._changed(None)
            self._enabled = False

    def _changed(self, school_id: int | None) -> None:
        self._changes += 1
        self._recent.append((self._changes, school_id))
        if school_id is None:
            self._everything += 1
            self._sessions.clear()
            self._pages.clear()
        else:
            self._generations[school_id] = self._generations.get(school_id, 0) + 1

    def _generation(self, school_id: int) -> tuple[int, int]:
        return self._generations.get(school_id, 0), self._everything

    def _changed_since(self, version: int, school_id: int) -> bool:
        """Whether a change that concerns ``school_id`` was announced after ``version``."""
        if version == self._changes:
            return False
        if not self._recent or self._recent[0][0] > version + 1:
            return True  # further back than remembered: assume so
        return any(n > version and s in (None, school_id) for n, s in self._recent)

    # --- used by requests ----------------------------------------------------------------------

    @property
    def version(self) -> int:
        """Read before a request reads the database; pass it back to ``put_*``."""
        return self._changes

    @property
    def enabled(self) -> bool:
        return self._enabled

    def get_session(self, key: str, now: dt.datetime) -> SignedIn | None:
        found = self._get(self._sessions, key, now)
        if not isinstance(found, SignedIn):
            return None
        # Copies: a view may change the parent it is handed; the cached one stays as read.
        return attrs.evolve(found, parent=copy.copy(found.parent), school=copy.copy(found.school))

    def put_session(self, key: str, signed_in: SignedIn, now: dt.datetime, version: int) -> None:
        self._put(
            self._sessions, self.max_sessions, key, signed_in, now, version, signed_in.school.id
        )

    def forget_session(self, key: str) -> None:
        """Drop a session that ended here, and its pages (keyed ``session|…``)."""
        with self._lock:
            self._sessions.pop(key, None)
            for page_key in [k for k in self._pages if k.split("|", 1)[0] == key]:
                del self._pages[page_key]

    def get_page(self, key: str, now: dt.datetime) -> str | None:
        found = self._get(self._pages, key, now)
        return found if isinstance(found, str) else None

    def put_page(
        self, key: str, html: str, now: dt.datetime, version: int, *, school_id: int
    ) -> None:
        self._put(self._pages, self.max_pages, key, html, now, version, school_id)

    def _get(self, table: OrderedDict[str, _Entry], key: str, now: dt.datetime) -> object:
        if not self._enabled:
            return None
        with self._lock:
            entry = table.get(key)
            if entry is None:
                return None
            if (
                now - entry.stored_at >= ENTRY_LIFETIME
                or now < entry.stored_at
                or entry.generation != self._generation(entry.school_id)
            ):
                del table[key]
                return None
            table.move_to_end(key)
            return entry.value

    def _put(
        self,
        table: OrderedDict[str, _Entry],
        limit: int,
        key: str,
        value: object,
        now: dt.datetime,
        version: int,
        school_id: int,
    ) -> None:
        with self._lock:
            if not self._enabled or self._changed_since(version, school_id):
                return  # the school changed while the value was read: it may be stale
            table[key] = _Entry(value, now, school_id, self._generation(school_id))
            table.move_to_end(key)
            while len(table) > limit:
                table.popitem(last=False)


def install(app: Flask, services: Services) -> PageCache | None:
    """Give the app a cache and its change listener when wanted and possible (PostgreSQL);
    the listener starts with the first request of each process (after gunicorn forks)."""
    engine = services.engine
    if not services.settings.page_cache_wanted or engine is None:
        return None
    if engine.dialect.name != "postgresql":
        return None
    cache = PageCache()
    listener = ChangeListener(
        services.settings.listen_database_url or engine.url.render_as_string(hide_password=False),
        on_listening=cache.listening,
        on_change=cache.changed,
        on_lost=cache.lost,
    )
    app.extensions[EXTENSION] = cache
    app.extensions[EXTENSION + "_listener"] = listener
    app.before_request(listener.ensure_running)
    return cache


def page_cache() -> PageCache | None:
    return cast(PageCache | None, current_app.extensions.get(EXTENSION))
