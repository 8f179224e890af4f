"""Oudergesprekken: the invitations, and per child the booking page (Inschrijven)."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Flask, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from deborg.domain import conferences as c
from deborg.domain.conferences.errors import (
    BookingChanged,
    NotEnoughTime,
    PlanningClosed,
    PlanningNotOpen,
)
from deborg.domain.errors import AccountIsReadOnly, InvalidInput
from deborg.entrypoints.web.confirm import ask_first
from deborg.entrypoints.web.errors import status_for
from deborg.entrypoints.web.security import login_required, require_parent, services
from deborg.services import conferences

bp = Blueprint("conferences", __name__, url_prefix="/oudergesprekken")

#: Refusals that re-render the booking page with the fresh schedule and the reason.
REFUSALS = (
    c.SlotAlreadyTaken,
    NotEnoughTime,
    BookingChanged,
    PlanningClosed,
    PlanningNotOpen,
    AccountIsReadOnly,
    InvalidInput,
)


@bp.get("/")
@login_required
def index() -> str:
    parent = require_parent()
    s = services()
    overview = conferences.parent_conferences(
        s.uow(), s.clock, school_id=parent.school_id, parent_id=parent.id
    )
    return render_template("conferences/index.html", overview=overview)


def _page(
    planning_id: int, child_id: int, error: str | None = None, status: int = 200
) -> tuple[str, int]:
    parent = require_parent()
    s = services()
    page = conferences.booking_page(
        s.uow(),
        s.clock,
        school_id=parent.school_id,
        parent_id=parent.id,
        planning_id=planning_id,
        child_id=child_id,
    )
    return render_template("conferences/booking.html", page=page, error=error), status


@bp.get("/<int:planning_id>/kind/<int:child_id>")
@login_required
def booking(planning_id: int, child_id: int) -> tuple[str, int]:
    return _page(planning_id, child_id)


def _slot_start(value: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput("Kies een tijdstip uit het rooster.", field="slot") from None
    if moment.tzinfo is None:
        raise InvalidInput("Kies een tijdstip uit het rooster.", field="slot")
    return moment.astimezone(dt.UTC)


@bp.post("/<int:planning_id>/kind/<int:child_id>/reserveren")
@login_required
def book(planning_id: int, child_id: int) -> tuple[str, int] | BaseResponse:
    parent = require_parent()
    s = services()
    try:
        had_booking = request.form.get("moving") == "1"
        conferences.book_slot(
            s.uow(),
            s.clock,
            school_id=parent.school_id,
            parent_id=parent.id,
            planning_id=planning_id,
            child_id=child_id,
            start=_slot_start(request.form.get("slot", "")),
        )
    except REFUSALS as refusal:
        return _page(planning_id, child_id, refusal.message, status_for(refusal))
    flash("Uw afspraak is verplaatst." if had_booking else "De tijd is gereserveerd.", "success")
    return redirect(url_for("conferences.booking", planning_id=planning_id, child_id=child_id))


@bp.post("/<int:planning_id>/kind/<int:child_id>/annuleren")
@login_required
def cancel(planning_id: int, child_id: int) -> tuple[str, int] | BaseResponse:
    parent = require_parent()
    s = services()
    asked = ask_first(
        "Wilt u uw reservering annuleren? De tijd komt dan vrij voor andere ouders.",
        yes="Ja, reservering annuleren",
        back=url_for("conferences.booking", planning_id=planning_id, child_id=child_id),
    )
    if asked is not None:
        return asked
    try:
        conferences.cancel_booking(
            s.uow(),
            s.clock,
            school_id=parent.school_id,
            parent_id=parent.id,
            planning_id=planning_id,
            child_id=child_id,
        )
    except REFUSALS as refusal:
        return _page(planning_id, child_id, refusal.message, status_for(refusal))
    flash("Uw reservering is geannuleerd. Kies een andere tijd.", "success")
    return redirect(url_for("conferences.booking", planning_id=planning_id, child_id=child_id))


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
