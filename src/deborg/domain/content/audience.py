"""The audience rule, in one place: a parent sees school-wide items and those of their
children's groups, never another group's and never another school's. Pages, file downloads,
the calendar feed, the digest and the API all ask :func:`can_see`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

import attrs

from deborg.domain.content.model import Audience, AudienceItem
from deborg.domain.errors import NotFound
from deborg.domain.model import Child, Parent

T = TypeVar("T", bound=AudienceItem)


@attrs.frozen
class Viewer:
    """A parent as the audience rule sees them: their school and their children's groups."""

    school_id: int
    parent_id: int
    group_ids: frozenset[int]


def reaches(audience: Audience, group_ids: frozenset[int]) -> bool:
    """Whether an audience includes a parent whose children are in ``group_ids``."""
    return audience.school_wide or bool(audience.group_ids & group_ids)


def can_see(viewer: Viewer, item: AudienceItem) -> bool:
    """THE audience rule: same school, and school-wide or one of the viewer's groups."""
    return item.school_id == viewer.school_id and reaches(item.audience, viewer.group_ids)


def visible(viewer: Viewer, items: Iterable[T]) -> list[T]:
    return [item for item in items if can_see(viewer, item)]


def require_visible(viewer: Viewer, item: T | None) -> T:
    """The item, or NotFound when it does not exist or is not for this viewer: a guessed id
    of another group's item looks exactly like one that does not exist."""
    if item is None or not can_see(viewer, item):
        raise NotFound()
    return item


def viewer_of(school_id: int, parent_id: int, children: Iterable[Child]) -> Viewer:
    """The viewer a parent is, from their children (already read): archived ones count not."""
    return Viewer(
        school_id=school_id,
        parent_id=parent_id,
        group_ids=frozenset(c.group_id for c in children if not c.archived),
    )


def mail_address(parent: Parent) -> str:
    """Where a parent's mail goes: the contact address, else the login name."""
    return parent.contact_email or parent.login_name
