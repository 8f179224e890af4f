"""Issue #19 on the school's side: a teacher reads and answers the parents' messages
(Berichten van ouders) and the beheerder decides on leave requests (Verlof). Each route calls
the use case of ``deborg parent-messages`` / ``deborg leave``; who reaches a thread is the
use case's rule (only the teacher it was written to), decisions are the beheerder's."""

from __future__ import annotations

from flask import Response, flash, redirect, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from deborg.domain.errors import InvalidInput
from deborg.entrypoints.web.school import (
    beheerder_required,
    bp,
    page,
    require_staff,
    staff_required,
)
from deborg.entrypoints.web.security import services
from deborg.entrypoints.web.teacher_messages import attachment_response
from deborg.services.absence import leave, threads

# --- Berichten van ouders -------------------------------------------------------------------


@bp.get("/berichten-ouders")
@staff_required
def parent_threads() -> str:
    staff = require_staff()
    found = threads.threads_for_teacher(
        services().uow(), school_id=staff.school_id, staff_id=staff.id
    )
    return page("school/parent_threads.html", threads=found)


def _thread_page(thread_id: int, text: str = "", errors: dict[str, str] | None = None) -> str:
    staff = require_staff()
    s = services()
    view = threads.thread_for_teacher(
        s.uow(), s.clock, school_id=staff.school_id, staff_id=staff.id, thread_id=thread_id
    )
    return page("school/parent_thread.html", view=view, text=text, errors=errors or {})


@bp.get("/berichten-ouders/<int:thread_id>")
@staff_required
def parent_thread(thread_id: int) -> str:
    return _thread_page(thread_id)


@bp.post("/berichten-ouders/<int:thread_id>")
@staff_required
def parent_thread_reply(thread_id: int) -> str | tuple[str, int] | BaseResponse:
    staff = require_staff()
    s = services()
    text = request.form.get("text", "")
    try:
        threads.reply_as_teacher(
            s.uow(),
            s.clock,
            s.links,
            school_id=staff.school_id,
            staff_id=staff.id,
            thread_id=thread_id,
            text=text,
        )
    except InvalidInput as failure:
        return _thread_page(thread_id, text, {"text": failure.message}), 400
    flash("Uw antwoord is verstuurd; de ouders krijgen bericht.", "success")
    return redirect(url_for("school.parent_thread", thread_id=thread_id))


@bp.get("/berichten-ouders/<int:thread_id>/bijlage/<int:post_id>")
@staff_required
def parent_thread_attachment(thread_id: int, post_id: int) -> Response:
    staff = require_staff()
    s = services()
    stored = threads.attachment_for_teacher(
        s.uow(),
        s.files,
        school_id=staff.school_id,
        staff_id=staff.id,
        thread_id=thread_id,
        post_id=post_id,
    )
    return attachment_response(stored)


# --- Verlof (beheerder) ---------------------------------------------------------------------


def _leave_page(values: dict[str, str] | None = None, errors: dict[str, str] | None = None) -> str:
    staff = require_staff()
    lines = leave.list_leave(services().uow(), school_id=staff.school_id)
    return page("school/leave.html", lines=lines, values=values or {}, errors=errors or {})


@bp.get("/verlof")
@beheerder_required
def leave_list() -> str:
    return _leave_page()


def _decide(request_id: int, grant: bool) -> str | tuple[str, int] | BaseResponse:
    staff = require_staff()
    s = services()
    field = f"note-{request_id}"
    note = request.form.get(field, "")
    try:
        decided = leave.decide_leave(
            s.uow(),
            s.clock,
            s.links,
            school_id=staff.school_id,
            request_id=request_id,
            grant=grant,
            by=staff.name,
            note=note,
        )
    except InvalidInput as failure:
        return _leave_page({field: note}, {field: failure.message}), 400
    flash(
        f"Het verlof is {decided.status.label.lower()}; de ouders krijgen bericht per e-mail.",
        "success",
    )
    return redirect(url_for("school.leave_list"))


@bp.post("/verlof/<int:request_id>/toekennen")
@beheerder_required
def leave_grant(request_id: int) -> str | tuple[str, int] | BaseResponse:
    return _decide(request_id, grant=True)


@bp.post("/verlof/<int:request_id>/afwijzen")
@beheerder_required
def leave_refuse(request_id: int) -> str | tuple[str, int] | BaseResponse:
    return _decide(request_id, grant=False)
