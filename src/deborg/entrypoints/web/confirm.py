"""A second step for destructive actions that works without JavaScript.

A form that removes or cancels something posts to its action as always. Without the field
``bevestigd=1`` the action does nothing yet and answers with a small page that asks the
question, with "Ja, …" (the same post, confirmed) and "Nee, terug". With JavaScript the form's
``data-confirm`` question is asked in the page itself and the form is sent confirmed, so the
parent sees one question either way.
"""

from __future__ import annotations

from flask import render_template, request

#: The form field that says the parent answered the question with yes.
CONFIRMED = "bevestigd"


def ask_first(question: str, *, yes: str, back: str) -> tuple[str, int] | None:
    """``None`` when the posted form is confirmed; otherwise the page that asks ``question``
    (the caller returns it). ``yes`` is the label of the confirming button, ``back`` the page
    "Nee, terug" returns to. The form's other fields are posted again unchanged."""
    if request.form.get(CONFIRMED) == "1":
        return None
    fields = [
        (name, value)
        for name, value in request.form.items(multi=True)
        if name not in ("csrf_token", CONFIRMED)
    ]
    page = render_template(
        "confirm.html", question=question, yes=yes, back=back, action=request.path, fields=fields
    )
    return page, 200
