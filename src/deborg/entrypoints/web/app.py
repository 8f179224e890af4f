"""The application factory: the web's composition root."""

from __future__ import annotations

import logging

from flask import Flask
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from deborg.bootstrap import Services, bootstrap
from deborg.config import Settings
from deborg.entrypoints.web import api, errors, security, templating, typed_input
from deborg.entrypoints.web.links import PortalLinks
from deborg.entrypoints.web.routes import register_routes
from deborg.entrypoints.web.security import redact_tokens


def create_app(settings: Settings | None = None, services: Services | None = None) -> Flask:
    """Build the portal. Tests pass ``services`` with their own adapters; production passes
    nothing and gets the adapters that the ``DEBORG_*`` environment describes."""
    app = Flask(__name__)
    if services is None:
        settings = settings or Settings.from_env()
        services = bootstrap(
            settings, PortalLinks(app.url_map, settings.base_url, settings.secret_key)
        )
    settings = services.settings
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
        # Flask documents wrapping wsgi_app this way; mypy sees a method being replaced.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=settings.proxy_count, x_proto=settings.proxy_count
        )
    # The API is token-authenticated, never by cookie: cross-site forms cannot act through it.
    CSRFProtect(app).exempt(api.bp)
    templating.init_app(app)
    security.init_app(app)
    typed_input.init_app(app)
    errors.init_app(app)
    register_routes(app)
    _quiet_werkzeug_tokens()
    return app


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
