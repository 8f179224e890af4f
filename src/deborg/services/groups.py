"""Groepen: every group of the school, and a group page showing its pupils and their parents
exactly as far as the privacy rule lets the viewer see them.

The page is built here, not in a template: each optional value is filled in only when
:func:`deborg.domain.privacy.may_see` allows it, so no page can show more than the rule.
"""

from __future__ import annotations

import datetime as dt

import attrs

from deborg.domain.errors import NotFound
from deborg.domain.model import Address, Group, Parent, sort_key
from deborg.domain.privacy.rule import Field, Subject, Viewer, ViewerKind, may_see
from deborg.domain.profiles.model import Phone, SubjectType
from deborg.ports.uow import UnitOfWork
from deborg.services.privacy.subjects import child_subjects, parent_subjects, parent_viewer


@attrs.frozen
class GroupButton:
    group: Group
    #: A group of one of the viewer's own children: the blue button.
    own: bool
    teachers: tuple[str, ...]


def group_list(uow: UnitOfWork, *, school_id: int, parent_id: int) -> list[GroupButton]:
    with uow:
        viewer = parent_viewer(uow, school_id, parent_id)
        teachers: dict[int, list[str]] = {}
        for staff in uow.staff.list(school_id):
            for group_id in staff.group_ids:
                teachers.setdefault(group_id, []).append(staff.name)
        return [
            GroupButton(g, g.id in viewer.group_ids, tuple(teachers.get(g.id, ())))
            for g in uow.groups.list(school_id)
        ]


@attrs.frozen
class ParentCard:
    """A pupil's parent as this viewer may see them; ``None`` (or no phones) means not shared."""

    name: str
    email: str | None
    address: Address | None
    phones: tuple[Phone, ...]
    #: The parent's id for the photo's address, set only when there is a photo and this
    #: viewer may see it.
    photo_of: int | None


@attrs.frozen
class PupilCard:
    #: ``None`` when the child's name is not shared with this viewer (outside the child's
    #: group) but something else is: a parent's data, or the child's photo or date of birth
    #: shared with the whole school.
    name: str | None
    date_of_birth: dt.date | None
    parents: tuple[ParentCard, ...]
    #: The child's id for the photo's address, set only when there is a photo and this
    #: viewer may see it.
    photo_of: int | None
    #: The viewer's own child.
    own: bool


@attrs.frozen
class GroupPage:
    group: Group
    own: bool
    teachers: tuple[str, ...]
    pupils: tuple[PupilCard, ...]
    #: All pupils of the group, also those this viewer may see nothing of.
    pupil_count: int


@attrs.frozen
class _Shown:
    """What the group's pupils and parents may show this viewer, fetched in one go: the
    phone numbers of the parents who share them, and which photos exist."""

    phones: dict[int, tuple[Phone, ...]]
    child_photos: frozenset[int]
    parent_photos: frozenset[int]


def _parent_card(
    viewer: Viewer, parent: Parent, subject: Subject, shown: _Shown
) -> ParentCard | None:
    if not may_see(viewer, subject, Field.NAME):
        return None
    return ParentCard(
        name=parent.name,
        email=(parent.contact_email or None) if may_see(viewer, subject, Field.EMAIL) else None,
        address=(
            parent.address
            if may_see(viewer, subject, Field.ADDRESS) and parent.address != Address()
            else None
        ),
        phones=shown.phones.get(parent.id, ()) if may_see(viewer, subject, Field.PHONE) else (),
        photo_of=(
            parent.id
            if parent.id in shown.parent_photos and may_see(viewer, subject, Field.PHOTO)
            else None
        ),
    )


def _fetch_shown(
    uow: UnitOfWork,
    viewer: Viewer,
    children: dict[int, Subject],
    parents: dict[int, Subject],
) -> _Shown:
    """One query each for phones and photos, and only of subjects whose field the viewer may
    see: data the page will not show is not even read."""
    school_id = viewer.school_id
    phoning = [p for p, s in parents.items() if may_see(viewer, s, Field.PHONE)]
    contacts = uow.parent_contacts.get_many(school_id, phoning)
    child_photos = [c for c, s in children.items() if may_see(viewer, s, Field.PHOTO)]
    parent_photos = [p for p, s in parents.items() if may_see(viewer, s, Field.PHOTO)]
    return _Shown(
        phones={p: contact.phones for p, contact in contacts.items()},
        child_photos=frozenset(uow.photos.get_many(school_id, SubjectType.CHILD, child_photos)),
        parent_photos=frozenset(uow.photos.get_many(school_id, SubjectType.PARENT, parent_photos)),
    )


def build_group_page(uow: UnitOfWork, viewer: Viewer, group_id: int) -> GroupPage:
    """The group page for any viewer, in a fixed number of queries. Inside ``with uow:``."""
    school_id = viewer.school_id
    group = uow.groups.get(school_id, group_id)
    if group is None:
        raise NotFound("Deze groep bestaat niet.")
    pupils = uow.children.list_for_group(school_id, group.id)
    children = child_subjects(uow, school_id, pupils)
    guardians_of = {c.id: children[c.id].guardian_ids for c in pupils}
    parent_ids = {p for ids in guardians_of.values() for p in ids}
    parents = {p.id: p for p in uow.parents.get_many(school_id, parent_ids)}
    parent_as_subject = parent_subjects(uow, school_id, parents)
    shown = _fetch_shown(uow, viewer, children, parent_as_subject)
    named: list[PupilCard] = []
    unnamed: list[PupilCard] = []
    for pupil in pupils:
        subject = children[pupil.id]
        pupil_parents = sorted(
            (parents[p] for p in guardians_of[pupil.id] if p in parents),
            key=lambda p: (sort_key(p.roepnaam, p.tussenvoegsel, p.achternaam), p.id),
        )
        parent_cards = (
            _parent_card(viewer, p, parent_as_subject[p.id], shown) for p in pupil_parents
        )
        shown_parents = tuple(card for card in parent_cards if card is not None)
        card = PupilCard(
            name=pupil.name,
            date_of_birth=(
                pupil.date_of_birth if may_see(viewer, subject, Field.DATE_OF_BIRTH) else None
            ),
            parents=shown_parents,
            photo_of=(
                pupil.id
                if pupil.id in shown.child_photos and may_see(viewer, subject, Field.PHOTO)
                else None
            ),
            own=viewer.kind is ViewerKind.PARENT and viewer.id in subject.guardian_ids,
        )
        if may_see(viewer, subject, Field.NAME):
            named.append(card)
        elif card.parents or card.photo_of or card.date_of_birth:
            # unnamed, and last: not even the order tells the name
            unnamed.append(attrs.evolve(card, name=None))
    return GroupPage(
        group=group,
        own=group.id in viewer.group_ids,
        teachers=tuple(s.name for s in uow.staff.list_for_group(school_id, group.id)),
        pupils=(*named, *unnamed),
        pupil_count=len(pupils),
    )


def group_page(uow: UnitOfWork, *, school_id: int, parent_id: int, group_id: int) -> GroupPage:
    """The group page as a parent sees it."""
    with uow:
        return build_group_page(uow, parent_viewer(uow, school_id, parent_id), group_id)
