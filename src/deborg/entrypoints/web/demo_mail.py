"""The demo's mail page: the mails the file mailer wrote, so a newcomer can open the
activation and password mails without an SMTP server. Only with DEBORG_DEMO=1."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import email.utils
import re
from email.message import EmailMessage
from pathlib import Path

from flask import Blueprint, Flask, abort, render_template

from deborg.entrypoints.web.security import services
from deborg.entrypoints.web.templating import dutch_moment

bp = Blueprint("demo_mail", __name__, url_prefix="/demo/mail")

_NAME = re.compile(r"^[0-9]{8}-[0-9]{6}-[0-9]{6}\.eml$")


def _folder() -> Path:
    settings = services().settings
    if not settings.demo:
        abort(404)
    return settings.mail_dir


def _date(message: EmailMessage) -> str:
    """The Date header in Dutch, in the school's time ("maandag 2 november 2026 om 9.00 uur")."""
    header = message["Date"]
    try:
        moment = email.utils.parsedate_to_datetime(str(header)) if header else None
    except (TypeError, ValueError):
        return str(header or "")
    if moment is None:
        return ""
    return dutch_moment(moment.astimezone(dt.UTC), year=True)


def _read(path: Path) -> EmailMessage:
    with path.open("rb") as handle:
        return email.message_from_binary_file(handle, policy=email.policy.default)


@bp.get("/")
def index() -> str:
    folder = _folder()
    files = sorted(folder.glob("*.eml"), reverse=True)[:200] if folder.exists() else []
    mails = []
    for path in files:
        message = _read(path)
        mails.append(
            {
                "name": path.name,
                "to": message["To"],
                "subject": message["Subject"],
                "date": _date(message),
            }
        )
    return render_template("demo/mail_list.html", mails=mails)


@bp.get("/<name>")
def show(name: str) -> str:
    if not _NAME.match(name):
        abort(404)
    path = _folder() / name
    if not path.exists():
        abort(404)
    message = _read(path)
    body = message.get_body(preferencelist=("plain",))
    text = body.get_content() if body is not None else ""
    return render_template(
        "demo/mail_show.html",
        to=message["To"],
        subject=message["Subject"],
        date=_date(message),
        text=text,
    )


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
