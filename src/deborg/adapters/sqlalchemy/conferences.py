"""Rows and repositories of the conferences area.

The database itself keeps a slot in one booking: every booked slot is a row of
``conversation_booked_slots`` with a unique (planning, start), and every booking is unique per
(planning, child). A racing transaction's insert fails there, and the repository turns the
IntegrityError into the domain's error. Moves are an UPDATE guarded by the booking's version.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from typing import Any

from sqlalchemy import (
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    bindparam,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy import cast as sql_cast
from sqlalchemy.engine import Row
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from deborg.adapters.sqlalchemy.base import SqlRepository, rowcount
from deborg.adapters.sqlalchemy.tables import Base
from deborg.domain.conferences.errors import BookingChanged, SlotAlreadyTaken
from deborg.domain.conferences.model import (
    Booking,
    Planning,
    PlanningDay,
    PlanningState,
    Reminder,
    Requirement,
    TimeRange,
)


class PlanningRow(Base):
    __tablename__ = "conversation_plannings"
    __table_args__ = (Index(None, "school_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    title: Mapped[str] = mapped_column(String(200))
    info: Mapped[str] = mapped_column(Text, default="")
    #: [{"date": "2026-11-12", "start": "15:00", "end": "18:00"}, …]
    days: Mapped[list[Any]]
    #: [{"start": "16:00", "end": "16:30"}, …]
    breaks: Mapped[list[Any]]
    slot_minutes: Mapped[int]
    timezone: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime | None]
    opened_at: Mapped[dt.datetime | None]
    opens_for_all_at: Mapped[dt.datetime | None]
    closed_at: Mapped[dt.datetime | None]


class PlanningGroupRow(Base):
    __tablename__ = "conversation_planning_groups"

    planning_id: Mapped[int] = mapped_column(
        ForeignKey("conversation_plannings.id", ondelete="CASCADE"), primary_key=True
    )
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), primary_key=True)


class RequirementRow(Base):
    __tablename__ = "conversation_requirements"
    __table_args__ = (Index(None, "child_id"),)

    planning_id: Mapped[int] = mapped_column(
        ForeignKey("conversation_plannings.id", ondelete="CASCADE"), primary_key=True
    )
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    slots_needed: Mapped[int] = mapped_column(default=1)
    message: Mapped[str] = mapped_column(Text, default="")


class BookingRow(Base):
    __tablename__ = "conversation_bookings"
    __table_args__ = (UniqueConstraint("planning_id", "child_id"), Index(None, "child_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    planning_id: Mapped[int] = mapped_column(
        ForeignKey("conversation_plannings.id", ondelete="CASCADE")
    )
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"))
    booked_at: Mapped[dt.datetime]
    by_staff: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(default=1)


class ReminderRow(Base):
    """A reminder sent the day before a conference, one per (planning, child, start)."""

    __tablename__ = "conference_reminders"

    planning_id: Mapped[int] = mapped_column(
        ForeignKey("conversation_plannings.id", ondelete="CASCADE"), primary_key=True
    )
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), primary_key=True)
    starts_at: Mapped[dt.datetime] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    sent_at: Mapped[dt.datetime]


class BookedSlotRow(Base):
    """One row per booked slot: the unique (planning, start) is what makes a slot
    impossible to book twice, whatever the application does."""

    __tablename__ = "conversation_booked_slots"
    __table_args__ = (UniqueConstraint("planning_id", "starts_at"), Index(None, "booking_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    planning_id: Mapped[int] = mapped_column(
        ForeignKey("conversation_plannings.id", ondelete="CASCADE")
    )
    booking_id: Mapped[int] = mapped_column(
        ForeignKey("conversation_bookings.id", ondelete="CASCADE")
    )
    starts_at: Mapped[dt.datetime]


# --- translation ----------------------------------------------------------------------------


def _hhmm(moment: dt.time) -> str:
    return moment.strftime("%H:%M")


def _planning(row: PlanningRow | Row[Any], group_ids: Sequence[int]) -> Planning:
    return Planning(
        id=row.id,
        school_id=row.school_id,
        title=row.title,
        info=row.info,
        group_ids=tuple(group_ids),
        days=tuple(
            PlanningDay(
                dt.date.fromisoformat(d["date"]),
                dt.time.fromisoformat(d["start"]),
                dt.time.fromisoformat(d["end"]),
            )
            for d in row.days
        ),
        breaks=tuple(
            TimeRange(dt.time.fromisoformat(b["start"]), dt.time.fromisoformat(b["end"]))
            for b in row.breaks
        ),
        slot_minutes=row.slot_minutes,
        timezone=row.timezone,
        state=PlanningState(row.state),
        created_at=row.created_at,
        opened_at=row.opened_at,
        opens_for_all_at=row.opens_for_all_at,
        closed_at=row.closed_at,
    )


def _planning_values(planning: Planning) -> dict[str, Any]:
    return {
        "school_id": planning.school_id,
        "title": planning.title,
        "info": planning.info,
        "days": [
            {"date": d.date.isoformat(), "start": _hhmm(d.start), "end": _hhmm(d.end)}
            for d in planning.days
        ],
        "breaks": [{"start": _hhmm(b.start), "end": _hhmm(b.end)} for b in planning.breaks],
        "slot_minutes": planning.slot_minutes,
        "timezone": planning.timezone,
        "state": planning.state.value,
        "created_at": planning.created_at,
        "opened_at": planning.opened_at,
        "opens_for_all_at": planning.opens_for_all_at,
        "closed_at": planning.closed_at,
    }


#: A school's plannings, newest first, each in one row with its groups' ids as "3,5,7"
#: (string_agg on PostgreSQL, group_concat on SQLite; built once).
_PLANNINGS_WITH_GROUPS = (
    select(
        PlanningRow.__table__,
        func.aggregate_strings(sql_cast(PlanningGroupRow.__table__.c.group_id, String), ",").label(
            "group_list"
        ),
    )
    .outerjoin(
        PlanningGroupRow.__table__,
        PlanningGroupRow.__table__.c.planning_id == PlanningRow.__table__.c.id,
    )
    .where(PlanningRow.__table__.c.school_id == bindparam("school_id"))
    .group_by(PlanningRow.__table__.c.id)
    .order_by(PlanningRow.__table__.c.id.desc())
)
#: The same, only the plannings for at least one of the groups ``group_ids``.
_PLANNINGS_OF_GROUPS = _PLANNINGS_WITH_GROUPS.where(
    PlanningRow.__table__.c.id.in_(
        select(PlanningGroupRow.__table__.c.planning_id).where(
            PlanningGroupRow.__table__.c.group_id.in_(bindparam("group_ids", expanding=True))
        )
    )
)


def _group_ids(group_list: str | None) -> list[int]:
    """The ids of "3,5,7", in order."""
    return sorted(int(g) for g in group_list.split(",")) if group_list else []


class SqlPlanningRepository(SqlRepository):
    def _groups(self, planning_ids: Sequence[int]) -> dict[int, list[int]]:
        result: dict[int, list[int]] = {p: [] for p in planning_ids}
        if planning_ids:
            rows = self.session.execute(
                select(PlanningGroupRow.planning_id, PlanningGroupRow.group_id)
                .where(PlanningGroupRow.planning_id.in_(planning_ids))
                .order_by(PlanningGroupRow.group_id)
            )
            for planning_id, group_id in rows:
                result[planning_id].append(group_id)
        return result

    def add(self, planning: Planning) -> Planning:
        row = PlanningRow(**_planning_values(planning))
        self.session.add(row)
        self.session.flush()
        for group_id in planning.group_ids:
            self.session.add(PlanningGroupRow(planning_id=row.id, group_id=group_id))
        self.session.flush()
        return _planning(row, planning.group_ids)

    def get(self, school_id: int, planning_id: int) -> Planning | None:
        row = self.session.scalars(
            select(PlanningRow).where(
                PlanningRow.id == planning_id, PlanningRow.school_id == school_id
            )
        ).one_or_none()
        return _planning(row, self._groups([row.id])[row.id]) if row else None

    def list(
        self, school_id: int, *, group_ids: Collection[int] | None = None
    ) -> Sequence[Planning]:
        # One statement, one row per planning (every Home and Oudergesprekken asks).
        if group_ids is None:
            rows = self.session.execute(_PLANNINGS_WITH_GROUPS, {"school_id": school_id})
        elif not group_ids:
            return []
        else:
            rows = self.session.execute(
                _PLANNINGS_OF_GROUPS, {"school_id": school_id, "group_ids": sorted(group_ids)}
            )
        return [
            _planning(
                row, sorted(int(g) for g in row.group_list.split(",")) if row.group_list else ()
            )
            for row in rows.all()
        ]

    def update(self, planning: Planning) -> None:
        self.session.execute(
            update(PlanningRow)
            .where(PlanningRow.id == planning.id, PlanningRow.school_id == planning.school_id)
            .values(**_planning_values(planning))
        )
        self.session.execute(
            delete(PlanningGroupRow).where(PlanningGroupRow.planning_id == planning.id)
        )
        for group_id in planning.group_ids:
            self.session.add(PlanningGroupRow(planning_id=planning.id, group_id=group_id))
        self.session.flush()


#: Home and Oudergesprekken read the requirements and bookings of the parent's children on
#: every request during a conference season: statements built once, plain rows.
_REQUIREMENTS = RequirementRow.__table__
_REQUIREMENTS_OF_CHILDREN = (
    select(_REQUIREMENTS)
    .where(
        _REQUIREMENTS.c.school_id == bindparam("school_id"),
        _REQUIREMENTS.c.child_id.in_(bindparam("child_ids", expanding=True)),
    )
    .order_by(_REQUIREMENTS.c.planning_id, _REQUIREMENTS.c.child_id)
)
_BOOKINGS, _BOOKED_SLOTS = BookingRow.__table__, BookedSlotRow.__table__
#: A booking's row with one of its slots, a row per slot.
_BOOKINGS_WITH_SLOTS = (
    select(_BOOKINGS, _BOOKED_SLOTS.c.starts_at)
    .join(_BOOKED_SLOTS, _BOOKED_SLOTS.c.booking_id == _BOOKINGS.c.id)
    .order_by(_BOOKINGS.c.id, _BOOKED_SLOTS.c.starts_at)
)
_BOOKINGS_OF_CHILDREN = _BOOKINGS_WITH_SLOTS.where(
    _BOOKINGS.c.school_id == bindparam("school_id"),
    _BOOKINGS.c.child_id.in_(bindparam("child_ids", expanding=True)),
)


def _requirement(row: RequirementRow | Row[Any]) -> Requirement:
    return Requirement(
        school_id=row.school_id,
        planning_id=row.planning_id,
        child_id=row.child_id,
        slots_needed=row.slots_needed,
        message=row.message,
    )


class SqlRequirementRepository(SqlRepository):
    def save(self, requirement: Requirement) -> None:
        row = self.session.get(RequirementRow, (requirement.planning_id, requirement.child_id))
        if row is None:
            row = RequirementRow(planning_id=requirement.planning_id, child_id=requirement.child_id)
            self.session.add(row)
        row.school_id = requirement.school_id
        row.slots_needed = requirement.slots_needed
        row.message = requirement.message
        self.session.flush()

    def get(self, school_id: int, planning_id: int, child_id: int) -> Requirement | None:
        row = self.session.scalars(
            select(RequirementRow).where(
                RequirementRow.school_id == school_id,
                RequirementRow.planning_id == planning_id,
                RequirementRow.child_id == child_id,
            )
        ).one_or_none()
        return _requirement(row) if row else None

    def list_for_planning(self, school_id: int, planning_id: int) -> Sequence[Requirement]:
        rows = self.session.scalars(
            select(RequirementRow)
            .where(RequirementRow.school_id == school_id, RequirementRow.planning_id == planning_id)
            .order_by(RequirementRow.child_id)
        )
        return [_requirement(r) for r in rows]

    def list_for_children(self, school_id: int, child_ids: Iterable[int]) -> Sequence[Requirement]:
        wanted = sorted(child_ids)
        if not wanted:
            return []
        rows = self.session.execute(
            _REQUIREMENTS_OF_CHILDREN, {"school_id": school_id, "child_ids": wanted}
        )
        return [_requirement(r) for r in rows]


class SqlBookingRepository(SqlRepository):
    def _insert_slots(self, booking: Booking, booking_id: int) -> None:
        try:
            with self.session.begin_nested():
                self.session.execute(
                    insert(BookedSlotRow),
                    [
                        {
                            "planning_id": booking.planning_id,
                            "booking_id": booking_id,
                            "starts_at": start,
                        }
                        for start in booking.starts
                    ],
                )
        except IntegrityError as error:
            raise SlotAlreadyTaken() from error

    def add(self, booking: Booking) -> Booking:
        try:
            with self.session.begin_nested():
                booking_id = self.session.execute(
                    insert(BookingRow)
                    .values(
                        school_id=booking.school_id,
                        planning_id=booking.planning_id,
                        child_id=booking.child_id,
                        booked_at=booking.booked_at,
                        by_staff=booking.by_staff,
                        version=1,
                    )
                    .returning(BookingRow.id)
                ).scalar_one()
        except IntegrityError as error:
            raise BookingChanged() from error
        self._insert_slots(booking, booking_id)
        return Booking(
            school_id=booking.school_id,
            planning_id=booking.planning_id,
            child_id=booking.child_id,
            starts=booking.starts,
            booked_at=booking.booked_at,
            by_staff=booking.by_staff,
            version=1,
            id=booking_id,
        )

    def _bump(self, booking: Booking) -> None:
        changed = self.session.execute(
            update(BookingRow)
            .where(
                BookingRow.id == booking.id,
                BookingRow.school_id == booking.school_id,
                BookingRow.version == booking.version,
            )
            .values(
                version=booking.version + 1, booked_at=booking.booked_at, by_staff=booking.by_staff
            )
        )
        if rowcount(changed) != 1:
            raise BookingChanged()

    def replace(self, booking: Booking) -> Booking:
        self._bump(booking)
        self.session.execute(delete(BookedSlotRow).where(BookedSlotRow.booking_id == booking.id))
        self._insert_slots(booking, booking.id)
        booking.version += 1
        return Booking(
            school_id=booking.school_id,
            planning_id=booking.planning_id,
            child_id=booking.child_id,
            starts=booking.starts,
            booked_at=booking.booked_at,
            by_staff=booking.by_staff,
            version=booking.version,
            id=booking.id,
        )

    def remove(self, booking: Booking) -> None:
        self._bump(booking)
        self.session.execute(delete(BookedSlotRow).where(BookedSlotRow.booking_id == booking.id))
        self.session.execute(delete(BookingRow).where(BookingRow.id == booking.id))

    def _load(self, *conditions: Any) -> list[Booking]:
        return _bookings(self.session.execute(_BOOKINGS_WITH_SLOTS.where(*conditions)))

    def get_for_child(self, school_id: int, planning_id: int, child_id: int) -> Booking | None:
        found = self._load(
            BookingRow.school_id == school_id,
            BookingRow.planning_id == planning_id,
            BookingRow.child_id == child_id,
        )
        return found[0] if found else None

    def list_for_planning(self, school_id: int, planning_id: int) -> Sequence[Booking]:
        return self._load(BookingRow.school_id == school_id, BookingRow.planning_id == planning_id)

    def list_for_children(self, school_id: int, child_ids: Iterable[int]) -> Sequence[Booking]:
        wanted = sorted(child_ids)
        if not wanted:
            return []
        return _bookings(
            self.session.execute(
                _BOOKINGS_OF_CHILDREN, {"school_id": school_id, "child_ids": wanted}
            )
        )


def _bookings(rows: Iterable[Row[Any]]) -> list[Booking]:
    """The bookings of rows of :data:`_BOOKINGS_WITH_SLOTS` (a row per slot, in order)."""
    bookings: dict[int, Booking] = {}
    for row in rows:
        found = bookings.get(row.id)
        if found is None:
            bookings[row.id] = Booking(
                school_id=row.school_id,
                planning_id=row.planning_id,
                child_id=row.child_id,
                starts=(row.starts_at,),
                booked_at=row.booked_at,
                by_staff=row.by_staff,
                version=row.version,
                id=row.id,
            )
        else:
            found.starts = (*found.starts, row.starts_at)
    return sorted(bookings.values(), key=lambda b: b.starts)


class SqlReminderRepository(SqlRepository):
    def add(self, reminder: Reminder) -> None:
        key = (reminder.planning_id, reminder.child_id, reminder.start)
        if self.session.get(ReminderRow, key) is None:
            self.session.add(
                ReminderRow(
                    planning_id=reminder.planning_id,
                    child_id=reminder.child_id,
                    starts_at=reminder.start,
                    school_id=reminder.school_id,
                    sent_at=reminder.sent_at,
                )
            )

    def list_for_planning(self, school_id: int, planning_id: int) -> Sequence[Reminder]:
        rows = self.session.scalars(
            select(ReminderRow)
            .where(ReminderRow.school_id == school_id, ReminderRow.planning_id == planning_id)
            .order_by(ReminderRow.starts_at, ReminderRow.child_id)
        )
        return [
            Reminder(r.school_id, r.planning_id, r.child_id, r.starts_at, r.sent_at) for r in rows
        ]
