"""In-memory repositories of the absence area (settings, absences, leave, conversations)."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable, Sequence

from deborg.adapters.memory.store import MemoryRepository
from deborg.domain.absence.leave import LeaveRequest, LeaveStatus
from deborg.domain.absence.reports import AbsenceReport
from deborg.domain.absence.settings import AbsenceSettings
from deborg.domain.absence.threads import Post, Reader, ReadMarker, Thread


class MemoryAbsenceSettingsRepository(MemoryRepository[AbsenceSettings]):
    table_name = "absence_settings"

    def get(self, school_id: int) -> AbsenceSettings:
        return self._rows.get(school_id) or AbsenceSettings(school_id)

    def save(self, settings: AbsenceSettings) -> None:
        self._rows[settings.school_id] = settings


def _ended_before(report: AbsenceReport, day: dt.date) -> bool:
    return (report.last_day or report.first_day) < day


class MemoryAbsenceReportRepository(MemoryRepository[AbsenceReport]):
    table_name = "absence_reports"

    def add(self, report: AbsenceReport) -> AbsenceReport:
        return self._insert(report)

    def get(self, school_id: int, report_id: int) -> AbsenceReport | None:
        return self._one(lambda r: r.id == report_id and r.school_id == school_id)

    def update(self, report: AbsenceReport) -> None:
        self._replace(report)

    def list_for_children(
        self, school_id: int, child_ids: Iterable[int]
    ) -> Sequence[AbsenceReport]:
        wanted = set(child_ids)
        found = self._select(lambda r: r.school_id == school_id and r.child_id in wanted)
        return sorted(found, key=lambda r: (r.first_day, r.id), reverse=True)

    def list_between(
        self, school_id: int, first: dt.date, last: dt.date
    ) -> Sequence[AbsenceReport]:
        found = self._select(
            lambda r: (
                r.school_id == school_id
                and r.first_day <= last
                and (r.last_day is None or r.last_day >= first)
            )
        )
        return sorted(found, key=lambda r: (r.first_day, r.id))

    def delete_before(self, school_id: int, day: dt.date) -> int:
        return self._delete_where(lambda r: r.school_id == school_id and _ended_before(r, day))


class MemoryCutoffRunRepository(MemoryRepository[dt.datetime]):
    table_name = "absence_cutoff_runs"

    def done(self, school_id: int, day: dt.date) -> bool:
        return (school_id, day) in self._rows

    def record(self, school_id: int, day: dt.date, at: dt.datetime) -> None:
        self._rows[(school_id, day)] = at


class MemoryLeaveRequestRepository(MemoryRepository[LeaveRequest]):
    table_name = "leave_requests"

    def add(self, request: LeaveRequest) -> LeaveRequest:
        return self._insert(request)

    def get(self, school_id: int, request_id: int) -> LeaveRequest | None:
        return self._one(lambda r: r.id == request_id and r.school_id == school_id)

    def update(self, request: LeaveRequest) -> None:
        self._replace(request)

    def list(self, school_id: int, *, status: LeaveStatus | None = None) -> Sequence[LeaveRequest]:
        found = self._select(
            lambda r: r.school_id == school_id and (status is None or r.status is status)
        )
        return sorted(found, key=lambda r: (r.first_day, r.id))

    def list_for_children(self, school_id: int, child_ids: Iterable[int]) -> Sequence[LeaveRequest]:
        wanted = set(child_ids)
        found = self._select(lambda r: r.school_id == school_id and r.child_id in wanted)
        return sorted(found, key=lambda r: (r.first_day, r.id), reverse=True)

    def delete_before(self, school_id: int, day: dt.date) -> int:
        return self._delete_where(lambda r: r.school_id == school_id and r.last_day < day)


def _latest_first(threads: list[Thread]) -> list[Thread]:
    return sorted(threads, key=lambda t: (t.last_post_at, t.id), reverse=True)


class MemoryThreadRepository(MemoryRepository[Thread]):
    table_name = "teacher_threads"

    def add(self, thread: Thread) -> Thread:
        return self._insert(thread)

    def get(self, school_id: int, thread_id: int) -> Thread | None:
        return self._one(lambda t: t.id == thread_id and t.school_id == school_id)

    def update(self, thread: Thread) -> None:
        self._replace(thread)

    def list_for_children(self, school_id: int, child_ids: Iterable[int]) -> Sequence[Thread]:
        wanted = set(child_ids)
        return _latest_first(
            self._select(lambda t: t.school_id == school_id and t.child_id in wanted)
        )

    def list_for_staff(self, school_id: int, staff_id: int) -> Sequence[Thread]:
        return _latest_first(
            self._select(lambda t: t.school_id == school_id and t.staff_id == staff_id)
        )

    def list_last_post_before(self, school_id: int, moment: dt.datetime) -> Sequence[Thread]:
        return _latest_first(
            self._select(lambda t: t.school_id == school_id and t.last_post_at < moment)
        )

    def delete(self, school_id: int, thread_ids: Iterable[int]) -> int:
        doomed = set(thread_ids)
        for name in ("teacher_posts", "teacher_thread_reads"):
            rows = self._tx().table(name)
            for key in [k for k, row in rows.items() if row.thread_id in doomed]:
                del rows[key]
        return self._delete_where(lambda t: t.school_id == school_id and t.id in doomed)


class MemoryPostRepository(MemoryRepository[Post]):
    table_name = "teacher_posts"

    def add(self, post: Post) -> Post:
        return self._insert(post)

    def get(self, school_id: int, post_id: int) -> Post | None:
        return self._one(lambda p: p.id == post_id and p.school_id == school_id)

    def list_for_thread(self, school_id: int, thread_id: int) -> Sequence[Post]:
        found = self._select(lambda p: p.school_id == school_id and p.thread_id == thread_id)
        return sorted(found, key=lambda p: (p.posted_at, p.id))

    def list_for_threads(self, school_id: int, thread_ids: Iterable[int]) -> Sequence[Post]:
        wanted = set(thread_ids)
        found = self._select(lambda p: p.school_id == school_id and p.thread_id in wanted)
        return sorted(found, key=lambda p: (p.thread_id, p.posted_at, p.id))

    def last_posts(self, school_id: int, thread_ids: Iterable[int]) -> dict[int, Post]:
        last: dict[int, Post] = {}
        for post in self.list_for_threads(school_id, thread_ids):
            last[post.thread_id] = post
        return last


class MemoryReadMarkerRepository(MemoryRepository[ReadMarker]):
    table_name = "teacher_thread_reads"

    def save(self, marker: ReadMarker) -> None:
        self._rows[(marker.thread_id, marker.reader)] = copy.deepcopy(marker)

    def for_reader(
        self, school_id: int, reader: Reader, thread_ids: Iterable[int]
    ) -> dict[int, ReadMarker]:
        wanted = set(thread_ids)
        return {
            m.thread_id: m
            for m in self._select(
                lambda m: m.school_id == school_id and m.reader == reader and m.thread_id in wanted
            )
        }

    def list_for_thread(self, school_id: int, thread_id: int) -> Sequence[ReadMarker]:
        return self._select(lambda m: m.school_id == school_id and m.thread_id == thread_id)
