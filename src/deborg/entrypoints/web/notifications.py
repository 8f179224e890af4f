"""Mijn account > Notificaties: per category "direct", "in de weekmail" or "uit"."""

from __future__ import annotations

from flask import Blueprint, Flask, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from deborg.adapters.signing import UnsubscribeTokens
from deborg.domain.dutch import WEEKDAYS, format_time
from deborg.domain.errors import InvalidInput, NotFound
from deborg.domain.mail import MailCategory
from deborg.domain.notifications.model import CHOOSABLE, WEEKMAIL, Delivery, parse_choices
from deborg.domain.notifications.model import OPTIONS as CHOICES
from deborg.entrypoints.web.account import tabs
from deborg.entrypoints.web.security import (
    current_school,
    login_required,
    require_parent,
    services,
)
from deborg.services.notifications import preferences

bp = Blueprint("notifications", __name__, url_prefix="/account")
#: The one-click unsubscribe of RFC 8058: no login, and no CSRF token (a mail client POSTs
#: "List-Unsubscribe=One-Click" to the address itself); the signed token is the credential.
unsubscribe_bp = Blueprint("unsubscribe", __name__)

LABELS = {
    MailCategory.TEACHER_MESSAGES: (
        "Berichten van de leerkracht",
        "Een antwoord van de leerkracht op uw bericht.",
    ),
    MailCategory.CONVERSATIONS: (
        "Oudergesprekken",
        "Uitnodigingen, een verplaatste afspraak en de definitieve tijden.",
    ),
    MailCategory.REMINDERS: (
        "Herinnering oudergesprek",
        "De dag voor uw oudergesprek een herinnering aan de afspraak.",
    ),
    MailCategory.NEWS: ("Nieuws", "Nieuwsberichten van de school en de groep."),
    MailCategory.MESSAGES: ("Berichten", "Berichten en oproepen (geen spoedberichten)."),
    MailCategory.AGENDA: ("Agenda", "Nieuwe, gewijzigde en vervallen activiteiten."),
    MailCategory.ALBUMS: ("Fotoalbums", "Nieuwe fotoalbums."),
    MailCategory.DOCUMENTS: ("Documenten", "Nieuwe documenten."),
}
OPTIONS = [
    (Delivery.DIRECT.value, "Direct"),
    (Delivery.DIGEST.value, "In de weekmail"),
    (Delivery.OFF.value, "Uit"),
]


@bp.route("/notificaties", methods=["GET", "POST"])
@login_required
def index() -> str | tuple[str, int] | BaseResponse:
    parent = require_parent()
    s = services()
    errors: dict[str, str] = {}
    current = preferences.get_preferences(
        s.uow(), school_id=parent.school_id, parent_id=parent.id
    ).all_choices()
    values = {category.value: choice.value for category, choice in current.items()}
    if request.method == "POST":
        values.update({c.value: request.form.get(c.value, "") for c in preferences.CHOOSABLE})
        try:
            preferences.set_preferences(
                s.uow(),
                school_id=parent.school_id,
                parent_id=parent.id,
                choices=parse_choices(request.form),
            )
        except InvalidInput as failure:
            errors[failure.field or "_"] = failure.message
        else:
            flash("Uw keuzes voor e-mail zijn opgeslagen.", "success")
            return redirect(url_for("notifications.index"))
    weekday = ""
    school = current_school()
    if school is not None:
        weekday = (
            f"{WEEKDAYS[school.settings.digest_weekday]} om "
            f"{format_time(school.settings.digest_time)} uur"
        )
    return render_template(
        "notifications/index.html",
        tabs=tabs("notifications.index"),
        categories=[(c.value, *LABELS[c]) for c in preferences.CHOOSABLE],
        options=OPTIONS,
        allowed={c.value: [d.value for d in CHOICES[c]] for c in preferences.CHOOSABLE},
        values=values,
        errors=errors,
        digest_moment=weekday,
    ), (400 if errors else 200)


def _kind_label(kind: str) -> str:
    if kind == WEEKMAIL:
        return "de weekmail"
    for category in CHOOSABLE:
        if category.value == kind:
            return LABELS[category][0].lower()
    raise NotFound()


@unsubscribe_bp.route("/afmelden/<token>", methods=["GET", "POST"])
def one_click(token: str) -> str:
    """GET shows one button and changes nothing (link scanners open GETs); POST, from that
    button or from the mail client's one-click, sets the kind of mail to "uit"."""
    s = services()
    found = UnsubscribeTokens(s.settings.secret_key).read(token)
    if found is None:
        raise NotFound()
    school_id, parent_id, kind = found
    label = _kind_label(kind)
    if request.method == "GET":
        return render_template("notifications/unsubscribe.html", done=False, label=label)
    switched = preferences.unsubscribe(s.uow(), school_id=school_id, parent_id=parent_id, kind=kind)
    return render_template(
        "notifications/unsubscribe.html",
        done=True,
        switched_off=", ".join(LABELS[c][0].lower() for c in switched),
    )


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(unsubscribe_bp)
    csrf = app.extensions.get("csrf")
    if csrf is not None:
        csrf.exempt(unsubscribe_bp)
