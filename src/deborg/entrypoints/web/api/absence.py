"""The app's absences and conversations with teachers: report a child absent and list the
reports (POST/GET /absences), and list, read, start and answer conversations. The rules and
who sees what are the absence area's use cases; nothing here decides."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Response, jsonify

from deborg.domain import errors as e
from deborg.domain.absence.reports import AbsenceReason, AbsenceReport
from deborg.domain.absence.threads import Post
from deborg.domain.validation import validate_date
from deborg.entrypoints.web.api.base import (
    MAX_ID,
    bp,
    current,
    device_required,
    iso,
    json_body,
    paginated,
    string_field,
)
from deborg.entrypoints.web.security import services
from deborg.services.absence import reports, threads


def _id_field(body: dict[str, Any], name: str) -> int:
    value = body.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ID:
        raise e.InvalidInput("Dit veld moet een id (een positief geheel getal) zijn.", name)
    return value


def _date_field(body: dict[str, Any], name: str, *, required: bool) -> dt.date | None:
    value = body.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise e.InvalidInput("Vul een datum in, bijvoorbeeld 2026-10-11.", name)
    return validate_date(value, field=name)


def absence_json(report: AbsenceReport, child_name: str) -> dict[str, Any]:
    return {
        "id": report.id,
        "child_id": report.child_id,
        "child": child_name,
        "reason": report.reason.value,
        "reason_label": report.reason.label,
        "note": report.note,
        "first_day": report.first_day.isoformat(),
        "last_day": report.last_day.isoformat() if report.last_day else None,
        "open_ended": report.open_ended,
        "withdrawn": report.cancelled,
        "reported_at": iso(report.reported_at),
        "period": report.period_text(),
    }


@bp.get("/absences")
@device_required
def absences() -> Response:
    c = current()
    s = services()
    found = reports.absences_for_parent(
        s.uow(), s.clock, school_id=c.school.id, parent_id=c.parent.id
    )
    rows = [
        (report, entry.child.name) for entry in found for report in (*entry.current, *entry.past)
    ]
    return paginated(rows, lambda row: absence_json(*row))


@bp.post("/absences")
@device_required
def report_absence() -> tuple[Response, int]:
    c = current()
    s = services()
    body = json_body()
    reason_text = string_field(body, "reason")
    try:
        reason = AbsenceReason(reason_text)
    except ValueError:
        raise e.InvalidInput("Kies ziek, arts of anders.", "reason") from None
    reported = reports.report_absence(
        s.uow(),
        s.clock,
        s.links,
        school_id=c.school.id,
        parent_id=c.parent.id,
        child_id=_id_field(body, "child_id"),
        reason=reason,
        first_day=_date_field(body, "first_day", required=True) or dt.date.min,
        last_day=_date_field(body, "last_day", required=False),
        note=string_field(body, "note"),
    )
    return jsonify(absence_json(reported.report, reported.child.name)), 201


def _post_json(post: Post, author: str, own: bool) -> dict[str, Any]:
    return {
        "id": post.id,
        "from": author,
        "side": post.side.value,
        "own": own,
        "posted_at": iso(post.posted_at),
        "text": post.text,
        "attachment": post.attachment.filename if post.attachment else None,
    }


def summary_json(summary: threads.ThreadSummary) -> dict[str, Any]:
    return {
        "id": summary.thread.id,
        "subject": summary.thread.subject,
        "child_id": summary.child.id,
        "child": summary.child.name,
        "teacher": summary.teacher,
        "private": summary.thread.private,
        "last_post_at": iso(summary.thread.last_post_at),
        "unread": summary.unread,
    }


def view_json(view: threads.ThreadView) -> dict[str, Any]:
    return {
        "id": view.thread.id,
        "subject": view.thread.subject,
        "child_id": view.child.id,
        "child": view.child.name,
        "teacher": view.teacher,
        "private": view.thread.private,
        "posts": [_post_json(p.post, p.author, p.own) for p in view.posts],
        "read_by_teacher_at": iso(view.read_by_other_at),
        "can_write": view.can_write,
        "reachable_note": view.reachable_note,
    }


@bp.get("/conversations")
@device_required
def conversations() -> Response:
    c = current()
    s = services()
    found = threads.threads_for_parent(s.uow(), school_id=c.school.id, parent_id=c.parent.id)
    choices = threads.teachers_to_write(s.uow(), school_id=c.school.id, parent_id=c.parent.id)
    teachers = [
        {"child_id": choice.child.id, "staff_id": teacher.id, "name": teacher.name}
        for choice in choices
        for teacher in choice.teachers
    ]
    return paginated(found, summary_json, teachers=teachers)


def _storage() -> threads.FileStorage:
    s = services()
    return threads.FileStorage(s.files, s.images, s.tokens, s.settings.max_upload_bytes)


def _private(body: dict[str, Any]) -> bool:
    value = body.get("private", False)
    if not isinstance(value, bool):
        raise e.InvalidInput("Dit veld moet true of false zijn.", "private")
    return value


@bp.post("/conversations")
@device_required
def start_conversation() -> tuple[Response, int]:
    c = current()
    s = services()
    body = json_body()
    written = threads.start_thread(
        s.uow(),
        s.clock,
        s.links,
        _storage(),
        school_id=c.school.id,
        parent_id=c.parent.id,
        child_id=_id_field(body, "child_id"),
        staff_id=_id_field(body, "staff_id"),
        subject=string_field(body, "subject"),
        text=string_field(body, "text"),
        private=_private(body),
    )
    view = threads.thread_for_parent(
        s.uow(), s.clock, school_id=c.school.id, parent_id=c.parent.id, thread_id=written.thread.id
    )
    return jsonify(view_json(view)), 201


@bp.get(f"/conversations/<int(max={MAX_ID}):thread_id>")
@device_required
def conversation(thread_id: int) -> Response:
    c = current()
    s = services()
    view = threads.thread_for_parent(
        s.uow(), s.clock, school_id=c.school.id, parent_id=c.parent.id, thread_id=thread_id
    )
    return jsonify(view_json(view))


@bp.post(f"/conversations/<int(max={MAX_ID}):thread_id>/posts")
@device_required
def post_in_conversation(thread_id: int) -> tuple[Response, int]:
    c = current()
    s = services()
    body = json_body()
    written = threads.reply_as_parent(
        s.uow(),
        s.clock,
        s.links,
        _storage(),
        school_id=c.school.id,
        parent_id=c.parent.id,
        thread_id=thread_id,
        text=string_field(body, "text"),
    )
    return jsonify(
        {**_post_json(written.post, c.parent.name, True), "reachable_note": written.reachable_note}
    ), 201
