"""What the app shows: news, messages, the agenda and photo albums of the paired parent.

Every list comes from the content area's read functions, which apply its one audience rule;
nothing here decides who sees what.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Response, jsonify
from werkzeug.wrappers import Response as BaseResponse

from deborg.domain.content.model import Album, Message, NewsItem, Photo
from deborg.entrypoints.web.api.base import (
    MAX_ID,
    absolute_url,
    bp,
    current,
    device_required,
    iso,
    one_page,
    page_parameters,
    paginated,
    search_parameter,
)
from deborg.entrypoints.web.security import services
from deborg.entrypoints.web.served import file_response
from deborg.services.content import files, queries, reads
from deborg.services.content.queries import AgendaEntry

Listed = TypeVar("Listed", NewsItem, Message)


def _url(endpoint: str, **values: Any) -> str:
    return absolute_url(endpoint, **values)


def news_json(item: NewsItem, unread: frozenset[int] = frozenset()) -> dict[str, Any]:
    return {
        "id": item.id,
        "unread": item.id in unread,
        "title": item.title,
        "published_at": iso(item.published_at),
        "school_wide": item.audience.school_wide,
        "summary": item.body.summary(),
        "body_html": item.body.html,
        "body_text": item.body.text,
    }


def message_json(
    item: Message, unread: frozenset[int] = frozenset(), new_answers: frozenset[int] = frozenset()
) -> dict[str, Any]:
    return {
        "id": item.id,
        "unread": item.id in unread,
        "new_answer": item.id in new_answers,
        "title": item.title,
        "published_at": iso(item.published_at),
        "school_wide": item.audience.school_wide,
        "urgent": item.urgent,
        "allow_replies": item.allow_replies,
        "summary": item.body.summary(),
        "body_html": item.body.html,
        "body_text": item.body.text,
    }


def agenda_json(entry: AgendaEntry) -> dict[str, Any]:
    item = entry.item
    return {
        "id": item.id,
        "title": item.title,
        "starts_at": iso(item.starts_at),
        "ends_at": iso(item.ends_at),
        "all_day": item.all_day,
        "day": entry.day.isoformat(),
        "when": entry.when,
        "location": item.location,
        "school_wide": item.audience.school_wide,
        "description_html": item.description.html,
        "description_text": item.description.text,
    }


def _photo_urls(album_id: int, photo_id: int) -> dict[str, str]:
    return {
        "url": _url("api.album_photo", album_id=album_id, photo_id=photo_id),
        "thumbnail_url": _url("api.album_thumbnail", album_id=album_id, photo_id=photo_id),
    }


def album_json(album: Album) -> dict[str, Any]:
    cover = (
        _photo_urls(album.id, album.cover_photo_id)["thumbnail_url"]
        if album.cover_photo_id
        else None
    )
    return {
        "id": album.id,
        "title": album.title,
        "description": album.description,
        "published_at": iso(album.published_at),
        "school_wide": album.audience.school_wide,
        "photo_count": album.photo_count,
        "cover_thumbnail_url": cover,
        "url": _url("api.album", album_id=album.id),
    }


def photo_json(photo: Photo) -> dict[str, Any]:
    return {
        "id": photo.id,
        "caption": photo.caption,
        "width": photo.width,
        "height": photo.height,
        "content_type": photo.content_type,
        **_photo_urls(photo.album_id, photo.id),
    }


@bp.get("/news")
@device_required
def news() -> Response:
    page = _listed(queries.NEWS)
    return _answer(page, lambda item: news_json(item, page.unread))


@bp.get("/messages")
@device_required
def messages() -> Response:
    page = _listed(queries.MESSAGES)
    return _answer(page, lambda item: message_json(item, page.unread, page.new_answers))


def _listed(kind: queries.ListKind[Listed]) -> queries.ListPage[Listed]:
    """The page the app asks for (``?page=``, ``?per_page=``, ``?search=``), read in SQL."""
    c = current()
    number, per_page = page_parameters()
    return queries.list_page(
        services().uow(), kind, school_id=c.school.id, parent_id=c.parent.id, page=number,
        per_page=per_page, search=search_parameter(), count=True,
    )  # fmt: skip


def _answer(page: queries.ListPage[Listed], render: Callable[[Listed], dict[str, Any]]) -> Response:
    return one_page(page.items, page.total or 0, render, search=page.search)


@bp.get("/unread")
@device_required
def unread() -> Response:
    """The same counts as the portal's menu."""
    c = current()
    counts = reads.unread_counts(services().uow(), school_id=c.school.id, parent_id=c.parent.id)
    return jsonify({"news": counts.news.label, "messages": counts.messages.label})


@bp.get("/agenda")
@device_required
def agenda() -> Response:
    """Items not yet over, earliest first."""
    c = current()
    s = services()
    entries = queries.coming_agenda(
        s.uow(), school_id=c.school.id, parent_id=c.parent.id, now=s.clock.now()
    )
    return paginated(entries, agenda_json)


@bp.get("/albums")
@device_required
def albums() -> Response:
    c = current()
    found = files.albums_for_parent(services().uow(), school_id=c.school.id, parent_id=c.parent.id)
    return paginated(found, album_json)


@bp.get(f"/albums/<int(max={MAX_ID}):album_id>")
@device_required
def album(album_id: int) -> Response:
    """The album and one page of its photos."""
    c = current()
    page = files.album_for_parent(
        services().uow(), school_id=c.school.id, parent_id=c.parent.id, album_id=album_id
    )
    return paginated(page.photos, photo_json, album=album_json(page.album))


def _photo(album_id: int, photo_id: int, *, thumbnail: bool) -> BaseResponse:
    c = current()
    s = services()
    return file_response(
        files.photo_for_parent(
            s.uow(),
            s.files,
            school_id=c.school.id,
            parent_id=c.parent.id,
            album_id=album_id,
            photo_id=photo_id,
            thumbnail=thumbnail,
        )
    )


@bp.get(f"/albums/<int(max={MAX_ID}):album_id>/photos/<int(max={MAX_ID}):photo_id>")
@device_required
def album_photo(album_id: int, photo_id: int) -> BaseResponse:
    return _photo(album_id, photo_id, thumbnail=False)


@bp.get(f"/albums/<int(max={MAX_ID}):album_id>/photos/<int(max={MAX_ID}):photo_id>/thumbnail")
@device_required
def album_thumbnail(album_id: int, photo_id: int) -> BaseResponse:
    return _photo(album_id, photo_id, thumbnail=True)
