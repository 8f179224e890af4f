"""Repositories of the absence area: settings, absence reports, leave requests, the cut-off
mails already sent, and the conversations with teachers. Every query is scoped to a school."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Protocol

from deborg.domain.absence.leave import LeaveRequest, LeaveStatus
from deborg.domain.absence.reports import AbsenceReport
from deborg.domain.absence.settings import AbsenceSettings
from deborg.domain.absence.threads import Post, Reader, ReadMarker, Thread


class AbsenceSettingsRepository(Protocol):
    def get(self, school_id: int) -> AbsenceSettings:
        """The school's settings; the defaults when it set none."""
        ...

    def save(self, settings: AbsenceSettings) -> None: ...


class AbsenceReportRepository(Protocol):
    def add(self, report: AbsenceReport) -> AbsenceReport: ...
    def get(self, school_id: int, report_id: int) -> AbsenceReport | None: ...
    def update(self, report: AbsenceReport) -> None: ...
    def list_for_children(
        self, school_id: int, child_ids: Iterable[int]
    ) -> Sequence[AbsenceReport]:
        """Newest first day first."""
        ...

    def list_between(
        self, school_id: int, first: dt.date, last: dt.date
    ) -> Sequence[AbsenceReport]:
        """The reports (withdrawn ones too) that reach into ``first``..``last``, by first day."""
        ...

    def delete_before(self, school_id: int, day: dt.date) -> int:
        """Remove the reports that ended (or, open-ended, began) before ``day``."""
        ...


class CutoffRunRepository(Protocol):
    """The school days whose cut-off mail went out: at most one mail round per day."""

    def done(self, school_id: int, day: dt.date) -> bool: ...
    def record(self, school_id: int, day: dt.date, at: dt.datetime) -> None: ...


class LeaveRequestRepository(Protocol):
    def add(self, request: LeaveRequest) -> LeaveRequest: ...
    def get(self, school_id: int, request_id: int) -> LeaveRequest | None: ...
    def update(self, request: LeaveRequest) -> None: ...
    def list(self, school_id: int, *, status: LeaveStatus | None = None) -> Sequence[LeaveRequest]:
        """By first day."""
        ...

    def list_for_children(self, school_id: int, child_ids: Iterable[int]) -> Sequence[LeaveRequest]:
        """Newest first day first."""
        ...

    def delete_before(self, school_id: int, day: dt.date) -> int:
        """Remove the requests whose last day is before ``day``."""
        ...


class ThreadRepository(Protocol):
    def add(self, thread: Thread) -> Thread: ...
    def get(self, school_id: int, thread_id: int) -> Thread | None: ...
    def update(self, thread: Thread) -> None: ...
    def list_for_children(self, school_id: int, child_ids: Iterable[int]) -> Sequence[Thread]:
        """Latest post first."""
        ...

    def list_for_staff(self, school_id: int, staff_id: int) -> Sequence[Thread]:
        """Latest post first."""
        ...

    def list_last_post_before(self, school_id: int, moment: dt.datetime) -> Sequence[Thread]: ...
    def delete(self, school_id: int, thread_ids: Iterable[int]) -> int:
        """Remove the threads with their posts and read markers."""
        ...


class PostRepository(Protocol):
    def add(self, post: Post) -> Post: ...
    def get(self, school_id: int, post_id: int) -> Post | None: ...
    def list_for_thread(self, school_id: int, thread_id: int) -> Sequence[Post]:
        """Oldest first."""
        ...

    def last_posts(self, school_id: int, thread_ids: Iterable[int]) -> dict[int, Post]:
        """thread id -> its newest post, for many threads in one query."""
        ...

    def list_for_threads(self, school_id: int, thread_ids: Iterable[int]) -> Sequence[Post]: ...


class ReadMarkerRepository(Protocol):
    def save(self, marker: ReadMarker) -> None:
        """Insert or move the reader's marker of the thread."""
        ...

    def for_reader(
        self, school_id: int, reader: Reader, thread_ids: Iterable[int]
    ) -> dict[int, ReadMarker]: ...
    def list_for_thread(self, school_id: int, thread_id: int) -> Sequence[ReadMarker]: ...
