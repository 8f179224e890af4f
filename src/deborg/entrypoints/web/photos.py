"""Photos of parents and children: uploaded and removed from the account and child pages,
served only to those allowed to see them."""

from __future__ import annotations

from flask import Blueprint, Flask, request
from werkzeug.wrappers import Response as BaseResponse

from deborg.domain.errors import InvalidInput
from deborg.domain.model import Parent
from deborg.domain.profiles.model import SubjectType
from deborg.entrypoints.web.security import login_required, require_parent, services
from deborg.entrypoints.web.served import file_response
from deborg.services.profiles import photos

bp = Blueprint("photos", __name__, url_prefix="/foto")


def read_upload(field: str = "photo") -> tuple[bytes, str]:
    """The uploaded file's bytes (at most one byte over the limit, enough to refuse it) and
    its name; the spooled temporary file is closed at once."""
    upload = request.files.get(field)
    if upload is None:
        return b"", ""
    try:
        return upload.stream.read(services().settings.max_upload_bytes + 1), upload.filename or ""
    finally:
        upload.close()


def save_photo(parent: Parent, subject_type: SubjectType, subject_id: int) -> str | None:
    """Store the uploaded photo of the parent or their child, as ``parent``; what was wrong
    with the upload, or None when it is stored."""
    s = services()
    content, filename = read_upload()
    try:
        photos.set_photo(
            s.uow(),
            s.clock,
            s.tokens,
            s.files,
            s.images,
            school_id=parent.school_id,
            parent_id=parent.id,
            subject_type=subject_type,
            subject_id=subject_id,
            content=content,
            filename=filename,
        )
    except InvalidInput as failure:
        return failure.message
    return None


def delete_photo(parent: Parent, subject_type: SubjectType, subject_id: int) -> None:
    """Remove the photo of the parent or their child, as ``parent``."""
    s = services()
    photos.remove_photo(
        s.uow(),
        s.clock,
        s.files,
        school_id=parent.school_id,
        parent_id=parent.id,
        subject_type=subject_type,
        subject_id=subject_id,
    )


def _serve(subject_type: SubjectType, subject_id: int, *, thumbnail: bool) -> BaseResponse:
    parent = require_parent()
    s = services()
    return file_response(
        photos.photo_for_viewer(
            s.uow(),
            s.files,
            school_id=parent.school_id,
            viewer_id=parent.id,
            subject_type=subject_type,
            subject_id=subject_id,
            thumbnail=thumbnail,
        )
    )


@bp.get("/ouder/<int:parent_id>")
@login_required
def parent(parent_id: int) -> BaseResponse:
    return _serve(SubjectType.PARENT, parent_id, thumbnail=False)


@bp.get("/ouder/<int:parent_id>/klein")
@login_required
def parent_thumbnail(parent_id: int) -> BaseResponse:
    return _serve(SubjectType.PARENT, parent_id, thumbnail=True)


@bp.get("/kind/<int:child_id>")
@login_required
def child(child_id: int) -> BaseResponse:
    return _serve(SubjectType.CHILD, child_id, thumbnail=False)


@bp.get("/kind/<int:child_id>/klein")
@login_required
def child_thumbnail(child_id: int) -> BaseResponse:
    return _serve(SubjectType.CHILD, child_id, thumbnail=True)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
