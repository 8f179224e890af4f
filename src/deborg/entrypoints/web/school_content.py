"""Nieuws and Berichten on the school's side: post (with a preview that shows exactly what
parents will see, and a confirmation step for a spoedbericht that says how many parents get it
at once), edit, withdraw, and read and answer the replies. The same use cases as
``deborg news`` and ``deborg message``; the staff member's id makes them check the reach."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs
from flask import Response, flash, jsonify, redirect, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from deborg.domain.content.model import Album, Audience, Document, Message, NewsItem
from deborg.domain.errors import InvalidInput
from deborg.entrypoints.web.school import bp, page, require_staff, staff_required
from deborg.entrypoints.web.security import services
from deborg.entrypoints.web.served import file_response
from deborg.ports.clock import Clock
from deborg.ports.links import Links
from deborg.ports.richtext import RichTextRenderer
from deborg.ports.uow import UnitOfWork
from deborg.services.content import files, publishing
from deborg.services.staff import dashboard as overview
from deborg.services.stored_files import Discarded

KINDS = {"news": "nieuwsbericht", "message": "bericht"}


@attrs.define
class EditorForm:
    title: str = ""
    body: str = ""
    groups: list[str] = attrs.Factory(list)
    replies: bool = False
    urgent: bool = False


def _form() -> EditorForm:
    """The publishing form as posted."""
    return EditorForm(
        title=request.form.get("title", ""),
        body=request.form.get("body", ""),
        groups=request.form.getlist("groups"),
        replies=request.form.get("replies") == "1",
        urgent=request.form.get("urgent") == "1",
    )


def _new_groups() -> list[str] | None:
    """The audience an edit form asks for: its group boxes, when the form showed them (the
    field ``audience``); a post without them leaves the audience as it was."""
    return request.form.getlist("groups") if request.form.get("audience") else None


def _posted() -> overview.Posted:
    staff = require_staff()
    s = services()
    return overview.posted_within_reach(
        s.uow(), school_id=staff.school_id, staff_id=staff.id, now=s.clock.now()
    )


def _errors(failure: InvalidInput) -> dict[str, str]:
    return {failure.field or "body": failure.message}


def _editor(
    kind: str,
    form: EditorForm,
    *,
    action: str,
    errors: dict[str, str] | None = None,
    preview: publishing.Preview | None = None,
    urgent_count: int | None = None,
    editing: bool = False,
    audience: Audience | None = None,
) -> str:
    staff = require_staff()
    choices = overview.publishing_choices(
        services().uow(), school_id=staff.school_id, staff_id=staff.id
    )
    return page(
        "school/editor.html",
        audience_editable=_editable(choices, audience),
        kind=kind,
        kind_label=KINDS[kind],
        form=form,
        action=action,
        errors=errors or {},
        preview=preview,
        urgent_count=urgent_count,
        choices=choices,
        editing=editing,
    )


def _preview_or_error(kind: str, form: EditorForm, action: str, **kw: Any) -> str | tuple[str, int]:
    try:
        shown = publishing.preview(services().richtext, title=form.title, body=form.body)
    except InvalidInput as failure:
        return _editor(kind, form, action=action, errors=_errors(failure), **kw), 400
    return _editor(kind, form, action=action, preview=shown, **kw)


# --- Nieuws and Berichten: new and edit share one flow ---------------------------------------


def _writing() -> tuple[UnitOfWork, Clock, Links, RichTextRenderer]:
    """The ports that posting and changing a news item or bericht take, in their order."""
    s = services()
    return s.uow(), s.clock, s.links, s.richtext


def _written(form: EditorForm, groups: list[str] | None) -> dict[str, Any]:
    """What the form says, for the use case: the staff member's school and id, the title,
    the text and the groups (``None``: the audience stays)."""
    staff = require_staff()
    return {
        "school_id": staff.school_id,
        "title": form.title,
        "body": form.body,
        "group_names": groups,
        "staff_id": staff.id,
    }


def _publish(
    kind: str,
    action: str,
    post: Callable[[EditorForm], publishing.Published[Any]],
) -> str | tuple[str, int] | BaseResponse:
    """The POST of a new news item or bericht: a preview, for a spoedbericht first the
    confirmation that says how many parents get it at once, else ``post``."""
    form = _form()
    step = request.form.get("action")
    if step == "preview":
        return _preview_or_error(kind, form, action)
    staff = require_staff()
    s = services()
    try:
        if kind == "message" and form.urgent and step != "confirm":
            # A spoedbericht goes out at once: first say to how many parents.
            publishing.preview(s.richtext, title=form.title, body=form.body)
            count = publishing.urgent_reach(
                s.uow(), school_id=staff.school_id, group_names=form.groups, staff_id=staff.id
            )
            return _editor(kind, form, action=action, urgent_count=count)
        published = post(form)
    except InvalidInput as failure:
        return _editor(kind, form, action=action, errors=_errors(failure)), 400
    title = published.item.title
    if kind == "message" and form.urgent:
        flash(
            f"Het spoedbericht “{title}” is geplaatst en gaat nu per e-mail naar "
            f"{published.mailed} ouders.",
            "success",
        )
    else:
        flash(f"Het {KINDS[kind]} “{title}” is geplaatst.", "success")
    if kind == "message":
        return redirect(url_for("school.message", message_id=published.item.id))
    return redirect(url_for("school.news"))


def _chosen(choices: overview.Choices, audience: Audience) -> list[str]:
    """The names of the audience's groups among those the staff member may choose."""
    return [g.name for g in choices.groups if g.id in audience.group_ids]


def _editable(choices: overview.Choices, audience: Audience | None) -> bool:
    """Whether the form can show an item's audience: not when it holds groups the staff
    member may not choose (an item of theirs that a beheerder gave to other groups too); the
    audience then stays as it is."""
    return audience is None or audience.group_ids <= {g.id for g in choices.groups}


def _audience_names(audience: Audience) -> list[str]:
    staff = require_staff()
    choices = overview.publishing_choices(
        services().uow(), school_id=staff.school_id, staff_id=staff.id
    )
    return _chosen(choices, audience)


def _edit(
    kind: str,
    found: NewsItem | Message,
    action: str,
    save: Callable[[EditorForm], publishing.Edited[Any]],
    done: str,
) -> str | tuple[str, int] | BaseResponse:
    """Edit a news item or bericht: its text, (a bericht) replies on or off, and its
    audience; parents who newly get it hear of it once (the flash says how many)."""
    if request.method == "GET":
        form = EditorForm(
            title=found.title,
            body=found.body.editable,
            groups=_audience_names(found.audience),
            replies=isinstance(found, Message) and found.allow_replies,
            urgent=isinstance(found, Message) and found.urgent,
        )
        return _editor(kind, form, action=action, editing=True, audience=found.audience)
    form = _form()
    if request.form.get("action") == "preview":
        return _preview_or_error(kind, form, action, editing=True, audience=found.audience)
    try:
        edited = save(form)
    except InvalidInput as failure:
        errors = _errors(failure)
        return _editor(
            kind, form, action=action, errors=errors, editing=True, audience=found.audience
        ), 400
    flash(_edited_text(f"Het {KINDS[kind]}", edited), "success")
    return redirect(done)


def _edited_text(what: str, edited: publishing.Edited[Any]) -> str:
    """The flash after an edit; with a new audience, how many parents gained and lost it."""
    text = f"{what} is bijgewerkt."
    move = edited.audience
    if move is not None:
        text += (
            f" Nieuwe doelgroep: {move.gained} ouder(s) zien het nu ook"
            f" ({move.mailed} direct gemaild, {move.in_digest} in de weekmail),"
            f" {move.lost} niet meer."
        )
    return text


@bp.get("/nieuws")
@staff_required
def news() -> str:
    posted = _posted()
    return page("school/news.html", items=posted.news)


@bp.route("/nieuws/nieuw", methods=["GET", "POST"])
@staff_required
def news_new() -> str | tuple[str, int] | BaseResponse:
    action = url_for("school.news_new")
    if request.method == "GET":
        return _editor("news", EditorForm(), action=action)
    return _publish(
        "news",
        action,
        lambda form: publishing.post_news(*_writing(), **_written(form, form.groups)),
    )


@bp.route("/nieuws/<int:item_id>/bewerken", methods=["GET", "POST"])
@staff_required
def news_edit(item_id: int) -> str | tuple[str, int] | BaseResponse:
    staff = require_staff()
    s = services()
    found = publishing.news_for_staff(
        s.uow(), school_id=staff.school_id, item_id=item_id, staff_id=staff.id
    )
    return _edit(
        "news",
        found,
        url_for("school.news_edit", item_id=item_id),
        lambda form: publishing.change_news(
            *_writing(), item_id=item_id, **_written(form, _new_groups())
        ),
        url_for("school.news"),
    )


@bp.post("/nieuws/<int:item_id>/intrekken")
@staff_required
def news_withdraw(item_id: int) -> BaseResponse:
    staff = require_staff()
    item = publishing.withdraw_news(
        services().uow(), school_id=staff.school_id, item_id=item_id, staff_id=staff.id
    )
    flash(f"Het nieuwsbericht “{item.title}” is ingetrokken.", "success")
    return redirect(url_for("school.news"))


# --- Berichten ------------------------------------------------------------------------------


@bp.get("/berichten")
@staff_required
def messages() -> str:
    posted = _posted()
    return page("school/messages.html", items=posted.messages, replies=posted.replies)


@bp.route("/berichten/nieuw", methods=["GET", "POST"])
@staff_required
def message_new() -> str | tuple[str, int] | BaseResponse:
    action = url_for("school.message_new")
    if request.method == "GET":
        return _editor("message", EditorForm(replies=True), action=action)
    return _publish(
        "message",
        action,
        lambda form: publishing.post_message(
            *_writing(),
            urgent=form.urgent,
            allow_replies=form.replies,
            **_written(form, form.groups),
        ),
    )


def _message_page(
    message_id: int,
    *,
    answering: int | None = None,
    text: str = "",
    errors: dict[str, str] | None = None,
) -> str:
    staff = require_staff()
    message, replies = publishing.replies_to(
        services().uow(),
        school_id=staff.school_id,
        message_id=message_id,
        staff_id=staff.id,
        reader_id=staff.id,
    )
    return page(
        "school/message.html",
        message=message,
        replies=replies,
        answering=answering,
        text=text,
        errors=errors or {},
    )


@bp.get("/berichten/<int:message_id>")
@staff_required
def message(message_id: int) -> str:
    return _message_page(message_id)


@bp.post("/berichten/<int:message_id>/reacties/<int:reply_id>")
@staff_required
def message_answer(message_id: int, reply_id: int) -> str | tuple[str, int] | BaseResponse:
    staff = require_staff()
    s = services()
    # The message is read (and its reach checked) before the answer is stored.
    publishing.message_for_staff(
        s.uow(), school_id=staff.school_id, message_id=message_id, staff_id=staff.id
    )
    text = request.form.get(f"answer-{reply_id}", "")
    try:
        publishing.answer_reply(
            s.uow(),
            s.clock,
            s.links,
            school_id=staff.school_id,
            reply_id=reply_id,
            text=text,
            staff_id=staff.id,
        )
    except InvalidInput as failure:
        errors = {f"answer-{reply_id}": failure.message}
        return _message_page(message_id, answering=reply_id, text=text, errors=errors), 400
    flash("Uw antwoord is verstuurd.", "success")
    return redirect(url_for("school.message", message_id=message_id))


@bp.route("/berichten/<int:message_id>/bewerken", methods=["GET", "POST"])
@staff_required
def message_edit(message_id: int) -> str | tuple[str, int] | BaseResponse:
    staff = require_staff()
    s = services()
    found = publishing.message_for_staff(
        s.uow(), school_id=staff.school_id, message_id=message_id, staff_id=staff.id
    )
    return _edit(
        "message",
        found,
        url_for("school.message_edit", message_id=message_id),
        lambda form: publishing.change_message(
            *_writing(),
            message_id=message_id,
            allow_replies=form.replies,
            **_written(form, _new_groups()),
        ),
        url_for("school.message", message_id=message_id),
    )


@bp.post("/berichten/<int:message_id>/intrekken")
@staff_required
def message_withdraw(message_id: int) -> BaseResponse:
    staff = require_staff()
    found = publishing.withdraw_message(
        services().uow(), school_id=staff.school_id, message_id=message_id, staff_id=staff.id
    )
    flash(f"Het bericht “{found.title}” is ingetrokken.", "success")
    return redirect(url_for("school.messages"))


# --- Fotoalbums and Documenten: a title, a description and an audience ----------------------


@attrs.define
class DescribedForm:
    """The form of an album or a document."""

    title: str = ""
    description: str = ""
    groups: list[str] = attrs.Factory(list)


def _described_form() -> DescribedForm:
    return DescribedForm(
        title=request.form.get("title", ""),
        description=request.form.get("description", ""),
        groups=request.form.getlist("groups"),
    )


def _list_page(
    template: str, form: DescribedForm | None, errors: dict[str, str] | None, **context: Any
) -> str:
    """The albums or documents within reach, with the form that adds one."""
    staff = require_staff()
    choices = overview.publishing_choices(
        services().uow(), school_id=staff.school_id, staff_id=staff.id
    )
    return page(
        template, form=form or DescribedForm(), errors=errors or {}, choices=choices, **context
    )


def _item_page(
    template: str,
    item: Album | Document,
    form: DescribedForm | None,
    errors: dict[str, str] | None,
    **context: Any,
) -> str:
    """One album or document with the form that changes it (filled in from the item)."""
    staff = require_staff()
    choices = overview.publishing_choices(
        services().uow(), school_id=staff.school_id, staff_id=staff.id
    )
    if form is None:
        form = DescribedForm(item.title, item.description, _chosen(choices, item.audience))
    return page(
        template,
        form=form,
        errors=errors or {},
        choices=choices,
        audience_editable=_editable(choices, item.audience),
        **context,
    )


def _save_described(
    what: str,
    change: Callable[..., publishing.Edited[Any]],
    again: Callable[[DescribedForm, dict[str, str]], str],
    done: str,
    **item_id: int,
) -> tuple[str, int] | BaseResponse:
    """The POST that changes an album or a document (``change``, its id as ``item_id``) with
    what the edit form says; a refusal shows ``again`` the form."""
    staff = require_staff()
    s = services()
    form = _described_form()
    try:
        edited = change(
            s.uow(),
            s.clock,
            s.links,
            school_id=staff.school_id,
            title=form.title,
            description=form.description,
            group_names=_new_groups(),
            staff_id=staff.id,
            **item_id,
        )
    except InvalidInput as failure:
        return again(form, _errors(failure)), 400
    flash(_edited_text(what, edited), "success")
    return redirect(done)


def _withdraw(
    what: str, withdraw: Callable[..., files.Withdrawn[Any]], done: str, **item_id: int
) -> BaseResponse:
    """The POST that takes an album or a document (its id as ``item_id``) down."""
    staff = require_staff()
    s = services()
    withdrawn = withdraw(s.uow(), s.files, school_id=staff.school_id, staff_id=staff.id, **item_id)
    flash(
        f"{what} “{withdrawn.item.title}” is ingetrokken; ouders zien het niet meer."
        + _kept_text(withdrawn.files),
        "success",
    )
    return redirect(done)


def _kept_text(discarded: Discarded) -> str:
    """Files the store would not remove (nobody reaches them: their row is gone)."""
    if not discarded.kept:
        return ""
    reason = discarded.kept[0][1]
    return (
        f" {len(discarded.kept)} bestand(en) bleven in de opslag staan ({reason}); ouders kunnen"
        " ze niet meer openen."
    )


# --- Fotoalbums -----------------------------------------------------------------------------


def _albums_page(form: DescribedForm | None = None, errors: dict[str, str] | None = None) -> str:
    return _list_page("school/albums.html", form, errors, albums=_posted().albums)


@bp.get("/albums")
@staff_required
def albums() -> str:
    return _albums_page()


@bp.post("/albums")
@staff_required
def album_create() -> str | tuple[str, int] | BaseResponse:
    staff = require_staff()
    s = services()
    form = _described_form()
    try:
        created = files.create_album(
            s.uow(),
            s.clock,
            school_id=staff.school_id,
            title=form.title,
            description=form.description,
            group_names=form.groups,
            staff_id=staff.id,
        )
    except InvalidInput as failure:
        return _albums_page(form, _errors(failure)), 400
    flash(f"Album “{created.title}” aangemaakt. Voeg nu de foto's toe.", "success")
    return redirect(url_for("school.album", album_id=created.id))


def _album_page(
    album_id: int, form: DescribedForm | None = None, errors: dict[str, str] | None = None
) -> str:
    """The album on the school's side: its photos (each can be removed), adding photos, and
    the form that changes its title, description and audience."""
    staff = require_staff()
    found = files.album_for_staff_page(
        services().uow(), school_id=staff.school_id, album_id=album_id, staff_id=staff.id
    )
    return _item_page("school/album.html", found.album, form, errors, album=found)


@bp.get("/albums/<int:album_id>")
@staff_required
def album(album_id: int) -> str:
    return _album_page(album_id)


@bp.post("/albums/<int:album_id>/bewerken")
@staff_required
def album_edit(album_id: int) -> str | tuple[str, int] | BaseResponse:
    return _save_described(
        "Het album",
        files.change_album,
        lambda form, errors: _album_page(album_id, form, errors),
        url_for("school.album", album_id=album_id),
        album_id=album_id,
    )


@bp.get("/albums/<int:album_id>/fotos/<int:photo_id>/klein")
@staff_required
def album_thumbnail(album_id: int, photo_id: int) -> BaseResponse:
    staff = require_staff()
    s = services()
    return file_response(
        files.photo_for_staff(
            s.uow(),
            s.files,
            school_id=staff.school_id,
            album_id=album_id,
            photo_id=photo_id,
            staff_id=staff.id,
        )
    )


@bp.post("/albums/<int:album_id>/fotos/<int:photo_id>/verwijderen")
@staff_required
def album_photo_remove(album_id: int, photo_id: int) -> BaseResponse:
    staff = require_staff()
    s = services()
    removed = files.remove_photo(
        s.uow(),
        s.files,
        school_id=staff.school_id,
        album_id=album_id,
        photo_id=photo_id,
        staff_id=staff.id,
    )
    flash("De foto is uit het album verwijderd." + _kept_text(removed.files), "success")
    return redirect(url_for("school.album", album_id=album_id))


@bp.post("/albums/<int:album_id>/intrekken")
@staff_required
def album_withdraw(album_id: int) -> BaseResponse:
    return _withdraw("Het album", files.withdraw_album, url_for("school.albums"), album_id=album_id)


@bp.post("/albums/<int:album_id>/fotos")
@staff_required
def album_upload(album_id: int) -> str | tuple[str, int] | BaseResponse | tuple[Response, int]:
    """Several photos in one form (without JavaScript) or one per request (school.js, which
    shows the progress per file); each goes through the same add_photo as the CLI."""
    staff = require_staff()
    s = services()
    uploads = [f for f in request.files.getlist("photos") if f.filename]
    batch = files.add_photos(
        s.uow(),
        s.clock,
        s.links,
        s.files,
        s.images,
        s.tokens,
        school_id=staff.school_id,
        album_id=album_id,
        photos=((u.filename or "", u.read()) for u in uploads),
        staff_id=staff.id,
    )
    added, refused = batch.added, [f"{name}: {reason}" for name, reason in batch.refused]
    status = 400 if refused or not uploads else 200
    if request.headers.get("X-Requested-With") == "XMLHttpRequest":
        return jsonify({"added": added, "refused": refused}), status
    if not uploads:
        flash("Kies een of meer foto's.", "error")
    if added:
        flash(f"{added} foto('s) toegevoegd.", "success")
    for line in refused:
        flash(line, "error")
    return redirect(url_for("school.album", album_id=album_id))


# --- Agenda ---------------------------------------------------------------------------------


@attrs.define
class AgendaForm:
    title: str = ""
    day: str = ""
    end_day: str = ""
    start_time: str = ""
    end_time: str = ""
    location: str = ""
    description: str = ""
    groups: list[str] = attrs.Factory(list)


def _parsed(text: str, parse: Any, message: str, field: str) -> Any:
    try:
        return parse(text) if text else None
    except ValueError:
        raise InvalidInput(message, field) from None


def _agenda_input(form: AgendaForm) -> publishing.AgendaInput:
    day = _parsed(form.day, dt.date.fromisoformat, "Vul een geldige datum in.", "day")
    if day is None:
        raise InvalidInput("Vul de datum in.", "day")
    return publishing.AgendaInput(
        title=form.title,
        day=day,
        end_day=_parsed(
            form.end_day, dt.date.fromisoformat, "Vul een geldige datum in.", "end_day"
        ),
        start_time=_parsed(
            form.start_time, dt.time.fromisoformat, "Vul een tijd in als uu:mm.", "start_time"
        ),
        end_time=_parsed(
            form.end_time, dt.time.fromisoformat, "Vul een tijd in als uu:mm.", "end_time"
        ),
        location=form.location,
        description=form.description,
    )


def _agenda_page(form: AgendaForm | None = None, errors: dict[str, str] | None = None) -> str:
    staff = require_staff()
    choices = overview.publishing_choices(
        services().uow(), school_id=staff.school_id, staff_id=staff.id
    )
    return page(
        "school/agenda.html",
        items=_posted().agenda,
        form=form or AgendaForm(),
        errors=errors or {},
        choices=choices,
        describe_when=publishing.describe_when,
    )


@bp.get("/agenda")
@staff_required
def agenda() -> str:
    return _agenda_page()


@bp.post("/agenda")
@staff_required
def agenda_add() -> str | tuple[str, int] | BaseResponse:
    staff = require_staff()
    s = services()
    form = AgendaForm(
        title=request.form.get("title", ""),
        day=request.form.get("day", ""),
        end_day=request.form.get("end_day", ""),
        start_time=request.form.get("start_time", ""),
        end_time=request.form.get("end_time", ""),
        location=request.form.get("location", ""),
        description=request.form.get("description", ""),
        groups=request.form.getlist("groups"),
    )
    try:
        published = publishing.add_agenda_item(
            s.uow(),
            s.clock,
            s.links,
            s.richtext,
            school_id=staff.school_id,
            data=_agenda_input(form),
            group_names=form.groups,
            staff_id=staff.id,
        )
    except InvalidInput as failure:
        return _agenda_page(form, _errors(failure)), 400
    flash(f"“{published.item.title}” staat in de agenda.", "success")
    return redirect(url_for("school.agenda"))


@bp.post("/agenda/<int:item_id>/verwijderen")
@staff_required
def agenda_remove(item_id: int) -> BaseResponse:
    staff = require_staff()
    s = services()
    removed = publishing.remove_agenda_item(
        s.uow(), s.clock, s.links, school_id=staff.school_id, item_id=item_id, staff_id=staff.id
    )
    flash(f"“{removed.item.title}” is uit de agenda gehaald; ouders krijgen bericht.", "success")
    return redirect(url_for("school.agenda"))


# --- Documenten -----------------------------------------------------------------------------


def _documents_page(form: DescribedForm | None = None, errors: dict[str, str] | None = None) -> str:
    return _list_page("school/documents.html", form, errors, documents=_posted().documents)


@bp.get("/documenten")
@staff_required
def documents() -> str:
    return _documents_page()


@bp.post("/documenten")
@staff_required
def document_add() -> str | tuple[str, int] | BaseResponse:
    """A PDF or Office file for one's groups (or the school); the same add_document as
    ``deborg document add``."""
    staff = require_staff()
    s = services()
    form = _described_form()
    try:
        filename, content = _chosen_file()
        published = files.add_document(
            s.uow(),
            s.clock,
            s.links,
            s.files,
            s.tokens,
            school_id=staff.school_id,
            title=form.title or filename,
            filename=filename,
            content=content,
            max_bytes=s.settings.max_upload_bytes,
            description=form.description,
            group_names=form.groups,
            staff_id=staff.id,
        )
    except InvalidInput as failure:
        return _documents_page(form, _errors(failure)), 400
    flash(f"Het document “{published.item.title}” is geplaatst.", "success")
    return redirect(url_for("school.documents"))


def _chosen_file() -> tuple[str, bytes]:
    """The name and content of the form's "file" field; refused when none was chosen."""
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise InvalidInput("Kies een bestand.", "file")
    return upload.filename, upload.read()


def _document_page(
    document_id: int, form: DescribedForm | None = None, errors: dict[str, str] | None = None
) -> str:
    """One document on the school's side: change its title, description and audience, or put
    a new file under it."""
    staff = require_staff()
    found = files.document_for_staff_page(
        services().uow(), school_id=staff.school_id, document_id=document_id, staff_id=staff.id
    )
    return _item_page("school/document.html", found, form, errors, document=found)


@bp.route("/documenten/<int:document_id>/bewerken", methods=["GET", "POST"])
@staff_required
def document_edit(document_id: int) -> str | tuple[str, int] | BaseResponse:
    if request.method == "GET":
        return _document_page(document_id)
    return _save_described(
        "Het document",
        files.change_document,
        lambda form, errors: _document_page(document_id, form, errors),
        url_for("school.documents"),
        document_id=document_id,
    )


@bp.post("/documenten/<int:document_id>/bestand")
@staff_required
def document_replace(document_id: int) -> str | tuple[str, int] | BaseResponse:
    """A new file under the document (checked like a new upload); parents are not mailed."""
    staff = require_staff()
    s = services()
    try:
        filename, content = _chosen_file()
        replaced = files.replace_document_file(
            s.uow(),
            s.files,
            s.tokens,
            school_id=staff.school_id,
            document_id=document_id,
            filename=filename,
            content=content,
            max_bytes=s.settings.max_upload_bytes,
            staff_id=staff.id,
        )
    except InvalidInput as failure:
        return _document_page(document_id, errors=_errors(failure)), 400
    flash(
        f"Het document “{replaced.item.title}” heeft een nieuw bestand: {replaced.item.filename}."
        + _kept_text(replaced.files),
        "success",
    )
    return redirect(url_for("school.document_edit", document_id=document_id))


@bp.post("/documenten/<int:document_id>/intrekken")
@staff_required
def document_withdraw(document_id: int) -> BaseResponse:
    return _withdraw(
        "Het document",
        files.withdraw_document,
        url_for("school.documents"),
        document_id=document_id,
    )
