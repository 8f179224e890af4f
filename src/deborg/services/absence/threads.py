"""Bericht aan de leerkracht: a parent starts a conversation with a teacher of their child's
group and both write in it; the teacher answers from the staff portal or ``deborg
parent-messages``. Co-guardians see the thread unless the starter made it private; read
markers on both sides; mails: the teacher always (staff mail), parents as they chose under
"Berichten van de leerkracht"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs

from deborg.domain import dutch
from deborg.domain.absence import mailtexts
from deborg.domain.absence.attachments import check_size, looks_like_image
from deborg.domain.absence.errors import NotYourTeacher
from deborg.domain.absence.threads import (
    Post,
    PostAttachment,
    Reader,
    ReadMarker,
    Side,
    Thread,
    check_subject,
    check_text,
    ensure_may_write,
    is_unread,
    parent_can_see,
    reachable_note,
)
from deborg.domain.content.filetypes import detect_document_type, safe_filename
from deborg.domain.errors import InvalidInput, NotFound
from deborg.domain.mail import MailCategory
from deborg.domain.model import Child, Parent, School, StaffMember
from deborg.ports.clock import Clock
from deborg.ports.files import FileStore
from deborg.ports.images import ImageProcessor
from deborg.ports.links import Links
from deborg.ports.randomness import TokenSource
from deborg.ports.uow import UnitOfWork
from deborg.services.absence.common import guardians, parent_children
from deborg.services.lookups import parent_or_not_found, school_or_not_found
from deborg.services.notifications.routing import Notice, notify_parent
from deborg.services.outbox import queue_mail
from deborg.services.profiles.access import readable_child
from deborg.services.stored_files import files_for_transaction


@attrs.frozen
class Upload:
    filename: str
    content: bytes


@attrs.frozen
class FileStorage:
    """The ports an attachment needs, passed together."""

    files: FileStore
    images: ImageProcessor
    tokens: TokenSource
    max_bytes: int


@attrs.frozen
class Written:
    thread: Thread
    post: Post
    #: For a parent writing outside the teacher's reachable hours: when to expect an answer.
    reachable_note: str | None = None


# --- attachments ----------------------------------------------------------------------------


def _prepare(
    upload: Upload | None, storage: FileStorage, school_id: int
) -> tuple[PostAttachment | None, dict[str, bytes]]:
    """The checked attachment and the file(s) to store, or (None, {}) without one."""
    if upload is None or not upload.content:
        return None, {}
    check_size(upload.content, storage.max_bytes)
    key = f"conversations/{school_id}/{storage.tokens.token(18)}"
    if looks_like_image(upload.content):
        try:
            image = storage.images.process(upload.content, filename=upload.filename)
        except InvalidInput as refused:
            raise InvalidInput(refused.message, "attachment") from None
        extension = image.content_type.rsplit("/", 1)[-1].replace("jpeg", "jpg")
        attachment = PostAttachment(
            file_key=f"{key}.{extension}",
            filename=safe_filename(upload.filename or "foto", extension),
            content_type=image.content_type,
            size=len(image.content),
        )
        return attachment, {attachment.file_key: image.content}
    try:
        kind = detect_document_type(upload.content, upload.filename)
    except InvalidInput as refused:
        raise InvalidInput(
            refused.message.replace("Dit bestand is geen PDF-", "Dit bestand is geen foto, PDF-"),
            "attachment",
        ) from None
    attachment = PostAttachment(
        file_key=f"{key}.{kind.extension}",
        filename=safe_filename(upload.filename, kind.extension),
        content_type=kind.content_type,
        size=len(upload.content),
    )
    return attachment, {attachment.file_key: upload.content}


def _add_post(
    uow: UnitOfWork,
    thread: Thread,
    reader: Reader,
    text: str,
    now: dt.datetime,
    attachment: PostAttachment | None = None,
) -> tuple[Thread, Post]:
    """A post by ``reader`` (who has then read the thread), and the thread it moves up."""
    post = uow.thread_posts.add(
        Post(
            school_id=thread.school_id,
            thread_id=thread.id,
            side=reader.side,
            author_id=reader.id,
            text=text,
            posted_at=now,
            attachment=attachment,
        )
    )
    thread = attrs.evolve(thread, last_post_at=now)
    uow.threads.update(thread)
    uow.thread_reads.save(ReadMarker(thread.school_id, thread.id, reader, now))
    return thread, post


# --- parents --------------------------------------------------------------------------------


@attrs.frozen
class TeacherChoice:
    child: Child
    teachers: tuple[StaffMember, ...]


def teachers_to_write(uow: UnitOfWork, *, school_id: int, parent_id: int) -> list[TeacherChoice]:
    """Per child of the parent, the teachers of the child's group (the new-message form)."""
    with uow:
        return [
            TeacherChoice(child, tuple(uow.staff.list_for_group(school_id, child.group_id)))
            for child in parent_children(uow, school_id, parent_id)
        ]


def start_thread(
    uow: UnitOfWork,
    clock: Clock,
    links: Links,
    storage: FileStorage,
    *,
    school_id: int,
    parent_id: int,
    child_id: int,
    staff_id: int,
    subject: str,
    text: str,
    private: bool = False,
    upload: Upload | None = None,
) -> Written:
    """A new conversation with a teacher of the child's group; the teacher is mailed."""
    subject = check_subject(subject)
    attachment, contents = _prepare(upload, storage, school_id)
    text = check_text(text, with_attachment=attachment is not None)
    with uow, files_for_transaction(storage.files, contents):
        school = school_or_not_found(uow, school_id)
        parent = parent_or_not_found(uow, school_id, parent_id)
        ensure_may_write(parent)
        child = readable_child(uow, school_id, parent_id, child_id)
        teacher = uow.staff.get(school_id, staff_id)
        if teacher is None or child.group_id not in teacher.group_ids:
            raise NotYourTeacher()
        now = clock.now()
        thread = uow.threads.add(
            Thread(
                school_id=school_id,
                child_id=child.id,
                staff_id=teacher.id,
                started_by=parent.id,
                subject=subject,
                started_at=now,
                last_post_at=now,
                private=private,
            )
        )
        written = _parent_post(
            uow, clock, links, school, parent, child, teacher, thread, text, attachment
        )
        uow.commit()
    return written


def reply_as_parent(
    uow: UnitOfWork,
    clock: Clock,
    links: Links,
    storage: FileStorage,
    *,
    school_id: int,
    parent_id: int,
    thread_id: int,
    text: str,
    upload: Upload | None = None,
) -> Written:
    attachment, contents = _prepare(upload, storage, school_id)
    text = check_text(text, with_attachment=attachment is not None)
    with uow, files_for_transaction(storage.files, contents):
        school = school_or_not_found(uow, school_id)
        parent = parent_or_not_found(uow, school_id, parent_id)
        thread, child = _thread_of_parent(uow, school_id, parent_id, thread_id)
        ensure_may_write(parent)
        teacher = uow.staff.get(school_id, thread.staff_id)
        if teacher is None:
            raise NotFound()
        written = _parent_post(
            uow, clock, links, school, parent, child, teacher, thread, text, attachment
        )
        uow.commit()
    return written


def _parent_post(
    uow: UnitOfWork,
    clock: Clock,
    links: Links,
    school: School,
    parent: Parent,
    child: Child,
    teacher: StaffMember,
    thread: Thread,
    text: str,
    attachment: PostAttachment | None,
) -> Written:
    now = clock.now()
    thread, post = _add_post(uow, thread, Reader(Side.PARENT, parent.id), text, now, attachment)
    queue_mail(
        uow,
        clock,
        school_id=school.id,
        to=teacher.email,
        subject=mailtexts.THREAD_TO_TEACHER_SUBJECT.format(
            parent=parent.name, child=child.name, subject=thread.subject
        ),
        text=mailtexts.THREAD_TO_TEACHER_TEXT.format(
            teacher=teacher.name,
            parent=parent.name,
            child=child.name,
            moment=dutch.format_moment(now, school.timezone),
            text=text + (f"\n\n(Bijlage: {attachment.filename})" if attachment else ""),
            thread_id=thread.id,
            email=teacher.email,
        ),
        category=MailCategory.STAFF,
        links=links,
    )
    settings = uow.absence_settings.get(school.id)
    note = reachable_note(dutch.local(now, school.timezone), settings.reachable, teacher.name)
    return Written(thread, post, note)


def _thread_of_parent(
    uow: UnitOfWork, school_id: int, parent_id: int, thread_id: int
) -> tuple[Thread, Child]:
    """The thread if this parent may see it; anything else reads as missing."""
    thread = uow.threads.get(school_id, thread_id)
    own = uow.guardianships.children_of(school_id, parent_id)
    if thread is None or not parent_can_see(thread, parent_id, own):
        raise NotFound()
    child = uow.children.get(school_id, thread.child_id)
    if child is None:
        raise NotFound()
    return thread, child


@attrs.frozen
class ThreadSummary:
    thread: Thread
    child: Child
    teacher: str
    last_post: Post | None
    unread: bool


@attrs.frozen
class ShownPost:
    post: Post
    author: str
    own: bool


@attrs.frozen
class ThreadView:
    thread: Thread
    child: Child
    teacher: str
    posts: tuple[ShownPost, ...]
    #: When the other side last read the thread (read marker), if ever.
    read_by_other_at: dt.datetime | None
    can_write: bool
    reachable_note: str | None = None


def _names(uow: UnitOfWork, school_id: int, posts: Sequence[Post]) -> dict[tuple[Side, int], str]:
    parents = uow.parents.get_many(school_id, {p.author_id for p in posts if p.side is Side.PARENT})
    staff = {s.id: s for s in uow.staff.list(school_id)}
    names = {(Side.PARENT, p.id): p.name for p in parents}
    names.update({(Side.STAFF, s.id): s.name for s in staff.values()})
    return names


def _summaries(
    uow: UnitOfWork, school_id: int, threads: Sequence[Thread], reader: Reader
) -> list[ThreadSummary]:
    ids = [t.id for t in threads]
    last = uow.thread_posts.last_posts(school_id, ids)
    markers = uow.thread_reads.for_reader(school_id, reader, ids)
    children = {c.id: c for c in uow.children.get_many(school_id, {t.child_id for t in threads})}
    staff = {s.id: s.name for s in uow.staff.list(school_id)}
    return [
        ThreadSummary(
            thread=t,
            child=children[t.child_id],
            teacher=staff.get(t.staff_id, ""),
            last_post=last.get(t.id),
            unread=is_unread(t, last.get(t.id), markers.get(t.id), reader),
        )
        for t in threads
        if t.child_id in children
    ]


def threads_for_parent(uow: UnitOfWork, *, school_id: int, parent_id: int) -> list[ThreadSummary]:
    """The parent's conversations and the co-guardians' ones about a shared child (unless
    private), latest first, with unread markers."""
    with uow:
        own = uow.guardianships.children_of(school_id, parent_id)
        threads = [
            t
            for t in uow.threads.list_for_children(school_id, own)
            if parent_can_see(t, parent_id, own)
        ]
        return _summaries(uow, school_id, threads, Reader(Side.PARENT, parent_id))


def _view(
    uow: UnitOfWork,
    clock: Clock,
    school: School,
    thread: Thread,
    child: Child,
    reader: Reader,
    can_write: bool,
) -> ThreadView:
    posts = uow.thread_posts.list_for_thread(school.id, thread.id)
    names = _names(uow, school.id, posts)
    other = Side.STAFF if reader.side is Side.PARENT else Side.PARENT
    other_reads = [
        m.read_at
        for m in uow.thread_reads.list_for_thread(school.id, thread.id)
        if m.reader.side is other
    ]
    uow.thread_reads.save(ReadMarker(school.id, thread.id, reader, clock.now()))
    teacher = names.get((Side.STAFF, thread.staff_id), "")
    note = None
    if reader.side is Side.PARENT:
        settings = uow.absence_settings.get(school.id)
        note = reachable_note(
            dutch.local(clock.now(), school.timezone),
            settings.reachable,
            teacher or "De leerkracht",
        )
    return ThreadView(
        thread=thread,
        child=child,
        teacher=teacher,
        posts=tuple(
            ShownPost(p, names.get((p.side, p.author_id), ""), p.reader == reader) for p in posts
        ),
        read_by_other_at=max(other_reads) if other_reads else None,
        can_write=can_write,
        reachable_note=note,
    )


def thread_for_parent(
    uow: UnitOfWork, clock: Clock, *, school_id: int, parent_id: int, thread_id: int
) -> ThreadView:
    """The thread with its posts; reading it moves the parent's read marker."""
    with uow:
        school = school_or_not_found(uow, school_id)
        parent = parent_or_not_found(uow, school_id, parent_id)
        thread, child = _thread_of_parent(uow, school_id, parent_id, thread_id)
        view = _view(
            uow, clock, school, thread, child, Reader(Side.PARENT, parent_id), not parent.read_only
        )
        uow.commit()
    return view


@attrs.frozen
class StoredAttachment:
    content: bytes
    content_type: str
    filename: str


def attachment_for_parent(
    uow: UnitOfWork,
    files: FileStore,
    *,
    school_id: int,
    parent_id: int,
    thread_id: int,
    post_id: int,
) -> StoredAttachment:
    with uow:
        thread, _ = _thread_of_parent(uow, school_id, parent_id, thread_id)
        post = uow.thread_posts.get(school_id, post_id)
    return _attachment(files, thread, post)


def _attachment(files: FileStore, thread: Thread, post: Post | None) -> StoredAttachment:
    if post is None or post.thread_id != thread.id or post.attachment is None:
        raise NotFound()
    try:
        content = files.get(post.attachment.file_key)
    except KeyError:
        raise NotFound() from None
    return StoredAttachment(content, post.attachment.content_type, post.attachment.filename)


# --- teachers -------------------------------------------------------------------------------


def _staff(uow: UnitOfWork, school_id: int, staff_id: int) -> StaffMember:
    staff = uow.staff.get(school_id, staff_id)
    if staff is None:
        raise NotFound("Onbekend personeelslid.")
    return staff


def _thread_of_teacher(
    uow: UnitOfWork, school_id: int, staff_id: int, thread_id: int
) -> tuple[Thread, Child]:
    thread = uow.threads.get(school_id, thread_id)
    if thread is None or thread.staff_id != staff_id:
        raise NotFound(f"Geen gesprek met nummer {thread_id} voor deze leerkracht.")
    child = uow.children.get(school_id, thread.child_id)
    if child is None:
        raise NotFound()
    return thread, child


def threads_for_teacher(uow: UnitOfWork, *, school_id: int, staff_id: int) -> list[ThreadSummary]:
    """The read model of a teacher's conversations (staff portal, ``deborg parent-messages
    list``), latest first, unread ones marked."""
    with uow:
        _staff(uow, school_id, staff_id)
        threads = uow.threads.list_for_staff(school_id, staff_id)
        return _summaries(uow, school_id, threads, Reader(Side.STAFF, staff_id))


def thread_for_teacher(
    uow: UnitOfWork, clock: Clock, *, school_id: int, staff_id: int, thread_id: int
) -> ThreadView:
    """The thread with its posts; reading it moves the teacher's read marker."""
    with uow:
        school = school_or_not_found(uow, school_id)
        _staff(uow, school_id, staff_id)
        thread, child = _thread_of_teacher(uow, school_id, staff_id, thread_id)
        view = _view(uow, clock, school, thread, child, Reader(Side.STAFF, staff_id), True)
        uow.commit()
    return view


def attachment_for_teacher(
    uow: UnitOfWork,
    files: FileStore,
    *,
    school_id: int,
    staff_id: int,
    thread_id: int,
    post_id: int,
) -> StoredAttachment:
    with uow:
        thread, _ = _thread_of_teacher(uow, school_id, staff_id, thread_id)
        post = uow.thread_posts.get(school_id, post_id)
    return _attachment(files, thread, post)


def reply_as_teacher(
    uow: UnitOfWork,
    clock: Clock,
    links: Links,
    *,
    school_id: int,
    staff_id: int,
    thread_id: int,
    text: str,
) -> Written:
    """The teacher answers; the parents who see the thread hear of it as they chose under
    "Berichten van de leerkracht"."""
    text = check_text(text)
    with uow:
        school = school_or_not_found(uow, school_id)
        teacher = _staff(uow, school_id, staff_id)
        thread, child = _thread_of_teacher(uow, school_id, staff_id, thread_id)
        thread, post = _add_post(uow, thread, Reader(Side.STAFF, teacher.id), text, clock.now())
        link = links.teacher_thread(thread.id)
        notice = Notice(
            category=MailCategory.TEACHER_MESSAGES,
            subject=mailtexts.THREAD_TO_PARENT_SUBJECT.format(
                teacher=teacher.name, subject=thread.subject
            ),
            text=mailtexts.THREAD_TO_PARENT_TEXT.format(
                teacher=teacher.name,
                subject=thread.subject,
                child=child.name,
                text=text,
                link=link,
            ),
            title=f"{teacher.name}: {thread.subject}",
            summary=text[:200],
            link=link,
        )
        for parent in guardians(uow, school_id, child.id):
            if parent_can_see(thread, parent.id, [child.id]):
                notify_parent(uow, clock, links, school=school, parent=parent, notice=notice)
        uow.commit()
    return Written(thread, post)
