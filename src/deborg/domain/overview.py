"""Read models for pages: what a parent's Home shows."""

from __future__ import annotations

import attrs

from deborg.domain.model import Child, Group
from deborg.ports.uow import UnitOfWork


@attrs.frozen
class ChildInGroup:
    child: Child
    group: Group


@attrs.frozen
class HomeOverview:
    children: tuple[ChildInGroup, ...]


def children_of(uow: UnitOfWork, school_id: int, parent_id: int) -> list[ChildInGroup]:
    """The parent's children with their groups, in a fixed number of queries."""
    children = uow.children.get_many(school_id, uow.guardianships.children_of(school_id, parent_id))
    groups = {g.id: g for g in uow.groups.list(school_id)}
    return [ChildInGroup(c, groups[c.group_id]) for c in children if not c.archived]


def home_overview(uow: UnitOfWork, *, school_id: int, parent_id: int) -> HomeOverview:
    with uow:
        return HomeOverview(children=tuple(children_of(uow, school_id, parent_id)))
