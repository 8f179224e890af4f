"""The school's side of the portal (/school/): staff log in through the same login page and
land here. Every route parses the form, calls one use case with the signed-in staff member's
id (the use case decides what is within reach) and renders; a parent never gets in.

Staff sessions live in their own cookie and table and end after 15 minutes idle.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

import attrs
from flask import (
    Blueprint,
    Flask,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.wrappers import Response as BaseResponse

from deborg.domain.errors import AlreadyActivated, Conflict, InvalidInput, TokenInvalid
from deborg.domain.model import School, StaffMember, StaffRole
from deborg.domain.staff import require_beheerder
from deborg.entrypoints.web.security import client_key, safe_next, services
from deborg.entrypoints.web.templating import MenuItem
from deborg.services import directory
from deborg.services.absence import reports, threads
from deborg.services.profiles import changes, children
from deborg.services.staff import accounts as staff_accounts
from deborg.services.staff import dashboard as overview
from deborg.services.staff import login

bp = Blueprint("school", __name__, url_prefix="/school")

F = TypeVar("F", bound=Callable[..., Any])

IDLE_LOGOUT = "U bent na een kwartier zonder activiteit uitgelogd. Log opnieuw in."


# --- the staff session ----------------------------------------------------------------------


def staff_cookie_name() -> str:
    return "__Host-deborg-staff" if services().settings.production else "deborg-staff"


def current_staff() -> StaffMember | None:
    return cast(StaffMember | None, g.get("staff"))


def require_staff() -> StaffMember:
    staff = current_staff()
    if staff is None:  # pragma: no cover - staff_required guarantees it
        raise RuntimeError("route needs staff_required")
    return staff


def staff_school() -> School:
    return cast(School, g.staff_school)


@bp.before_request
def _load_staff() -> None:
    g.staff = None
    token = request.cookies.get(staff_cookie_name())
    if not token:
        return
    s = services()
    signed_in = login.resolve_staff_session(s.uow(), s.clock, session_token=token)
    if signed_in is None:
        g.staff_session_ended = True
        return
    g.staff = signed_in.staff
    g.staff_school = signed_in.school
    g.school = signed_in.school  # the Dutch date filters read the school's timezone


@bp.after_request
def _drop_dead_cookie(response: BaseResponse) -> BaseResponse:
    if g.pop("staff_session_ended", False):
        response.delete_cookie(staff_cookie_name(), path="/", secure=services().settings.production)
    return response


def staff_required(view: F) -> F:
    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if current_staff() is None:
            if g.get("staff_session_ended"):
                flash(IDLE_LOGOUT, "info")
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return cast(F, wrapped)


def beheerder_required(view: F) -> F:
    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        require_beheerder(require_staff())
        return view(*args, **kwargs)

    return cast(F, staff_required(wrapped))


def try_staff_login(username: str, password: str, next_url: str | None) -> BaseResponse | None:
    """Called by the login page first: a staff login name logs in here and lands on /school/
    (or the /school/ page it came from); None for any other name. Refusals raise the same
    errors as a parent's login."""
    s = services()
    result = login.log_in_staff(
        s.uow(),
        s.clock,
        s.hasher,
        s.tokens,
        login_name=username,
        password=password,
        client_key=client_key(),
    )
    if result is None:
        return None
    previous = request.cookies.get(staff_cookie_name())
    if previous:
        login.log_out_staff(s.uow(), session_token=previous)
    target = safe_next(next_url)
    if not target.startswith(url_for("school.dashboard")):
        target = url_for("school.dashboard")
    response = redirect(target)
    response.set_cookie(
        staff_cookie_name(),
        result.session_token,
        httponly=True,
        secure=s.settings.production,
        samesite="Lax",
        path="/",
    )
    return response


@bp.post("/uitloggen")
def logout() -> BaseResponse:
    token = request.cookies.get(staff_cookie_name())
    if token:
        login.log_out_staff(services().uow(), session_token=token)
    response = redirect(url_for("auth.login"))
    response.delete_cookie(staff_cookie_name(), path="/", secure=services().settings.production)
    flash("U bent uitgelogd.", "success")
    return response


@bp.route("/activeren/<token>", methods=["GET", "POST"])
def activate(token: str) -> str | tuple[str, int] | BaseResponse:
    s = services()
    try:
        if request.method == "POST":
            staff = staff_accounts.activate_staff(s.uow(), s.clock, token=token)
            flash(
                "Uw account is geactiveerd. Log in met de gebruikersnaam en het wachtwoord uit "
                "de e-mail.",
                "success",
            )
            return redirect(url_for("auth.login", username=staff.email))
        staff = staff_accounts.check_staff_activation(s.uow(), s.clock, token=token)
    except AlreadyActivated as failure:
        return render_template(
            "message.html",
            title="Account activeren",
            message=failure.message,
            link=url_for("auth.login"),
            link_text="Naar inloggen",
        )
    except TokenInvalid as failure:
        return render_template("message.html", title="Link ongeldig", message=failure.message), 400
    return render_template("auth/activate.html", login_name=staff.email)


#: (label, endpoint, beheerder only). A page is active under the entry whose endpoint its own
#: starts with ("school.message_new" under "school.message").
STAFF_MENU = (
    ("Vandaag", "school.dashboard", False),
    ("Nieuws", "school.news", False),
    ("Berichten", "school.message", False),
    ("Agenda", "school.agenda", False),
    ("Fotoalbums", "school.album", False),
    ("Documenten", "school.document", False),
    ("Oudergesprekken", "school.conference", False),
    ("Berichten van ouders", "school.parent_thread", False),
    ("Leerlingen", "school.pupil", False),
    ("Wijzigingen", "school.changes", False),
)
#: The account menu (top right; on a phone under the main menu): the beheerder's entries and
#: everyone's own password.
BEHEERDER_MENU = (
    ("Medewerkers", "school.staff", True),
    ("Verlof", "school.leave", True),
    ("Wachtwoord wijzigen", "school.password", False),
)
MENU_TARGETS = {
    "school.message": "school.messages",
    "school.album": "school.albums",
    "school.document": "school.documents",
    "school.conference": "school.conferences",
    "school.changes": "school.changes_list",
    "school.pupil": "school.pupils",
    "school.staff": "school.staff_list",
    "school.parent_thread": "school.parent_threads",
    "school.leave": "school.leave_list",
}


def staff_menu(
    staff: StaffMember, entries: tuple[tuple[str, str, bool], ...] = STAFF_MENU
) -> list[MenuItem]:
    endpoint = request.endpoint or ""
    return [
        MenuItem(label, url_for(MENU_TARGETS.get(target, target)), endpoint.startswith(target))
        for label, target, beheerder_only in entries
        if staff.is_beheerder or not beheerder_only
    ]


def page(template: str, **context: Any) -> str:
    """A page of the school's side, with the staff member and their menu."""
    staff = require_staff()
    return render_template(
        template,
        staff=staff,
        staff_school=staff_school(),
        staff_menu=staff_menu(staff),
        staff_account_menu=staff_menu(staff, BEHEERDER_MENU),
        **context,
    )


# --- the dashboard --------------------------------------------------------------------------


@bp.get("/")
@staff_required
def dashboard() -> str:
    staff = require_staff()
    s = services()
    day = overview.staff_dashboard(s.uow(), school_id=staff.school_id, staff_id=staff.id)
    # A beheerder teaches no group of their own and sees every group's absences.
    absent = reports.absences_on(
        s.uow(),
        s.clock,
        school_id=staff.school_id,
        staff_id=None if staff.is_beheerder else staff.id,
    )
    conversations = threads.threads_for_teacher(
        s.uow(), school_id=staff.school_id, staff_id=staff.id
    )
    return page("school/dashboard.html", day=day, absent=absent, conversations=conversations)


# --- staff accounts (beheerder) -------------------------------------------------------------


ROLE_CHOICES = [(r.value, r.value.capitalize()) for r in StaffRole]


@attrs.define
class StaffForm:
    name: str = ""
    email: str = ""
    role: str = StaffRole.LEERKRACHT.value
    groups: list[str] = attrs.Factory(list)


def _staff_page(form: StaffForm | None = None, errors: dict[str, str] | None = None) -> str:
    staff = require_staff()
    s = services()
    listing = staff_accounts.list_staff(s.uow(), school_id=staff.school_id)
    with s.uow() as uow:
        groups = list(uow.groups.list(staff.school_id))
    return page(
        "school/staff.html",
        listing=listing,
        groups=groups,
        roles=ROLE_CHOICES,
        form=form or StaffForm(),
        errors=errors or {},
    )


@bp.get("/medewerkers")
@beheerder_required
def staff_list() -> str:
    return _staff_page()


@bp.post("/medewerkers")
@beheerder_required
def staff_invite() -> str | tuple[str, int] | BaseResponse:
    """Add a staff member and mail the invitation (deborg staff add + deborg staff invite)."""
    staff = require_staff()
    s = services()
    form = StaffForm(
        name=request.form.get("name", ""),
        email=request.form.get("email", ""),
        role=request.form.get("role", StaffRole.LEERKRACHT.value),
        groups=request.form.getlist("groups"),
    )
    try:
        role = StaffRole(form.role)
    except ValueError:
        return _staff_page(form, {"role": "Kies leerkracht of beheerder."}), 400
    try:
        added = directory.add_staff(
            s.uow(),
            emails=s.emails,
            school_id=staff.school_id,
            name=form.name,
            email=form.email,
            group_names=form.groups,
            role=role,
        )
    except InvalidInput as failure:
        return _staff_page(form, {failure.field or "email": failure.message}), 400
    except Conflict as failure:
        return _staff_page(form, {"email": failure.message}), 409
    staff_accounts.invite_staff(
        s.uow(), s.clock, s.tokens, s.hasher, s.links, school_id=staff.school_id, staff_id=added.id
    )
    flash(f"{added.name} is toegevoegd en heeft een uitnodiging per e-mail gekregen.", "success")
    return redirect(url_for("school.staff_list"))


@bp.post("/medewerkers/<int:staff_id>/uitnodigen")
@beheerder_required
def staff_reinvite(staff_id: int) -> BaseResponse:
    staff = require_staff()
    s = services()
    invited = staff_accounts.invite_staff(
        s.uow(),
        s.clock,
        s.tokens,
        s.hasher,
        s.links,
        school_id=staff.school_id,
        staff_id=staff_id,
        again=request.form.get("again") == "1",
    )
    flash(f"{invited.name} heeft een nieuwe uitnodiging gekregen.", "success")
    return redirect(url_for("school.staff_list"))


# --- Wijzigingen ----------------------------------------------------------------------------


@bp.get("/wijzigingen")
@staff_required
def changes_list() -> str:
    staff = require_staff()
    reports = overview.changes_for_staff(
        services().uow(), school_id=staff.school_id, staff_id=staff.id
    )
    return page("school/changes.html", reports=reports)


@bp.post("/wijzigingen/<int:report_id>/afgehandeld")
@staff_required
def changes_done(report_id: int) -> BaseResponse:
    staff = require_staff()
    s = services()
    handled = changes.mark_change_done(
        s.uow(), s.clock, school_id=staff.school_id, report_id=report_id, staff_id=staff.id
    )
    flash(f"De wijziging van {handled.report.subject_name} is afgehandeld.", "success")
    return redirect(url_for("school.changes_list"))


def init_app(app: Flask) -> None:
    from deborg.entrypoints.web import (  # noqa: F401 - they register their routes
        school_absence,
        school_account,
        school_conferences,
        school_content,
    )

    app.register_blueprint(bp)


# --- Leerlingen: notes on a child -----------------------------------------------------------


@bp.get("/leerlingen")
@staff_required
def pupils() -> str:
    staff = require_staff()
    groups = overview.children_for_staff(
        services().uow(), school_id=staff.school_id, staff_id=staff.id
    )
    return page("school/pupils.html", groups=groups)


def _notes_page(child_id: int, text: str = "", errors: dict[str, str] | None = None) -> str:
    staff = require_staff()
    child, notes = children.notes_of(
        services().uow(), school_id=staff.school_id, child=str(child_id), staff_id=staff.id
    )
    return page("school/notes.html", child=child, notes=notes, text=text, errors=errors or {})


@bp.get("/leerlingen/<int:child_id>")
@staff_required
def pupil_notes(child_id: int) -> str:
    return _notes_page(child_id)


@bp.post("/leerlingen/<int:child_id>")
@staff_required
def pupil_note_add(child_id: int) -> str | tuple[str, int] | BaseResponse:
    """A note about a child of one's group; the guardians read it under Notities."""
    staff = require_staff()
    s = services()
    text = request.form.get("text", "")
    try:
        children.add_note(
            s.uow(),
            s.clock,
            school_id=staff.school_id,
            child=str(child_id),
            text=text,
            staff_id=staff.id,
        )
    except InvalidInput as failure:
        return _notes_page(child_id, text, {"text": failure.message}), 400
    flash("De notitie is geplaatst; de ouders lezen hem bij Notities.", "success")
    return redirect(url_for("school.pupil_notes", child_id=child_id))
