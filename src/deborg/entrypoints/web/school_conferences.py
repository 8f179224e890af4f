"""Oudergesprekken on the school's side: create a planning, give a child a double slot and a
personal note, open it (early for siblings if chosen), see per day who booked and who has not,
book for a parent or move a booking to a free slot, and close it. Each is the use case of
``deborg conversations``, after the reach check of services.staff.conferences."""

from __future__ import annotations

import datetime as dt

import attrs
from flask import flash, redirect, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from deborg.domain.conferences import PlanningDay
from deborg.domain.errors import Conflict, InvalidInput
from deborg.entrypoints.web.school import bp, page, require_staff, staff_required
from deborg.entrypoints.web.security import services
from deborg.services.staff import conferences as planning_cases
from deborg.services.staff import dashboard as overview

#: How many day rows the planning form offers.
DAY_ROWS = 3


@attrs.define
class PlanningForm:
    title: str = ""
    info: str = ""
    groups: list[str] = attrs.Factory(list)
    slot_minutes: str = "10"
    days: list[tuple[str, str, str]] = attrs.Factory(lambda: [("", "", "")] * DAY_ROWS)


def _date(text: str, field: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        raise InvalidInput("Vul een datum in als dd-mm-jjjj.", field) from None


def _time(text: str, field: str) -> dt.time | None:
    try:
        return dt.time.fromisoformat(text) if text else None
    except ValueError:
        raise InvalidInput("Vul een tijd in als uu:mm.", field) from None


def _days(form: PlanningForm) -> list[PlanningDay]:
    days = []
    for index, (day, start, end) in enumerate(form.days, start=1):
        parsed = (
            _date(day, f"day-{index}"),
            _time(start, f"start-{index}"),
            _time(end, f"end-{index}"),
        )
        if any(parsed) and not all(parsed):
            raise InvalidInput(
                "Vul bij een dag de datum, begintijd en eindtijd in.", f"day-{index}"
            )
        if parsed[0] and parsed[1] and parsed[2]:
            days.append(PlanningDay(parsed[0], parsed[1], parsed[2]))
    return days


def _index(form: PlanningForm | None = None, errors: dict[str, str] | None = None) -> str:
    staff = require_staff()
    s = services()
    plannings = planning_cases.plannings_for_staff(
        s.uow(), school_id=staff.school_id, staff_id=staff.id
    )
    choices = overview.publishing_choices(s.uow(), school_id=staff.school_id, staff_id=staff.id)
    return page(
        "school/conferences.html",
        plannings=plannings,
        form=form or PlanningForm(),
        errors=errors or {},
        choices=choices,
    )


@bp.get("/oudergesprekken")
@staff_required
def conferences() -> str:
    return _index()


@bp.post("/oudergesprekken")
@staff_required
def conference_create() -> str | tuple[str, int] | BaseResponse:
    staff = require_staff()
    s = services()
    form = PlanningForm(
        title=request.form.get("title", ""),
        info=request.form.get("info", ""),
        groups=request.form.getlist("groups"),
        slot_minutes=request.form.get("slot_minutes", ""),
        days=[
            (
                request.form.get(f"day-{i}", ""),
                request.form.get(f"start-{i}", ""),
                request.form.get(f"end-{i}", ""),
            )
            for i in range(1, DAY_ROWS + 1)
        ],
    )
    try:
        if not form.slot_minutes.isdigit():
            raise InvalidInput("Vul het aantal minuten per gesprek in.", "slot_minutes")
        planning = planning_cases.create_planning(
            s.uow(),
            s.clock,
            school_id=staff.school_id,
            staff_id=staff.id,
            data=planning_cases.PlanningInput(
                title=form.title,
                info=form.info,
                group_names=form.groups,
                days=_days(form),
                slot_minutes=int(form.slot_minutes),
            ),
        )
    except InvalidInput as failure:
        field = {"group": "groups", "day": "day-1", "break": "day-1"}.get(
            failure.field or "", failure.field or "title"
        )
        return _index(form, {field: failure.message}), 400
    flash(f"De planning “{planning.title}” is aangemaakt (concept).", "success")
    return redirect(url_for("school.conference", planning_id=planning.id))


def _planning_page(planning_id: int, errors: dict[str, str] | None = None) -> str:
    staff = require_staff()
    found = planning_cases.overview(
        services().uow(), school_id=staff.school_id, planning_id=planning_id, staff_id=staff.id
    )
    return page("school/conference.html", overview=found, errors=errors or {})


@bp.get("/oudergesprekken/<int:planning_id>")
@staff_required
def conference(planning_id: int) -> str:
    return _planning_page(planning_id)


@bp.post("/oudergesprekken/<int:planning_id>/openen")
@staff_required
def conference_open(planning_id: int) -> BaseResponse:
    staff = require_staff()
    s = services()
    early = None
    if request.form.get("early") == "1":
        hours = request.form.get("early_hours", "24")
        early = dt.timedelta(hours=int(hours) if hours.isdigit() else 24)
    told = planning_cases.open_planning(
        s.uow(),
        s.clock,
        s.links,
        school_id=staff.school_id,
        planning_id=planning_id,
        staff_id=staff.id,
        early_for_siblings=early,
    )
    flash(f"De planning is geopend; {sum(told.values())} ouders zijn uitgenodigd.", "success")
    return redirect(url_for("school.conference", planning_id=planning_id))


@bp.post("/oudergesprekken/<int:planning_id>/sluiten")
@staff_required
def conference_close(planning_id: int) -> BaseResponse:
    staff = require_staff()
    s = services()
    told = planning_cases.close_planning(
        s.uow(),
        s.clock,
        s.links,
        s.calendar,
        school_id=staff.school_id,
        planning_id=planning_id,
        staff_id=staff.id,
    )
    flash(
        f"De planning is gesloten; {sum(told.values())} ouders krijgen de definitieve tijd.",
        "success",
    )
    return redirect(url_for("school.conference", planning_id=planning_id))


@bp.post("/oudergesprekken/<int:planning_id>/inplannen")
@staff_required
def conference_book(planning_id: int) -> str | tuple[str, int] | BaseResponse:
    """Book for a parent, or move a child's booking to the chosen free slot."""
    staff = require_staff()
    s = services()
    child, start = request.form.get("child", ""), request.form.get("start", "")
    try:
        if not child.isdigit():
            raise InvalidInput("Kies een kind.", "child")
        try:
            moment = dt.datetime.fromisoformat(start)
        except ValueError:
            raise InvalidInput("Kies een vrij tijdstip.", "start") from None
        planning_cases.book(
            s.uow(),
            s.clock,
            s.links,
            s.calendar,
            school_id=staff.school_id,
            planning_id=planning_id,
            staff_id=staff.id,
            child_id=int(child),
            start=moment,
        )
    except InvalidInput as failure:
        return _planning_page(planning_id, {failure.field or "start": failure.message}), 400
    except Conflict as failure:  # the slot was taken meanwhile
        return _planning_page(planning_id, {"start": failure.message}), 409
    flash("Ingepland; de ouders krijgen bericht.", "success")
    return redirect(url_for("school.conference", planning_id=planning_id))


@bp.post("/oudergesprekken/<int:planning_id>/kind")
@staff_required
def conference_requirement(planning_id: int) -> str | tuple[str, int] | BaseResponse:
    """A double slot for a child and the teacher's personal note for the parents."""
    staff = require_staff()
    child, slots = request.form.get("child", ""), request.form.get("slots", "")
    try:
        if not child.isdigit():
            raise InvalidInput("Kies een kind.", "child")
        planning_cases.set_requirement(
            services().uow(),
            school_id=staff.school_id,
            planning_id=planning_id,
            staff_id=staff.id,
            child_id=int(child),
            slots_needed=int(slots) if slots.isdigit() else None,
            message=request.form.get("message") or None,
        )
    except InvalidInput as failure:
        return _planning_page(planning_id, {failure.field or "child": failure.message}), 400
    flash("Opgeslagen.", "success")
    return redirect(url_for("school.conference", planning_id=planning_id))
