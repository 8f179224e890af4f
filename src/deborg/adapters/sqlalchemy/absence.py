"""Rows and SQL repositories of the absence area: settings, absence reports, cut-off runs,
leave requests, and conversations with teachers (threads, posts, read markers)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, and_, delete, func, or_, select
from sqlalchemy.orm import Mapped, mapped_column

from deborg.adapters.sqlalchemy.base import SqlRepository, rowcount
from deborg.adapters.sqlalchemy.tables import Base, get_in_school
from deborg.domain.absence.leave import LeaveReason, LeaveRequest, LeaveStatus
from deborg.domain.absence.reports import AbsenceReason, AbsenceReport
from deborg.domain.absence.settings import AbsenceSettings, ReachableHours
from deborg.domain.absence.threads import Post, PostAttachment, Reader, ReadMarker, Side, Thread

# --- rows -----------------------------------------------------------------------------------


class AbsenceSettingsRow(Base):
    __tablename__ = "absence_settings"

    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), primary_key=True)
    cutoff: Mapped[dt.time]
    phone: Mapped[str] = mapped_column(String(40), default="")
    #: [[weekday, "08:00", "16:30"], …]
    reachable: Mapped[list[Any]]
    retention_years: Mapped[int]


class AbsenceReportRow(Base):
    __tablename__ = "absence_reports"
    __table_args__ = (
        Index(None, "school_id", "child_id"),
        Index(None, "school_id", "first_day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"))
    reported_by: Mapped[int] = mapped_column(ForeignKey("parents.id"))
    reason: Mapped[str] = mapped_column(String(16))
    first_day: Mapped[dt.date]
    last_day: Mapped[dt.date | None]
    note: Mapped[str] = mapped_column(Text, default="")
    reported_at: Mapped[dt.datetime]
    ended_at: Mapped[dt.datetime | None]
    cancelled: Mapped[bool] = mapped_column(default=False)


class CutoffRunRow(Base):
    __tablename__ = "absence_cutoff_runs"

    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), primary_key=True)
    day: Mapped[dt.date] = mapped_column(primary_key=True)
    sent_at: Mapped[dt.datetime]


class LeaveRequestRow(Base):
    __tablename__ = "leave_requests"
    __table_args__ = (Index(None, "school_id", "child_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"))
    requested_by: Mapped[int] = mapped_column(ForeignKey("parents.id"))
    reason: Mapped[str] = mapped_column(String(16))
    first_day: Mapped[dt.date]
    last_day: Mapped[dt.date]
    note: Mapped[str] = mapped_column(Text, default="")
    requested_at: Mapped[dt.datetime]
    status: Mapped[str] = mapped_column(String(16))
    decided_at: Mapped[dt.datetime | None]
    decided_by: Mapped[str] = mapped_column(String(200), default="")
    decision_note: Mapped[str] = mapped_column(Text, default="")


class ThreadRow(Base):
    __tablename__ = "teacher_threads"
    __table_args__ = (
        Index(None, "school_id", "child_id"),
        Index(None, "school_id", "staff_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    started_by: Mapped[int] = mapped_column(ForeignKey("parents.id"))
    subject: Mapped[str] = mapped_column(String(150))
    private: Mapped[bool] = mapped_column(default=False)
    started_at: Mapped[dt.datetime]
    last_post_at: Mapped[dt.datetime]


class PostRow(Base):
    __tablename__ = "teacher_posts"
    __table_args__ = (Index(None, "thread_id", "posted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    thread_id: Mapped[int] = mapped_column(ForeignKey("teacher_threads.id"))
    side: Mapped[str] = mapped_column(String(8))
    author_id: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    posted_at: Mapped[dt.datetime]
    file_key: Mapped[str | None] = mapped_column(String(200))
    filename: Mapped[str | None] = mapped_column(String(200))
    content_type: Mapped[str | None] = mapped_column(String(120))
    size: Mapped[int | None]


class ReadMarkerRow(Base):
    __tablename__ = "teacher_thread_reads"

    thread_id: Mapped[int] = mapped_column(ForeignKey("teacher_threads.id"), primary_key=True)
    side: Mapped[str] = mapped_column(String(8), primary_key=True)
    reader_id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    read_at: Mapped[dt.datetime]


# --- settings -------------------------------------------------------------------------------


class SqlAbsenceSettingsRepository(SqlRepository):
    def get(self, school_id: int) -> AbsenceSettings:
        row = self.session.get(AbsenceSettingsRow, school_id)
        if row is None:
            return AbsenceSettings(school_id)
        return AbsenceSettings(
            school_id=row.school_id,
            cutoff=row.cutoff,
            phone=row.phone,
            reachable=tuple(
                ReachableHours(int(day), dt.time.fromisoformat(start), dt.time.fromisoformat(end))
                for day, start, end in row.reachable
            ),
            retention_years=row.retention_years,
        )

    def save(self, settings: AbsenceSettings) -> None:
        row = self.session.get(AbsenceSettingsRow, settings.school_id)
        if row is None:
            row = AbsenceSettingsRow(school_id=settings.school_id)
            self.session.add(row)
        row.cutoff = settings.cutoff
        row.phone = settings.phone
        row.reachable = [
            [h.weekday, h.start.isoformat("minutes"), h.end.isoformat("minutes")]
            for h in settings.reachable
        ]
        row.retention_years = settings.retention_years
        self.session.flush()


# --- absences -------------------------------------------------------------------------------


def _report(row: AbsenceReportRow) -> AbsenceReport:
    return AbsenceReport(
        school_id=row.school_id,
        child_id=row.child_id,
        reported_by=row.reported_by,
        reason=AbsenceReason(row.reason),
        first_day=row.first_day,
        last_day=row.last_day,
        reported_at=row.reported_at,
        note=row.note,
        ended_at=row.ended_at,
        cancelled=row.cancelled,
        id=row.id,
    )


def _report_values(report: AbsenceReport) -> dict[str, Any]:
    return {
        "school_id": report.school_id,
        "child_id": report.child_id,
        "reported_by": report.reported_by,
        "reason": report.reason.value,
        "first_day": report.first_day,
        "last_day": report.last_day,
        "note": report.note,
        "reported_at": report.reported_at,
        "ended_at": report.ended_at,
        "cancelled": report.cancelled,
    }


class SqlAbsenceReportRepository(SqlRepository):
    def add(self, report: AbsenceReport) -> AbsenceReport:
        row = AbsenceReportRow(**_report_values(report))
        self.session.add(row)
        self.session.flush()
        return _report(row)

    def get(self, school_id: int, report_id: int) -> AbsenceReport | None:
        return get_in_school(self.session, AbsenceReportRow, report_id, school_id, _report)

    def update(self, report: AbsenceReport) -> None:
        row = self.session.get_one(AbsenceReportRow, report.id)
        for key, value in _report_values(report).items():
            setattr(row, key, value)
        self.session.flush()

    def list_for_children(
        self, school_id: int, child_ids: Iterable[int]
    ) -> Sequence[AbsenceReport]:
        rows = self.session.scalars(
            select(AbsenceReportRow)
            .where(
                AbsenceReportRow.school_id == school_id,
                AbsenceReportRow.child_id.in_(list(child_ids)),
            )
            .order_by(AbsenceReportRow.first_day.desc(), AbsenceReportRow.id.desc())
        )
        return [_report(row) for row in rows]

    def list_between(
        self, school_id: int, first: dt.date, last: dt.date
    ) -> Sequence[AbsenceReport]:
        rows = self.session.scalars(
            select(AbsenceReportRow)
            .where(
                AbsenceReportRow.school_id == school_id,
                AbsenceReportRow.first_day <= last,
                or_(AbsenceReportRow.last_day.is_(None), AbsenceReportRow.last_day >= first),
            )
            .order_by(AbsenceReportRow.first_day, AbsenceReportRow.id)
        )
        return [_report(row) for row in rows]

    def delete_before(self, school_id: int, day: dt.date) -> int:
        ended = func.coalesce(AbsenceReportRow.last_day, AbsenceReportRow.first_day)
        return rowcount(
            self.session.execute(
                delete(AbsenceReportRow).where(AbsenceReportRow.school_id == school_id, ended < day)
            )
        )


class SqlCutoffRunRepository(SqlRepository):
    def done(self, school_id: int, day: dt.date) -> bool:
        return self.session.get(CutoffRunRow, (school_id, day)) is not None

    def record(self, school_id: int, day: dt.date, at: dt.datetime) -> None:
        self.session.add(CutoffRunRow(school_id=school_id, day=day, sent_at=at))
        self.session.flush()


# --- leave ----------------------------------------------------------------------------------


def _leave(row: LeaveRequestRow) -> LeaveRequest:
    return LeaveRequest(
        school_id=row.school_id,
        child_id=row.child_id,
        requested_by=row.requested_by,
        reason=LeaveReason(row.reason),
        first_day=row.first_day,
        last_day=row.last_day,
        requested_at=row.requested_at,
        note=row.note,
        status=LeaveStatus(row.status),
        decided_at=row.decided_at,
        decided_by=row.decided_by,
        decision_note=row.decision_note,
        id=row.id,
    )


def _leave_values(request: LeaveRequest) -> dict[str, Any]:
    return {
        "school_id": request.school_id,
        "child_id": request.child_id,
        "requested_by": request.requested_by,
        "reason": request.reason.value,
        "first_day": request.first_day,
        "last_day": request.last_day,
        "note": request.note,
        "requested_at": request.requested_at,
        "status": request.status.value,
        "decided_at": request.decided_at,
        "decided_by": request.decided_by,
        "decision_note": request.decision_note,
    }


class SqlLeaveRequestRepository(SqlRepository):
    def add(self, request: LeaveRequest) -> LeaveRequest:
        row = LeaveRequestRow(**_leave_values(request))
        self.session.add(row)
        self.session.flush()
        return _leave(row)

    def get(self, school_id: int, request_id: int) -> LeaveRequest | None:
        return get_in_school(self.session, LeaveRequestRow, request_id, school_id, _leave)

    def update(self, request: LeaveRequest) -> None:
        row = self.session.get_one(LeaveRequestRow, request.id)
        for key, value in _leave_values(request).items():
            setattr(row, key, value)
        self.session.flush()

    def list(self, school_id: int, *, status: LeaveStatus | None = None) -> Sequence[LeaveRequest]:
        query = select(LeaveRequestRow).where(LeaveRequestRow.school_id == school_id)
        if status is not None:
            query = query.where(LeaveRequestRow.status == status.value)
        rows = self.session.scalars(query.order_by(LeaveRequestRow.first_day, LeaveRequestRow.id))
        return [_leave(row) for row in rows]

    def list_for_children(self, school_id: int, child_ids: Iterable[int]) -> Sequence[LeaveRequest]:
        rows = self.session.scalars(
            select(LeaveRequestRow)
            .where(
                LeaveRequestRow.school_id == school_id,
                LeaveRequestRow.child_id.in_(list(child_ids)),
            )
            .order_by(LeaveRequestRow.first_day.desc(), LeaveRequestRow.id.desc())
        )
        return [_leave(row) for row in rows]

    def delete_before(self, school_id: int, day: dt.date) -> int:
        return rowcount(
            self.session.execute(
                delete(LeaveRequestRow).where(
                    LeaveRequestRow.school_id == school_id, LeaveRequestRow.last_day < day
                )
            )
        )


# --- conversations --------------------------------------------------------------------------


def _thread(row: ThreadRow) -> Thread:
    return Thread(
        school_id=row.school_id,
        child_id=row.child_id,
        staff_id=row.staff_id,
        started_by=row.started_by,
        subject=row.subject,
        started_at=row.started_at,
        last_post_at=row.last_post_at,
        private=row.private,
        id=row.id,
    )


class SqlThreadRepository(SqlRepository):
    def add(self, thread: Thread) -> Thread:
        row = ThreadRow(
            school_id=thread.school_id,
            child_id=thread.child_id,
            staff_id=thread.staff_id,
            started_by=thread.started_by,
            subject=thread.subject,
            private=thread.private,
            started_at=thread.started_at,
            last_post_at=thread.last_post_at,
        )
        self.session.add(row)
        self.session.flush()
        return _thread(row)

    def get(self, school_id: int, thread_id: int) -> Thread | None:
        return get_in_school(self.session, ThreadRow, thread_id, school_id, _thread)

    def update(self, thread: Thread) -> None:
        row = self.session.get_one(ThreadRow, thread.id)
        row.subject = thread.subject
        row.private = thread.private
        row.last_post_at = thread.last_post_at
        self.session.flush()

    def _list(self, school_id: int, *where: Any) -> list[Thread]:
        rows = self.session.scalars(
            select(ThreadRow)
            .where(ThreadRow.school_id == school_id, *where)
            .order_by(ThreadRow.last_post_at.desc(), ThreadRow.id.desc())
        )
        return [_thread(row) for row in rows]

    def list_for_children(self, school_id: int, child_ids: Iterable[int]) -> Sequence[Thread]:
        return self._list(school_id, ThreadRow.child_id.in_(list(child_ids)))

    def list_for_staff(self, school_id: int, staff_id: int) -> Sequence[Thread]:
        return self._list(school_id, ThreadRow.staff_id == staff_id)

    def list_last_post_before(self, school_id: int, moment: dt.datetime) -> Sequence[Thread]:
        return self._list(school_id, ThreadRow.last_post_at < moment)

    def delete(self, school_id: int, thread_ids: Iterable[int]) -> int:
        ids = list(thread_ids)
        if not ids:
            return 0
        owned = select(ThreadRow.id).where(ThreadRow.school_id == school_id, ThreadRow.id.in_(ids))
        self.session.execute(delete(ReadMarkerRow).where(ReadMarkerRow.thread_id.in_(owned)))
        self.session.execute(delete(PostRow).where(PostRow.thread_id.in_(owned)))
        return rowcount(
            self.session.execute(
                delete(ThreadRow).where(ThreadRow.school_id == school_id, ThreadRow.id.in_(ids))
            )
        )


def _post(row: PostRow) -> Post:
    attachment = None
    if row.file_key is not None:
        attachment = PostAttachment(
            file_key=row.file_key,
            filename=row.filename or "",
            content_type=row.content_type or "application/octet-stream",
            size=row.size or 0,
        )
    return Post(
        school_id=row.school_id,
        thread_id=row.thread_id,
        side=Side(row.side),
        author_id=row.author_id,
        text=row.text,
        posted_at=row.posted_at,
        attachment=attachment,
        id=row.id,
    )


class SqlPostRepository(SqlRepository):
    def add(self, post: Post) -> Post:
        attachment = post.attachment
        row = PostRow(
            school_id=post.school_id,
            thread_id=post.thread_id,
            side=post.side.value,
            author_id=post.author_id,
            text=post.text,
            posted_at=post.posted_at,
            file_key=attachment.file_key if attachment else None,
            filename=attachment.filename if attachment else None,
            content_type=attachment.content_type if attachment else None,
            size=attachment.size if attachment else None,
        )
        self.session.add(row)
        self.session.flush()
        return _post(row)

    def get(self, school_id: int, post_id: int) -> Post | None:
        return get_in_school(self.session, PostRow, post_id, school_id, _post)

    def list_for_thread(self, school_id: int, thread_id: int) -> Sequence[Post]:
        return self.list_for_threads(school_id, [thread_id])

    def list_for_threads(self, school_id: int, thread_ids: Iterable[int]) -> Sequence[Post]:
        rows = self.session.scalars(
            select(PostRow)
            .where(PostRow.school_id == school_id, PostRow.thread_id.in_(list(thread_ids)))
            .order_by(PostRow.thread_id, PostRow.posted_at, PostRow.id)
        )
        return [_post(row) for row in rows]

    def last_posts(self, school_id: int, thread_ids: Iterable[int]) -> dict[int, Post]:
        ids = list(thread_ids)
        if not ids:
            return {}
        newest = (
            select(PostRow.thread_id, func.max(PostRow.id).label("post_id"))
            .where(PostRow.school_id == school_id, PostRow.thread_id.in_(ids))
            .group_by(PostRow.thread_id)
            .subquery()
        )
        rows = self.session.scalars(
            select(PostRow).join(newest, and_(PostRow.id == newest.c.post_id))
        )
        return {row.thread_id: _post(row) for row in rows}


class SqlReadMarkerRepository(SqlRepository):
    def save(self, marker: ReadMarker) -> None:
        key = (marker.thread_id, marker.reader.side.value, marker.reader.id)
        row = self.session.get(ReadMarkerRow, key)
        if row is None:
            self.session.add(
                ReadMarkerRow(
                    thread_id=marker.thread_id,
                    side=marker.reader.side.value,
                    reader_id=marker.reader.id,
                    school_id=marker.school_id,
                    read_at=marker.read_at,
                )
            )
        else:
            row.read_at = marker.read_at
        self.session.flush()

    def _markers(self, *where: Any) -> list[ReadMarker]:
        rows = self.session.scalars(select(ReadMarkerRow).where(*where))
        return [
            ReadMarker(
                school_id=row.school_id,
                thread_id=row.thread_id,
                reader=Reader(Side(row.side), row.reader_id),
                read_at=row.read_at,
            )
            for row in rows
        ]

    def for_reader(
        self, school_id: int, reader: Reader, thread_ids: Iterable[int]
    ) -> dict[int, ReadMarker]:
        markers = self._markers(
            ReadMarkerRow.school_id == school_id,
            ReadMarkerRow.side == reader.side.value,
            ReadMarkerRow.reader_id == reader.id,
            ReadMarkerRow.thread_id.in_(list(thread_ids)),
        )
        return {m.thread_id: m for m in markers}

    def list_for_thread(self, school_id: int, thread_id: int) -> Sequence[ReadMarker]:
        return self._markers(
            ReadMarkerRow.school_id == school_id, ReadMarkerRow.thread_id == thread_id
        )
