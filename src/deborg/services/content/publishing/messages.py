"""Staff post messages (berichten): urgent ones are mailed at once, others may be open for
replies; parents reply, and staff read the replies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable

import attrs

from deborg.domain.content import texts
from deborg.domain.content.audience import mail_address, require_visible
from deborg.domain.content.model import Message, Reply
from deborg.domain.content.reads import reply_is_unread
from deborg.domain.content.rules import validate_body, validate_title
from deborg.domain.errors import AccountIsReadOnly, DeborgError, InvalidInput, NotFound
from deborg.domain.mail import MailCategory
from deborg.domain.model import School, StaffMember
from deborg.domain.staff import require_reach
from deborg.ports.clock import Clock
from deborg.ports.links import Links
from deborg.ports.richtext import RichTextRenderer
from deborg.ports.uow import UnitOfWork
from deborg.services.content.audience import guardians_of, viewer_for
from deborg.services.content.publishing.common import (
    Published,
    announce,
    resolve_author,
    resolve_poster,
)
from deborg.services.lookups import (
    parent_or_not_found,
    school_or_not_found,
    staff_or_not_found,
)
from deborg.services.notifications.routing import Notice, notify_parent, signature
from deborg.services.outbox import queue_mail

MAX_REPLY = 5_000


class RepliesNotAllowed(DeborgError):
    code = "replies_not_allowed"
    message = "Op dit bericht kunt u niet reageren."


class ReplyNeedsAuthor(InvalidInput):
    code = "reply_needs_author"

    def __init__(self) -> None:
        super().__init__(
            "Een bericht waarop ouders kunnen reageren heeft een afzender nodig (--as).", "author"
        )


def post_message(
    uow: UnitOfWork,
    clock: Clock,
    links: Links,
    renderer: RichTextRenderer,
    *,
    school_id: int,
    title: str,
    body: str,
    group_names: Iterable[str] = (),
    urgent: bool = False,
    allow_replies: bool = False,
    author_email: str | None = None,
    staff_id: int | None = None,
    notify: bool = True,
    published_at: dt.datetime | None = None,
) -> Published[Message]:
    """A bericht. A spoedbericht is mailed at once to every guardian of its audience, in this
    same transaction, whatever they chose on the Notificaties tab. From the portal
    (``staff_id``) only to an audience within the staff member's reach."""
    title = validate_title(title)
    rich = renderer.render(validate_body(body))
    with uow:
        school = school_or_not_found(uow, school_id)
        author, audience = resolve_poster(
            uow, school, group_names, author_email=author_email, staff_id=staff_id
        )
        if allow_replies and author is None:
            raise ReplyNeedsAuthor()
        message = uow.messages.add(
            Message(
                school_id=school_id,
                title=title,
                body=rich,
                audience=audience,
                published_at=published_at or clock.now(),
                urgent=urgent,
                allow_replies=allow_replies,
                author_id=author.id if author else None,
            )
        )
        counts = announce_message(uow, clock, links, school, message, notify)
        uow.commit()
    return Published(message, *counts)


def announce_message(
    uow: UnitOfWork,
    clock: Clock,
    links: Links,
    school: School,
    message: Message,
    notify: bool,
    exclude: Collection[int] = (),
) -> tuple[int, int]:
    """Tell the message's audience (but ``exclude``) of it: a spoedbericht by mail at once to
    every guardian, whatever they chose; another message as each parent chose."""
    link = links.message(message.id)
    if message.urgent:
        mailed = 0
        for parent, _viewer in guardians_of(uow, school.id, message.audience):
            if parent.id in exclude:
                continue
            queue_mail(
                uow,
                clock,
                school_id=school.id,
                to=mail_address(parent),
                subject=texts.URGENT_SUBJECT.format(title=message.title),
                text=texts.URGENT_TEXT.format(
                    school=school.name, title=message.title, body=message.body.text, link=link
                )
                + signature(school, links, MailCategory.URGENT),
                category=MailCategory.URGENT,
                links=links,
            )
            mailed += 1
        return mailed, 0
    text = texts.MESSAGE_TEXT.format(
        school=school.name, title=message.title, body=message.body.text, link=link
    )
    if message.allow_replies:
        text += texts.MESSAGE_REPLIES_NOTE
    return announce(
        uow,
        clock,
        links,
        school,
        message,
        notify,
        category=MailCategory.MESSAGES,
        subject=texts.MESSAGE_SUBJECT.format(title=message.title),
        text=text,
        summary=message.body.summary(),
        link=link,
        exclude=exclude,
    )


def reply_to_message(
    uow: UnitOfWork,
    clock: Clock,
    links: Links,
    *,
    school_id: int,
    parent_id: int,
    message_id: int,
    text: str,
) -> Reply:
    """A parent's reply reaches the message's author by mail (and `deborg message replies`)."""
    cleaned = text.strip()
    if not cleaned:
        raise InvalidInput("Vul uw reactie in.", "text")
    if len(cleaned) > MAX_REPLY:
        raise InvalidInput(f"Uw reactie is te lang (hoogstens {MAX_REPLY} tekens).", "text")
    with uow:
        school = school_or_not_found(uow, school_id)
        parent = parent_or_not_found(uow, school_id, parent_id)
        viewer = viewer_for(uow, school_id, parent_id)
        message = require_visible(viewer, uow.messages.get(school_id, message_id))
        if not message.allow_replies or message.author_id is None:
            raise RepliesNotAllowed()
        if parent.read_only:
            raise AccountIsReadOnly(
                "Uw account staat op alleen lezen. U kunt berichten lezen, maar niet reageren."
            )
        author = uow.staff.get(school_id, message.author_id)
        reply = uow.replies.add(
            Reply(
                school_id=school_id,
                message_id=message.id,
                parent_id=parent.id,
                text=cleaned,
                created_at=clock.now(),
            )
        )
        if author is not None:
            queue_mail(
                uow,
                clock,
                school_id=school_id,
                to=author.email,
                subject=texts.REPLY_SUBJECT.format(title=message.title),
                text=texts.REPLY_TEXT.format(
                    staff=author.name,
                    parent=parent.name,
                    email=mail_address(parent),
                    title=message.title,
                    text=cleaned,
                    message_id=message.id,
                    link=links.staff_message(message.id),
                )
                + f"\n{school.name}\n",
                category=MailCategory.STAFF,
                links=links,
            )
        uow.commit()
    return reply


@attrs.frozen
class ReplyView:
    reply: Reply
    parent_name: str
    parent_email: str
    #: The staff member reading had not read it before (see :func:`replies_to`'s reader).
    unread: bool = False


def replies_to(
    uow: UnitOfWork,
    *,
    school_id: int,
    message_id: int,
    staff_id: int | None = None,
    reader_id: int | None = None,
    reader_email: str | None = None,
) -> tuple[Message, list[ReplyView]]:
    """For staff: the message and its replies, oldest first (from the portal, ``staff_id``,
    only a message within the staff member's reach). With a reader (``reader_id`` from the
    portal, ``reader_email`` from the CLI's ``--as``), the replies that staff member had not
    read are marked, and reading them marks them read for them."""
    with uow:
        reader = resolve_author(uow, school_id, reader_email)
        if reader is not None:
            reader_id = reader.id
        message = uow.messages.get(school_id, message_id)
        if message is None:
            raise NotFound(f"Geen bericht met id {message_id}.")
        if staff_id is not None:
            require_reach(
                staff_or_not_found(uow, school_id, staff_id), message.audience, message.author_id
            )
        replies = uow.replies.list_for_message(school_id, message_id)
        parents = {p.id: p for p in uow.parents.get_many(school_id, {r.parent_id for r in replies})}
        read_until = None
        if reader_id is not None and replies:
            read_until = uow.reply_reads.for_staff(school_id, reader_id, [message_id]).get(
                message_id
            )
            newest = max(r.created_at for r in replies)
            uow.reply_reads.mark_read(school_id, reader_id, message_id, newest)
            uow.commit()
    views = []
    for r in replies:
        parent = parents.get(r.parent_id)
        views.append(
            ReplyView(
                r,
                parent.name if parent else "?",
                mail_address(parent) if parent else "",
                unread=reader_id is not None and reply_is_unread(r.created_at, read_until),
            )
        )
    return message, views


def answer_reply(
    uow: UnitOfWork,
    clock: Clock,
    links: Links,
    *,
    school_id: int,
    reply_id: int,
    text: str,
    staff_id: int | None = None,
    author_email: str | None = None,
) -> Reply:
    """A staff member answers a parent's reply. The parent reads the answer under their reply
    in Berichten and hears of it as they chose for Berichten on the Notificaties tab. Answering
    again replaces the answer (and tells the parent again)."""
    cleaned = text.strip()
    if not cleaned:
        raise InvalidInput("Vul uw antwoord in.", "text")
    if len(cleaned) > MAX_REPLY:
        raise InvalidInput(f"Uw antwoord is te lang (hoogstens {MAX_REPLY} tekens).", "text")
    with uow:
        school = school_or_not_found(uow, school_id)
        reply = uow.replies.get(school_id, reply_id)
        message = uow.messages.get(school_id, reply.message_id) if reply else None
        if reply is None or message is None:
            raise NotFound(f"Geen reactie met id {reply_id}.")
        if staff_id is not None:
            staff = staff_or_not_found(uow, school_id, staff_id)
            require_reach(staff, message.audience, message.author_id)
        else:
            staff = resolve_author(uow, school_id, author_email) or _author_of(uow, message)
        reply.answer = cleaned
        reply.answered_at = clock.now()
        reply.answered_by = staff.id
        uow.replies.update(reply)
        parent = uow.parents.get(school_id, reply.parent_id)
        if parent is not None:
            link = links.message(message.id)
            notify_parent(
                uow,
                clock,
                links,
                school=school,
                parent=parent,
                notice=Notice(
                    category=MailCategory.MESSAGES,
                    subject=texts.ANSWER_SUBJECT.format(title=message.title),
                    text=texts.ANSWER_TEXT.format(
                        staff=staff.name,
                        title=message.title,
                        reply=reply.text,
                        answer=cleaned,
                        link=link,
                    ),
                    title=texts.ANSWER_SUBJECT.format(title=message.title),
                    summary=cleaned,
                    link=link,
                    ref_kind=message.kind.value,
                    ref_id=message.id,
                ),
            )
        uow.commit()
    return reply


def _author_of(uow: UnitOfWork, message: Message) -> StaffMember:
    author = uow.staff.get(message.school_id, message.author_id) if message.author_id else None
    if author is None:
        raise ReplyNeedsAuthor()
    return author


def own_replies(uow: UnitOfWork, *, school_id: int, parent_id: int, message_id: int) -> list[Reply]:
    """What this parent replied to a message (shown under the reply form)."""
    with uow:
        return [
            r
            for r in uow.replies.list_for_message(school_id, message_id)
            if r.parent_id == parent_id
        ]
