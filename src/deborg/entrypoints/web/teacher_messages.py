"""Bericht aan de leerkracht: the parent's conversations with their children's teachers.
Routes parse, call one use case and render; who sees which thread is the domain's rule."""

from __future__ import annotations

from flask import Blueprint, Flask, Response, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from deborg.domain.errors import AccountIsReadOnly, InvalidInput
from deborg.entrypoints.web.errors import status_for
from deborg.entrypoints.web.photos import read_upload
from deborg.entrypoints.web.security import login_required, require_parent, services
from deborg.services.absence import threads
from deborg.services.stored_files import content_disposition

bp = Blueprint("teacher_messages", __name__, url_prefix="/berichten-leerkracht")


def storage() -> threads.FileStorage:
    s = services()
    return threads.FileStorage(s.files, s.images, s.tokens, s.settings.max_upload_bytes)


def upload() -> threads.Upload | None:
    content, filename = read_upload("attachment")
    return threads.Upload(filename, content) if content else None


def _int(value: str, field: str, message: str) -> int:
    if not value.isdigit() or not 0 < int(value) < 2**31:
        raise InvalidInput(message, field)
    return int(value)


@bp.get("/")
@login_required
def index() -> str:
    parent = require_parent()
    found = threads.threads_for_parent(
        services().uow(), school_id=parent.school_id, parent_id=parent.id
    )
    return render_template("teacher_messages/index.html", threads=found)


def _new_page(values: dict[str, str] | None = None, errors: dict[str, str] | None = None) -> str:
    parent = require_parent()
    choices = threads.teachers_to_write(
        services().uow(), school_id=parent.school_id, parent_id=parent.id
    )
    options = [
        (f"{choice.child.id}-{teacher.id}", f"{teacher.name} ({choice.child.roepnaam})")
        for choice in choices
        for teacher in choice.teachers
    ]
    return render_template(
        "teacher_messages/new.html", options=options, values=values or {}, errors=errors or {}
    )


@bp.route("/nieuw", methods=["GET", "POST"])
@login_required
def new() -> str | tuple[str, int] | BaseResponse:
    if request.method == "GET":
        return _new_page({"to": request.args.get("aan", "")})
    parent = require_parent()
    s = services()
    values = {k: request.form.get(k, "") for k in ("to", "subject", "text", "private")}
    try:
        child_text, _, staff_text = values["to"].partition("-")
        message = "Kies de leerkracht aan wie u schrijft."
        written = threads.start_thread(
            s.uow(),
            s.clock,
            s.links,
            storage(),
            school_id=parent.school_id,
            parent_id=parent.id,
            child_id=_int(child_text, "to", message),
            staff_id=_int(staff_text, "to", message),
            subject=values["subject"],
            text=values["text"],
            private=values["private"] == "1",
            upload=upload(),
        )
    except InvalidInput as failure:
        field = "to" if failure.field == "staff_id" else failure.field or "_form"
        return _new_page(values, {field: failure.message}), 400
    except AccountIsReadOnly as refusal:
        return _new_page(values, {"_form": refusal.message}), status_for(refusal)
    flash("Uw bericht is verstuurd.", "success")
    if written.reachable_note:
        flash(written.reachable_note, "info")
    return redirect(url_for("teacher_messages.show", thread_id=written.thread.id))


def _thread_page(thread_id: int, text: str = "", errors: dict[str, str] | None = None) -> str:
    parent = require_parent()
    s = services()
    view = threads.thread_for_parent(
        s.uow(), s.clock, school_id=parent.school_id, parent_id=parent.id, thread_id=thread_id
    )
    return render_template("teacher_messages/show.html", view=view, text=text, errors=errors or {})


@bp.get("/<int:thread_id>")
@login_required
def show(thread_id: int) -> str:
    return _thread_page(thread_id)


@bp.post("/<int:thread_id>")
@login_required
def reply(thread_id: int) -> str | tuple[str, int] | BaseResponse:
    parent = require_parent()
    s = services()
    text = request.form.get("text", "")
    try:
        written = threads.reply_as_parent(
            s.uow(),
            s.clock,
            s.links,
            storage(),
            school_id=parent.school_id,
            parent_id=parent.id,
            thread_id=thread_id,
            text=text,
            upload=upload(),
        )
    except InvalidInput as failure:
        return _thread_page(thread_id, text, {failure.field or "text": failure.message}), 400
    except AccountIsReadOnly as refusal:
        return _thread_page(thread_id, text, {"_form": refusal.message}), status_for(refusal)
    flash("Uw bericht is verstuurd.", "success")
    if written.reachable_note:
        flash(written.reachable_note, "info")
    return redirect(url_for("teacher_messages.show", thread_id=thread_id))


@bp.get("/<int:thread_id>/bijlage/<int:post_id>")
@login_required
def attachment(thread_id: int, post_id: int) -> Response:
    parent = require_parent()
    s = services()
    stored = threads.attachment_for_parent(
        s.uow(),
        s.files,
        school_id=parent.school_id,
        parent_id=parent.id,
        thread_id=thread_id,
        post_id=post_id,
    )
    return attachment_response(stored)


def attachment_response(stored: threads.StoredAttachment) -> Response:
    """A conversation's attachment as a download (the parent's and the teacher's side)."""
    response = Response(stored.content, mimetype=stored.content_type)
    response.headers["Content-Disposition"] = content_disposition(stored.filename, attachment=True)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
