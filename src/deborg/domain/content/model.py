"""The content model. Bodies are stored as :class:`RichText`: HTML that was sanitised when
it was stored, with a plain-text rendering for mails and summaries."""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from deborg.domain.model import NEW


class ContentKind(enum.StrEnum):
    NEWS = "news"
    MESSAGE = "message"
    AGENDA = "agenda"
    ALBUM = "album"
    DOCUMENT = "document"


@attrs.frozen
class Audience:
    """Who an item is for: the whole school (no groups) or one or more groups."""

    group_ids: frozenset[int] = frozenset()

    @classmethod
    def whole_school(cls) -> Audience:
        return cls()

    @classmethod
    def groups(cls, group_ids: frozenset[int] | set[int] | tuple[int, ...]) -> Audience:
        return cls(frozenset(group_ids))

    @property
    def school_wide(self) -> bool:
        return not self.group_ids


@attrs.frozen
class RichText:
    """Sanitised HTML and the same text without markup; ``source`` is what the staff member
    wrote (Markdown), kept where an item can be edited again (empty for older items)."""

    html: str = ""
    text: str = ""
    source: str = ""

    @property
    def editable(self) -> str:
        """The text to put back in the editor."""
        return self.source or self.text

    def summary(self, length: int = 200) -> str:
        flat = " ".join(self.text.split())
        if len(flat) <= length:
            return flat
        return flat[: length - 1].rsplit(" ", 1)[0] + " …"


@attrs.define
class NewsItem:
    school_id: int
    title: str
    body: RichText
    audience: Audience
    published_at: dt.datetime
    author_id: int | None = None
    id: int = NEW

    kind = ContentKind.NEWS


@attrs.define
class Message:
    """A bericht/oproep. ``urgent`` makes it a spoedbericht; ``allow_replies`` opens the reply
    form, and replies reach ``author_id`` (a staff member)."""

    school_id: int
    title: str
    body: RichText
    audience: Audience
    published_at: dt.datetime
    urgent: bool = False
    allow_replies: bool = False
    author_id: int | None = None
    id: int = NEW

    kind = ContentKind.MESSAGE


@attrs.define
class Reply:
    """A parent's reply to a message, and the staff member's answer to it (if any): the parent
    reads the answer under their reply."""

    school_id: int
    message_id: int
    parent_id: int
    text: str
    created_at: dt.datetime
    answer: str = ""
    answered_at: dt.datetime | None = None
    answered_by: int | None = None
    id: int = NEW

    @property
    def answered(self) -> bool:
        return self.answered_at is not None


@attrs.define
class AgendaItem:
    """An agenda item. Times are UTC; an all-day item runs from ``starts_at`` (local midnight)
    through the local date of ``ends_at``."""

    school_id: int
    title: str
    description: RichText
    audience: Audience
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    published_at: dt.datetime
    all_day: bool = False
    location: str = ""
    changed_at: dt.datetime | None = None
    #: Bumped on every change, for the SEQUENCE of the iCalendar feed.
    revision: int = 0
    id: int = NEW
    #: When the item is over (UTC): its end, or its start when it has none; for an all-day
    #: item the local midnight after its last day. Only the school's time zone knows that
    #: moment (a day can have 23 or 25 hours), so the use cases set it with
    #: :func:`over_at`; the default assumes days of 24 hours.
    over_at: dt.datetime = attrs.field(
        default=attrs.Factory(lambda item: item._naive_over_at(), takes_self=True)
    )

    kind = ContentKind.AGENDA

    def _naive_over_at(self) -> dt.datetime:
        end = self.ends_at or self.starts_at
        return end + dt.timedelta(days=1) if self.all_day else end


@attrs.define
class Album:
    school_id: int
    title: str
    description: str
    audience: Audience
    published_at: dt.datetime
    photo_count: int = 0
    cover_photo_id: int | None = None
    id: int = NEW

    kind = ContentKind.ALBUM


@attrs.define
class Photo:
    school_id: int
    album_id: int
    file_key: str
    thumbnail_key: str
    content_type: str
    width: int
    height: int
    added_at: dt.datetime
    caption: str = ""
    id: int = NEW


@attrs.define
class Document:
    school_id: int
    title: str
    description: str
    audience: Audience
    filename: str
    content_type: str
    size: int
    file_key: str
    published_at: dt.datetime
    id: int = NEW

    kind = ContentKind.DOCUMENT


#: Anything with an audience that a parent may or may not see.
AudienceItem = NewsItem | Message | AgendaItem | Album | Document


@attrs.define
class CalendarFeed:
    """A parent's private calendar feed; only the hash of its secret token is kept."""

    school_id: int
    parent_id: int
    token_hash: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None = None
