"""What every template gets: the parent, the school, the menus, Dutch date filters."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import attrs
from flask import Flask, current_app, g, request, url_for
from markupsafe import Markup, escape

from deborg.domain import dutch
from deborg.entrypoints.web.account import ACCOUNT_BLUEPRINTS
from deborg.entrypoints.web.security import current_parent, current_school, services
from deborg.services import overview


@attrs.frozen
class MenuItem:
    label: str
    url: str
    active: bool


#: (label, endpoint). An area's entry appears once its blueprint is registered. Endpoints of
#: an area's other pages start with the menu endpoint ("content.news_item") or share the
#: blueprint of an "index" entry, so the menu marks them active.
MAIN_MENU = (
    ("Home", "portal.home"),
    ("Nieuws", "content.news"),
    ("Berichten", "content.messages"),
    ("Agenda", "content.agenda"),
    ("Fotoalbums", "content.albums"),
    ("Documenten", "content.documents"),
    ("Oudergesprekken", "conferences.index"),
)
ACCOUNT_MENU = (
    ("Mijn kinderen", "children.index"),
    ("Groepen", "groups.index"),
    ("Mijn account", "account.index"),
)


#: How many built addresses an app remembers (the menus, the static files, the pages' links).
URLS_KEPT = 4096


def remembering_url_for() -> Callable[..., str]:
    """``url_for`` for the templates and menus of one app, remembering what it built: a page
    links to the same few dozen addresses on every request, and building one costs more than
    the template line that shows it. Only the plain case is remembered (no ``_external``,
    ``_anchor`` and the like, no endpoint relative to the blueprint); the app has no
    ``url_defaults``, so the address depends on the endpoint, the values and the script
    root alone."""
    urls: dict[tuple[Any, ...], str] = {}

    def remembered_url_for(endpoint: str, **values: Any) -> str:
        if endpoint[:1] == "." or any(key[:1] == "_" for key in values):
            return url_for(endpoint, **values)
        try:
            key = (request.script_root, endpoint, *sorted(values.items()))
            url = urls.get(key)
        except TypeError:  # a value that cannot be a key (a list of query values)
            return url_for(endpoint, **values)
        if url is None:
            url = url_for(endpoint, **values)
            if len(urls) >= URLS_KEPT:
                urls.clear()
            urls[key] = url
        return url

    return remembered_url_for


def _url_for() -> Callable[..., str]:
    """The app's remembering ``url_for`` (see :func:`init_app`)."""
    remembered: Callable[..., str] = current_app.extensions["deborg.url_for"]
    return remembered


def _menu(entries: tuple[tuple[str, str], ...]) -> list[MenuItem]:
    endpoint = request.endpoint or ""
    url = _url_for()
    items = []
    for label, target in entries:
        if target not in current_app.view_functions:
            continue
        # "x.index" covers its whole blueprint; "content.news" covers "content.news_item".
        if target == "account.index":
            active = endpoint.partition(".")[0] in ACCOUNT_BLUEPRINTS
        elif target.endswith(".index"):
            active = endpoint.partition(".")[0] == target.partition(".")[0]
        else:
            active = endpoint == target or endpoint.startswith(target + "_")
        items.append(MenuItem(label, url(target), active))
    return items


def _school_timezone() -> str:
    school = current_school()
    return school.timezone if school else "Europe/Amsterdam"


def dutch_date(value: dt.date | dt.datetime | None, year: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = dutch.local(value, _school_timezone()).date()
    return dutch.format_date(value, year=year)


def dutch_time(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    return dutch.format_time(dutch.local(value, _school_timezone()))


def dutch_moment(value: dt.datetime | None, year: bool = False) -> str:
    if value is None:
        return ""
    return dutch.format_moment(value, _school_timezone(), year=year)


#: A web address; punctuation that ends a sentence is not part of it.
_URL = re.compile(r"https?://[^\s<>\"']*[^\s<>\"'.,;:!?)\]]")


def linkify(text: str) -> Markup:
    """Plain text with its web addresses clickable; everything else escaped."""
    escaped = str(escape(text))
    linked = _URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped)
    return Markup(linked)  # noqa: S704 - built from escaped text only


def init_app(app: Flask) -> None:
    app.extensions["deborg.url_for"] = app.jinja_env.globals["url_for"] = remembering_url_for()
    app.jinja_env.filters.update(
        dutch_date=dutch_date, dutch_time=dutch_time, dutch_moment=dutch_moment, linkify=linkify
    )

    @app.context_processor
    def globals_for_templates() -> dict[str, Any]:
        parent = current_parent()
        s = services()
        settings = s.settings
        school = current_school()
        top: overview.Header | None = None
        if g.get("database_unavailable"):
            pass  # the 503 page: nothing more from the database
        elif parent is not None:
            top = g.get("header") or overview.header(
                s.uow(), school_id=parent.school_id, parent_id=parent.id
            )
        elif request.endpoint != "health.healthz":
            school = overview.portal_school(s.uow())
        return {
            "current_parent": parent,
            "school": school,
            "header": top,
            "main_menu": _menu(MAIN_MENU) if parent else [],
            "account_menu": _menu(ACCOUNT_MENU) if parent else [],
            "logout_url": _url_for()("auth.logout"),
            "demo_mail_url": _url_for()("demo_mail.index") if settings.demo else None,
        }
