"""Mijn kinderen: the list, and per child Persoonlijke gegevens (with photo),
Bereikbaarheid (emergency numbers), Resultaten and Notities."""

from __future__ import annotations

from typing import Any

import attrs
from flask import Blueprint, Flask, current_app, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from deborg.domain.errors import InvalidInput, NotFound, ValidationFailed
from deborg.domain.profiles.model import SubjectType
from deborg.entrypoints.web.confirm import ask_first
from deborg.entrypoints.web.photos import delete_photo, save_photo
from deborg.entrypoints.web.security import login_required, require_parent, services
from deborg.services.profiles import children, personal

bp = Blueprint("children", __name__, url_prefix="/kinderen")

Page = tuple[str, int] | BaseResponse


@attrs.frozen
class Tab:
    label: str
    url: str
    active: bool


def _tabs(page: children.ChildPage, active: str) -> list[Tab]:
    return child_tabs(page.child.id, active, uses_results=page.uses_results)


def child_tabs(child_id: int, active: str, *, uses_results: bool) -> list[Tab]:
    """The tab bar of every page of one child (the Privacy tab's page too)."""
    entries = [("Persoonlijke gegevens", "children.show"), ("Bereikbaarheid", "children.contact")]
    if "privacy.child" in current_app.view_functions:
        entries.append(("Privacy", "privacy.child"))
    if uses_results:
        entries.append(("Resultaten", "children.results"))
    entries.append(("Notities", "children.notes"))
    return [
        Tab(label, url_for(endpoint, child_id=child_id), endpoint == active)
        for label, endpoint in entries
    ]


def _page(child_id: int) -> children.ChildPage:
    parent = require_parent()
    s = services()
    return children.child_page(
        s.uow(), school_id=parent.school_id, parent_id=parent.id, child_id=child_id
    )


def _render(
    template: str, page: children.ChildPage, active: str, status: int = 200, **kw: Any
) -> tuple[str, int]:
    return render_template(template, page=page, tabs=_tabs(page, active), **kw), status


@bp.get("/")
@login_required
def index() -> Page:
    parent = require_parent()
    s = services()
    entries = children.my_children(s.uow(), school_id=parent.school_id, parent_id=parent.id)
    return render_template("children/index.html", entries=entries), 200


@bp.get("/<int:child_id>")
@login_required
def show(child_id: int) -> Page:
    page = _page(child_id)
    return _render("children/show.html", page, "children.show", errors={})


@bp.route("/<int:child_id>/wijzigen", methods=["GET", "POST"])
@login_required
def edit(child_id: int) -> Page:
    parent = require_parent()
    s = services()
    page = _page(child_id)
    if request.method == "GET":
        if page.read_only:
            return _render("children/show.html", page, "children.show", errors={})
        values = personal.form_values(page.child)
        return _render("children/edit.html", page, "children.show", values=values, errors={})
    typed = {f: request.form.get(f, "") for f in (*personal.PERSONAL_FIELDS, "date_of_birth")}
    try:
        report = personal.update_child_personal(
            s.uow(),
            s.clock,
            school_id=parent.school_id,
            parent_id=parent.id,
            child_id=child_id,
            data=personal.PersonalData(**typed),
        )
    except ValidationFailed as failure:
        return _render(
            "children/edit.html", page, "children.show", 400, values=typed, errors=failure.errors
        )
    if report is None:
        flash("Er is niets gewijzigd.", "info")
    else:
        flash("De gegevens zijn opgeslagen en doorgegeven aan de school.", "success")
    return redirect(url_for("children.show", child_id=child_id))


@bp.post("/<int:child_id>/foto")
@login_required
def photo(child_id: int) -> Page:
    error = save_photo(require_parent(), SubjectType.CHILD, child_id)
    if error is not None:
        page = _page(child_id)
        errors = {"photo": error}
        return _render("children/show.html", page, "children.show", 400, errors=errors)
    flash("De foto is opgeslagen.", "success")
    return redirect(url_for("children.show", child_id=child_id))


@bp.post("/<int:child_id>/foto/verwijderen")
@login_required
def photo_remove(child_id: int) -> Page:
    asked = ask_first(
        "Wilt u de foto van uw kind verwijderen?",
        yes="Ja, foto verwijderen",
        back=url_for("children.show", child_id=child_id),
    )
    if asked is not None:
        return asked
    delete_photo(require_parent(), SubjectType.CHILD, child_id)
    flash("De foto is verwijderd.", "success")
    return redirect(url_for("children.show", child_id=child_id))


# --- Bereikbaarheid -------------------------------------------------------------------------


def _emergency_input() -> children.EmergencyInput:
    return children.EmergencyInput(
        name=request.form.get("name", ""),
        relation=request.form.get("relation", ""),
        number=request.form.get("number", ""),
    )


def _contact_page(
    child_id: int, *, errors: dict[str, str], editing: int | None, typed: Any, status: int
) -> Page:
    page = _page(child_id)
    return _render(
        "children/contact.html",
        page,
        "children.contact",
        status,
        errors=errors,
        editing=editing,
        typed=typed,
    )


@bp.get("/<int:child_id>/bereikbaarheid")
@login_required
def contact(child_id: int) -> Page:
    return _contact_page(child_id, errors={}, editing=None, typed=None, status=200)


@bp.post("/<int:child_id>/noodnummers")
@login_required
def emergency_add(child_id: int) -> Page:
    parent = require_parent()
    s = services()
    data = _emergency_input()
    try:
        children.add_emergency_number(
            s.uow(),
            s.clock,
            s.phones,
            school_id=parent.school_id,
            parent_id=parent.id,
            child_id=child_id,
            data=data,
        )
    except ValidationFailed as failure:
        return _contact_page(child_id, errors=failure.errors, editing=0, typed=data, status=400)
    except InvalidInput as failure:
        errors = {failure.field or "number": failure.message}
        return _contact_page(child_id, errors=errors, editing=0, typed=data, status=400)
    flash("Het noodnummer is toegevoegd.", "success")
    return redirect(url_for("children.contact", child_id=child_id))


@bp.post("/<int:child_id>/noodnummers/<int:number_id>")
@login_required
def emergency_change(child_id: int, number_id: int) -> Page:
    parent = require_parent()
    s = services()
    data = _emergency_input()
    try:
        children.change_emergency_number(
            s.uow(),
            s.clock,
            s.phones,
            school_id=parent.school_id,
            parent_id=parent.id,
            child_id=child_id,
            number_id=number_id,
            data=data,
        )
    except ValidationFailed as failure:
        return _contact_page(
            child_id, errors=failure.errors, editing=number_id, typed=data, status=400
        )
    flash("Het noodnummer is gewijzigd.", "success")
    return redirect(url_for("children.contact", child_id=child_id))


@bp.post("/<int:child_id>/noodnummers/<int:number_id>/verwijderen")
@login_required
def emergency_delete(child_id: int, number_id: int) -> Page:
    parent = require_parent()
    asked = ask_first(
        "Wilt u dit noodnummer verwijderen?",
        yes="Ja, noodnummer verwijderen",
        back=url_for("children.contact", child_id=child_id),
    )
    if asked is not None:
        return asked
    s = services()
    children.delete_emergency_number(
        s.uow(),
        s.clock,
        school_id=parent.school_id,
        parent_id=parent.id,
        child_id=child_id,
        number_id=number_id,
    )
    flash("Het noodnummer is verwijderd.", "success")
    return redirect(url_for("children.contact", child_id=child_id))


# --- Resultaten and Notities ----------------------------------------------------------------


@bp.get("/<int:child_id>/resultaten")
@login_required
def results(child_id: int) -> Page:
    page = _page(child_id)
    if not page.uses_results:
        raise NotFound("Deze school gebruikt Resultaten niet.")
    return _render("children/results.html", page, "children.results")


@bp.get("/<int:child_id>/notities")
@login_required
def notes(child_id: int) -> Page:
    page = _page(child_id)
    return _render("children/notes.html", page, "children.notes")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
