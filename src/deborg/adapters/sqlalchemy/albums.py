"""Rows and SQL repositories of photo albums, their photos, and documents."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import (
    ForeignKey,
    Index,
    String,
    Text,
    delete,
    select,
)
from sqlalchemy.engine import Row
from sqlalchemy.orm import Mapped, mapped_column

from deborg.adapters.sqlalchemy.base import (
    ItemT,
    ListedRows,
    RowT,
    SchoolItems,
    SqlRepository,
    audience_of,
    group_ids_of,
)
from deborg.adapters.sqlalchemy.tables import Base, get_in_school
from deborg.domain.content.model import (
    Album,
    ContentKind,
    Document,
    Photo,
)

# --- rows -----------------------------------------------------------------------------------


class AlbumRow(Base):
    __tablename__ = "albums"
    __table_args__ = (Index(None, "school_id", "published_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    group_ids: Mapped[list[Any]]
    published_at: Mapped[dt.datetime]
    photo_count: Mapped[int]
    cover_photo_id: Mapped[int | None]


class PhotoRow(Base):
    __tablename__ = "photos"
    __table_args__ = (Index(None, "album_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    album_id: Mapped[int] = mapped_column(ForeignKey("albums.id"))
    file_key: Mapped[str] = mapped_column(String(300))
    thumbnail_key: Mapped[str] = mapped_column(String(300))
    content_type: Mapped[str] = mapped_column(String(64))
    width: Mapped[int]
    height: Mapped[int]
    caption: Mapped[str] = mapped_column(String(300))
    added_at: Mapped[dt.datetime]


class DocumentRow(Base):
    __tablename__ = "documents"
    __table_args__ = (Index(None, "school_id", "published_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    group_ids: Mapped[list[Any]]
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(128))
    size: Mapped[int]
    file_key: Mapped[str] = mapped_column(String(300))
    published_at: Mapped[dt.datetime]


class ContentRecipientRow(Base):
    """A parent who had an item, or was told of it, when its audience changed."""

    __tablename__ = "content_recipients"

    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    item_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    parent_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)


# --- translation ----------------------------------------------------------------------------


def _album_values(album: Album) -> dict[str, Any]:
    return {
        "school_id": album.school_id,
        "title": album.title,
        "description": album.description,
        "group_ids": group_ids_of(album.audience),
        "published_at": album.published_at,
        "photo_count": album.photo_count,
        "cover_photo_id": album.cover_photo_id,
    }


def _album(row: AlbumRow | Row[Any]) -> Album:
    return Album(
        id=row.id,
        school_id=row.school_id,
        title=row.title,
        description=row.description,
        audience=audience_of(row.group_ids),
        published_at=row.published_at,
        photo_count=row.photo_count,
        cover_photo_id=row.cover_photo_id,
    )


def _photo(row: PhotoRow) -> Photo:
    return Photo(
        id=row.id,
        school_id=row.school_id,
        album_id=row.album_id,
        file_key=row.file_key,
        thumbnail_key=row.thumbnail_key,
        content_type=row.content_type,
        width=row.width,
        height=row.height,
        caption=row.caption,
        added_at=row.added_at,
    )


def _document(row: DocumentRow | Row[Any]) -> Document:
    return Document(
        id=row.id,
        school_id=row.school_id,
        title=row.title,
        description=row.description,
        audience=audience_of(row.group_ids),
        filename=row.filename,
        content_type=row.content_type,
        size=row.size,
        file_key=row.file_key,
        published_at=row.published_at,
    )


def _document_values(document: Document) -> dict[str, Any]:
    return {
        "school_id": document.school_id,
        "title": document.title,
        "description": document.description,
        "group_ids": group_ids_of(document.audience),
        "filename": document.filename,
        "content_type": document.content_type,
        "size": document.size,
        "file_key": document.file_key,
        "published_at": document.published_at,
    }


# --- repositories ---------------------------------------------------------------------------


class _NewestFirst(SchoolItems[RowT, ItemT]):
    """Albums and documents: listed newest first, read as ORM objects."""

    def list(self, school_id: int) -> Sequence[ItemT]:
        table = self.row_type.__table__
        rows = self.session.scalars(
            select(self.row_type)
            .where(table.c.school_id == school_id)
            .order_by(table.c.published_at.desc(), table.c.id.desc())
        )
        return [self._item(r) for r in rows]


class SqlAlbumRepository(_NewestFirst[AlbumRow, Album]):
    row_type = AlbumRow

    def _item(self, row: AlbumRow | Row[Any]) -> Album:
        return _album(row)

    def _values(self, item: Album) -> dict[str, Any]:
        return _album_values(item)

    def update(self, album: Album) -> None:
        row = self.session.get_one(AlbumRow, album.id)
        for key, value in _album_values(album).items():
            setattr(row, key, value)

    def remove(self, school_id: int, album_id: int) -> None:
        self.session.execute(
            delete(PhotoRow).where(PhotoRow.album_id == album_id, PhotoRow.school_id == school_id)
        )
        self.session.execute(
            delete(AlbumRow).where(AlbumRow.id == album_id, AlbumRow.school_id == school_id)
        )


class SqlPhotoRepository(SqlRepository):
    def add(self, photo: Photo) -> Photo:
        row = PhotoRow(
            school_id=photo.school_id,
            album_id=photo.album_id,
            file_key=photo.file_key,
            thumbnail_key=photo.thumbnail_key,
            content_type=photo.content_type,
            width=photo.width,
            height=photo.height,
            caption=photo.caption,
            added_at=photo.added_at,
        )
        self.session.add(row)
        self.session.flush()
        return _photo(row)

    def get(self, school_id: int, photo_id: int) -> Photo | None:
        return get_in_school(self.session, PhotoRow, photo_id, school_id, _photo)

    def list_for_album(self, school_id: int, album_id: int) -> Sequence[Photo]:
        rows = self.session.scalars(
            select(PhotoRow)
            .where(PhotoRow.school_id == school_id, PhotoRow.album_id == album_id)
            .order_by(PhotoRow.id)
        )
        return [_photo(r) for r in rows]

    def remove(self, school_id: int, photo_id: int) -> None:
        self.session.execute(
            delete(PhotoRow).where(PhotoRow.id == photo_id, PhotoRow.school_id == school_id)
        )


class SqlDocumentRepository(_NewestFirst[DocumentRow, Document], ListedRows[DocumentRow, Document]):
    row_type = DocumentRow
    text_column = "description"

    def _item(self, row: DocumentRow | Row[Any]) -> Document:
        return _document(row)

    def _values(self, item: Document) -> dict[str, Any]:
        return _document_values(item)

    def update(self, document: Document) -> None:
        row = self.session.get_one(DocumentRow, document.id)
        for key, value in _document_values(document).items():
            setattr(row, key, value)

    def remove(self, school_id: int, document_id: int) -> None:
        self.session.execute(
            delete(DocumentRow).where(
                DocumentRow.id == document_id, DocumentRow.school_id == school_id
            )
        )


class SqlContentRecipientRepository(SqlRepository):
    def list(self, school_id: int, kind: ContentKind, item_id: int) -> frozenset[int]:
        return frozenset(
            self.session.scalars(
                select(ContentRecipientRow.parent_id).where(
                    ContentRecipientRow.school_id == school_id,
                    ContentRecipientRow.kind == kind.value,
                    ContentRecipientRow.item_id == item_id,
                )
            )
        )

    def add(
        self, school_id: int, kind: ContentKind, item_id: int, parent_ids: Iterable[int]
    ) -> None:
        known = self.list(school_id, kind, item_id)
        self.session.add_all(
            ContentRecipientRow(
                school_id=school_id, kind=kind.value, item_id=item_id, parent_id=parent_id
            )
            for parent_id in sorted(set(parent_ids) - known)
        )
        self.session.flush()

    def remove_item(self, school_id: int, kind: ContentKind, item_id: int) -> None:
        self.session.execute(
            delete(ContentRecipientRow).where(
                ContentRecipientRow.school_id == school_id,
                ContentRecipientRow.kind == kind.value,
                ContentRecipientRow.item_id == item_id,
            )
        )
