"""What staff may publish: a title and a body within bounds."""

from __future__ import annotations

from deborg.domain.errors import InvalidInput

MAX_TITLE = 200
MAX_BODY = 50_000


def validate_title(title: str) -> str:
    cleaned = " ".join(title.split())
    if not cleaned:
        raise InvalidInput("Vul een titel in.", "title")
    if len(cleaned) > MAX_TITLE:
        raise InvalidInput(f"Een titel is hoogstens {MAX_TITLE} tekens.", "title")
    return cleaned


def validate_body(body: str) -> str:
    if len(body) > MAX_BODY:
        raise InvalidInput(f"De tekst is te lang (hoogstens {MAX_BODY} tekens).", "body")
    return body
