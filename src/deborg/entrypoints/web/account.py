"""Mijn account: Persoonlijke gegevens (with the photo), Bereikbaarheid and Wachtwoord. The
other tabs are served by their areas' blueprints."""

from __future__ import annotations

import attrs
from flask import (
    Blueprint,
    Flask,
    Response,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.wrappers import Response as BaseResponse

from deborg.domain.errors import (
    PasswordsDoNotMatch,
    PasswordTooWeak,
    TooManyAttempts,
    ValidationFailed,
    WrongCurrentPassword,
)
from deborg.domain.passwords import RuleResult
from deborg.domain.profiles.model import PhoneLabel, SubjectType
from deborg.domain.tokens import digest
from deborg.entrypoints.web.confirm import ask_first
from deborg.entrypoints.web.photos import delete_photo, save_photo
from deborg.entrypoints.web.security import end_session as end_browser_session
from deborg.entrypoints.web.security import login_required, require_parent, services
from deborg.services import accounts
from deborg.services.profiles import personal
from deborg.services.profiles.contact_email import EmailChange

bp = Blueprint("account", __name__, url_prefix="/account")


@attrs.frozen
class Tab:
    label: str
    url: str
    active: bool


#: (label, endpoint) of the tabs of Mijn account, in the manual's order. Each area serves its
#: own tab from its own blueprint; a tab appears once its endpoint is registered.
TABS = (
    ("Persoonlijke gegevens", "account.personal"),
    ("Bereikbaarheid", "account.contact"),
    ("Notificaties", "notifications.index"),
    ("Privacy", "privacy.index"),
    ("App", "devices.index"),
    ("Wachtwoord", "account.password"),
)
#: The blueprints whose pages are tabs of Mijn account (the menu marks "Mijn account" active).
ACCOUNT_BLUEPRINTS = frozenset({"account", "notifications", "privacy", "devices"})


def tabs(active: str) -> list[Tab]:
    from flask import current_app

    return [
        Tab(label, url_for(endpoint), endpoint == active)
        for label, endpoint in TABS
        if endpoint in current_app.view_functions
    ]


@bp.get("/")
@login_required
def index() -> BaseResponse:
    return redirect(tabs("")[0].url)


@bp.route("/wachtwoord", methods=["GET", "POST"])
@login_required
def password() -> str | tuple[str, int] | BaseResponse:
    parent = require_parent()
    s = services()
    errors: dict[str, str] = {}
    typed = request.form.get("new_password", "")
    if request.method == "POST":
        try:
            accounts.change_password(
                s.uow(),
                s.clock,
                s.hasher,
                s.common_passwords,
                s.links,
                strength=s.password_strength,
                school_id=parent.school_id,
                parent_id=parent.id,
                current_password=request.form.get("current_password", ""),
                new_password=typed,
                new_password_again=request.form.get("new_password_again", ""),
                keep_session_token=g.get("session_token"),
            )
        except (WrongCurrentPassword, TooManyAttempts) as failure:
            errors["current_password"] = failure.message
        except PasswordsDoNotMatch as failure:
            errors["new_password_again"] = failure.message
        except PasswordTooWeak as failure:
            errors["new_password"] = failure.message
        else:
            flash(
                "Uw wachtwoord is gewijzigd. Andere browsers zijn afgemeld; gekoppelde telefoons "
                "blijven gekoppeld.",
                "success",
            )
            return redirect(url_for("account.password"))
    status = 400 if errors else 200
    return render_template(
        "account/password.html",
        tabs=tabs("account.password"),
        errors=errors,
        rules=_checklist(typed),
        sessions=accounts.list_sessions(
            s.uow(),
            s.clock,
            school_id=parent.school_id,
            parent_id=parent.id,
            current_token=g.get("session_token"),
            idle=s.settings.session_idle,
            absolute=s.settings.session_absolute,
        ),
    ), status


@bp.post("/sessies/afmelden")
@login_required
def end_session() -> BaseResponse:
    """ "Afmelden" behind one of the Actieve sessies."""
    parent = require_parent()
    handle = request.form.get("session", "")
    accounts.end_session(
        services().uow(), school_id=parent.school_id, parent_id=parent.id, handle=handle[:64]
    )
    if g.get("session_token") and digest(g.session_token) == handle:
        response = redirect(url_for("auth.login"))
        end_browser_session(response)
        return response
    flash("De sessie is afgemeld.", "success")
    return redirect(url_for("account.password"))


@bp.post("/sessies/overal-afmelden")
@login_required
def end_all_sessions() -> BaseResponse:
    """ "Overal afmelden": every browser, this one included; phones stay (see App)."""
    parent = require_parent()
    accounts.end_all_sessions(services().uow(), school_id=parent.school_id, parent_id=parent.id)
    response = redirect(url_for("auth.login"))
    end_browser_session(response)
    flash(
        "U bent in alle browsers afgemeld. Gekoppelde telefoons staan bij Mijn account > App.",
        "success",
    )
    return response


def _checklist(typed: str) -> list[RuleResult]:
    parent = require_parent()
    s = services()
    return accounts.password_checklist(
        s.uow(),
        s.common_passwords,
        s.password_strength,
        school_id=parent.school_id,
        parent_id=parent.id,
        password=typed,
    )


@bp.post("/wachtwoord/controle")
@login_required
def password_check() -> Response:
    """The live checklist asks while the parent types: the rules only the server can judge
    (common password, how easy to guess and why), as the final submit will judge them."""
    rules = _checklist(request.form.get("new_password", ""))
    return jsonify([{"text": rule.text, "ok": rule.ok} for rule in rules])


# --- Persoonlijke gegevens -------------------------------------------------------------------


def _personal_page(
    values: dict[str, str], errors: dict[str, str], status: int = 200
) -> tuple[str, int]:
    parent = require_parent()
    s = services()
    with s.uow() as uow:
        has_photo = uow.photos.get(parent.school_id, SubjectType.PARENT, parent.id) is not None
    return render_template(
        "account/personal.html",
        tabs=tabs("account.personal"),
        values=values,
        errors=errors,
        has_photo=has_photo,
        pending_login=parent.contact_email and parent.contact_email != parent.login_name,
    ), status


@bp.route("/gegevens", methods=["GET", "POST"], endpoint="personal")
@login_required
def personal_data() -> tuple[str, int] | BaseResponse:
    parent = require_parent()
    s = services()
    if request.method == "GET":
        return _personal_page(personal.personal_values(parent), {})
    typed = {field: request.form.get(field, "") for field in personal.PERSONAL_FIELDS}
    try:
        report = personal.update_parent_personal(
            s.uow(),
            s.clock,
            school_id=parent.school_id,
            parent_id=parent.id,
            data=personal.PersonalData(**typed),
        )
    except ValidationFailed as failure:
        return _personal_page(typed, failure.errors, 400)
    if report is None:
        flash("Er is niets gewijzigd.", "info")
    else:
        flash("Uw wijziging is opgeslagen en doorgegeven aan de school.", "success")
    return redirect(url_for("account.personal"))


@bp.post("/foto")
@login_required
def photo() -> tuple[str, int] | BaseResponse:
    parent = require_parent()
    error = save_photo(parent, SubjectType.PARENT, parent.id)
    if error is not None:
        return _personal_page(personal.personal_values(parent), {"photo": error}, 400)
    flash("Uw foto is opgeslagen.", "success")
    return redirect(url_for("account.personal"))


@bp.post("/foto/verwijderen")
@login_required
def photo_remove() -> tuple[str, int] | BaseResponse:
    parent = require_parent()
    asked = ask_first(
        "Wilt u uw foto verwijderen?", yes="Ja, foto verwijderen", back=url_for("account.personal")
    )
    if asked is not None:
        return asked
    delete_photo(parent, SubjectType.PARENT, parent.id)
    flash("Uw foto is verwijderd.", "success")
    return redirect(url_for("account.personal"))


# --- Bereikbaarheid -------------------------------------------------------------------------

PHONE_LABELS = [(label.value, label.label) for label in PhoneLabel]


@attrs.frozen
class PhoneRow:
    index: int
    label: str
    number: str


def _rows(prefix: str) -> list[int]:
    """The row numbers of the form's fields named ``prefix-N``, in order."""
    found = set()
    for key in request.form:
        name, _, index = key.rpartition("-")
        if name == prefix and index.isdigit() and len(index) < 3:
            found.add(int(index))
    return sorted(found)


def _contact_page(
    contact_email: str,
    phones: list[PhoneRow],
    extra_emails: list[str],
    errors: dict[str, str],
    status: int = 200,
) -> tuple[str, int]:
    parent = require_parent()
    return render_template(
        "account/contact.html",
        tabs=tabs("account.contact"),
        contact_email=contact_email,
        phones=phones,
        extra_emails=extra_emails,
        labels=PHONE_LABELS,
        errors=errors,
        login_name=parent.login_name,
        pending_email=parent.pending_contact_email,
    ), status


@bp.route("/bereikbaarheid", methods=["GET", "POST"])
@login_required
def contact() -> tuple[str, int] | BaseResponse:
    parent = require_parent()
    s = services()
    if request.method == "GET":
        with s.uow() as uow:
            saved = uow.parent_contacts.get(parent.school_id, parent.id)
        rows = [PhoneRow(i, p.label.value, p.number) for i, p in enumerate(saved.phones)]
        rows += [PhoneRow(len(rows) + i, PhoneLabel.MOBILE.value, "") for i in range(2)]
        shown = parent.contact_email or parent.login_name
        return _contact_page(shown, rows, [*saved.extra_emails, ""], {})
    typed_rows = [
        PhoneRow(i, request.form.get(f"phone_label-{i}", ""), request.form.get(f"phone-{i}", ""))
        for i in _rows("phone")
    ]
    typed_emails = [request.form.get(f"extra_email-{i}", "") for i in _rows("extra_email")]
    typed_email = request.form.get("contact_email", "")
    try:
        outcome = personal.update_parent_contact(
            s.uow(),
            s.clock,
            s.phones,
            emails=s.emails,
            school_id=parent.school_id,
            parent_id=parent.id,
            data=personal.ContactData(
                contact_email=typed_email,
                phones=tuple(personal.PhoneInput(r.label, r.number) for r in typed_rows),
                extra_emails=tuple(typed_emails),
            ),
            email_change=EmailChange(
                current_password=request.form.get("current_password", ""),
                hasher=s.hasher,
                tokens=s.tokens,
                links=s.links,
            ),
        )
    except ValidationFailed as failure:
        return _contact_page(typed_email, typed_rows, typed_emails, failure.errors, 400)
    if outcome is None:
        flash("Er is niets gewijzigd.", "info")
    elif outcome.confirmation_sent_to:
        flash(
            f"We hebben een e-mail gestuurd naar {outcome.confirmation_sent_to}. Uw nieuwe "
            "e-mailadres wordt pas gebruikt als u de link in die e-mail volgt. Tot die tijd "
            f"logt u in met {parent.login_name}.",
            "success",
        )
    else:
        flash("Uw gegevens zijn opgeslagen en doorgegeven aan de school.", "success")
    return redirect(url_for("account.contact"))


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
