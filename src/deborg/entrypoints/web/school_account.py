"""The staff member's own password on the school's side: Wachtwoord wijzigen, and the page
of the "Wachtwoord vergeten" link (the request itself is the shared login page's,
``auth.forgot_password``). The same use cases as a parent's pages check the same rules."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from deborg.domain.errors import (
    DeborgError,
    PasswordsDoNotMatch,
    PasswordTooWeak,
    TokenInvalid,
    TooManyAttempts,
    WrongCurrentPassword,
)
from deborg.domain.passwords import STRENGTH_RULE, RuleResult, check_password
from deborg.entrypoints.web.school import (
    bp,
    page,
    require_staff,
    staff_cookie_name,
    staff_required,
)
from deborg.entrypoints.web.security import services
from deborg.services.staff import passwords


def _password_errors(failure: DeborgError) -> dict[str, str]:
    """Which field a refused password change is about."""
    if isinstance(failure, PasswordsDoNotMatch):
        return {"new_password_again": failure.message}
    if isinstance(failure, PasswordTooWeak):
        return {"new_password": failure.message}
    return {"current_password": failure.message}


@bp.route("/wachtwoord", methods=["GET", "POST"])
@staff_required
def password() -> str | tuple[str, int] | BaseResponse:
    staff = require_staff()
    s = services()
    typed = request.form.get("new_password", "")
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            passwords.change_staff_password(
                s.uow(),
                s.clock,
                s.hasher,
                s.common_passwords,
                s.links,
                strength=s.password_strength,
                school_id=staff.school_id,
                staff_id=staff.id,
                current_password=request.form.get("current_password", ""),
                new_password=typed,
                new_password_again=request.form.get("new_password_again", ""),
                keep_session_token=request.cookies.get(staff_cookie_name()),
            )
        except (
            WrongCurrentPassword,
            TooManyAttempts,
            PasswordsDoNotMatch,
            PasswordTooWeak,
        ) as failure:
            errors = _password_errors(failure)
        else:
            flash("Uw wachtwoord is gewijzigd. Andere browsers zijn afgemeld.", "success")
            return redirect(url_for("school.password"))
    rules = passwords.staff_password_checklist(
        s.uow(),
        s.common_passwords,
        s.password_strength,
        school_id=staff.school_id,
        staff_id=staff.id,
        password=typed,
    )
    return page("school/password.html", errors=errors, rules=rules), 400 if errors else 200


def _rules(typed: str) -> list[RuleResult]:
    """The checklist before the account is known (the link's page): the rules without the
    estimator, which the POST applies."""
    return [
        *check_password(typed, services().common_passwords),
        RuleResult(STRENGTH_RULE, ok=False),
    ]


@bp.route("/wachtwoord/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> str | tuple[str, int] | BaseResponse:
    """The staff member's "Wachtwoord vergeten" link: choose a new password (a refused one
    keeps the link usable); afterwards every session of the account has ended."""
    s = services()
    errors: dict[str, str] = {}
    try:
        staff = passwords.check_staff_reset_link(s.uow(), s.clock, token=token)
        if request.method == "POST":
            try:
                passwords.reset_staff_password(
                    s.uow(),
                    s.clock,
                    s.hasher,
                    s.common_passwords,
                    s.links,
                    strength=s.password_strength,
                    token=token,
                    new_password=request.form.get("new_password", ""),
                    new_password_again=request.form.get("new_password_again", ""),
                )
            except (PasswordsDoNotMatch, PasswordTooWeak) as failure:
                errors = _password_errors(failure)
            else:
                flash("Uw nieuwe wachtwoord is ingesteld. Log hiermee in.", "success")
                return redirect(url_for("auth.login", username=staff.email))
    except TokenInvalid as failure:
        return render_template(
            "message.html",
            title="Link ongeldig",
            message=failure.message,
            link=url_for("auth.forgot_password"),
            link_text="Nieuwe link aanvragen",
        ), 400
    return render_template(
        "school/reset_password.html",
        login_name=staff.email,
        errors=errors,
        rules=_rules(request.form.get("new_password", "")),
    ), 400 if errors else 200
