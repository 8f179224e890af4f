"""Staff change and withdraw the news and messages they posted, preview a publication as
parents will see it, and see how many parents a spoedbericht reaches at once. The command line
and the school's side of the portal call these same functions; from the portal (``staff_id``)
only items within the staff member's reach (:mod:`deborg.domain.staff`) can be touched."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Generic, TypeVar

import attrs

from deborg.domain.content.model import Audience, Message, NewsItem, RichText
from deborg.domain.content.rules import validate_body, validate_title
from deborg.domain.errors import NotFound
from deborg.domain.model import School
from deborg.domain.staff import require_reach
from deborg.ports.clock import Clock
from deborg.ports.links import Links
from deborg.ports.richtext import RichTextRenderer
from deborg.ports.uow import UnitOfWork
from deborg.services.content.audience import guardians_of
from deborg.services.content.publishing.common import (
    AudienceMove,
    move_audience,
    resolve_audience,
    resolve_poster,
)
from deborg.services.content.publishing.messages import ReplyNeedsAuthor, announce_message
from deborg.services.content.publishing.news import announce_news
from deborg.services.lookups import school_or_not_found, staff_or_not_found

T = TypeVar("T")


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


@attrs.frozen
class Edited(Generic[T]):
    """A changed item, and what a change of its audience did (``None``: kept)."""

    item: T
    audience: AudienceMove | None = None


def new_audience(
    uow: UnitOfWork,
    school: School,
    current: Audience,
    group_names: Iterable[str] | None,
    staff_id: int | None,
) -> Audience | None:
    """The audience an edit asks for, within the staff member's reach as for posting (their
    own groups, the whole school only when allowed); ``None`` when it stays ``current``
    (keeping an audience needs no right to post to it)."""
    if group_names is None:
        return None
    names = list(group_names)
    if resolve_audience(uow, school.id, names) == current:
        return None
    _, audience = resolve_poster(uow, school, names, author_email=None, staff_id=staff_id)
    return audience


def change_news(
    uow: UnitOfWork,
    clock: Clock,
    links: Links,
    renderer: RichTextRenderer,
    *,
    school_id: int,
    item_id: int,
    title: str,
    body: str,
    group_names: Iterable[str] | None = None,
    notify: bool = True,
    staff_id: int | None = None,
) -> Edited[NewsItem]:
    """Correct a news item's title and text, and (``group_names``) its audience. Parents see
    the correction on their next visit; nobody is mailed again, except parents who newly
    gain the item, who hear of it as of a new one."""
    title = validate_title(title)
    rich = renderer.render(validate_body(body))
    with uow:
        school = school_or_not_found(uow, school_id)
        item = _news_in_reach(uow, school_id, item_id, staff_id)
        audience = new_audience(uow, school, item.audience, group_names, staff_id)
        item.title, item.body = title, rich
        move = None
        if audience is not None:
            previous, item.audience = item.audience, audience
            move = move_audience(
                uow,
                school,
                item,
                previous,
                lambda exclude: announce_news(uow, clock, links, school, item, notify, exclude),
            )
        uow.news.update(item)
        uow.commit()
    return Edited(item, move)


def withdraw_news(
    uow: UnitOfWork, *, school_id: int, item_id: int, staff_id: int | None = None
) -> NewsItem:
    """Take a news item down: parents no longer see it (a digest line to it is dropped)."""
    with uow:
        item = _news_in_reach(uow, school_id, item_id, staff_id)
        uow.news.remove(school_id, item_id)
        uow.content_recipients.remove_item(school_id, item.kind, item_id)
        uow.commit()
    return item


def change_message(
    uow: UnitOfWork,
    clock: Clock,
    links: Links,
    renderer: RichTextRenderer,
    *,
    school_id: int,
    message_id: int,
    title: str,
    body: str,
    allow_replies: bool | None = None,
    group_names: Iterable[str] | None = None,
    notify: bool = True,
    staff_id: int | None = None,
) -> Edited[Message]:
    """Correct a message's title and text, open or close it for replies (replies already
    sent stay), or (``group_names``) change its audience. Nobody is mailed again, except
    parents who newly gain it (a spoedbericht reaches them at once, as when posted)."""
    title = validate_title(title)
    rich = renderer.render(validate_body(body))
    with uow:
        school = school_or_not_found(uow, school_id)
        message = _message_in_reach(uow, school_id, message_id, staff_id)
        audience = new_audience(uow, school, message.audience, group_names, staff_id)
        message.title, message.body = title, rich
        if allow_replies is not None:
            if allow_replies and message.author_id is None:
                raise ReplyNeedsAuthor()
            message.allow_replies = allow_replies
        move = None
        if audience is not None:
            previous, message.audience = message.audience, audience
            move = move_audience(
                uow,
                school,
                message,
                previous,
                lambda exclude: announce_message(
                    uow, clock, links, school, message, notify, exclude
                ),
            )
        uow.messages.update(message)
        uow.commit()
    return Edited(message, move)


def withdraw_message(
    uow: UnitOfWork, *, school_id: int, message_id: int, staff_id: int | None = None
) -> Message:
    """Take a message down with the replies to it."""
    with uow:
        message = _message_in_reach(uow, school_id, message_id, staff_id)
        uow.messages.remove(school_id, message_id)
        uow.content_recipients.remove_item(school_id, message.kind, message_id)
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
