"""A stored file as an HTTP answer: the bytes, or a redirect to a short-lived link."""

from __future__ import annotations

from flask import Response, redirect
from werkzeug.wrappers import Response as BaseResponse

from deborg.services.stored_files import ServedFile


def file_response(served: ServedFile) -> BaseResponse:
    """The file's bytes with its type and disposition, or (when the store gives links) a 302
    to the link, which lives a short while: nobody may keep the redirect."""
    if served.url is not None:
        return redirect(served.url, code=302)
    response = Response(served.content, mimetype=served.content_type)
    response.headers["Content-Disposition"] = served.disposition
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
