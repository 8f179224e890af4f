"""The Privacy tabs: a parent's own choices (Mijn account → Privacy), a child's choices
(Mijn kinderen → Privacy) and "Mijn gegevens downloaden"."""

from __future__ import annotations

import json

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.wrappers import Response as BaseResponse

from deborg.domain.errors import ValidationFailed
from deborg.domain.privacy import CHOOSABLE_FIELDS, Audience, Field, PrivacySettings, SubjectKind
from deborg.domain.privacy.choices import parse_choices
from deborg.entrypoints.web.account import tabs
from deborg.entrypoints.web.children import Tab, child_tabs
from deborg.entrypoints.web.security import (
    current_school,
    login_required,
    require_parent,
    services,
)
from deborg.services.privacy import settings as privacy
from deborg.services.privacy.export import export_parent_data

bp = Blueprint("privacy", __name__)

FIELD_LABELS = {
    Field.PHONE: "Telefoonnummers",
    Field.EMAIL: "E-mailadres",
    Field.ADDRESS: "Adres",
    Field.PHOTO: "Foto",
    Field.DATE_OF_BIRTH: "Geboortedatum",
}
AUDIENCE_LABELS = {
    SubjectKind.PARENT: {
        Audience.NOBODY: "Niemand",
        Audience.GROUP: "Ouders van de groep(en) van mijn kinderen",
        Audience.SCHOOL: "Alle ouders van de school",
    },
    SubjectKind.CHILD: {
        Audience.NOBODY: "Niemand",
        Audience.GROUP: "Ouders van de groep van mijn kind",
        Audience.SCHOOL: "Alle ouders van de school",
    },
}


def _rows(
    kind: SubjectKind, settings: PrivacySettings, typed: dict[str, str] | None = None
) -> list[dict[str, object]]:
    """One row per field: its name, label, the value to show selected, and the options."""
    labels = AUDIENCE_LABELS[kind]
    return [
        {
            "name": field.value,
            "label": FIELD_LABELS[field],
            "value": (typed or {}).get(field.value, settings.audience(field).key),
            "value_label": labels[settings.audience(field)],
            "options": [(audience.key, label) for audience, label in labels.items()],
        }
        for field in CHOOSABLE_FIELDS[kind]
    ]


@bp.route("/account/privacy", methods=["GET", "POST"])
@login_required
def index() -> str | tuple[str, int] | BaseResponse:
    parent = require_parent()
    s = services()
    errors: dict[str, str] = {}
    typed: dict[str, str] | None = None
    if request.method == "POST":
        typed = request.form.to_dict()
        try:
            privacy.change_parent_privacy(
                s.uow(),
                s.clock,
                school_id=parent.school_id,
                parent_id=parent.id,
                choices=parse_choices(SubjectKind.PARENT, typed),
            )
        except ValidationFailed as failure:
            errors = failure.errors
        else:
            flash("Uw privacy-instellingen zijn opgeslagen.", "success")
            return redirect(url_for("privacy.index"))
    settings = privacy.parent_privacy(s.uow(), school_id=parent.school_id, parent_id=parent.id)
    return render_template(
        "privacy/index.html",
        tabs=tabs("privacy.index"),
        rows=_rows(SubjectKind.PARENT, settings, typed),
        errors=errors,
    ), (400 if errors else 200)


@bp.get("/account/privacy/mijn-gegevens")
@login_required
def export() -> Response:
    """Mijn gegevens downloaden: a JSON file with everything the portal holds about the parent
    and their children."""
    parent = require_parent()
    s = services()
    data = export_parent_data(
        s.uow(),
        s.clock,
        school_id=parent.school_id,
        parent_id=parent.id,
        sections=s.areas.export_sections,
    )
    body = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False)
    return current_app.response_class(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="mijn-gegevens.json"'},
    )


@bp.route("/kinderen/<int:child_id>/privacy", methods=["GET", "POST"])
@login_required
def child(child_id: int) -> str | tuple[str, int] | BaseResponse:
    parent = require_parent()
    s = services()
    errors: dict[str, str] = {}
    typed: dict[str, str] | None = None
    if request.method == "POST":
        typed = request.form.to_dict()
        try:
            privacy.change_child_privacy(
                s.uow(),
                s.clock,
                school_id=parent.school_id,
                parent_id=parent.id,
                child_id=child_id,
                choices=parse_choices(SubjectKind.CHILD, typed),
            )
        except ValidationFailed as failure:
            errors = failure.errors
        else:
            flash("De privacy-instellingen van uw kind zijn opgeslagen.", "success")
            return redirect(url_for("privacy.child", child_id=child_id))
    view = privacy.child_privacy(
        s.uow(), school_id=parent.school_id, parent_id=parent.id, child_id=child_id
    )
    return render_template(
        "privacy/child.html",
        view=view,
        rows=_rows(SubjectKind.CHILD, view.settings, typed),
        errors=errors,
        tabs=_child_tabs(child_id),
    ), (400 if errors else 200)


def _child_tabs(child_id: int) -> list[Tab]:
    """The child's tab bar, once the children area serves the child's pages."""
    if "children.show" not in current_app.view_functions:
        return []
    school = current_school()
    uses_results = bool(school and school.settings.uses_results)
    return child_tabs(child_id, "privacy.child", uses_results=uses_results)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
