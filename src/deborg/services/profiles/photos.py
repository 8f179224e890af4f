"""Photos (avatars) of parents and children: upload through the ImageProcessor into the
FileStore, and serve only to those allowed to see them."""

from __future__ import annotations

import attrs

from deborg.domain.audit import AuditEntry
from deborg.domain.errors import AccessDenied
from deborg.domain.privacy import rule
from deborg.domain.privacy.rule import Viewer
from deborg.domain.profiles.errors import PhotoNotFound
from deborg.domain.profiles.model import ProfilePhoto, SubjectType
from deborg.ports.clock import Clock
from deborg.ports.files import FileStore
from deborg.ports.images import ImageProcessor
from deborg.ports.randomness import TokenSource
from deborg.ports.uow import UnitOfWork
from deborg.services.privacy.subjects import child_subject, parent_subject, parent_viewer
from deborg.services.profiles.access import changeable_child, the_parent
from deborg.services.profiles.changes import parent_actor
from deborg.services.stored_files import ServedFile, files_for_transaction, serve_file

_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}


def _check_may_change(
    uow: UnitOfWork, school_id: int, parent_id: int, subject_type: SubjectType, subject_id: int
) -> None:
    if subject_type is SubjectType.PARENT:
        the_parent(uow, school_id, parent_id)
        if subject_id != parent_id:  # a parent sets only their own photo
            raise AccessDenied()
    else:
        changeable_child(uow, school_id, parent_id, subject_id)


def set_photo(
    uow: UnitOfWork,
    clock: Clock,
    tokens: TokenSource,
    files: FileStore,
    images: ImageProcessor,
    *,
    school_id: int,
    parent_id: int,
    subject_type: SubjectType,
    subject_id: int,
    content: bytes,
    filename: str = "",
) -> ProfilePhoto:
    """Verify and re-encode the upload, store it and its thumbnail, replace the old photo.
    A refused file (ImageRejected) leaves nothing behind."""
    with uow:
        _check_may_change(uow, school_id, parent_id, subject_type, subject_id)
    processed = images.process(content, filename=filename)
    stem = f"photos/{school_id}/{subject_type.value}-{subject_id}-{tokens.token(16)}"
    extension = _EXTENSIONS[processed.content_type]
    photo = ProfilePhoto(
        school_id=school_id,
        subject_type=subject_type,
        subject_id=subject_id,
        key=f"{stem}.{extension}",
        thumbnail_key=f"{stem}-klein.{extension}",
        content_type=processed.content_type,
        uploaded_at=clock.now(),
        uploaded_by=parent_id,
    )
    stored = {photo.key: processed.content, photo.thumbnail_key: processed.thumbnail}
    with files_for_transaction(files, stored), uow:
        _check_may_change(uow, school_id, parent_id, subject_type, subject_id)
        old = uow.photos.get(school_id, subject_type, subject_id)
        uow.photos.save(photo)
        _audit(uow, photo, parent_id, old=old.key if old else "", new=photo.key)
        uow.commit()
    if old is not None:
        files.delete(old.key)
        files.delete(old.thumbnail_key)
    return photo


def remove_photo(
    uow: UnitOfWork,
    clock: Clock,
    files: FileStore,
    *,
    school_id: int,
    parent_id: int,
    subject_type: SubjectType,
    subject_id: int,
) -> None:
    with uow:
        _check_may_change(uow, school_id, parent_id, subject_type, subject_id)
        old = uow.photos.get(school_id, subject_type, subject_id)
        if old is None:
            return
        uow.photos.delete(school_id, subject_type, subject_id)
        _audit(uow, attrs.evolve(old, uploaded_at=clock.now()), parent_id, old=old.key, new="")
        uow.commit()
    files.delete(old.key)
    files.delete(old.thumbnail_key)


def _audit(uow: UnitOfWork, photo: ProfilePhoto, parent_id: int, *, old: str, new: str) -> None:
    uow.audit.add(
        AuditEntry(
            school_id=photo.school_id,
            actor=parent_actor(parent_id),
            subject_type=photo.subject_type.value,
            subject_id=photo.subject_id,
            field="photo",
            old_value=old,
            new_value=new,
            at=photo.uploaded_at,
        )
    )


def may_see_photo(
    uow: UnitOfWork, viewer: Viewer, subject_type: SubjectType, subject_id: int
) -> bool:
    """Whether the viewer may see the photo of this parent or child: the privacy rule decides
    (:func:`deborg.domain.privacy.rule.may_see_photo`), from the subject's settings. Inside
    ``with uow:``."""
    if subject_type is SubjectType.PARENT:
        subject = parent_subject(uow, viewer.school_id, subject_id)
    else:
        subject = child_subject(uow, viewer.school_id, subject_id)
    return subject is not None and rule.may_see_photo(viewer, subject)


def photo_for_viewer(
    uow: UnitOfWork,
    files: FileStore,
    *,
    school_id: int,
    viewer_id: int,
    subject_type: SubjectType,
    subject_id: int,
    thumbnail: bool = False,
) -> ServedFile:
    """The photo's bytes (or a link to them), for a parent the privacy rule allows to see
    them; PhotoNotFound otherwise (the same answer as for a subject without a photo, so ids
    cannot be probed)."""
    with uow:
        photo = uow.photos.get(school_id, subject_type, subject_id)
        if photo is None or not may_see_photo(
            uow, parent_viewer(uow, school_id, viewer_id), subject_type, subject_id
        ):
            raise PhotoNotFound()
    try:
        return serve_file(
            files,
            photo.thumbnail_key if thumbnail else photo.key,
            content_type=photo.content_type,
            disposition="inline",
        )
    except KeyError:
        raise PhotoNotFound() from None
