"""Who an audience reaches and which viewer a parent is, read inside an open unit of work;
the rule itself is :mod:`deborg.domain.content.audience`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

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
    return [
        (parent, viewer)
        for parent, viewer in _viewers(uow, school_id, groups_of, active_only=active_only)
        if reaches(audience, viewer.group_ids)
    ]


def viewers_of(
    uow: UnitOfWork, school_id: int, parent_ids: Iterable[int]
) -> Sequence[tuple[Parent, Viewer]]:
    """Of these parents, the guardians :func:`guardians_of` finds for the whole school (a
    child at the school, not archived; blocked accounts left out), each with their viewer:
    in three queries however many parents, for a caller that goes through a school in
    batches (the digest)."""
    children_of = uow.guardianships.children_of_many(school_id, parent_ids)
    children = uow.children.get_many(school_id, {c for ids in children_of.values() for c in ids})
    group_of = {c.id: c.group_id for c in children if not c.archived}
    groups_of: dict[int, set[int]] = {}
    for parent_id, child_ids in children_of.items():
        groups = {group_of[c] for c in child_ids if c in group_of}
        if groups:
            groups_of[parent_id] = groups
    return _viewers(uow, school_id, groups_of, active_only=False)


def _viewers(
    uow: UnitOfWork, school_id: int, groups_of: Mapping[int, set[int]], *, active_only: bool
) -> list[tuple[Parent, Viewer]]:
    result = []
    for parent in uow.parents.get_many(school_id, groups_of):
        if parent.state is ParentState.BLOCKED:
            continue
        if active_only and parent.state is not ParentState.ACTIVE:
            continue
        result.append((parent, Viewer(school_id, parent.id, frozenset(groups_of[parent.id]))))
    return result
