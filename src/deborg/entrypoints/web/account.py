"""Mijn account. The Wachtwoord tab lives here; the other tabs join as they are built."""

from __future__ import annotations

import attrs
from flask import Blueprint, Flask, flash, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from deborg.domain import accounts
from deborg.domain.errors import PasswordsDoNotMatch, PasswordTooWeak, WrongCurrentPassword
from deborg.domain.passwords import check_password
from deborg.entrypoints.web.security import login_required, require_parent, services

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
                school_id=parent.school_id,
                parent_id=parent.id,
                current_password=request.form.get("current_password", ""),
                new_password=typed,
                new_password_again=request.form.get("new_password_again", ""),
                keep_session_token=g.get("session_token"),
            )
        except WrongCurrentPassword as failure:
            errors["current_password"] = failure.message
        except PasswordsDoNotMatch as failure:
            errors["new_password_again"] = failure.message
        except PasswordTooWeak as failure:
            errors["new_password"] = failure.message
        else:
            flash("Uw wachtwoord is gewijzigd. Andere browsers zijn afgemeld.", "success")
            return redirect(url_for("account.password"))
    status = 400 if errors else 200
    return render_template(
        "account/password.html",
        tabs=tabs("account.password"),
        errors=errors,
        rules=check_password(typed, s.common_passwords),
    ), status


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
