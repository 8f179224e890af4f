"""What every publication shares: the audience and the author named on the command line, the
result, and telling the audience (the title and body rules are in the domain)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from typing import Generic, Protocol, TypeVar

import attrs

from deborg.domain.content.model import Audience, ContentKind
from deborg.domain.errors import NotFound
from deborg.domain.mail import MailCategory
from deborg.domain.model import School, StaffMember
from deborg.domain.notifications.model import Delivery
from deborg.domain.staff import check_audience
from deborg.ports.clock import Clock
from deborg.ports.links import Links
from deborg.ports.uow import UnitOfWork
from deborg.services.content.audience import guardians_of
from deborg.services.lookups import staff_or_not_found
from deborg.services.notifications.routing import Notice, notify_parents


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


def resolve_poster(
    uow: UnitOfWork,
    school: School,
    group_names: Iterable[str],
    *,
    author_email: str | None,
    staff_id: int | None,
) -> tuple[StaffMember | None, Audience]:
    """Who posts, and to whom. From the command line (``author_email``) anyone goes; from the
    school's side of the portal (``staff_id``) the audience must be within the staff member's
    reach: their own groups, the whole school only for a beheerder or when the school allows
    it (:func:`deborg.domain.staff.check_audience`)."""
    audience = resolve_audience(uow, school.id, group_names)
    if staff_id is None:
        return resolve_author(uow, school.id, author_email), audience
    staff = staff_or_not_found(uow, school.id, staff_id)
    check_audience(
        staff,
        audience,
        {g.id: g.name for g in uow.groups.list(school.id)},
        school_wide_allowed=school.settings.teachers_post_school_wide,
    )
    return staff, audience


T = TypeVar("T")


@attrs.frozen
class Published(Generic[T]):
    item: T
    #: How many parents were mailed at once, and how many get it in the weekly digest.
    mailed: int = 0
    in_digest: int = 0


def notify_audience(
    uow: UnitOfWork,
    clock: Clock,
    links: Links,
    school: School,
    audience: Audience,
    notice: Notice,
    notify: bool,
    exclude: Collection[int] = (),
) -> tuple[int, int]:
    """Route a notice to the active guardians the audience reaches (see routing), except
    the parents in ``exclude`` (who had the item already)."""
    if not notify:
        return 0, 0
    parents = [
        p
        for p, _ in guardians_of(uow, school.id, audience, active_only=True)
        if p.id not in exclude
    ]
    counts = notify_parents(uow, clock, links, school=school, parents=parents, notice=notice)
    return counts[Delivery.DIRECT], counts[Delivery.DIGEST]


class Announceable(Protocol):
    """A published item: news, a message, an album, a document."""

    @property
    def id(self) -> int: ...
    @property
    def title(self) -> str: ...
    @property
    def audience(self) -> Audience: ...
    @property
    def kind(self) -> ContentKind: ...


def announce(
    uow: UnitOfWork,
    clock: Clock,
    links: Links,
    school: School,
    item: Announceable,
    notify: bool,
    *,
    category: MailCategory,
    subject: str,
    text: str,
    summary: str,
    link: str,
    exclude: Collection[int] = (),
) -> tuple[int, int]:
    """Tell the item's audience of a new item, under its title, as each parent chose (not
    the parents in ``exclude``)."""
    return notify_audience(
        uow,
        clock,
        links,
        school,
        item.audience,
        Notice(
            category=category,
            subject=subject,
            text=text,
            title=item.title,
            summary=summary,
            link=link,
            ref_kind=item.kind.value,
            ref_id=item.id,
        ),
        notify,
        exclude,
    )


#: Tells an item's audience of it, leaving out the given parents: (mailed, in digest).
Teller = Callable[[Collection[int]], tuple[int, int]]


@attrs.frozen
class AudienceMove:
    """What changing an item's audience did: how many parents gained and lost it, and how
    many of those who gained it were mailed at once or get it in the weekly digest."""

    gained: int = 0
    lost: int = 0
    mailed: int = 0
    in_digest: int = 0


def move_audience(
    uow: UnitOfWork, school: School, item: Announceable, previous: Audience, tell: Teller | None
) -> AudienceMove:
    """Inside the caller's unit of work, after ``item`` got a new audience (the caller stores
    it) instead of ``previous``. Parents who lose it no longer see it, on any page or in a
    digest not yet sent (the digest re-checks). Parents who gain it are told by ``tell``
    (``None``: the item was never announced, as an album without photos), each at most once
    in the item's life: the parents who had it, and those told, are recorded."""
    before = {p.id for p, _ in guardians_of(uow, school.id, previous)}
    after = {p.id for p, _ in guardians_of(uow, school.id, item.audience)}
    if tell is None:
        return AudienceMove(gained=len(after - before), lost=len(before - after))
    known = uow.content_recipients.list(school.id, item.kind, item.id)
    mailed, in_digest = tell(before | known)
    uow.content_recipients.add(school.id, item.kind, item.id, before | after)
    return AudienceMove(len(after - before), len(before - after), mailed, in_digest)
