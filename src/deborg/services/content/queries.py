"""What a parent's content pages show, always through the audience rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

import attrs

from deborg.domain import dutch
from deborg.domain.content import listing
from deborg.domain.content.audience import require_visible, visible
from deborg.domain.content.model import AgendaItem, Document, Message, NewsItem, Reply
from deborg.ports.content import ListedItems
from deborg.ports.uow import UnitOfWork
from deborg.services.content.audience import viewer_for
from deborg.services.content.reads import unread_answer_ids, unread_ids
from deborg.services.lookups import school_or_not_found

# --- the list pages: Nieuws, Berichten, Documenten -----------------------------------------

Listed = TypeVar("Listed", NewsItem, Message, Document)

#: Items per page (``?pagina=``).
PAGE_SIZE = listing.PAGE_SIZE


@attrs.frozen
class ListPage(Generic[Listed]):
    """One page of a list: its items, which of them the parent has not read yet (news and
    berichten), and what was searched for."""

    items: tuple[Listed, ...]
    unread: frozenset[int] = frozenset()
    page: int = 1
    has_next: bool = False
    search: str = ""
    #: How many items the whole list holds; counted only when asked for (the app's API).
    total: int | None = None
    #: Berichten: those of ``unread`` that are unread for an answer to the parent's reply.
    new_answers: frozenset[int] = frozenset()


@attrs.frozen
class Marked:
    """Which items of a page the parent has not read, and (berichten) which of those for a
    new answer to their reply."""

    unread: frozenset[int] = frozenset()
    new_answers: frozenset[int] = frozenset()


#: Which items of a page the parent has not read: (uow, school id, parent id, items).
Marks = Callable[[UnitOfWork, int, int, Sequence[Listed]], Marked]


def _unread_news(
    uow: UnitOfWork, school_id: int, parent_id: int, items: Sequence[NewsItem]
) -> Marked:
    return Marked(unread_ids(uow.reads.get(school_id, parent_id), items))


def _unread_messages(
    uow: UnitOfWork, school_id: int, parent_id: int, items: Sequence[Message]
) -> Marked:
    state = uow.reads.get(school_id, parent_id)
    return Marked(unread_ids(state, items), unread_answer_ids(state, items))


@attrs.frozen
class ListKind(Generic[Listed]):
    """A list a parent pages through: where its items are, and whether they carry unread
    markers."""

    repository: Callable[[UnitOfWork], ListedItems[Listed]]
    marks: Marks[Listed] | None = None


NEWS: ListKind[NewsItem] = ListKind(lambda uow: uow.news, _unread_news)
#: Spoedberichten are marked by the page, not moved.
MESSAGES: ListKind[Message] = ListKind(lambda uow: uow.messages, _unread_messages)
DOCUMENTS: ListKind[Document] = ListKind(lambda uow: uow.documents)


def list_page(
    uow: UnitOfWork,
    kind: ListKind[Listed],
    *,
    school_id: int,
    parent_id: int,
    page: int = 1,
    search: str = "",
    per_page: int = PAGE_SIZE,
    count: bool = False,
) -> ListPage[Listed]:
    """Nieuws, Berichten or Documenten (the pages and the app): page ``page`` newest first,
    of what the parent may see and ``search`` finds, the unread ones marked. One query of at
    most ``per_page + 1`` rows (the one more tells whether a next page exists), plus the
    viewer, the read state and, when ``count``, the total: the rows read do not grow with the
    school's history."""
    asked = listing.PageRequest.asked(page, per_page)
    wanted = listing.Search.typed(search)
    with uow:
        viewer = viewer_for(uow, school_id, parent_id)
        repository = kind.repository(uow)
        found = repository.listed(viewer, search=wanted, offset=asked.offset, limit=asked.size + 1)
        # The query applied the audience rule; the rule itself has the last word.
        items = visible(viewer, found[: asked.size])
        total = repository.count_listed(viewer, search=wanted) if count else None
        marked = kind.marks(uow, school_id, parent_id, items) if kind.marks else Marked()
    return ListPage(
        tuple(items),
        marked.unread,
        asked.number,
        len(found) > asked.size,
        wanted.text,
        total,
        marked.new_answers,
    )


# --- news and messages, one by one ----------------------------------------------------------


def news_item_for_parent(
    uow: UnitOfWork, *, school_id: int, parent_id: int, item_id: int
) -> NewsItem:
    with uow:
        viewer = viewer_for(uow, school_id, parent_id)
        return require_visible(viewer, uow.news.get(school_id, item_id))


@attrs.frozen
class MessagePage:
    message: Message
    author_name: str
    #: The reply form is shown (replies allowed and the account may write).
    can_reply: bool
    #: Replies are allowed, but this account is read-only.
    read_only: bool
    own_replies: tuple[Reply, ...]
    #: The own replies (ids) whose answer the parent has not read yet.
    new_answers: frozenset[int] = frozenset()


def message_for_parent(
    uow: UnitOfWork, *, school_id: int, parent_id: int, message_id: int
) -> MessagePage:
    with uow:
        viewer = viewer_for(uow, school_id, parent_id)
        message = require_visible(viewer, uow.messages.get(school_id, message_id))
        parent = uow.parents.get(school_id, parent_id)
        author = uow.staff.get(school_id, message.author_id) if message.author_id else None
        replies = tuple(
            r
            for r in uow.replies.list_for_message(school_id, message_id)
            if r.parent_id == parent_id
        )
        state = uow.reads.get(school_id, parent_id) if any(r.answered for r in replies) else None
    open_for_replies = message.allow_replies and author is not None
    read_only = bool(parent and parent.read_only)
    return MessagePage(
        message=message,
        author_name=author.name if author else "",
        can_reply=open_for_replies and not read_only,
        read_only=open_for_replies and read_only,
        own_replies=replies,
        new_answers=frozenset(
            r.id
            for r in replies
            if state is not None
            and r.answered_at is not None
            and state.answer_is_unread(message_id, r.answered_at)
        ),
    )


# --- agenda ---------------------------------------------------------------------------------


@attrs.frozen
class AgendaEntry:
    item: AgendaItem
    day: dt.date  # local date of the start
    when: str  # "14.30 – 15.15 uur", "hele dag", "t/m vrijdag 25 oktober"
    #: The whole line: "donderdag 11 oktober, 14.30 – 15.15 uur", "maandag 21 december t/m
    #: vrijdag 1 januari" (a range reads without a comma, as in the CLI).
    line: str = ""

    @property
    def weekday(self) -> str:
        """ "do" for donderdag."""
        return dutch.WEEKDAYS[self.day.weekday()][:2]


@attrs.frozen
class AgendaMonth:
    heading: str  # "oktober 2026"
    entries: tuple[AgendaEntry, ...]


def agenda_entry(item: AgendaItem, timezone: str) -> AgendaEntry:
    start = dutch.local(item.starts_at, timezone)
    end = dutch.local(item.ends_at, timezone) if item.ends_at else None
    day = dutch.format_date(start.date())
    if item.all_day and end is not None and end.date() != start.date():
        when = f"t/m {dutch.format_date(end.date())}"
        return AgendaEntry(item=item, day=start.date(), when=when, line=f"{day} {when}")
    if item.all_day:
        when = "hele dag"
    elif end is None:
        when = f"{dutch.format_time(start)} uur"
    elif end.date() == start.date():
        when = f"{dutch.format_time(start)} – {dutch.format_time(end)} uur"
    else:
        when = f"{dutch.format_time(start)} uur t/m {dutch.format_date(end.date())}"
    return AgendaEntry(item=item, day=start.date(), when=when, line=f"{day}, {when}")


def coming_agenda(
    uow: UnitOfWork, *, school_id: int, parent_id: int, now: dt.datetime, limit: int | None = None
) -> list[AgendaEntry]:
    """Items not yet over, earliest first, in the school's local time."""
    with uow:
        school = school_or_not_found(uow, school_id, None)
        viewer = viewer_for(uow, school_id, parent_id)
        items = visible(viewer, uow.agenda.list(school_id, ending_after=now))
    entries = [agenda_entry(item, school.timezone) for item in items]
    return entries[:limit] if limit is not None else entries


def by_month(entries: Sequence[AgendaEntry]) -> list[AgendaMonth]:
    months: list[AgendaMonth] = []
    for entry in entries:
        heading = dutch.month_heading(entry.day)
        if months and months[-1].heading == heading:
            months[-1] = AgendaMonth(heading, (*months[-1].entries, entry))
        else:
            months.append(AgendaMonth(heading, (entry,)))
    return months
