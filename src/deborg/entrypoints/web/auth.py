"""Inloggen, Uitloggen, Wachtwoord vergeten (two steps) and activation."""

from __future__ import annotations

from flask import (
    Blueprint,
    Flask,
    Response,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.wrappers import Response as BaseResponse

from deborg.domain.errors import (
    AccountNotActive,
    AlreadyActivated,
    InvalidCredentials,
    InvalidInput,
    MailedPasswordExpired,
    PasswordsDoNotMatch,
    PasswordTooWeak,
    TokenInvalid,
    TooManyAttempts,
    UnknownUser,
    ValidationFailed,
)
from deborg.entrypoints.web import school
from deborg.entrypoints.web.security import (
    client_key,
    current_parent,
    end_session,
    login_required,
    remember_device,
    require_parent,
    safe_next,
    services,
    session_cookie_name,
    start_session,
    trusted_device,
)
from deborg.services import accounts
from deborg.services.profiles import contact_email
from deborg.services.staff import passwords as staff_passwords

bp = Blueprint("auth", __name__)


@bp.route("/inloggen", methods=["GET", "POST"])
def login() -> str | BaseResponse | tuple[str, int]:
    if current_parent() is not None and request.method == "GET":
        return redirect(url_for("portal.home"))
    username = request.values.get("username", "")
    error = None
    if request.method == "POST":
        s = services()
        device = trusted_device(username)
        try:
            # A staff login name logs in on the school's side (a name is one or the other).
            staff_response = school.try_staff_login(
                username, request.form.get("password", ""), request.args.get("next")
            )
            if staff_response is not None:
                return staff_response
            result = accounts.log_in(
                s.uow(),
                s.clock,
                s.hasher,
                s.tokens,
                login_name=username,
                password=request.form.get("password", ""),
                client_key=client_key(),
                trusted_device=device,
                user_agent=request.headers.get("User-Agent", ""),
            )
        except ValidationFailed as failure:
            return render_template("auth/login.html", username=username, errors=failure.errors), 400
        except (
            InvalidCredentials,
            AccountNotActive,
            TooManyAttempts,
            MailedPasswordExpired,
        ) as failure:
            error = failure.message
            status = 429 if isinstance(failure, TooManyAttempts) else 400
            return render_template("auth/login.html", username=username, error=error), status
        previous = request.cookies.get(session_cookie_name())
        if previous:  # a new login replaces the session this browser had
            accounts.log_out(s.uow(), session_token=previous)
        if result.parent.must_choose_password:
            response = redirect(url_for("auth.choose_password"))
        else:
            response = redirect(safe_next(request.args.get("next")))
        start_session(response, result.session_token)
        remember_device(response, result.parent.login_name, device or s.tokens.token(16))
        return response
    return render_template("auth/login.html", username=username, error=error)


@bp.post("/uitloggen")
def logout() -> BaseResponse:
    token = request.cookies.get(session_cookie_name())
    if token:
        accounts.log_out(services().uow(), session_token=token)
    response = redirect(url_for("auth.login"))
    end_session(response)
    flash("U bent uitgelogd.", "success")
    return response


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
def forgot_password() -> str | tuple[str, int]:
    username = request.form.get("username", "")
    errors: dict[str, str] = {}
    if request.method == "POST":
        s = services()
        try:
            # A staff login name gets its link from the school's side, with the same answer.
            if staff_passwords.request_staff_password_reset(
                s.uow(),
                s.clock,
                s.tokens,
                s.links,
                login_name=username,
                client_key=client_key(),
            ):
                return render_template("auth/forgot_sent.html")
            accounts.request_password_reset(
                s.uow(),
                s.clock,
                s.tokens,
                s.links,
                login_name=username,
                client_key=client_key(),
            )
        except UnknownUser as failure:
            errors["username"] = failure.message
            return render_template("auth/forgot.html", username=username, errors=errors), 400
        except TooManyAttempts as failure:
            errors["username"] = failure.message
            return render_template("auth/forgot.html", username=username, errors=errors), 429
        else:
            return render_template("auth/forgot_sent.html")
    return render_template("auth/forgot.html", username=username, errors=errors)


@bp.route("/wachtwoord/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> str | tuple[str, int]:
    """The link "Stuur mij een nieuw wachtwoord". The GET shows a button so that a mail
    scanner that opens links cannot spend it; the POST sends the new password."""
    s = services()
    try:
        if request.method == "POST":
            accounts.confirm_password_reset(
                s.uow(), s.clock, s.tokens, s.hasher, s.links, token=token
            )
            return render_template("auth/reset_done.html")
        parent = accounts.check_reset_link(s.uow(), s.clock, token=token)
    except TokenInvalid as failure:
        return render_template(
            "message.html",
            title="Link ongeldig",
            message=failure.message,
            link=url_for("auth.forgot_password"),
            link_text="Nieuwe link aanvragen",
        ), 400
    return render_template("auth/reset_confirm.html", login_name=parent.login_name)


@bp.route("/activeren/<token>", methods=["GET", "POST"])
def activate(token: str) -> str | tuple[str, int] | Response:
    s = services()
    try:
        if request.method == "POST":
            parent = accounts.activate_account(s.uow(), s.clock, token=token)
            flash(
                "Uw account is geactiveerd. Log in met de gebruikersnaam en het wachtwoord uit "
                "de e-mail.",
                "success",
            )
            return make_response(redirect(url_for("auth.login", username=parent.login_name)))
        parent = accounts.check_activation_link(s.uow(), s.clock, token=token)
    except AlreadyActivated as failure:
        return render_template(
            "message.html",
            title="Account activeren",
            message=failure.message,
            link=url_for("auth.login"),
            link_text="Naar inloggen",
        )
    except (TokenInvalid, AccountNotActive) as failure:
        return render_template("message.html", title="Link ongeldig", message=failure.message), 400
    return render_template("auth/activate.html", login_name=parent.login_name)


@bp.route("/wachtwoord-kiezen", methods=["GET", "POST"])
@login_required
def choose_password() -> str | tuple[str, int] | BaseResponse:
    """ "Kies uw eigen wachtwoord": where a login with a mailed password leads, before any
    other page opens."""
    parent = require_parent()
    if not parent.must_choose_password:
        return redirect(url_for("portal.home"))
    s = services()
    errors: dict[str, str] = {}
    typed = request.form.get("new_password", "")
    if request.method == "POST":
        try:
            accounts.choose_password(
                s.uow(),
                s.clock,
                s.hasher,
                s.common_passwords,
                strength=s.password_strength,
                school_id=parent.school_id,
                parent_id=parent.id,
                new_password=typed,
                new_password_again=request.form.get("new_password_again", ""),
                keep_session_token=g.get("session_token"),
            )
        except PasswordsDoNotMatch as failure:
            errors["new_password_again"] = failure.message
        except (PasswordTooWeak, InvalidInput) as failure:
            errors["new_password"] = failure.message
        else:
            flash("Uw eigen wachtwoord is ingesteld.", "success")
            return redirect(url_for("portal.home"))
    return render_template(
        "auth/choose_password.html",
        errors=errors,
        rules=accounts.password_checklist(
            s.uow(),
            s.common_passwords,
            s.password_strength,
            school_id=parent.school_id,
            parent_id=parent.id,
            password=typed,
        ),
        login_name=parent.login_name,
    ), 400 if errors else 200


@bp.route("/e-mailadres-bevestigen/<token>", methods=["GET", "POST"])
def confirm_email(token: str) -> str | tuple[str, int]:
    """The link in the mail to a new contact address. The GET shows a button so that a mail
    scanner that opens links cannot spend it; the POST confirms."""
    s = services()
    try:
        if request.method == "POST":
            parent = contact_email.confirm_email(s.uow(), s.clock, token=token)
            return render_template(
                "message.html",
                title="E-mailadres bevestigd",
                message=(
                    f"Uw e-mailadres {parent.contact_email} is bevestigd. De school past uw "
                    "gebruikersnaam daarop aan; u krijgt daarover een e-mail."
                ),
                link=url_for("portal.home"),
                link_text="Naar het ouderportaal",
            )
        address = contact_email.check_email_confirmation(s.uow(), s.clock, token=token)
    except TokenInvalid as failure:
        return render_template("message.html", title="Link ongeldig", message=failure.message), 400
    return render_template("auth/confirm_email.html", address=address)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
