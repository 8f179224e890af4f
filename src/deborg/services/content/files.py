"""Photo albums and documents: uploads checked to be what they claim, stored under random
keys, and served only to parents the audience rule lets in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Iterator
from typing import Generic, TypeVar

import attrs

from deborg.domain.content import texts
from deborg.domain.content.audience import require_visible, visible
from deborg.domain.content.filetypes import DocumentType, detect_document_type, safe_filename
from deborg.domain.content.model import Album, Document, Photo
from deborg.domain.content.rules import validate_title
from deborg.domain.errors import InvalidInput, NotFound
from deborg.domain.mail import MailCategory
from deborg.domain.model import School
from deborg.domain.staff import require_reach
from deborg.ports.clock import Clock
from deborg.ports.files import FileStore
from deborg.ports.images import ImageProcessor
from deborg.ports.links import Links
from deborg.ports.randomness import TokenSource
from deborg.ports.uow import UnitOfWork
from deborg.services.content.audience import guardians_of, viewer_for
from deborg.services.content.publishing.common import (
    Published,
    Teller,
    announce,
    move_audience,
    resolve_poster,
)
from deborg.services.content.publishing.edits import Edited, new_audience
from deborg.services.lookups import school_or_not_found, staff_or_not_found
from deborg.services.stored_files import (
    Discarded,
    ServedFile,
    content_disposition,
    discard_files,
    files_for_transaction,
    serve_file,
)

MAX_DESCRIPTION = 2_000

T = TypeVar("T")


@attrs.frozen
class Withdrawn(Generic[T]):
    """An item (or photo, or replaced file) taken down, and what became of its files."""

    item: T
    files: Discarded


def _description(text: str) -> str:
    cleaned = text.strip()
    if len(cleaned) > MAX_DESCRIPTION:
        raise InvalidInput(
            f"De omschrijving is te lang (hoogstens {MAX_DESCRIPTION} tekens).", "description"
        )
    return cleaned


# --- albums ---------------------------------------------------------------------------------


def create_album(
    uow: UnitOfWork,
    clock: Clock,
    *,
    school_id: int,
    title: str,
    description: str = "",
    group_names: Iterable[str] = (),
    published_at: dt.datetime | None = None,
    staff_id: int | None = None,
) -> Album:
    """An empty album; parents hear of it when its first photos are added. From the portal
    (``staff_id``) only for an audience within the staff member's reach."""
    title = validate_title(title)
    description = _description(description)
    with uow:
        school = school_or_not_found(uow, school_id)
        _, audience = resolve_poster(uow, school, group_names, author_email=None, staff_id=staff_id)
        album = uow.albums.add(
            Album(
                school_id=school_id,
                title=title,
                description=description,
                audience=audience,
                published_at=published_at or clock.now(),
            )
        )
        uow.commit()
    return album


def add_photo(
    uow: UnitOfWork,
    clock: Clock,
    links: Links,
    files: FileStore,
    images: ImageProcessor,
    tokens: TokenSource,
    *,
    school_id: int,
    album_id: int,
    content: bytes,
    filename: str = "",
    caption: str = "",
    notify: bool = True,
    staff_id: int | None = None,
) -> Published[Photo]:
    """Verify and re-encode one photo (metadata, location included, stripped) and add it.
    The album's first photo tells the parents about the album. From the portal
    (``staff_id``) only to an album within the staff member's reach."""
    with uow:
        album = album_for_staff(uow, school_id, album_id, staff_id)
    processed = images.process(content, filename=filename)
    with uow:
        school = school_or_not_found(uow, school_id)
        album = album_for_staff(uow, school_id, album_id, staff_id)
        extension = processed.content_type.rsplit("/", 1)[-1].replace("jpeg", "jpg")
        key = f"albums/{school_id}/{album_id}/{tokens.token(18)}"
        stored = {
            f"{key}.{extension}": processed.content,
            f"{key}-klein.{extension}": processed.thumbnail,
        }
        with files_for_transaction(files, stored):
            photo = uow.album_photos.add(
                Photo(
                    school_id=school_id,
                    album_id=album_id,
                    file_key=f"{key}.{extension}",
                    thumbnail_key=f"{key}-klein.{extension}",
                    content_type=processed.content_type,
                    width=processed.width,
                    height=processed.height,
                    added_at=clock.now(),
                    caption=caption.strip()[:300],
                )
            )
            first = album.photo_count == 0
            album.photo_count += 1
            if album.cover_photo_id is None:
                album.cover_photo_id = photo.id
            uow.albums.update(album)
            counts = (
                _first_photo_news(uow, clock, links, school, album, notify) if first else (0, 0)
            )
            uow.commit()
    return Published(photo, *counts)


def _first_photo_news(
    uow: UnitOfWork, clock: Clock, links: Links, school: School, album: Album, notify: bool
) -> tuple[int, int]:
    """With its first photo the album's audience hears of it; an album emptied and filled
    again is not announced twice to the same parent."""
    told = uow.content_recipients.list(school.id, album.kind, album.id)
    counts = _announce_item(uow, clock, links, school, album, notify, told)
    audience = guardians_of(uow, school.id, album.audience)
    uow.content_recipients.add(school.id, album.kind, album.id, (p.id for p, _ in audience))
    return counts


@attrs.frozen
class PhotoBatch:
    added: int
    #: (file name, the Dutch reason) of each file that was not a usable photo
    refused: tuple[tuple[str, str], ...]


def add_photos(
    uow: UnitOfWork,
    clock: Clock,
    links: Links,
    files: FileStore,
    images: ImageProcessor,
    tokens: TokenSource,
    *,
    school_id: int,
    album_id: int,
    photos: Iterable[tuple[str, bytes]],
    staff_id: int | None = None,
) -> PhotoBatch:
    """Several photos at once (file name, content), each through :func:`add_photo`: one
    that is not a usable photo is refused with its reason and the others are added. The
    album (and the staff member's reach) is checked first, with or without photos."""
    with uow:
        album_for_staff(uow, school_id, album_id, staff_id)
    added, refused = 0, []
    for filename, content in photos:
        try:
            add_photo(
                uow,
                clock,
                links,
                files,
                images,
                tokens,
                school_id=school_id,
                album_id=album_id,
                content=content,
                filename=filename,
                staff_id=staff_id,
            )
            added += 1
        except InvalidInput as failure:
            refused.append((filename, failure.message))
    return PhotoBatch(added, tuple(refused))


D = TypeVar("D", Album, Document)


def _within_reach(
    uow: UnitOfWork, school_id: int, staff_id: int | None, item: D | None, missing: str
) -> D:
    """The album or document if it exists and is within the staff member's reach (``None``:
    the command line, which reaches everything)."""
    if item is None:
        raise NotFound(missing)
    if staff_id is not None:
        require_reach(staff_or_not_found(uow, school_id, staff_id), item.audience)
    return item


def _withdraw(
    uow: UnitOfWork,
    files: FileStore,
    find: Callable[[], D],
    remove: Callable[[D], Iterable[str]],
) -> Withdrawn[D]:
    """Take an album or a document down in one transaction: ``remove`` deletes its row and
    names its files; the digest line to it is dropped, then the files leave the store."""
    with uow:
        item = find()
        keys = list(remove(item))
        uow.content_recipients.remove_item(item.school_id, item.kind, item.id)
        uow.commit()
    return Withdrawn(item, discard_files(files, keys))


def album_for_staff(uow: UnitOfWork, school_id: int, album_id: int, staff_id: int | None) -> Album:
    """The album, inside the caller's unit of work, if it is within the staff member's reach
    (any album from the command line)."""
    album = uow.albums.get(school_id, album_id)
    return _within_reach(uow, school_id, staff_id, album, f"Geen album met id {album_id}.")


def change_album(
    uow: UnitOfWork,
    clock: Clock,
    links: Links,
    *,
    school_id: int,
    album_id: int,
    title: str | None = None,
    description: str | None = None,
    group_names: Iterable[str] | None = None,
    notify: bool = True,
    staff_id: int | None = None,
) -> Edited[Album]:
    """Correct an album's title and description, and (``group_names``) its audience, within
    the staff member's reach (``None`` keeps what was there). Parents who newly gain an
    album with photos hear of it once."""

    def tell(school: School, album: Album) -> Teller | None:
        if not album.photo_count:
            return None  # parents hear of it with its first photo
        return lambda exclude: _announce_item(uow, clock, links, school, album, notify, exclude)

    return _change_described(
        uow,
        school_id,
        lambda: album_for_staff(uow, school_id, album_id, staff_id),
        lambda album: uow.albums.update(album),
        tell,
        title=title,
        description=description,
        group_names=group_names,
        staff_id=staff_id,
    )


def _change_described(
    uow: UnitOfWork,
    school_id: int,
    find: Callable[[], D],
    store: Callable[[D], None],
    tell: Callable[[School, D], Teller | None],
    *,
    title: str | None,
    description: str | None,
    group_names: Iterable[str] | None,
    staff_id: int | None,
) -> Edited[D]:
    """Change an album's or a document's title, description and audience in one transaction
    (``None`` keeps each); ``find`` reads it within reach, ``tell`` says how a parent who
    gains it hears of it."""
    title = None if title is None else validate_title(title)
    description = None if description is None else _description(description)
    with uow:
        school = school_or_not_found(uow, school_id)
        item = find()
        audience = new_audience(uow, school, item.audience, group_names, staff_id)
        item.title = item.title if title is None else title
        item.description = item.description if description is None else description
        move = None
        if audience is not None:
            previous, item.audience = item.audience, audience
            move = move_audience(uow, school, item, previous, tell(school, item))
        store(item)
        uow.commit()
    return Edited(item, move)


def remove_photo(
    uow: UnitOfWork,
    files: FileStore,
    *,
    school_id: int,
    album_id: int,
    photo_id: int,
    staff_id: int | None = None,
) -> Withdrawn[Photo]:
    """Take one photo out of an album (the next one becomes the cover if it was); its files
    leave the store. An album without photos is hidden from parents until photos are added."""
    with uow:
        album = album_for_staff(uow, school_id, album_id, staff_id)
        photo = uow.album_photos.get(school_id, photo_id)
        if photo is None or photo.album_id != album.id:
            raise NotFound(f"Geen foto met id {photo_id} in dit album.")
        uow.album_photos.remove(school_id, photo_id)
        album.photo_count = max(album.photo_count - 1, 0)
        if album.cover_photo_id == photo_id:
            rest = uow.album_photos.list_for_album(school_id, album_id)
            album.cover_photo_id = rest[0].id if rest else None
        uow.albums.update(album)
        uow.commit()
    return Withdrawn(photo, discard_files(files, (photo.file_key, photo.thumbnail_key)))


def withdraw_album(
    uow: UnitOfWork,
    files: FileStore,
    *,
    school_id: int,
    album_id: int,
    staff_id: int | None = None,
) -> Withdrawn[Album]:
    """Take an album down: parents no longer see it or its photos (a digest line to it is
    dropped), and the photos' files leave the store."""

    def remove(album: Album) -> list[str]:
        photos = uow.album_photos.list_for_album(school_id, album_id)
        uow.albums.remove(school_id, album_id)
        return [key for p in photos for key in (p.file_key, p.thumbnail_key)]

    return _withdraw(
        uow, files, lambda: album_for_staff(uow, school_id, album_id, staff_id), remove
    )


@attrs.frozen
class StaffAlbum:
    album: Album
    photos: tuple[Photo, ...]


def album_for_staff_page(
    uow: UnitOfWork, *, school_id: int, album_id: int, staff_id: int | None = None
) -> StaffAlbum:
    with uow:
        album = album_for_staff(uow, school_id, album_id, staff_id)
        photos = tuple(uow.album_photos.list_for_album(school_id, album_id))
    return StaffAlbum(album, photos)


def _announce_item(
    uow: UnitOfWork,
    clock: Clock,
    links: Links,
    school: School,
    item: Album | Document,
    notify: bool,
    exclude: Collection[int] = (),
) -> tuple[int, int]:
    """Tell an album's or a document's audience (but ``exclude``) of it, as each parent
    chose."""
    if isinstance(item, Album):
        category, subject, text = MailCategory.ALBUMS, texts.ALBUM_SUBJECT, texts.ALBUM_TEXT
        link = links.album(item.id)
    else:
        category, subject = MailCategory.DOCUMENTS, texts.DOCUMENT_SUBJECT
        text, link = texts.DOCUMENT_TEXT, links.documents()
    return announce(
        uow,
        clock,
        links,
        school,
        item,
        notify,
        category=category,
        subject=subject.format(title=item.title),
        text=text.format(
            school=school.name, title=item.title, description=item.description, link=link
        ),
        summary=item.description,
        link=link,
        exclude=exclude,
    )


def albums_for_parent(uow: UnitOfWork, *, school_id: int, parent_id: int) -> list[Album]:
    """Albums with photos that this parent may see, newest first."""
    with uow:
        viewer = viewer_for(uow, school_id, parent_id)
        return [a for a in visible(viewer, uow.albums.list(school_id)) if a.photo_count]


@attrs.frozen
class AlbumPage:
    album: Album
    photos: tuple[Photo, ...]


def album_for_parent(
    uow: UnitOfWork, *, school_id: int, parent_id: int, album_id: int
) -> AlbumPage:
    with uow:
        viewer = viewer_for(uow, school_id, parent_id)
        album = require_visible(viewer, uow.albums.get(school_id, album_id))
        return AlbumPage(album, tuple(uow.album_photos.list_for_album(school_id, album_id)))


@attrs.frozen
class PhotoView:
    """One photo of an album, large, with where it stands: the photo viewer."""

    album: Album
    photo: Photo
    #: 1-based position in the album.
    number: int
    count: int
    previous_id: int | None
    next_id: int | None


def photo_view(
    uow: UnitOfWork, *, school_id: int, parent_id: int, album_id: int, photo_id: int
) -> PhotoView:
    """The viewer's page of one photo, for a parent who may see its album."""
    page = album_for_parent(uow, school_id=school_id, parent_id=parent_id, album_id=album_id)
    ids = [p.id for p in page.photos]
    if photo_id not in ids:
        raise NotFound()
    at = ids.index(photo_id)
    return PhotoView(
        album=page.album,
        photo=page.photos[at],
        number=at + 1,
        count=len(ids),
        previous_id=ids[at - 1] if at > 0 else None,
        next_id=ids[at + 1] if at + 1 < len(ids) else None,
    )


def album_download(
    uow: UnitOfWork, files: FileStore, *, school_id: int, parent_id: int, album_id: int
) -> tuple[Album, Iterator[tuple[str, bytes]]]:
    """ "Album downloaden": the album and its photos as (name in the archive, content), read
    from the file store one at a time while the archive is streamed. Photos whose file is
    gone are left out."""
    page = album_for_parent(uow, school_id=school_id, parent_id=parent_id, album_id=album_id)
    width = len(str(len(page.photos)))

    def contents() -> Iterator[tuple[str, bytes]]:
        for number, photo in enumerate(page.photos, start=1):
            try:
                content = files.get(photo.file_key)
            except KeyError:
                continue
            extension = photo.file_key.rsplit(".", 1)[-1] if "." in photo.file_key else "jpg"
            yield f"{number:0{width}d}.{extension}", content

    return page.album, contents()


def photo_for_parent(
    uow: UnitOfWork,
    files: FileStore,
    *,
    school_id: int,
    parent_id: int,
    album_id: int,
    photo_id: int,
    thumbnail: bool = False,
) -> ServedFile:
    """A photo (or its thumbnail), only for a parent who may see its album."""
    with uow:
        viewer = viewer_for(uow, school_id, parent_id)
        album = require_visible(viewer, uow.albums.get(school_id, album_id))
        photo = uow.album_photos.get(school_id, photo_id)
    return _serve_photo(files, album, photo, thumbnail)


def photo_for_staff(
    uow: UnitOfWork,
    files: FileStore,
    *,
    school_id: int,
    album_id: int,
    photo_id: int,
    staff_id: int | None = None,
) -> ServedFile:
    """A photo's thumbnail for the album's page on the school's side (within reach)."""
    with uow:
        album = album_for_staff(uow, school_id, album_id, staff_id)
        photo = uow.album_photos.get(school_id, photo_id)
    return _serve_photo(files, album, photo, thumbnail=True)


def _serve_photo(
    files: FileStore, album: Album, photo: Photo | None, thumbnail: bool
) -> ServedFile:
    if photo is None or photo.album_id != album.id:
        raise NotFound()
    key = photo.thumbnail_key if thumbnail else photo.file_key
    try:
        return serve_file(
            files,
            key,
            content_type=photo.content_type,
            disposition=content_disposition(key.rsplit("/", 1)[-1]),
        )
    except KeyError:
        raise NotFound() from None


# --- documents ------------------------------------------------------------------------------


def add_document(
    uow: UnitOfWork,
    clock: Clock,
    links: Links,
    files: FileStore,
    tokens: TokenSource,
    *,
    school_id: int,
    title: str,
    filename: str,
    content: bytes,
    max_bytes: int,
    description: str = "",
    group_names: Iterable[str] = (),
    notify: bool = True,
    published_at: dt.datetime | None = None,
    staff_id: int | None = None,
) -> Published[Document]:
    """A school document or one a teacher put ready for a group: PDF or Office, checked by its
    content; parents hear of it as they chose. From the portal (``staff_id``) only for an
    audience within the staff member's reach."""
    title = validate_title(title)
    description = _description(description)
    kind = _document_type(filename, content, max_bytes)
    with uow:
        school = school_or_not_found(uow, school_id)
        _, audience = resolve_poster(uow, school, group_names, author_email=None, staff_id=staff_id)
        key = f"documents/{school_id}/{tokens.token(18)}.{kind.extension}"
        with files_for_transaction(files, {key: content}):
            document = uow.documents.add(
                Document(
                    school_id=school_id,
                    title=title,
                    description=description,
                    audience=audience,
                    filename=safe_filename(filename, kind.extension),
                    content_type=kind.content_type,
                    size=len(content),
                    file_key=key,
                    published_at=published_at or clock.now(),
                )
            )
            counts = _announce_item(uow, clock, links, school, document, notify)
            uow.commit()
    return Published(document, *counts)


def _document_type(filename: str, content: bytes, max_bytes: int) -> DocumentType:
    """What an uploaded document is, by its content; refused when empty or too large."""
    if not content:
        raise InvalidInput("Het bestand is leeg.", "file")
    if len(content) > max_bytes:
        raise InvalidInput(
            f"Het bestand is te groot (hoogstens {max_bytes // (1024 * 1024)} MB).", "file"
        )
    return detect_document_type(content, filename)


def document_for_staff(
    uow: UnitOfWork, school_id: int, document_id: int, staff_id: int | None
) -> Document:
    """The document, inside the caller's unit of work, if it is within the staff member's
    reach (any document from the command line)."""
    document = uow.documents.get(school_id, document_id)
    return _within_reach(uow, school_id, staff_id, document, f"Geen document met id {document_id}.")


def document_for_staff_page(
    uow: UnitOfWork, *, school_id: int, document_id: int, staff_id: int | None = None
) -> Document:
    with uow:
        return document_for_staff(uow, school_id, document_id, staff_id)


def change_document(
    uow: UnitOfWork,
    clock: Clock,
    links: Links,
    *,
    school_id: int,
    document_id: int,
    title: str | None = None,
    description: str | None = None,
    group_names: Iterable[str] | None = None,
    notify: bool = True,
    staff_id: int | None = None,
) -> Edited[Document]:
    """Correct a document's title and description, and (``group_names``) its audience, within
    the staff member's reach (``None`` keeps what was there). Parents who newly gain it hear
    of it once."""
    return _change_described(
        uow,
        school_id,
        lambda: document_for_staff(uow, school_id, document_id, staff_id),
        lambda document: uow.documents.update(document),
        lambda school, document: (
            lambda exclude: _announce_item(uow, clock, links, school, document, notify, exclude)
        ),
        title=title,
        description=description,
        group_names=group_names,
        staff_id=staff_id,
    )


def replace_document_file(
    uow: UnitOfWork,
    files: FileStore,
    tokens: TokenSource,
    *,
    school_id: int,
    document_id: int,
    filename: str,
    content: bytes,
    max_bytes: int,
    staff_id: int | None = None,
) -> Withdrawn[Document]:
    """Put a new file under a document (a corrected letter): checked like a new upload,
    stored under a new key; the old file leaves the store once the row points to the new
    one. Parents are not mailed again. Returns the document and what became of the old file."""
    kind = _document_type(filename, content, max_bytes)
    with uow:
        document = document_for_staff(uow, school_id, document_id, staff_id)
        old_key = document.file_key
        key = f"documents/{school_id}/{tokens.token(18)}.{kind.extension}"
        with files_for_transaction(files, {key: content}):
            document.filename = safe_filename(filename, kind.extension)
            document.content_type = kind.content_type
            document.size = len(content)
            document.file_key = key
            uow.documents.update(document)
            uow.commit()
    return Withdrawn(document, discard_files(files, (old_key,)))


def withdraw_document(
    uow: UnitOfWork,
    files: FileStore,
    *,
    school_id: int,
    document_id: int,
    staff_id: int | None = None,
) -> Withdrawn[Document]:
    """Take a document down: parents no longer see or download it, and its file leaves the
    store."""

    def remove(document: Document) -> list[str]:
        uow.documents.remove(school_id, document_id)
        return [document.file_key]

    return _withdraw(
        uow, files, lambda: document_for_staff(uow, school_id, document_id, staff_id), remove
    )


def document_for_parent(
    uow: UnitOfWork, files: FileStore, *, school_id: int, parent_id: int, document_id: int
) -> ServedFile:
    """A document to download, only for a parent of its audience."""
    with uow:
        viewer = viewer_for(uow, school_id, parent_id)
        document = require_visible(viewer, uow.documents.get(school_id, document_id))
    try:
        return serve_file(
            files,
            document.file_key,
            content_type=document.content_type,
            disposition=content_disposition(document.filename, attachment=True),
        )
    except KeyError:
        raise NotFound() from None
