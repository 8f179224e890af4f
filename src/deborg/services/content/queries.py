"""What a parent's content pages show, always through the audience rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

import attrs

from deborg.domain import dutch
from deborg.domain.content.audience import Viewer, require_visible, visible
from deborg.domain.content.model import AgendaItem, Message, NewsItem, Reply
from deborg.ports.uow import UnitOfWork
from deborg.services.content.audience import viewer_for
from deborg.services.content.reads import unread_answer_ids, unread_ids
from deborg.services.lookups import school_or_not_found

# --- news -----------------------------------------------------------------------------------


def news_for_parent(uow: UnitOfWork, *, school_id: int, parent_id: int) -> list[NewsItem]:
    with uow:
        return visible(viewer_for(uow, school_id, parent_id), uow.news.list(school_id))


def news_item_for_parent(
    uow: UnitOfWork, *, school_id: int, parent_id: int, item_id: int
) -> NewsItem:
    with uow:
        viewer = viewer_for(uow, school_id, parent_id)
        return require_visible(viewer, uow.news.get(school_id, item_id))


Listed = TypeVar("Listed", NewsItem, Message)


#: Items per page of Nieuws and Berichten (``?pagina=``).
PAGE_SIZE = 20


@attrs.frozen
class UnreadList(Generic[Listed]):
    """A list page: the items and which of them the parent has not read yet."""

    items: tuple[Listed, ...]
    unread: frozenset[int]
    page: int = 1
    has_next: bool = False
    #: Berichten: those of ``unread`` that are unread for an answer to the parent's reply.
    new_answers: frozenset[int] = frozenset()


def _page_of(
    read: Callable[[int], Sequence[Listed]], viewer: Viewer, page: int
) -> tuple[list[Listed], bool]:
    """Page ``page`` of what the viewer may see of ``read`` (newest first, ``read(limit)``
    the newest ``limit``), and whether a next page exists. The reads grow from twice what the
    page needs until they hold enough visible items or the whole list: the rows read depend
    on the page asked for, not on how much the school ever posted."""
    needed = page * PAGE_SIZE + 1
    size = 2 * needed
    while True:
        window = read(size)
        shown = visible(viewer, window)
        if len(window) < size or len(shown) >= needed:
            break
        size *= 4
    start = (page - 1) * PAGE_SIZE
    return shown[start : start + PAGE_SIZE], len(shown) > page * PAGE_SIZE


def news_list(
    uow: UnitOfWork, *, school_id: int, parent_id: int, page: int = 1
) -> UnreadList[NewsItem]:
    """Nieuws: one page, newest first, with the unread ones marked."""
    page = max(1, page)
    with uow:
        viewer = viewer_for(uow, school_id, parent_id)
        items, more = _page_of(lambda n: uow.news.list(school_id, limit=n), viewer, page)
        state = uow.reads.get(school_id, parent_id)
    return UnreadList(tuple(items), unread_ids(state, items), page, more)


def messages_list(
    uow: UnitOfWork, *, school_id: int, parent_id: int, page: int = 1
) -> UnreadList[Message]:
    """Berichten: one page, newest first, with the unread ones marked."""
    page = max(1, page)
    with uow:
        viewer = viewer_for(uow, school_id, parent_id)
        items, more = _page_of(lambda n: uow.messages.list(school_id, limit=n), viewer, page)
        state = uow.reads.get(school_id, parent_id)
    return UnreadList(
        tuple(items), unread_ids(state, items), page, more, unread_answer_ids(state, items)
    )


def news_with_unread(uow: UnitOfWork, *, school_id: int, parent_id: int) -> UnreadList[NewsItem]:
    """Every news item the parent may see, newest first, the unread ones marked: the app's
    API, which pages (and counts) the list itself."""
    with uow:
        items = visible(viewer_for(uow, school_id, parent_id), uow.news.list(school_id))
        state = uow.reads.get(school_id, parent_id)
    return UnreadList(tuple(items), unread_ids(state, items))


def messages_with_unread(uow: UnitOfWork, *, school_id: int, parent_id: int) -> UnreadList[Message]:
    """:func:`news_with_unread` for Berichten."""
    with uow:
        items = visible(viewer_for(uow, school_id, parent_id), uow.messages.list(school_id))
        state = uow.reads.get(school_id, parent_id)
    return UnreadList(
        tuple(items), unread_ids(state, items), new_answers=unread_answer_ids(state, items)
    )


# --- messages -------------------------------------------------------------------------------


def messages_for_parent(uow: UnitOfWork, *, school_id: int, parent_id: int) -> list[Message]:
    """Newest first; spoedberichten are marked by the page, not moved."""
    with uow:
        return visible(viewer_for(uow, school_id, parent_id), uow.messages.list(school_id))


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
