"""Server-side sessions, the current parent, login_required and the security headers."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, g, redirect, request, session, url_for
from itsdangerous import BadData, URLSafeTimedSerializer
from werkzeug.wrappers import Response as BaseResponse

from deborg.adapters.s3_files import S3FileStore
from deborg.bootstrap import Services
from deborg.domain.model import Parent, School, normalise_login
from deborg.services import accounts

F = TypeVar("F", bound=Callable[..., Any])

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)


def services() -> Services:
    return cast(Services, current_app.extensions["deborg"])


def session_cookie_name() -> str:
    return "__Host-deborg-session" if services().settings.production else "deborg-session"


def client_key() -> str:
    """The client address the throttle counts against."""
    return (request.remote_addr or "unknown")[:64]


# --- the device cookie (OWASP "device cookie"): a browser that logged in to an account before
# keeps its own allowance of wrong passwords while unknown clients are locked out.

DEVICE_COOKIE_MAX_AGE = 180 * 24 * 3600  # half a year, in seconds
_DEVICE_SALT = "deborg-device-cookie"


def device_cookie_name() -> str:
    return "__Host-deborg-device" if services().settings.production else "deborg-device"


def _device_signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_DEVICE_SALT)


def trusted_device(login_name: str) -> str | None:
    """The nonce of this browser's device cookie when it is genuine, not too old, and was
    issued for ``login_name``; else None (an unknown client)."""
    cookie = request.cookies.get(device_cookie_name())
    if not cookie:
        return None
    try:
        data = _device_signer().loads(cookie, max_age=DEVICE_COOKIE_MAX_AGE)
    except BadData:
        return None
    if not isinstance(data, dict) or data.get("login") != normalise_login(login_name):
        return None
    nonce = data.get("nonce")
    return nonce if isinstance(nonce, str) and nonce else None


def remember_device(response: BaseResponse, login_name: str, nonce: str) -> None:
    """After a successful login: this browser is known for ``login_name`` from now on."""
    value = _device_signer().dumps({"login": normalise_login(login_name), "nonce": nonce})
    response.set_cookie(
        device_cookie_name(),
        value,
        max_age=DEVICE_COOKIE_MAX_AGE,
        httponly=True,
        secure=services().settings.production,
        samesite="Lax",
        path="/",
    )


def current_parent() -> Parent | None:
    return cast(Parent | None, g.get("parent"))


def current_school() -> School | None:
    return cast(School | None, g.get("school"))


def require_parent() -> Parent:
    parent = current_parent()
    if parent is None:  # pragma: no cover - login_required guarantees it
        raise RuntimeError("route needs login_required")
    return parent


def _load_session() -> None:
    g.parent = None
    g.school = None
    token = request.cookies.get(session_cookie_name())
    if not token or request.endpoint in ("static", "health.healthz", "health.readyz"):
        return
    s = services()
    # accounts.resolve_signed_in alone decides whether the session lives and its parent is active.
    signed_in = accounts.resolve_signed_in(
        s.uow(),
        s.clock,
        session_token=token,
        idle=s.settings.session_idle,
        absolute=s.settings.session_absolute,
    )
    if signed_in is None:
        g.drop_session_cookie = True
        return
    g.parent = signed_in.parent
    g.school = signed_in.school
    g.session_token = token


#: What a parent who logged in with a mailed (one-time) password may open before choosing
#: their own: the page to choose it, logging out, and what has no personal data.
OPEN_BEFORE_OWN_PASSWORD = frozenset(
    {
        "auth.choose_password",
        "account.password_check",  # the live checklist of "Kies uw eigen wachtwoord"
        "auth.logout",
        "static",
        "health.healthz",
    }
)


def _require_own_password() -> BaseResponse | None:
    """ "Kies uw eigen wachtwoord" comes before every other page (ASVS 2.3.1). The API has
    its own check (services/devices/pairing.py), on the device rather than the cookie."""
    parent = current_parent()
    if (
        parent is None
        or not parent.must_choose_password
        or request.endpoint in OPEN_BEFORE_OWN_PASSWORD
        or request.blueprint == "api"
    ):
        return None
    return redirect(url_for("auth.choose_password"))


def login_required(view: F) -> F:
    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if current_parent() is None:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return cast(F, wrapped)


def safe_next(target: str | None) -> str:
    """Only a local path is followed after login (no open redirect)."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and "\\" not in target:
            return target
    return url_for("portal.home")


def start_session(response: BaseResponse, token: str) -> None:
    """Set the session cookie after login; the form cookie (CSRF) is renewed too."""
    session.clear()
    production = services().settings.production
    response.set_cookie(
        session_cookie_name(),
        token,
        httponly=True,
        secure=production,
        samesite="Lax",
        path="/",
    )


def end_session(response: BaseResponse) -> None:
    session.clear()
    response.delete_cookie(session_cookie_name(), path="/", secure=services().settings.production)


def _headers(response: Response) -> Response:
    if g.pop("drop_session_cookie", False):
        # A __Host- cookie is only replaced by one that is Secure too, deletion included.
        response.delete_cookie(
            session_cookie_name(), path="/", secure=services().settings.production
        )
    headers = response.headers
    headers.setdefault("Content-Security-Policy", current_app.config["DEBORG_CSP"])
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if services().settings.production:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if request.endpoint != "static":
        # Pages carry personal data: never in a shared or back-button cache.
        headers["Cache-Control"] = "no-store"
        headers.setdefault("Pragma", "no-cache")
    return response


def content_security_policy(files: object) -> str:
    """CSP, with the object store's address among the image sources when photos are served
    by short-lived links to it (the portal redirects the browser there)."""
    origin = files.link_origin() if isinstance(files, S3FileStore) else None
    if origin is None:
        return CSP
    return CSP.replace("img-src 'self' data:", f"img-src 'self' data: {origin}")


def init_app(app: Flask) -> None:
    app.config["DEBORG_CSP"] = content_security_policy(app.extensions["deborg"].files)
    app.before_request(_load_session)
    app.before_request(_require_own_password)
    app.after_request(_headers)


def redact_tokens(value: Any) -> Any:
    """``value`` with the token of an activation, reset, pairing or feed link hidden."""
    if not isinstance(value, str):
        return value
    for prefix in (
        "/activeren/",
        "/wachtwoord/",
        "/e-mailadres-bevestigen/",
        "/koppelen/",
        "/app-login/",
        "/agenda/feed/",
    ):
        if prefix in value:
            head, _, tail = value.partition(prefix)
            rest = tail.split(" ", 1)
            value = head + prefix + "[verborgen]" + (" " + rest[1] if len(rest) > 1 else "")
    return value
