"""Groepen: every group of the school; a group page with what the privacy rule lets the
parent see of its pupils and their parents."""

from __future__ import annotations

from flask import Blueprint, Flask, render_template

from deborg.entrypoints.web.security import login_required, require_parent, services
from deborg.services import groups

bp = Blueprint("groups", __name__, url_prefix="/groepen")


@bp.get("/")
@login_required
def index() -> str:
    parent = require_parent()
    buttons = groups.group_list(services().uow(), school_id=parent.school_id, parent_id=parent.id)
    return render_template("groups/index.html", buttons=buttons)


@bp.get("/<int:group_id>")
@login_required
def show(group_id: int) -> str:
    parent = require_parent()
    page = groups.group_page(
        services().uow(), school_id=parent.school_id, parent_id=parent.id, group_id=group_id
    )
    return render_template("groups/show.html", page=page)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
