"""Staff publish content: news, messages (urgent or open for replies) and agenda items; and
parents reply to messages. Every publication routes its notices in the same transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Generic, TypeVar

import attrs

from deborg.domain import dutch
from deborg.domain.content import texts
from deborg.domain.content.audience import mail_address, require_visible
from deborg.domain.content.model import AgendaItem, Audience, Message, NewsItem, Reply
from deborg.domain.errors import AccountIsReadOnly, DeborgError, InvalidInput, NotFound
from deborg.domain.mail import MailCategory
from deborg.domain.model import School, StaffMember
from deborg.domain.notifications.model import Delivery
from deborg.ports.clock import Clock
from deborg.ports.links import Links
from deborg.ports.richtext import RichTextRenderer
from deborg.ports.uow import UnitOfWork
from deborg.services.content.audience import guardians_of, viewer_for
from deborg.services.notifications.routing import Notice, notify_parents, signature
from deborg.services.outbox import queue_mail

MAX_TITLE = 200
MAX_BODY = 50_000
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


def school_or_not_found(uow: UnitOfWork, school_id: int) -> School:
    school = uow.schools.get(school_id)
    if school is None:
        raise NotFound("Onbekende school.")
    return school


def validate_title(title: str) -> str:
    cleaned = " ".join(title.split())
    if not cleaned:
        raise InvalidInput("Vul een titel in.", "title")
    if len(cleaned) > MAX_TITLE:
        raise InvalidInput(f"Een titel is hoogstens {MAX_TITLE} tekens.", "title")
    return cleaned


def validate_body(body: str) -> str:
    if len(body) > MAX_BODY:
        raise InvalidInput(f"De tekst is te lang (hoogstens {MAX_BODY} tekens).", "body")
    return body


def resolve_audience(uow: UnitOfWork, school_id: int, group_names: Iterable[str]) -> Audience:
    """No names: the whole school. Unknown names are refused, naming the group."""
    ids = set()
    for name in group_names:
        group = uow.groups.get_by_name(school_id, name)
        if group is None:
            raise NotFound(f"Onbekende groep: {name}.")
        ids.add(group.id)
    return Audience.groups(ids)


def resolve_author(uow: UnitOfWork, school_id: int, email: str | None) -> StaffMember | None:
    if not email:
        return None
    staff = uow.staff.get_by_email(school_id, email)
    if staff is None:
        raise NotFound(f"Onbekende medewerker: {email}.")
    return staff


T = TypeVar("T")


@attrs.frozen
class Published(Generic[T]):
    item: T
    #: How many parents were mailed at once, and how many get it in the weekly digest.
    mailed: int = 0
    in_digest: int = 0


# --- news -----------------------------------------------------------------------------------


def post_news(
    uow: UnitOfWork,
    clock: Clock,
    links: Links,
    renderer: RichTextRenderer,
    *,
    school_id: int,
    title: str,
    body: str,
    group_names: Iterable[str] = (),
    author_email: str | None = None,
    notify: bool = True,
    published_at: dt.datetime | None = None,
) -> Published[NewsItem]:
    title = validate_title(title)
    rich = renderer.render(validate_body(body))
    with uow:
        school = school_or_not_found(uow, school_id)
        author = resolve_author(uow, school_id, author_email)
        item = uow.news.add(
            NewsItem(
                school_id=school_id,
                title=title,
                body=rich,
                audience=resolve_audience(uow, school_id, group_names),
                published_at=published_at or clock.now(),
                author_id=author.id if author else None,
            )
        )
        link = links.news_item(item.id)
        counts = notify_audience(
            uow,
            clock,
            links,
            school,
            item.audience,
            Notice(
                category=MailCategory.NEWS,
                subject=texts.NEWS_SUBJECT.format(title=title),
                text=texts.NEWS_TEXT.format(
                    school=school.name, title=title, body=rich.text, link=link
                ),
                title=title,
                summary=rich.summary(),
                link=link,
                ref_kind=item.kind.value,
                ref_id=item.id,
            ),
            notify,
        )
        uow.commit()
    return Published(item, *counts)


def notify_audience(
    uow: UnitOfWork,
    clock: Clock,
    links: Links,
    school: School,
    audience: Audience,
    notice: Notice,
    notify: bool,
) -> tuple[int, int]:
    """Route a notice to the active guardians the audience reaches (see routing)."""
    if not notify:
        return 0, 0
    parents = [p for p, _ in guardians_of(uow, school.id, audience, active_only=True)]
    counts = notify_parents(uow, clock, links, school=school, parents=parents, notice=notice)
    return counts[Delivery.DIRECT], counts[Delivery.DIGEST]


# --- messages -------------------------------------------------------------------------------


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
    notify: bool = True,
    published_at: dt.datetime | None = None,
) -> Published[Message]:
    """A bericht. A spoedbericht is mailed at once to every guardian of its audience, in this
    same transaction, whatever they chose on the Notificaties tab."""
    title = validate_title(title)
    rich = renderer.render(validate_body(body))
    with uow:
        school = school_or_not_found(uow, school_id)
        author = resolve_author(uow, school_id, author_email)
        if allow_replies and author is None:
            raise ReplyNeedsAuthor()
        message = uow.messages.add(
            Message(
                school_id=school_id,
                title=title,
                body=rich,
                audience=resolve_audience(uow, school_id, group_names),
                published_at=published_at or clock.now(),
                urgent=urgent,
                allow_replies=allow_replies,
                author_id=author.id if author else None,
            )
        )
        link = links.message(message.id)
        if urgent:
            mailed = 0
            for parent, _viewer in guardians_of(uow, school_id, message.audience):
                queue_mail(
                    uow,
                    clock,
                    school_id=school_id,
                    to=mail_address(parent),
                    subject=texts.URGENT_SUBJECT.format(title=title),
                    text=texts.URGENT_TEXT.format(
                        school=school.name, title=title, body=rich.text, link=link
                    )
                    + signature(school, links, MailCategory.URGENT),
                    category=MailCategory.URGENT,
                    links=links,
                )
                mailed += 1
            counts = (mailed, 0)
        else:
            text = texts.MESSAGE_TEXT.format(
                school=school.name, title=title, body=rich.text, link=link
            )
            if allow_replies:
                text += texts.MESSAGE_REPLIES_NOTE
            counts = notify_audience(
                uow,
                clock,
                links,
                school,
                message.audience,
                Notice(
                    category=MailCategory.MESSAGES,
                    subject=texts.MESSAGE_SUBJECT.format(title=title),
                    text=text,
                    title=title,
                    summary=rich.summary(),
                    link=link,
                    ref_kind=message.kind.value,
                    ref_id=message.id,
                ),
                notify,
            )
        uow.commit()
    return Published(message, *counts)


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
        parent = uow.parents.get(school_id, parent_id)
        if parent is None:
            raise NotFound()
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


def replies_to(
    uow: UnitOfWork, *, school_id: int, message_id: int
) -> tuple[Message, list[ReplyView]]:
    """For staff: the message and its replies, oldest first."""
    with uow:
        message = uow.messages.get(school_id, message_id)
        if message is None:
            raise NotFound(f"Geen bericht met id {message_id}.")
        replies = uow.replies.list_for_message(school_id, message_id)
        parents = {p.id: p for p in uow.parents.get_many(school_id, {r.parent_id for r in replies})}
    views = []
    for r in replies:
        parent = parents.get(r.parent_id)
        views.append(
            ReplyView(r, parent.name if parent else "?", mail_address(parent) if parent else "")
        )
    return message, views


def own_replies(uow: UnitOfWork, *, school_id: int, parent_id: int, message_id: int) -> list[Reply]:
    """What this parent replied to a message (shown under the reply form)."""
    with uow:
        return [
            r
            for r in uow.replies.list_for_message(school_id, message_id)
            if r.parent_id == parent_id
        ]


# --- agenda ---------------------------------------------------------------------------------


@attrs.frozen
class AgendaInput:
    title: str
    day: dt.date
    start_time: dt.time | None = None  # None: all day
    end_time: dt.time | None = None
    end_day: dt.date | None = None
    location: str = ""
    description: str = ""


def _agenda_moments(
    data: AgendaInput, timezone: str
) -> tuple[dt.datetime, dt.datetime | None, bool]:
    end_day = data.end_day or data.day
    if end_day < data.day:
        raise InvalidInput("De einddatum ligt voor de begindatum.", "end_day")
    if data.start_time is None:
        if data.end_time is not None:
            raise InvalidInput("Geef ook een begintijd bij een eindtijd.", "start_time")
        return (
            dutch.to_utc(data.day, dt.time(0, 0), timezone),
            dutch.to_utc(end_day, dt.time(0, 0), timezone),
            True,
        )
    starts = dutch.to_utc(data.day, data.start_time, timezone)
    ends = None
    if data.end_time is not None:
        ends = dutch.to_utc(end_day, data.end_time, timezone)
        if ends <= starts:
            raise InvalidInput("De eindtijd ligt niet na de begintijd.", "end_time")
    return starts, ends, False


def describe_when(item: AgendaItem, timezone: str) -> str:
    """'donderdag 11 oktober, 14.30 – 15.15 uur' in the school's time."""
    start = dutch.local(item.starts_at, timezone)
    end = dutch.local(item.ends_at, timezone) if item.ends_at else None
    if item.all_day:
        if end is not None and end.date() != start.date():
            return f"{dutch.format_date(start.date())} t/m {dutch.format_date(end.date())}"
        return dutch.format_date(start.date())
    text = f"{dutch.format_date(start.date())}, {dutch.format_time(start)}"
    if end is not None:
        if end.date() != start.date():
            return f"{text} uur t/m {dutch.format_date(end.date())}, {dutch.format_time(end)} uur"
        text += f" – {dutch.format_time(end)}"
    return text + " uur"


def _agenda_notice(
    school: School, links: Links, item: AgendaItem, change: str, *, keep_ref: bool = True
) -> Notice:
    title = item.title
    when = describe_when(item, school.timezone)
    link = links.agenda()
    return Notice(
        category=MailCategory.AGENDA,
        subject=texts.AGENDA_SUBJECTS[change].format(title=title),
        text=texts.AGENDA_TEXT.format(
            what=texts.AGENDA_WHAT[change],
            school=school.name,
            title=title,
            when=when,
            location=f"\n{item.location}" if item.location else "",
            body=item.description.text,
            link=link,
        ),
        title=texts.AGENDA_SUBJECTS[change].format(title=title),
        summary=when,
        link=link,
        ref_kind=item.kind.value if keep_ref else "",
        ref_id=item.id if keep_ref else None,
    )


def add_agenda_item(
    uow: UnitOfWork,
    clock: Clock,
    links: Links,
    renderer: RichTextRenderer,
    *,
    school_id: int,
    data: AgendaInput,
    group_names: Iterable[str] = (),
    notify: bool = True,
) -> Published[AgendaItem]:
    title = validate_title(data.title)
    description = renderer.render(validate_body(data.description))
    with uow:
        school = school_or_not_found(uow, school_id)
        starts, ends, all_day = _agenda_moments(data, school.timezone)
        item = uow.agenda.add(
            AgendaItem(
                school_id=school_id,
                title=title,
                description=description,
                audience=resolve_audience(uow, school_id, group_names),
                starts_at=starts,
                ends_at=ends,
                all_day=all_day,
                location=data.location.strip(),
                published_at=clock.now(),
            )
        )
        counts = notify_audience(
            uow,
            clock,
            links,
            school,
            item.audience,
            _agenda_notice(school, links, item, "added"),
            notify,
        )
        uow.commit()
    return Published(item, *counts)


def change_agenda_item(
    uow: UnitOfWork,
    clock: Clock,
    links: Links,
    renderer: RichTextRenderer,
    *,
    school_id: int,
    item_id: int,
    data: AgendaInput,
    group_names: Iterable[str] | None = None,
) -> Published[AgendaItem]:
    """Replace an item's details; parents who see it (before or after) hear of the change."""
    title = validate_title(data.title)
    description = renderer.render(validate_body(data.description))
    with uow:
        school = school_or_not_found(uow, school_id)
        item = uow.agenda.get(school_id, item_id)
        if item is None:
            raise NotFound(f"Geen agenda-item met id {item_id}.")
        before = item.audience
        starts, ends, all_day = _agenda_moments(data, school.timezone)
        item.title = title
        item.description = description
        item.starts_at, item.ends_at, item.all_day = starts, ends, all_day
        item.location = data.location.strip()
        if group_names is not None:
            item.audience = resolve_audience(uow, school_id, group_names)
        item.changed_at = clock.now()
        item.revision += 1
        uow.agenda.update(item)
        reach = before if before.school_wide else item.audience
        if not item.audience.school_wide and not before.school_wide:
            reach = Audience.groups(before.group_ids | item.audience.group_ids)
        counts = notify_audience(
            uow, clock, links, school, reach, _agenda_notice(school, links, item, "changed"), True
        )
        uow.commit()
    return Published(item, *counts)


def remove_agenda_item(
    uow: UnitOfWork, clock: Clock, links: Links, *, school_id: int, item_id: int
) -> Published[AgendaItem]:
    with uow:
        school = school_or_not_found(uow, school_id)
        item = uow.agenda.get(school_id, item_id)
        if item is None:
            raise NotFound(f"Geen agenda-item met id {item_id}.")
        uow.agenda.remove(school_id, item_id)
        notice = _agenda_notice(school, links, item, "removed", keep_ref=False)
        counts = notify_audience(uow, clock, links, school, item.audience, notice, True)
        uow.commit()
    return Published(item, *counts)
