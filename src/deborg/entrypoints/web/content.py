"""Nieuws, Berichten, Agenda (with the private calendar feed), Fotoalbums and Documenten.

Routes parse, call a query or use case, and render; the audience rule lives in
deborg.domain.content.audience and answers 404 for anything not meant for this parent.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator
from typing import Any

from flask import (
    Blueprint,
    Flask,
    Response,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from markupsafe import Markup
from werkzeug.wrappers import Response as BaseResponse

from deborg.domain.content.listing import PageRequest
from deborg.domain.content.model import ContentKind
from deborg.domain.errors import InvalidInput
from deborg.entrypoints.web.security import login_required, require_parent, services
from deborg.entrypoints.web.served import file_response
from deborg.services.content import feed, files, publishing, queries, reads
from deborg.services.stored_files import content_disposition

bp = Blueprint("content", __name__)


# --- Nieuws ---------------------------------------------------------------------------------


@bp.get("/nieuws")
@login_required
def news() -> str:
    return _list_page(queries.NEWS, "content/news.html")


def _list_page(kind: queries.ListKind[Any], template: str) -> str:
    """Nieuws, Berichten or Documenten: the page ``?pagina=`` asks for (a number from 1;
    anything else is the first page) of what ``?zoek=`` finds in titles and texts."""
    parent = require_parent()
    page = queries.list_page(
        services().uow(), kind, school_id=parent.school_id, parent_id=parent.id,
        page=PageRequest.typed(request.args.get("pagina", "1")).number,
        search=request.args.get("zoek", ""),
    )  # fmt: skip
    return render_template(template, page=page)


@bp.post("/nieuws/alles-gelezen")
@login_required
def news_all_read() -> BaseResponse:
    _all_read(ContentKind.NEWS)
    return redirect(url_for("content.news"))


def _all_read(kind: ContentKind) -> None:
    parent = require_parent()
    s = services()
    reads.mark_all_read(
        s.uow(), s.clock, school_id=parent.school_id, parent_id=parent.id, kind=kind
    )
    flash("Alles is als gelezen gemarkeerd.", "success")


def _opened(kind: ContentKind, item_id: int) -> None:
    parent = require_parent()
    s = services()
    reads.mark_read(
        s.uow(), s.clock, school_id=parent.school_id, parent_id=parent.id, kind=kind,
        item_id=item_id,
    )  # fmt: skip


@bp.get("/nieuws/<int:item_id>")
@login_required
def news_item(item_id: int) -> str:
    parent = require_parent()
    item = queries.news_item_for_parent(
        services().uow(), school_id=parent.school_id, parent_id=parent.id, item_id=item_id
    )
    _opened(ContentKind.NEWS, item.id)
    return render_template("content/news_item.html", item=item)


# --- Berichten ------------------------------------------------------------------------------


@bp.get("/berichten")
@login_required
def messages() -> str:
    return _list_page(queries.MESSAGES, "content/messages.html")


@bp.post("/berichten/alles-gelezen")
@login_required
def messages_all_read() -> BaseResponse:
    _all_read(ContentKind.MESSAGE)
    return redirect(url_for("content.messages"))


def _message_page(message_id: int, *, text: str = "", errors: dict[str, str] | None = None) -> str:
    parent = require_parent()
    page = queries.message_for_parent(
        services().uow(), school_id=parent.school_id, parent_id=parent.id, message_id=message_id
    )
    _opened(ContentKind.MESSAGE, page.message.id)
    return render_template("content/message.html", page=page, text=text, errors=errors or {})


@bp.get("/berichten/<int:message_id>")
@login_required
def messages_item(message_id: int) -> str:
    return _message_page(message_id)


@bp.post("/berichten/<int:message_id>/reageren")
@login_required
def messages_reply(message_id: int) -> str | tuple[str, int] | BaseResponse:
    parent = require_parent()
    s = services()
    text = request.form.get("text", "")
    try:
        publishing.reply_to_message(
            s.uow(),
            s.clock,
            s.links,
            school_id=parent.school_id,
            parent_id=parent.id,
            message_id=message_id,
            text=text,
        )
    except InvalidInput as failure:
        return _message_page(message_id, text=text, errors={"text": failure.message}), 400
    flash("Uw reactie is verstuurd.", "success")
    return redirect(url_for("content.messages_item", message_id=message_id))


# --- Agenda ---------------------------------------------------------------------------------


def _agenda_page(new_feed_url: str | None = None) -> str:
    parent = require_parent()
    s = services()
    entries = queries.coming_agenda(
        s.uow(), school_id=parent.school_id, parent_id=parent.id, now=s.clock.now()
    )
    current_feed = feed.feed_for_parent(s.uow(), school_id=parent.school_id, parent_id=parent.id)
    return render_template(
        "content/agenda.html",
        months=queries.by_month(entries),
        feed=current_feed,
        new_feed_url=new_feed_url,
    )


@bp.get("/agenda")
@login_required
def agenda() -> str:
    return _agenda_page()


@bp.post("/agenda/abonnement")
@login_required
def agenda_feed_renew() -> str:
    """Make a new private feed URL (the old one stops working) and show it once: only its
    hash is stored, so it cannot be shown again later."""
    parent = require_parent()
    s = services()
    token = feed.renew_feed(
        s.uow(), s.clock, s.tokens, school_id=parent.school_id, parent_id=parent.id
    )
    return _agenda_page(new_feed_url=s.links.calendar_feed(token))


@bp.get("/agenda/<int:item_id>.ics")
@login_required
def agenda_item_ics(item_id: int) -> Response:
    """ "Zet in mijn agenda": the item as an .ics file the calendar app opens."""
    parent = require_parent()
    s = services()
    calendar = feed.agenda_item_calendar(
        s.uow(), school_id=parent.school_id, parent_id=parent.id, item_id=item_id
    )
    response = Response(s.calendar.write(calendar, now=s.clock.now()), mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="agenda-{item_id}.ics"'
    return response


@bp.get("/agenda/feed/<token>.ics")
def agenda_feed(token: str) -> Response:
    """The private feed: no login (a phone calendar subscribes to it), the token is the key."""
    s = services()
    calendar = feed.calendar_for_token(
        s.uow(), s.clock, token=token, sources=s.areas.calendar_sources
    )
    response = Response(s.calendar.write(calendar, now=s.clock.now()), mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'inline; filename="agenda.ics"'
    return response


# --- Fotoalbums -----------------------------------------------------------------------------


@bp.get("/fotoalbums")
@login_required
def albums() -> str:
    parent = require_parent()
    found = files.albums_for_parent(
        services().uow(), school_id=parent.school_id, parent_id=parent.id
    )
    return render_template("content/albums.html", albums=found)


@bp.get("/fotoalbums/<int:album_id>")
@login_required
def albums_show(album_id: int) -> str:
    parent = require_parent()
    page = files.album_for_parent(
        services().uow(), school_id=parent.school_id, parent_id=parent.id, album_id=album_id
    )
    return render_template("content/album.html", page=page)


def _photo(album_id: int, photo_id: int, *, thumbnail: bool) -> BaseResponse:
    parent = require_parent()
    s = services()
    return file_response(
        files.photo_for_parent(
            s.uow(),
            s.files,
            school_id=parent.school_id,
            parent_id=parent.id,
            album_id=album_id,
            photo_id=photo_id,
            thumbnail=thumbnail,
        )
    )


@bp.get("/fotoalbums/<int:album_id>/foto/<int:photo_id>")
@login_required
def albums_photo(album_id: int, photo_id: int) -> BaseResponse:
    return _photo(album_id, photo_id, thumbnail=False)


@bp.get("/fotoalbums/<int:album_id>/foto/<int:photo_id>/klein")
@login_required
def albums_thumbnail(album_id: int, photo_id: int) -> BaseResponse:
    return _photo(album_id, photo_id, thumbnail=True)


@bp.get("/fotoalbums/<int:album_id>/foto/<int:photo_id>/bekijken")
@login_required
def albums_viewer(album_id: int, photo_id: int) -> str:
    """The photo viewer: the photo large, Vorige/Volgende and back to the album, as plain
    pages; deborg.js adds the arrow keys and swiping."""
    parent = require_parent()
    view = files.photo_view(
        services().uow(),
        school_id=parent.school_id,
        parent_id=parent.id,
        album_id=album_id,
        photo_id=photo_id,
    )
    return render_template("content/photo.html", view=view)


@bp.get("/fotoalbums/<int:album_id>/downloaden")
@login_required
def albums_download(album_id: int) -> Response:
    """ "Album downloaden": a zip of the album's photos, streamed while it is written."""
    parent = require_parent()
    s = services()
    album, contents = files.album_download(
        s.uow(), s.files, school_id=parent.school_id, parent_id=parent.id, album_id=album_id
    )
    response = Response(stream_zip(contents), mimetype="application/zip")
    response.headers["Content-Disposition"] = content_disposition(
        f"{album.title}.zip", attachment=True
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


class _Chunks(io.RawIOBase):
    """A write-only, unseekable file that keeps what is written until it is taken: zipfile
    then writes each entry with a data descriptor, so the archive streams."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        chunk = bytes(data)
        self._parts.append(chunk)
        return len(chunk)

    def take(self) -> bytes:
        out, self._parts = b"".join(self._parts), []
        return out


def stream_zip(contents: Iterable[tuple[str, bytes]]) -> Iterator[bytes]:
    """A zip archive of (name, content), yielded entry by entry. Photos are compressed
    already: they are stored as they are."""
    sink = _Chunks()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_STORED) as archive:
        for name, content in contents:
            archive.writestr(name, content)
            yield sink.take()
    yield sink.take()


# --- Documenten -----------------------------------------------------------------------------


@bp.get("/documenten")
@login_required
def documents() -> str:
    return _list_page(queries.DOCUMENTS, "content/documents.html")


@bp.get("/documenten/<int:document_id>/download")
@login_required
def documents_download(document_id: int) -> BaseResponse:
    parent = require_parent()
    s = services()
    return file_response(
        files.document_for_parent(
            s.uow(),
            s.files,
            school_id=parent.school_id,
            parent_id=parent.id,
            document_id=document_id,
        )
    )


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)

    def rich(html: str) -> Markup:
        """Staff HTML was sanitised when stored; it is cleaned again on the way out."""
        return Markup(services().richtext.clean(html))  # noqa: S704 - sanitised by nh3

    app.jinja_env.filters["rich"] = rich
