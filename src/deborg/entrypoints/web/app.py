"""The application factory: the web's composition root."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter, Map

from deborg.bootstrap import Services, bootstrap
from deborg.config import Settings
from deborg.entrypoints.web import (
    account,
    api,
    auth,
    children,
    content,
    conversations,
    demo_mail,
    devices,
    errors,
    groups,
    health,
    notifications,
    photos,
    portal,
    privacy,
    security,
    templating,
)
from deborg.entrypoints.web.security import redact_tokens


def create_app(settings: Settings | None = None, services: Services | None = None) -> Flask:
    """Build the portal. Tests pass ``services`` with their own adapters; production passes
    nothing and gets the adapters that the ``DEBORG_*`` environment describes."""
    if services is None:
        services = bootstrap(settings or Settings.from_env())
    settings = services.settings
    app = Flask(__name__)
    # Ids in URLs fit the database's 32-bit integers: a larger number is a 404, not a 500.
    app.url_map.converters["int"] = DatabaseIdConverter
    app.config.update(
        SECRET_KEY=settings.secret_key,
        MAX_CONTENT_LENGTH=settings.max_upload_bytes + 1024 * 1024,  # the file plus the form
        SESSION_COOKIE_NAME="__Host-deborg-form" if settings.production else "deborg-form",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.production,
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the browser's form cookie
        WTF_CSRF_SSL_STRICT=settings.production,
        PREFERRED_URL_SCHEME="https" if settings.production else "http",
        TEMPLATES_AUTO_RELOAD=False,
    )
    app.extensions["deborg"] = services
    if settings.proxy_count:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=settings.proxy_count, x_proto=settings.proxy_count
        )
    CSRFProtect(app)
    templating.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    for module in (
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
        conversations,
        demo_mail,
        devices,
        api,
    ):
        module.init_app(app)
    _quiet_werkzeug_tokens()
    return app


class DatabaseIdConverter(IntegerConverter):
    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


class _RedactTokens(logging.Filter):
    """Request logs must not carry the tokens in activation and reset links."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(redact_tokens(a) for a in record.args)
        return True


def _quiet_werkzeug_tokens() -> None:
    logger = logging.getLogger("werkzeug")
    if not any(isinstance(f, _RedactTokens) for f in logger.filters):
        logger.addFilter(_RedactTokens())
