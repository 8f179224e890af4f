"""Who an audience reaches and which viewer a parent is, read inside an open unit of work;
the rule itself is :mod:`deborg.domain.content.audience`."""

from __future__ import annotations

from collections.abc import Sequence

from deborg.domain.content.audience import Viewer, reaches, viewer_of
from deborg.domain.content.model import Audience
from deborg.domain.model import Parent, ParentState
from deborg.ports.uow import UnitOfWork


def viewer_for(uow: UnitOfWork, school_id: int, parent_id: int) -> Viewer:
    """Inside an open unit of work: the parent's children's groups (one query)."""
    return viewer_of(
        school_id, parent_id, (c for c, _ in uow.children.of_parent(school_id, parent_id))
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
