"""Reading a parent's privacy choices from the Privacy form."""

from __future__ import annotations

from collections.abc import Mapping

from deborg.domain.errors import ValidationFailed
from deborg.domain.privacy.rule import CHOOSABLE_FIELDS, Audience, Field, SubjectKind

INVALID_CHOICE = "Kies wie dit mag zien: niemand, de ouders van de groep of alle ouders."


def parse_choices(kind: SubjectKind, form: Mapping[str, str]) -> dict[Field, Audience]:
    """The audiences chosen in a form (field name -> "nobody" / "group" / "school").
    Fields the form leaves out stay as they are; an unknown audience is refused per field."""
    chosen: dict[Field, Audience] = {}
    errors: dict[str, str] = {}
    for field in CHOOSABLE_FIELDS[kind]:
        if field.value not in form:
            continue
        try:
            chosen[field] = Audience.from_key(form[field.value])
        except KeyError:
            errors[field.value] = INVALID_CHOICE
    if errors:
        raise ValidationFailed(errors)
    return chosen
