"""Domain errors and HTTP errors as friendly Dutch pages, never a traceback."""

from __future__ import annotations

import logging

from flask import Flask, Response, g, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from deborg.adapters.sqlalchemy.database import database_unavailable
from deborg.domain import errors as e
from deborg.entrypoints.web.security import redact_tokens

log = logging.getLogger(__name__)

STATUS: dict[type[e.DeborgError], int] = {
    e.NotFound: 404,
    e.AccessDenied: 404,  # do not confirm that something exists
    e.AccountIsReadOnly: 403,
    e.TooManyAttempts: 429,
    e.InvalidInput: 400,
    e.ValidationFailed: 400,
    e.Conflict: 409,
    e.TokenInvalid: 400,
}


def status_for(error: e.DeborgError) -> int:
    for cls in type(error).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 400


HTTP_MESSAGES = {
    400: "Het verzoek kon niet worden verwerkt.",
    403: "U heeft geen toegang tot deze pagina.",
    404: "Deze pagina bestaat niet (meer), of u heeft er geen toegang toe.",
    405: "Deze actie is hier niet mogelijk.",
    413: "Het bestand of de ingevulde tekst is te groot.",
    429: "Te veel pogingen. Probeer het later opnieuw.",
    500: "Er ging iets mis aan onze kant. Probeer het later opnieuw.",
    503: "Het ouderportaal is even niet bereikbaar. Probeer het over een paar minuten opnieuw.",
}

#: Seconds to wait before trying again while the database is away.
RETRY_AFTER = 30


def _page(title: str, message: str, status: int) -> tuple[str, int]:
    return render_template("message.html", title=title, message=message), status


def is_api_request() -> bool:
    """The JSON API answers errors in JSON, also for URLs it does not know."""
    return request.path == "/api" or request.path.startswith("/api/")


def json_error(status: int, code: str, message: str, **extra: object) -> tuple[Response, int]:
    """The API's error body: a stable ``code`` and a Dutch ``message``."""
    return jsonify({"code": code, "message": message, **extra}), status


HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    429: "too_many_attempts",
    500: "server_error",
    503: "unavailable",
}


def init_app(app: Flask) -> None:
    @app.errorhandler(e.DeborgError)
    def domain_error(error: e.DeborgError) -> tuple[str | Response, int, dict[str, str]]:
        status = status_for(error)
        headers = {}
        if isinstance(error, e.TooManyAttempts):
            headers["Retry-After"] = str(error.retry_after_seconds)
        if is_api_request():
            body, status = json_error(status, error.code, error.message)
            return body, status, headers
        page, status = _page("Dat lukt niet", error.message, status)
        return page, status, headers

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str | Response, int]:
        if is_api_request():
            return json_error(400, "csrf", HTTP_MESSAGES[400])
        return _page(
            "Formulier verlopen",
            "Het formulier is verlopen of ongeldig. Ga terug, ververs de pagina en probeer het "
            "opnieuw.",
            400,
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str | Response, int, dict[str, str]]:
        status = error.code or 500
        # The headers the error itself carries (Allow on a 405, Retry-After on a 429 …) stay.
        headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
        if is_api_request():
            message = HTTP_MESSAGES.get(status, HTTP_MESSAGES[400])
            body, status = json_error(status, HTTP_CODES.get(status, "error"), message)
            return body, status, headers
        page, status = _page("Niet gelukt", HTTP_MESSAGES.get(status, HTTP_MESSAGES[400]), status)
        return page, status, headers

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> Response | tuple[str | Response, int]:
        if database_unavailable(error):
            return _unavailable(error)
        log.exception("unexpected error on %s %s", request.method, redact_tokens(request.path))
        if is_api_request():
            return json_error(500, "server_error", HTTP_MESSAGES[500])
        return _page("Er ging iets mis", HTTP_MESSAGES[500], 500)


def _unavailable(error: Exception) -> Response:
    """The database is away (a restart, an outage): 503 with Retry-After, not a 500."""
    log.warning(
        "database unreachable on %s %s: %s",
        request.method,
        redact_tokens(request.path),
        type(error.__cause__ or error).__name__,
    )
    g.database_unavailable = True  # the page's frame must not read the database either
    if is_api_request():
        response, _ = json_error(503, HTTP_CODES[503], HTTP_MESSAGES[503])
    else:
        response = Response(
            render_template(
                "message.html", title="Even niet bereikbaar", message=HTTP_MESSAGES[503]
            ),
            mimetype="text/html",
        )
    response.status_code = 503
    response.headers["Retry-After"] = str(RETRY_AFTER)
    return response
