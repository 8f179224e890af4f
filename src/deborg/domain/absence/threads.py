"""Bericht aan de leerkracht: a conversation a parent starts with a teacher of their child's
group, and the posts of both sides.

Who sees a thread: the teacher it is addressed to, the parent who started it, and the
child's other guardians unless the starter marked it as only theirs. Read markers are kept
per reader; a thread is unread for a reader when its last post is newer than their marker
and was not written by them.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence

import attrs

from deborg.domain import dutch
from deborg.domain.absence.reports import ensure_may_report
from deborg.domain.absence.settings import ReachableHours
from deborg.domain.errors import InvalidInput
from deborg.domain.model import NEW, Parent

MAX_SUBJECT = 150
MAX_TEXT = 5_000


class Side(enum.StrEnum):
    PARENT = "parent"
    STAFF = "staff"


@attrs.frozen
class Reader:
    """Who reads a thread: a parent or a staff member, by id."""

    side: Side
    id: int


@attrs.frozen
class PostAttachment:
    file_key: str
    filename: str
    content_type: str
    size: int


@attrs.define
class Thread:
    school_id: int
    child_id: int
    staff_id: int
    started_by: int
    subject: str
    started_at: dt.datetime
    last_post_at: dt.datetime
    #: Only the starter (and the teacher) see it, not the child's other guardians.
    private: bool = False
    id: int = NEW


@attrs.define
class Post:
    school_id: int
    thread_id: int
    side: Side
    author_id: int
    text: str
    posted_at: dt.datetime
    attachment: PostAttachment | None = None
    id: int = NEW

    @property
    def reader(self) -> Reader:
        return Reader(self.side, self.author_id)


@attrs.frozen
class ReadMarker:
    school_id: int
    thread_id: int
    reader: Reader
    read_at: dt.datetime


def parent_can_see(thread: Thread, parent_id: int, children: Iterable[int]) -> bool:
    """The starter always; a co-guardian of the thread's child unless it is private."""
    if thread.started_by == parent_id:
        return True
    return not thread.private and thread.child_id in set(children)


def is_unread(
    thread: Thread, last_post: Post | None, marker: ReadMarker | None, reader: Reader
) -> bool:
    if last_post is None or last_post.reader == reader:
        return False
    return marker is None or marker.read_at < last_post.posted_at


def check_subject(subject: str) -> str:
    subject = " ".join(subject.split())
    if not subject:
        raise InvalidInput("Geef het bericht een onderwerp.", "subject")
    if len(subject) > MAX_SUBJECT:
        raise InvalidInput(f"Het onderwerp mag hoogstens {MAX_SUBJECT} tekens zijn.", "subject")
    return subject


def check_text(text: str, *, with_attachment: bool = False) -> str:
    text = text.strip()
    if not text and not with_attachment:
        raise InvalidInput("Schrijf een bericht.", "text")
    if len(text) > MAX_TEXT:
        raise InvalidInput(f"Het bericht mag hoogstens {MAX_TEXT} tekens zijn.", "text")
    return text


def ensure_may_write(parent: Parent) -> None:
    ensure_may_report(parent)


def next_reachable(now_local: dt.datetime, hours: Sequence[ReachableHours]) -> dt.datetime | None:
    """None when the teacher is reachable now (or the school set no hours); otherwise the
    next wall-clock moment (in ``now_local``'s zone) their reachable hours begin."""
    if not hours:
        return None
    by_day: dict[int, list[ReachableHours]] = {}
    for h in hours:
        by_day.setdefault(h.weekday, []).append(h)
    clock = now_local.time().replace(tzinfo=None)
    for h in by_day.get(now_local.weekday(), []):
        if h.start <= clock < h.end:
            return None
    for offset in range(8):
        day = now_local.date() + dt.timedelta(days=offset)
        for h in sorted(by_day.get(day.weekday(), []), key=lambda h: h.start):
            if offset == 0 and h.start <= clock:
                continue
            return dt.datetime.combine(day, h.start, now_local.tzinfo)
    return None  # pragma: no cover - a non-empty week always has a next start


def reachable_note(
    now_local: dt.datetime, hours: Sequence[ReachableHours], teacher: str
) -> str | None:
    """What a parent writing outside the reachable hours reads, or None within them."""
    moment = next_reachable(now_local, hours)
    if moment is None:
        return None
    return (
        f"{teacher} leest berichten tijdens de bereikbare tijden "
        f"({'; '.join(h.describe() for h in hours)}). U kunt een antwoord verwachten vanaf "
        f"{dutch.format_date(moment.date())} {dutch.format_time(moment)} uur."
    )
