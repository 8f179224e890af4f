"""Mijn account > App: the paired phones, pairing by QR code or by school code and password;
and the one-time link by which the app opens the portal ("Naar het ouderportaal")."""

from __future__ import annotations

import segno
from flask import Blueprint, Flask, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from deborg.domain.devices.model import OneTimeLink
from deborg.domain.errors import TokenInvalid
from deborg.entrypoints.web.account import tabs
from deborg.entrypoints.web.confirm import ask_first
from deborg.entrypoints.web.security import (
    current_parent,
    login_required,
    require_parent,
    services,
    session_cookie_name,
    start_session,
)
from deborg.services import accounts
from deborg.services.devices import pairing

bp = Blueprint("devices", __name__)

#: Ids beyond a database integer do not exist; routing answers 404 before any query.
MAX_ID = 2**31 - 1


def pairing_url(token: str) -> str:
    """What the QR code holds: the server's address and the pairing token. The app pairs by
    posting the last path segment to /api/v1/devices on the server before /koppelen/."""
    return services().links.pairing(token)


def qr_data_uri(content: str) -> str:
    """An SVG data URI (the CSP allows data: images; no inline style needed)."""
    return str(segno.make(content, error="m").svg_data_uri(scale=6, border=4))


def _page(qr: OneTimeLink | None = None) -> str:
    parent = require_parent()
    s = services()
    devices = pairing.list_devices(s.uow(), school_id=parent.school_id, parent_id=parent.id)
    with s.uow() as uow:
        school = uow.schools.get(parent.school_id)
    url = pairing_url(qr.token) if qr else None
    return render_template(
        "devices/app.html",
        tabs=tabs("devices.index"),
        devices=devices,
        school_code=school.code if school else "",
        login_name=parent.login_name,
        qr=qr,
        qr_image=qr_data_uri(url) if url else None,
    )


@bp.get("/account/app")
@login_required
def index() -> str:
    return _page()


@bp.post("/account/app/qr-code")
@login_required
def new_qr_code() -> str:
    """Issue a fresh pairing token (a POST: it creates one) and show it as a QR code."""
    parent = require_parent()
    s = services()
    qr = pairing.issue_pairing_token(
        s.uow(), s.clock, s.tokens, school_id=parent.school_id, parent_id=parent.id
    )
    return _page(qr)


@bp.post(f"/account/app/apparaten/<int(max={MAX_ID}):device_id>/verwijderen")
@login_required
def remove(device_id: int) -> tuple[str, int] | BaseResponse:
    parent = require_parent()
    asked = ask_first(
        "Wilt u de koppeling met dit apparaat verbreken? De app op dat apparaat werkt daarna "
        "niet meer.",
        yes="Ja, koppeling verbreken",
        back=url_for("devices.index"),
    )
    if asked is not None:
        return asked
    pairing.remove_device(
        services().uow(), school_id=parent.school_id, parent_id=parent.id, device_id=device_id
    )
    flash("De koppeling met het apparaat is verbroken. De app is daarna onbruikbaar.", "success")
    return redirect(url_for("devices.index"))


@bp.get("/koppelen/<token>")
def pairing_link(token: str) -> str:
    """Where a phone's camera app lands when it scans the QR code outside the MijnSchool app.
    The token is not touched: only the app can spend it."""
    return render_template("devices/pairing_link.html")


@bp.route("/app-login/<token>", methods=["GET", "POST"])
def portal_link(token: str) -> str | tuple[str, int] | BaseResponse:
    """The link from the app. GET only shows a button (a link previewer cannot spend it);
    the POST spends it and logs the parent in, in place of any earlier session here."""
    s = services()
    try:
        if request.method == "POST":
            result = pairing.use_portal_link(
                s.uow(),
                s.clock,
                s.tokens,
                token=token,
                user_agent=request.headers.get("User-Agent", ""),
            )
            old = request.cookies.get(session_cookie_name())
            if old:
                accounts.log_out(s.uow(), session_token=old)
            response = redirect(url_for("portal.home"))
            start_session(response, result.session_token)
            return response
        parent = pairing.check_portal_link(s.uow(), s.clock, token=token)
    except TokenInvalid as failure:
        return render_template("message.html", title="Link ongeldig", message=failure.message), 400
    return render_template("devices/portal_link.html", parent=parent, logged_in_as=current_parent())


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
