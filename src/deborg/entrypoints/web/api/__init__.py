"""The JSON API for the phone app, under /api/v1 (SPEC §10), described by an OpenAPI 3.1
document at /api/v1/openapi.json."""

from __future__ import annotations

from flask import Flask

from deborg.entrypoints.web.api import absence, content, devices, openapi  # noqa: F401 - routes
from deborg.entrypoints.web.api.base import bp

__all__ = ["bp", "init_app"]


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
