"""The Oudergesprekken section of "Mijn gegevens downloaden" (see
:mod:`deborg.services.privacy.export`): the conferences booked for the parent's children and
what the teacher asked for them. Times in the school's time zone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from deborg.ports.uow import UnitOfWork
from deborg.services.privacy.export import ExportScope, export_date


def bookings_section(uow: UnitOfWork, scope: ExportScope) -> Mapping[str, Any]:
    names = {c.id: c.name for c in uow.children.get_many(scope.school_id, scope.child_ids)}
    plannings = {p.id: p for p in uow.plannings.list(scope.school_id)}
    requirements = {
        (r.planning_id, r.child_id): r
        for r in uow.requirements.list_for_children(scope.school_id, scope.child_ids)
    }
    bookings = uow.bookings.list_for_children(scope.school_id, scope.child_ids)
    booked = {(b.planning_id, b.child_id): b for b in bookings}
    entries = []
    for planning_id, child_id in sorted({*booked, *requirements}):
        planning = plannings.get(planning_id)
        if planning is None or child_id not in names:
            continue
        zone = ZoneInfo(planning.timezone)

        def local(moment: dt.datetime, zone: ZoneInfo = zone) -> str | None:
            return export_date(moment.astimezone(zone))

        booking = booked.get((planning_id, child_id))
        requirement = requirements.get((planning_id, child_id))
        entries.append(
            {
                "child": names[child_id],
                "conference": planning.title,
                "starts": local(booking.start) if booking else None,
                "ends": local(booking.end(planning.slot_minutes)) if booking else None,
                "booked_at": export_date(booking.booked_at) if booking else None,
                "booked_by_school": booking.by_staff if booking else None,
                "slots_needed": requirement.slots_needed if requirement else 1,
                "message_from_teacher": requirement.message if requirement else "",
            }
        )
    return {"conference_bookings": entries}
