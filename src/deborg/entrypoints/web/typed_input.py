"""Every form field and query parameter passes the one input rule before a view reads it.

The rule itself is the domain's (:mod:`deborg.domain.typed_text`); this module only knows which
fields have several lines and which are passwords. A refused value gives a Dutch 400 page
(JSON for the API) that does not repeat what was sent, so nothing is echoed and nothing already
saved changes. The fields of the API's JSON bodies pass the same rule where the API reads them
(``api.base.string_field``); fields it does not read are ignored.
"""

from __future__ import annotations

from flask import Flask, request
from werkzeug.datastructures import ImmutableMultiDict, MultiDict

from deborg.domain.passwords import MAX_LENGTH as PASSWORD_MAX_LENGTH
from deborg.domain.typed_text import clean_password, clean_text

#: The fields that are text areas: a message reply ("text") and a reply to a conference or
#: note ("reply"), and a staff body in the API.
MULTILINE_FIELDS = frozenset({"text", "reply", "body"})
#: Field names are ours: short, one line.
NAME_MAX = 100
#: A form field (multipart) or a whole body without files (a form, JSON) larger than this is
#: refused by the parser before any view runs (413, without echoing it).
FORM_MEMORY_BYTES = 256 * 1024
#: At most this many fields in one form (werkzeug's limit on multipart parts).
FORM_PARTS = 200


def is_password_field(name: str) -> bool:
    return "password" in name


def clean_field(name: str, value: str) -> str:
    """``value`` of the field ``name`` by the input rule; raises InvalidInput."""
    clean_text(name, field="field", max_length=NAME_MAX)
    if is_password_field(name):
        return clean_password(value, field=name, max_length=PASSWORD_MAX_LENGTH)
    return clean_text(value, field=name, multiline=name in MULTILINE_FIELDS)


def _cleaned(values: MultiDict[str, str]) -> ImmutableMultiDict[str, str]:
    return ImmutableMultiDict(
        [(key, clean_field(key, value)) for key in values for value in values.getlist(key)]
    )


def _clean_request() -> None:
    if request.endpoint == "static":
        return
    if request.mimetype != "multipart/form-data":
        # Only an upload may be as large as MAX_CONTENT_LENGTH; a form or JSON body is small.
        limit = request.max_content_length
        request.max_content_length = min(limit or FORM_MEMORY_BYTES, FORM_MEMORY_BYTES)
    # werkzeug caches args and form as properties that may be replaced on the request.
    request.args = _cleaned(request.args)
    if request.mimetype in {"application/x-www-form-urlencoded", "multipart/form-data"}:
        request.form = _cleaned(request.form)


def init_app(app: Flask) -> None:
    app.config.update(MAX_FORM_MEMORY_SIZE=FORM_MEMORY_BYTES, MAX_FORM_PARTS=FORM_PARTS)
    # First of all hooks: the CSRF check reads the form too.
    app.before_request_funcs.setdefault(None, []).insert(0, _clean_request)
