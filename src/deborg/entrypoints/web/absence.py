"""Ziek melden and Verlof aanvragen for a child, from Home and Mijn kinderen. Routes parse the
form, call one use case and render; the rules (cut-off, Leerplichtwet) are the domain's."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Flask, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from deborg.domain.absence.errors import TooLateToReport
from deborg.domain.absence.leave import RULES_TEXT, LeaveReason
from deborg.domain.absence.reports import AbsenceReason
from deborg.domain.errors import AccountIsReadOnly, Conflict, InvalidInput, ValidationFailed
from deborg.domain.validation import validate_date
from deborg.entrypoints.web.errors import status_for
from deborg.entrypoints.web.security import login_required, require_parent, services
from deborg.services.absence import leave as leave_requests
from deborg.services.absence import reports

bp = Blueprint("absence", __name__, url_prefix="/kinderen")

REASONS = [(r.value, r.label) for r in AbsenceReason]
LEAVE_REASONS = [(r.value, r.label) for r in LeaveReason]


def _date(form_value: str, field: str, *, required: bool) -> dt.date | None:
    if not form_value.strip():
        if required:
            raise InvalidInput("Vul een datum in.", field)
        return None
    return validate_date(form_value, field=field)


def _absence_reason(value: str) -> AbsenceReason:
    try:
        return AbsenceReason(value)
    except ValueError:
        raise InvalidInput("Kies een reden.", "reason") from None


def _leave_reason(value: str) -> LeaveReason:
    try:
        return LeaveReason(value)
    except ValueError:
        raise InvalidInput("Kies een reden.", "reason") from None


def _errors(failure: InvalidInput | ValidationFailed) -> dict[str, str]:
    if isinstance(failure, ValidationFailed):
        return failure.errors
    return {failure.field or "_form": failure.message}


# --- Ziek melden ----------------------------------------------------------------------------


def _report_page(
    child_id: int, *, values: dict[str, str] | None = None, errors: dict[str, str] | None = None
) -> str:
    parent = require_parent()
    s = services()
    page = reports.absence_page(
        s.uow(), s.clock, school_id=parent.school_id, parent_id=parent.id, child_id=child_id
    )
    first = page.today if page.today_open else page.today + dt.timedelta(days=1)
    defaults = {"reason": AbsenceReason.SICK.value, "first_day": first.isoformat()}
    return render_template(
        "absence/report.html",
        page=page,
        values={**defaults, **(values or {})},
        errors=errors or {},
        reasons=REASONS,
    )


@bp.route("/<int:child_id>/ziek-melden", methods=["GET", "POST"])
@login_required
def report(child_id: int) -> str | tuple[str, int] | BaseResponse:
    if request.method == "GET":
        return _report_page(child_id)
    parent = require_parent()
    s = services()
    values = {k: request.form.get(k, "") for k in ("reason", "first_day", "last_day", "note")}
    try:
        reported = reports.report_absence(
            s.uow(),
            s.clock,
            s.links,
            school_id=parent.school_id,
            parent_id=parent.id,
            child_id=child_id,
            reason=_absence_reason(values["reason"]),
            first_day=_date(values["first_day"], "first_day", required=True) or dt.date.min,
            last_day=_date(values["last_day"], "last_day", required=False),
            note=values["note"],
        )
    except (InvalidInput, ValidationFailed) as failure:
        return _report_page(child_id, values=values, errors=_errors(failure)), 400
    except (TooLateToReport, Conflict, AccountIsReadOnly) as refusal:
        return _report_page(child_id, values=values, errors={"_form": refusal.message}), status_for(
            refusal
        )
    flash(
        f"{reported.report.period_text().capitalize()} is afwezig gemeld. U en de andere "
        "ouder/verzorger krijgen een bevestiging per e-mail.",
        "success",
    )
    return redirect(url_for("absence.report", child_id=child_id))


@bp.post("/<int:child_id>/ziek-melden/<int:report_id>/beter")
@login_required
def better(child_id: int, report_id: int) -> str | tuple[str, int] | BaseResponse:
    parent = require_parent()
    s = services()
    try:
        reports.report_child_better(
            s.uow(),
            s.clock,
            s.links,
            school_id=parent.school_id,
            parent_id=parent.id,
            child_id=child_id,
            report_id=report_id,
        )
    except (Conflict, AccountIsReadOnly) as refusal:
        return _report_page(child_id, errors={"_form": refusal.message}), status_for(refusal)
    flash("Uw kind is beter gemeld. Fijn dat het weer goed gaat!", "success")
    return redirect(url_for("absence.report", child_id=child_id))


# --- Verlof aanvragen -----------------------------------------------------------------------


def _leave_page(
    child_id: int, *, values: dict[str, str] | None = None, errors: dict[str, str] | None = None
) -> str:
    parent = require_parent()
    s = services()
    page = leave_requests.leave_page(
        s.uow(), s.clock, school_id=parent.school_id, parent_id=parent.id, child_id=child_id
    )
    return render_template(
        "absence/leave.html",
        page=page,
        values=values or {},
        errors=errors or {},
        reasons=LEAVE_REASONS,
        rules=RULES_TEXT,
    )


@bp.route("/<int:child_id>/verlof", methods=["GET", "POST"])
@login_required
def leave(child_id: int) -> str | tuple[str, int] | BaseResponse:
    if request.method == "GET":
        return _leave_page(child_id)
    parent = require_parent()
    s = services()
    values = {k: request.form.get(k, "") for k in ("reason", "first_day", "last_day", "note")}
    try:
        first_day = _date(values["first_day"], "first_day", required=True) or dt.date.min
        leave_requests.request_leave(
            s.uow(),
            s.clock,
            school_id=parent.school_id,
            parent_id=parent.id,
            child_id=child_id,
            reason=_leave_reason(values["reason"]),
            first_day=first_day,
            last_day=_date(values["last_day"], "last_day", required=False) or first_day,
            note=values["note"],
        )
    except (InvalidInput, ValidationFailed) as failure:
        return _leave_page(child_id, values=values, errors=_errors(failure)), 400
    except AccountIsReadOnly as refusal:
        return _leave_page(child_id, values=values, errors={"_form": refusal.message}), status_for(
            refusal
        )
    flash(
        "Uw verlofaanvraag is verstuurd. U krijgt bericht zodra de school heeft beslist.", "success"
    )
    return redirect(url_for("absence.leave", child_id=child_id))


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
