"""What every template gets: the parent, the school, the menus, Dutch date filters."""

from __future__ import annotations

import datetime as dt
import re
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


def _menu(entries: tuple[tuple[str, str], ...]) -> list[MenuItem]:
    endpoint = request.endpoint or ""
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
        items.append(MenuItem(label, url_for(target), active))
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
            "logout_url": url_for("auth.logout"),
            "demo_mail_url": url_for("demo_mail.index") if settings.demo else None,
        }
