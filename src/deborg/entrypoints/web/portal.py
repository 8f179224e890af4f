"""Home: the first page after login: spoedberichten first, then messages, the coming
agenda, news and open conference invitations (deborg.services.overview)."""

from __future__ import annotations

from flask import Blueprint, Flask, g, render_template

from deborg.entrypoints.web.security import (
    current_school,
    login_required,
    require_parent,
    services,
)
from deborg.services.overview import home_overview

bp = Blueprint("portal", __name__)


@bp.get("/")
@login_required
def home() -> str:
    parent = require_parent()
    school = current_school()
    s = services()
    overview = home_overview(
        s.uow(),
        school_id=parent.school_id,
        parent_id=parent.id,
        now=s.clock.now(),
        timezone=school.timezone if school else None,
        invitations=s.areas.home_invitations,
    )
    g.header = overview.header  # read with the page: the header reads nothing more
    return render_template("home.html", overview=overview)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
