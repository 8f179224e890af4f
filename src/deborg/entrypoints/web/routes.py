"""The portal's pages: every area's blueprint, registered in one place, so that the application
and the link builder (:mod:`deborg.entrypoints.web.links`) share one URL map."""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.routing import IntegerConverter, Map

from deborg.entrypoints.web import (
    absence,
    account,
    api,
    auth,
    children,
    conferences,
    content,
    demo_mail,
    devices,
    groups,
    health,
    notifications,
    photos,
    portal,
    privacy,
    school,
    teacher_messages,
)

AREAS = (
    health,
    auth,
    portal,
    account,
    privacy,
    groups,
    children,
    photos,
    content,
    notifications,
    conferences,
    absence,
    teacher_messages,
    demo_mail,
    devices,
    school,
    api,
)


class DatabaseIdConverter(IntegerConverter):
    """Ids in URLs fit the database's 32-bit integers: a larger number is a 404, not a 500."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def register_routes(app: Flask) -> None:
    app.url_map.converters["int"] = DatabaseIdConverter
    for area in AREAS:
        area.init_app(app)
