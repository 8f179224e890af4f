"""Staff change and withdraw the news and messages they posted, preview a publication as
parents will see it, and see how many parents a spoedbericht reaches at once. The command line
and the school's side of the portal call these same functions; from the portal (``staff_id``)
only items within the staff member's reach (:mod:`deborg.domain.staff`) can be touched."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from deborg.domain.content.model import Message, NewsItem, RichText
from deborg.domain.content.rules import validate_body, validate_title
from deborg.domain.errors import NotFound
from deborg.domain.staff import require_reach
from deborg.ports.richtext import RichTextRenderer
from deborg.ports.uow import UnitOfWork
from deborg.services.content.audience import guardians_of
from deborg.services.content.publishing.common import resolve_poster
from deborg.services.content.publishing.messages import ReplyNeedsAuthor
from deborg.services.lookups import school_or_not_found, staff_or_not_found


@attrs.frozen
class Preview:
    """A publication as parents will see it: the cleaned title and the sanitised body."""

    title: str
    body: RichText


def preview(renderer: RichTextRenderer, *, title: str, body: str) -> Preview:
    """What parents will see, through the same validation and sanitising as publishing."""
    return Preview(validate_title(title), renderer.render(validate_body(body)))


def urgent_reach(
    uow: UnitOfWork,
    *,
    school_id: int,
    group_names: Iterable[str],
    staff_id: int | None = None,
) -> int:
    """How many parents a spoedbericht to these groups mails at once (every guardian of the
    audience, whatever they chose), checked against the staff member's reach like posting."""
    with uow:
        school = school_or_not_found(uow, school_id)
        _, audience = resolve_poster(uow, school, group_names, author_email=None, staff_id=staff_id)
        return len(guardians_of(uow, school_id, audience))


def _in_reach(
    uow: UnitOfWork, school_id: int, staff_id: int | None, item: NewsItem | Message
) -> None:
    if staff_id is not None:
        require_reach(staff_or_not_found(uow, school_id, staff_id), item.audience, item.author_id)


def news_for_staff(
    uow: UnitOfWork, *, school_id: int, item_id: int, staff_id: int | None = None
) -> NewsItem:
    with uow:
        return _news_in_reach(uow, school_id, item_id, staff_id)


def message_for_staff(
    uow: UnitOfWork, *, school_id: int, message_id: int, staff_id: int | None = None
) -> Message:
    with uow:
        return _message_in_reach(uow, school_id, message_id, staff_id)


def change_news(
    uow: UnitOfWork,
    renderer: RichTextRenderer,
    *,
    school_id: int,
    item_id: int,
    title: str,
    body: str,
    staff_id: int | None = None,
) -> NewsItem:
    """Correct a news item's title and text. Parents see the correction on their next visit;
    nobody is mailed again."""
    title = validate_title(title)
    rich = renderer.render(validate_body(body))
    with uow:
        item = _news_in_reach(uow, school_id, item_id, staff_id)
        item.title, item.body = title, rich
        uow.news.update(item)
        uow.commit()
    return item


def withdraw_news(
    uow: UnitOfWork, *, school_id: int, item_id: int, staff_id: int | None = None
) -> NewsItem:
    """Take a news item down: parents no longer see it (a digest line to it is dropped)."""
    with uow:
        item = _news_in_reach(uow, school_id, item_id, staff_id)
        uow.news.remove(school_id, item_id)
        uow.commit()
    return item


def change_message(
    uow: UnitOfWork,
    renderer: RichTextRenderer,
    *,
    school_id: int,
    message_id: int,
    title: str,
    body: str,
    allow_replies: bool | None = None,
    staff_id: int | None = None,
) -> Message:
    """Correct a message's title and text, or open or close it for replies (replies already
    sent stay). Nobody is mailed again."""
    title = validate_title(title)
    rich = renderer.render(validate_body(body))
    with uow:
        message = _message_in_reach(uow, school_id, message_id, staff_id)
        message.title, message.body = title, rich
        if allow_replies is not None:
            if allow_replies and message.author_id is None:
                raise ReplyNeedsAuthor()
            message.allow_replies = allow_replies
        uow.messages.update(message)
        uow.commit()
    return message


def withdraw_message(
    uow: UnitOfWork, *, school_id: int, message_id: int, staff_id: int | None = None
) -> Message:
    """Take a message down with the replies to it."""
    with uow:
        message = _message_in_reach(uow, school_id, message_id, staff_id)
        uow.messages.remove(school_id, message_id)
        uow.commit()
    return message


def _news_in_reach(uow: UnitOfWork, school_id: int, item_id: int, staff_id: int | None) -> NewsItem:
    item = uow.news.get(school_id, item_id)
    if item is None:
        raise NotFound(f"Geen nieuwsbericht met id {item_id}.")
    _in_reach(uow, school_id, staff_id, item)
    return item


def _message_in_reach(
    uow: UnitOfWork, school_id: int, message_id: int, staff_id: int | None
) -> Message:
    message = uow.messages.get(school_id, message_id)
    if message is None:
        raise NotFound(f"Geen bericht met id {message_id}.")
    _in_reach(uow, school_id, staff_id, message)
    return message
