"""/healthz for liveness (answers without touching the database or a session) and /readyz
for readiness (the database answers), for load balancers and orchestrators."""

from __future__ import annotations

from flask import Blueprint, Flask, Response

from deborg.adapters.sqlalchemy.database import database_ready
from deborg.entrypoints.web.security import services

bp = Blueprint("health", __name__)

#: Seconds a client or load balancer is asked to wait while the database is away.
RETRY_AFTER = 30


@bp.get("/healthz")
def healthz() -> Response:
    return Response("ok\n", mimetype="text/plain")


@bp.get("/readyz")
def readyz() -> Response:
    engine = services().engine
    if engine is not None and not database_ready(engine):
        return Response(
            "database unreachable\n",
            status=503,
            mimetype="text/plain",
            headers={"Retry-After": str(RETRY_AFTER)},
        )
    return Response("ok\n", mimetype="text/plain")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
