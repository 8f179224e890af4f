"""Staff post news; the audience hears of it as each parent chose."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable

from deborg.domain.content import texts
from deborg.domain.content.model import NewsItem
from deborg.domain.content.rules import validate_body, validate_title
from deborg.domain.mail import MailCategory
from deborg.domain.model import School
from deborg.ports.clock import Clock
from deborg.ports.links import Links
from deborg.ports.richtext import RichTextRenderer
from deborg.ports.uow import UnitOfWork
from deborg.services.content.publishing.common import (
    Published,
    announce,
    resolve_poster,
)
from deborg.services.lookups import school_or_not_found


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
    staff_id: int | None = None,
    notify: bool = True,
    published_at: dt.datetime | None = None,
) -> Published[NewsItem]:
    """A news item; from the portal (``staff_id``) only to an audience within reach."""
    title = validate_title(title)
    rich = renderer.render(validate_body(body))
    with uow:
        school = school_or_not_found(uow, school_id)
        author, audience = resolve_poster(
            uow, school, group_names, author_email=author_email, staff_id=staff_id
        )
        item = uow.news.add(
            NewsItem(
                school_id=school_id,
                title=title,
                body=rich,
                audience=audience,
                published_at=published_at or clock.now(),
                author_id=author.id if author else None,
            )
        )
        counts = announce_news(uow, clock, links, school, item, notify)
        uow.commit()
    return Published(item, *counts)


def announce_news(
    uow: UnitOfWork,
    clock: Clock,
    links: Links,
    school: School,
    item: NewsItem,
    notify: bool,
    exclude: Collection[int] = (),
) -> tuple[int, int]:
    """Tell the item's audience (but ``exclude``) of a news item, as each parent chose."""
    link = links.news_item(item.id)
    return announce(
        uow,
        clock,
        links,
        school,
        item,
        notify,
        category=MailCategory.NEWS,
        subject=texts.NEWS_SUBJECT.format(title=item.title),
        text=texts.NEWS_TEXT.format(
            school=school.name, title=item.title, body=item.body.text, link=link
        ),
        summary=item.body.summary(),
        link=link,
        exclude=exclude,
    )
