"""The audience rule, in one place: a parent sees school-wide items and those of their
children's groups, never another group's and never another school's. Pages, file downloads,
the calendar feed, the digest and the API all ask :func:`can_see`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeVar

import attrs

from deborg.domain.content.model import Audience, AudienceItem
from deborg.domain.errors import NotFound
from deborg.domain.model import Child, Parent, ParentState
from deborg.ports.uow import UnitOfWork

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


def viewer_for(uow: UnitOfWork, school_id: int, parent_id: int) -> Viewer:
    """Inside an open unit of work: the parent's children's groups."""
    children = uow.children.get_many(school_id, uow.guardianships.children_of(school_id, parent_id))
    return viewer_of(school_id, parent_id, children)


def viewer_of(school_id: int, parent_id: int, children: Iterable[Child]) -> Viewer:
    """The viewer a parent is, from their children (already read): archived ones count not."""
    return Viewer(
        school_id=school_id,
        parent_id=parent_id,
        group_ids=frozenset(c.group_id for c in children if not c.archived),
    )


def guardians_of(
    uow: UnitOfWork, school_id: int, audience: Audience, *, active_only: bool = False
) -> Sequence[tuple[Parent, Viewer]]:
    """Every guardian the audience reaches (blocked accounts left out), each with the viewer
    they are — so callers can apply :func:`can_see` rather than a rule of their own."""
    children = [c for c in uow.children.list(school_id) if not c.archived]
    parents_by_child = uow.guardianships.parents_of(school_id, [c.id for c in children])
    groups_of: dict[int, set[int]] = {}
    for c in children:
        for parent_id in parents_by_child.get(c.id, []):
            groups_of.setdefault(parent_id, set()).add(c.group_id)
    result = []
    for parent in uow.parents.get_many(school_id, groups_of):
        if parent.state is ParentState.BLOCKED:
            continue
        if active_only and parent.state is not ParentState.ACTIVE:
            continue
        viewer = Viewer(school_id, parent.id, frozenset(groups_of[parent.id]))
        if reaches(audience, viewer.group_ids):
            result.append((parent, viewer))
    return result


def mail_address(parent: Parent) -> str:
    """Where a parent's mail goes: the contact address, else the login name."""
    return parent.contact_email or parent.login_name
