"""Home: the first page after login: spoedberichten first, then messages, the coming
agenda, news and open conference invitations (deborg.services.overview)."""

from __future__ import annotations

from flask import Blueprint, Flask, g, render_template, session

from deborg.entrypoints.web.pagecache import page_cache
from deborg.entrypoints.web.security import (
    current_school,
    fresh_pages_only,
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
    now = s.clock.now()
    cache = page_cache()
    # A page with a message to show once (flash), or right after this browser's own change,
    # is built fresh and not kept.
    keep = cache is not None and not session.get("_flashes") and not fresh_pages_only()
    if keep and cache is not None:
        kept = cache.get_page(_page_key(), now)
        if kept is not None:
            return kept
    overview = home_overview(
        s.uow(),
        school_id=parent.school_id,
        parent_id=parent.id,
        now=now,
        timezone=school.timezone if school else None,
        invitations=s.areas.home_invitations,
    )
    html = render_template("home.html", overview=overview)
    if keep and cache is not None:
        cache.put_page(_page_key(), html, now, g.cache_version, school_id=parent.school_id)
    return html


def _page_key() -> str:
    """The session, and the form cookie's CSRF secret: the page's forms carry a token made
    from it (read after rendering, which may have created it)."""
    return f"{g.session_token}|{session.get('csrf_token', '')}"


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
