"""The JSON API's blueprint, its bearer-token authentication, errors and pagination.

The API is for the paired phone app. It never looks at browser cookies: a call is
authenticated by ``Authorization: Bearer <device token>`` alone, which is also why the
blueprint is exempt from the forms' CSRF check.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from typing import Any, TypeVar, cast

from flask import Blueprint, Response, g, jsonify, request, url_for
from werkzeug.exceptions import HTTPException

from deborg.domain import errors as e
from deborg.domain.devices.model import (
    DeviceContext,
    DeviceNotFound,
    DeviceNotPaired,
    PairedBeforePasswordChange,
    PairingTokenInvalid,
    WrongSchoolCode,
)
from deborg.entrypoints.web.errors import HTTP_CODES, HTTP_MESSAGES, json_error, status_for
from deborg.entrypoints.web.security import client_key, services
from deborg.entrypoints.web.typed_input import clean_field
from deborg.services.devices.pairing import count_api_call, resolve_device

F = TypeVar("F", bound=Callable[..., Any])

bp = Blueprint("api", __name__, url_prefix="/api/v1")

#: Ids beyond a database integer do not exist; routing answers 404 before any query.
MAX_ID = 2**31 - 1

#: Where the API answers differently from the pages: an unpaired device must pair again;
#: pairing with credentials that do not hold (a wrong password, a used or unknown QR code) is
#: 401 and with the right ones for another school 403, so that a client can tell a well-formed
#: request that was refused from a malformed one (400).
API_STATUS: dict[type[e.DeborgError], int] = {
    DeviceNotPaired: 401,
    DeviceNotFound: 404,
    e.AccountNotActive: 403,
    e.MustChoosePassword: 403,
    PairedBeforePasswordChange: 403,
    e.InvalidCredentials: 401,
    e.MailedPasswordExpired: 401,
    PairingTokenInvalid: 401,
    WrongSchoolCode: 403,
}


class BadRequest(e.DeborgError):
    """A request the API cannot read (not JSON, a field of the wrong type)."""

    code = "bad_request"
    message = "Het verzoek kon niet worden gelezen. Stuur de gegevens als JSON-object."


class InvalidParameter(e.DeborgError):
    code = "invalid_parameter"


def api_status(error: e.DeborgError) -> int:
    for cls in type(error).__mro__:
        if cls in API_STATUS:
            return API_STATUS[cls]
    return status_for(error)


def _unauthorized(error: e.DeborgError) -> tuple[Response, int]:
    response, status = json_error(401, error.code, error.message)
    response.headers["WWW-Authenticate"] = 'Bearer realm="deborg"'
    return response, status


@bp.errorhandler(e.DeborgError)
def _domain_error(error: e.DeborgError) -> tuple[Response, int]:
    status = api_status(error)
    if status == 401:
        return _unauthorized(error)
    extra: dict[str, object] = {}
    if isinstance(error, e.InvalidInput) and error.field:
        extra["field"] = error.field
    if isinstance(error, e.ValidationFailed):
        extra["errors"] = error.errors
    response, status = json_error(status, error.code, error.message, **extra)
    if isinstance(error, e.TooManyAttempts):
        response.headers["Retry-After"] = str(error.retry_after_seconds)
    return response, status


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException) -> tuple[Response, int, dict[str, str]]:
    status = error.code or 500
    body, status = json_error(
        status, HTTP_CODES.get(status, "error"), HTTP_MESSAGES.get(status, HTTP_MESSAGES[400])
    )
    # Allow on a 405, Retry-After on a 429: the headers the error carries stay.
    return body, status, {k: v for k, v in error.get_headers() if k.lower() != "content-type"}


# ---------------------------------------------------------------------------------------------
# Authentication


def bearer_token() -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer":
        return ""
    return token.strip()


def device_required(view: F) -> F:
    """The view runs only for a paired device of an active parent; others get 401."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        s = services()
        g.device_context = resolve_device(s.uow(), s.clock, device_token=bearer_token())
        count_api_call(
            s.uow(), s.clock, device_id=g.device_context.device.id, client_key=client_key()
        )
        return view(*args, **kwargs)

    return cast(F, wrapped)


def current() -> DeviceContext:
    return cast(DeviceContext, g.device_context)


# ---------------------------------------------------------------------------------------------
# Request bodies


def json_body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadRequest()
    return body


def string_field(body: dict[str, Any], name: str) -> str:
    """A text field of the body, by the input rule of the forms. Fields the API does not read
    are ignored, whatever they hold (an older server must not refuse a newer app)."""
    value = body.get(name, "")
    if not isinstance(value, str):
        raise e.InvalidInput("Dit veld moet tekst zijn.", name)
    return clean_field(name, value)


# ---------------------------------------------------------------------------------------------
# Pagination

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100


def _int_parameter(name: str, default: int, maximum: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= maximum:
        raise InvalidParameter(
            f"De parameter {name} moet een geheel getal van 1 tot {maximum} zijn."
        )
    return int(raw)


def page_parameters() -> tuple[int, int]:
    """``?page=`` (from 1) and ``?per_page=`` (1 to 100, default 20)."""
    page = _int_parameter("page", 1, 1_000_000)
    per_page = _int_parameter("per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
    return page, per_page


def paginated(
    items: Sequence[Any], render: Callable[[Any], dict[str, Any]], **extra: Any
) -> Response:
    """One page of ``items`` with the total and links (absolute, from the configured base
    URL) to the neighbouring pages. ``extra`` goes into the answer as is."""
    page, per_page = page_parameters()
    start = (page - 1) * per_page
    return one_page(items[start : start + per_page], len(items), render, **extra)


def search_parameter() -> str:
    """``?search=``: words to look for in titles and texts (empty: everything)."""
    return request.args.get("search", "")


def one_page(
    chosen: Sequence[Any],
    total: int,
    render: Callable[[Any], dict[str, Any]],
    *,
    search: str = "",
    **extra: Any,
) -> Response:
    """The page :func:`page_parameters` asks for, already chosen (``chosen`` of ``total``
    items); with a ``search``, the links keep it."""
    page, per_page = page_parameters()
    pages = max(1, math.ceil(total / per_page))
    endpoint = cast(str, request.endpoint)
    view_args = dict(request.view_args or {})
    kept = {"search": search} if search else {}

    def link(number: int) -> str:
        return absolute_url(endpoint, **view_args, **kept, page=number, per_page=per_page)

    return jsonify(
        {
            **extra,
            "items": [render(item) for item in chosen],
            "page": page,
            "per_page": per_page,
            "total": total,
            "pages": pages,
            "links": {
                "self": link(page),
                "first": link(1),
                "last": link(pages),
                "prev": link(min(page - 1, pages)) if page > 1 else None,
                "next": link(page + 1) if page < pages else None,
            },
        }
    )


def iso(moment: Any) -> str | None:
    return moment.isoformat() if moment is not None else None


def absolute_url(endpoint: str, **values: Any) -> str:
    """An API page's address from the configured base URL, never from the request's Host."""
    return services().settings.base_url.rstrip("/") + url_for(endpoint, **values)
