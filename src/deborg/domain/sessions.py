"""Server-side browser sessions: the cookie holds a random id, the store holds its digest."""

from __future__ import annotations

import datetime as dt
import re

import attrs

from deborg.domain.model import Parent, School

IDLE_TIMEOUT = dt.timedelta(minutes=30)
ABSOLUTE_TIMEOUT = dt.timedelta(hours=12)
#: The stored user agent is cut to this length; it is only shown, never trusted.
USER_AGENT_MAX = 300


@attrs.define
class WebSession:
    session_hash: str
    school_id: int
    parent_id: int
    created_at: dt.datetime
    last_seen_at: dt.datetime
    #: The browser's User-Agent at login, for "Actieve sessies" only.
    user_agent: str = ""

    @property
    def device(self) -> str:
        return describe_user_agent(self.user_agent)

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


# The browser and the operating system as a parent recognises them, from a User-Agent header.
# Order matters: Edge and Opera also say Chrome, Chrome also says Safari, iOS also says Mac OS.
_BROWSERS: tuple[tuple[str, str], ...] = (
    (r"Edg(e|A|iOS)?/", "Edge"),
    (r"OPR/|Opera", "Opera"),
    (r"SamsungBrowser/", "Samsung Internet"),
    (r"Firefox/|FxiOS/", "Firefox"),
    (r"Chrome/|CriOS/|Chromium/", "Chrome"),
    (r"Safari/", "Safari"),
)
_SYSTEMS: tuple[tuple[str, str], ...] = (
    (r"iPhone|iPad|iPod", "iOS"),
    (r"Android", "Android"),
    (r"CrOS", "ChromeOS"),
    (r"Windows", "Windows"),
    (r"Mac OS X|Macintosh", "macOS"),
    (r"Linux", "Linux"),
)


def _first(patterns: tuple[tuple[str, str], ...], user_agent: str) -> str | None:
    return next((name for pattern, name in patterns if re.search(pattern, user_agent)), None)


def describe_user_agent(user_agent: str) -> str:
    """'Firefox op Windows', 'Safari op iOS' …; 'Onbekende browser' when nothing is known."""
    browser = _first(_BROWSERS, user_agent)
    system = _first(_SYSTEMS, user_agent)
    if browser and system:
        return f"{browser} op {system}"
    return browser or (f"Browser op {system}" if system else "Onbekende browser")
