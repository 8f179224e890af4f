"""Home: the first page after login."""

from __future__ import annotations

from flask import Blueprint, Flask, render_template

from deborg.domain.overview import home_overview
from deborg.entrypoints.web.security import login_required, require_parent, services

bp = Blueprint("portal", __name__)


@bp.get("/")
@login_required
def home() -> str:
    parent = require_parent()
    overview = home_overview(services().uow(), school_id=parent.school_id, parent_id=parent.id)
    return render_template("home.html", overview=overview)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
