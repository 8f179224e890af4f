"""/healthz for load balancers: answers without touching the database or a session."""

from __future__ import annotations

from flask import Blueprint, Flask, Response

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> Response:
    return Response("ok\n", mimetype="text/plain")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
