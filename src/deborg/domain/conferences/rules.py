"""Pure rules of booking: which slots a booking takes, what is free, what overlaps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence

import attrs

from deborg.domain.conferences.errors import NotEnoughTime, SlotAlreadyTaken
from deborg.domain.conferences.model import Booking, Slot
from deborg.domain.errors import InvalidInput

MAX_SLOTS_NEEDED = 8


def slot_run(slots: Sequence[Slot], start: dt.datetime, needed: int) -> tuple[Slot, ...]:
    """The ``needed`` consecutive slots from ``start``: one after the other, no break between.
    ``slots`` is the planning's slot list (``slots[i].index == i``)."""
    first = next((s for s in slots if s.start == start), None)
    if first is None:
        raise InvalidInput("Dit tijdstip bestaat niet in deze planning.", field="slot")
    run = [first]
    for index in range(first.index + 1, first.index + needed):
        if index >= len(slots) or slots[index].start != run[-1].end:
            raise NotEnoughTime()
        run.append(slots[index])
    return tuple(run)


def taken(bookings: Iterable[Booking]) -> dict[dt.datetime, int]:
    """Slot start -> the child whose booking holds it."""
    return {start: b.child_id for b in bookings for start in b.starts}


def check_free(run: Iterable[Slot], taken_slots: dict[dt.datetime, int], child_id: int) -> None:
    """Every slot of the run is free, or already the child's own."""
    for slot in run:
        owner = taken_slots.get(slot.start)
        if owner is not None and owner != child_id:
            raise SlotAlreadyTaken()


def can_start(
    slots: Sequence[Slot],
    slot: Slot,
    needed: int,
    taken_slots: dict[dt.datetime, int],
    child_id: int,
) -> bool:
    try:
        check_free(slot_run(slots, slot.start, needed), taken_slots, child_id)
    except (NotEnoughTime, SlotAlreadyTaken):
        return False
    return True


@attrs.frozen
class Appointment:
    """A booking with its end moment, for comparing across plannings."""

    child_id: int
    planning_id: int
    start: dt.datetime
    end: dt.datetime


def overlapping(appointments: Sequence[Appointment]) -> list[tuple[Appointment, Appointment]]:
    """Pairs of appointments of different children that overlap in time."""
    pairs = []
    ordered = sorted(appointments, key=lambda a: (a.start, a.child_id))
    for i, first in enumerate(ordered):
        for second in ordered[i + 1 :]:
            if second.start >= first.end:
                break
            if second.child_id != first.child_id:
                pairs.append((first, second))
    return pairs


def suggestions(
    slots: Sequence[Slot],
    needed: int,
    taken_slots: dict[dt.datetime, int],
    child_id: int,
    siblings: Iterable[Appointment],
) -> list[Slot]:
    """Free starts whose run ends exactly when a sibling's appointment starts, or starts
    exactly when it ends: back-to-back, so the family comes once."""
    wanted: set[Slot] = set()
    for other in siblings:
        for slot in slots:
            if not can_start(slots, slot, needed, taken_slots, child_id):
                continue
            run_end = slot.start + (slot.end - slot.start) * needed
            if run_end == other.start or slot.start == other.end:
                wanted.add(slot)
    return sorted(wanted, key=lambda s: s.start)


def slots_short(slot_count: int, needed: Iterable[int]) -> int:
    """How many slots a planning lacks so that every invited child can get a time: the
    slots the children need (one each, more for a double conference) minus the slots there
    are; 0 when there are enough."""
    return max(0, sum(needed) - slot_count)


def teacher_grids(
    group_ids: Sequence[int], teachers_of: Callable[[int], Iterable[str]]
) -> list[tuple[tuple[int, ...], tuple[str, ...]]]:
    """Which groups share one grid of times: groups taught by the same teacher(s) share one,
    every other teacher gets a grid of their own (siblings in groups with different
    teachers then never compete for the same times). A group without a teacher has its own
    grid. In the order the groups were given; (group ids, teacher names) per grid."""
    grids: dict[tuple[str, ...], list[int]] = {}
    for group_id in group_ids:
        names = tuple(sorted(set(teachers_of(group_id))))
        key = names or (f"#group-{group_id}",)
        grids.setdefault(key, []).append(group_id)
    return [(tuple(ids), () if key[0].startswith("#group-") else key) for key, ids in grids.items()]
