"""``deborg conversations``: conference plannings for staff (the command keeps the name the
specification gives it; the area is called conferences in the code)."""

from __future__ import annotations

import datetime as dt

import click

from deborg.domain import conferences as c
from deborg.domain.dutch import format_date, format_time, local, to_utc
from deborg.domain.model import School
from deborg.domain.notifications.model import Delivery
from deborg.entrypoints.cli.context import CliContext, emit_json, pass_context
from deborg.entrypoints.cli.params import DATE, TIME, TIME_RANGE
from deborg.services import conferences
from deborg.services.conferences.common import describe, get_planning


@click.group("conversations")
def plannings() -> None:
    """Oudergesprekken: plannings, double slots, booking, moving and closing."""


def _group_ids(context: CliContext, school: School, names: tuple[str, ...]) -> list[int]:
    ids = []
    with context.services.uow() as uow:
        for name in names:
            group = uow.groups.get_by_name(school.id, name)
            if group is None:
                raise click.ClickException(f"Onbekende groep: {name}.")
            ids.append(group.id)
    return ids


@plannings.command("create")
@click.argument("title")
@click.option("--info", default="", help="Information text shown to the parents.")
@click.option("--group", "groups", multiple=True, required=True, help="Group name (repeat).")
@click.option("--day", "days", type=DATE, multiple=True, required=True, help="Date (repeat).")
@click.option("--from", "starts", type=TIME, multiple=True, required=True, help="Start time.")
@click.option("--to", "ends", type=TIME, multiple=True, required=True, help="End time.")
@click.option("--slot-minutes", type=click.IntRange(5, 240), default=10, show_default=True)
@click.option("--break", "breaks", type=TIME_RANGE, multiple=True, help="e.g. 16:00-16:15.")
@click.option("--json", "as_json", is_flag=True, help="Output as JSON.")
@pass_context
def create(
    context: CliContext,
    title: str,
    info: str,
    groups: tuple[str, ...],
    days: tuple[dt.date, ...],
    starts: tuple[dt.time, ...],
    ends: tuple[dt.time, ...],
    slot_minutes: int,
    breaks: tuple[c.TimeRange, ...],
    as_json: bool,
) -> None:
    """Create plannings in concept, one per teacher: groups with different teachers each get
    a grid of their own on the same days. Give --from/--to once for every day, or once per
    --day."""
    for option, values in (("--from", starts), ("--to", ends)):
        if len(values) not in (1, len(days)):
            raise click.UsageError(f"Geef {option} één keer, of één keer per --day.")
    school = context.school()
    made = conferences.create_plannings_per_teacher(
        context.services.uow(),
        context.services.clock,
        school_id=school.id,
        title=title,
        info=info,
        group_ids=_group_ids(context, school, groups),
        days=[
            c.PlanningDay(day, starts[i if len(starts) > 1 else 0], ends[i if len(ends) > 1 else 0])
            for i, day in enumerate(days)
        ],
        slot_minutes=slot_minutes,
        breaks=breaks,
    )
    capacities = [
        conferences.planning_capacity(
            context.services.uow(), school_id=school.id, planning_id=planning.id
        )
        for planning in made
    ]
    if as_json:
        listed = [
            {
                "id": planning.id,
                "title": planning.title,
                "state": planning.state.value,
                "slots": capacity.slots,
                "slots_needed": capacity.needed,
                "short": capacity.short,
            }
            for planning, capacity in zip(made, capacities, strict=True)
        ]
        emit_json(listed[0] if len(listed) == 1 else listed)
        return
    for planning, capacity in zip(made, capacities, strict=True):
        click.echo(
            f"Planning {planning.id} ({planning.title}) aangemaakt als concept: "
            f"{capacity.slots} tijdssloten."
        )
        if capacity.warning:
            click.echo(capacity.warning, err=True)


@plannings.command("list")
@click.option("--json", "as_json", is_flag=True, help="Output as JSON.")
@pass_context
def list_plannings(context: CliContext, as_json: bool) -> None:
    """List the plannings of the school."""
    school = context.school()
    with context.services.uow() as uow:
        plannings = uow.plannings.list(school.id)
    if as_json:
        emit_json(
            [
                {"id": p.id, "title": p.title, "state": p.state.value, "groups": list(p.group_ids)}
                for p in plannings
            ]
        )
        return
    for p in plannings:
        days = ", ".join(format_date(d.date) for d in p.days)
        click.echo(f"{p.id}  {p.state.value:8}  {p.title}  ({days})")


@plannings.command("double")
@click.argument("planning_id", type=int)
@click.argument("child_id", type=int)
@click.option("--slots", type=click.IntRange(1, 8), default=2, show_default=True)
@pass_context
def double(context: CliContext, planning_id: int, child_id: int, slots: int) -> None:
    """Give a child's conference more time: a double slot, or --slots N."""
    school = context.school()
    conferences.set_requirement(
        context.services.uow(),
        school_id=school.id,
        planning_id=planning_id,
        child_id=child_id,
        slots_needed=slots,
    )
    click.echo(f"Het gesprek over leerling {child_id} duurt nu {slots} tijdssloten.")


@plannings.command("message")
@click.argument("planning_id", type=int)
@click.argument("child_id", type=int)
@click.argument("text")
@pass_context
def message(context: CliContext, planning_id: int, child_id: int, text: str) -> None:
    """Set the teacher's personal message to the child's parents (empty text removes it)."""
    school = context.school()
    conferences.set_requirement(
        context.services.uow(),
        school_id=school.id,
        planning_id=planning_id,
        child_id=child_id,
        message=text,
    )
    click.echo("Persoonlijke boodschap opgeslagen.")


@plannings.command("open")
@click.argument("planning_id", type=int)
@click.option(
    "--early-for-siblings",
    "early_hours",
    type=click.IntRange(1, 24 * 14),
    help="Families with children in several groups may book this many hours earlier.",
)
@pass_context
def open_command(context: CliContext, planning_id: int, early_hours: int | None) -> None:
    """Open the planning and queue the invitation mails."""
    school = context.school()
    s = context.services
    told = conferences.open_planning(
        s.uow(),
        s.clock,
        s.links,
        school_id=school.id,
        planning_id=planning_id,
        early_for_siblings=dt.timedelta(hours=early_hours) if early_hours else None,
    )
    click.echo(f"Planning {planning_id} is open; uitnodigingen {_told_text(told)}.")
    _warn_capacity(context, school, planning_id)


def _warn_capacity(context: CliContext, school: School, planning_id: int) -> None:
    capacity = conferences.planning_capacity(
        context.services.uow(), school_id=school.id, planning_id=planning_id
    )
    if capacity.warning:
        click.echo(capacity.warning, err=True)


def _start(
    context: CliContext, school: School, planning_id: int, day: dt.date | None, at: dt.time
) -> dt.datetime:
    with context.services.uow() as uow:
        planning = get_planning(uow, school.id, planning_id)
    if day is None:
        if len(planning.days) != 1:
            raise click.UsageError("Deze planning heeft meerdere dagen: geef --day.")
        day = planning.days[0].date
    return to_utc(day, at, planning.timezone)


@plannings.command("book")
@click.argument("planning_id", type=int)
@click.argument("child_id", type=int)
@click.argument("at", type=TIME)
@click.option("--day", type=DATE, help="Needed when the planning has several days.")
@pass_context
def book(
    context: CliContext, planning_id: int, child_id: int, at: dt.time, day: dt.date | None
) -> None:
    """Book a time on a child's behalf (or move its booking); the parents are mailed."""
    _book(context, planning_id, child_id, at, day, must_exist=False)


@plannings.command("move")
@click.argument("planning_id", type=int)
@click.argument("child_id", type=int)
@click.argument("at", type=TIME)
@click.option("--day", type=DATE, help="Needed when the planning has several days.")
@pass_context
def move(
    context: CliContext, planning_id: int, child_id: int, at: dt.time, day: dt.date | None
) -> None:
    """Move a child's booking, also after closing; the parents are mailed."""
    _book(context, planning_id, child_id, at, day, must_exist=True)


def _book(
    context: CliContext,
    planning_id: int,
    child_id: int,
    at: dt.time,
    day: dt.date | None,
    *,
    must_exist: bool,
) -> None:
    school = context.school()
    s = context.services
    start = _start(context, school, planning_id, day, at)
    booking = conferences.staff_book(
        s.uow(),
        s.clock,
        s.links,
        s.calendar,
        school_id=school.id,
        planning_id=planning_id,
        child_id=child_id,
        start=start,
        must_exist=must_exist,
    )
    with s.uow() as uow:
        planning = get_planning(uow, school.id, planning_id)
    click.echo(
        f"Gereserveerd: {describe(planning, booking.starts)}. "
        "De ouders krijgen bericht zoals ze bij Notificaties kozen."
    )


@plannings.command("close")
@click.argument("planning_id", type=int)
@pass_context
def close(context: CliContext, planning_id: int) -> None:
    """Close the planning and queue the definitive times (with an iCalendar attachment)."""
    school = context.school()
    s = context.services
    told = conferences.close_planning(
        s.uow(), s.clock, s.links, s.calendar, school_id=school.id, planning_id=planning_id
    )
    click.echo(f"Planning {planning_id} is gesloten; definitieve tijden {_told_text(told)}.")


def _told_text(told: conferences.Told) -> str:
    """ "3 per e-mail, 1 in de weekmail, 1 niet (uitgezet bij Notificaties)"."""
    return (
        f"{told[Delivery.DIRECT]} per e-mail, {told[Delivery.DIGEST]} in de weekmail, "
        f"{told[Delivery.OFF]} niet (uitgezet bij Notificaties)"
    )


@plannings.command("overview")
@click.argument("planning_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Output as JSON.")
@pass_context
def overview(context: CliContext, planning_id: int, as_json: bool) -> None:
    """Per slot who booked, and the children without a booking."""
    school = context.school()
    view = conferences.planning_overview(
        context.services.uow(), school_id=school.id, planning_id=planning_id
    )
    tz = view.planning.timezone
    if as_json:
        emit_json(
            {
                "id": view.planning.id,
                "title": view.planning.title,
                "state": view.planning.state.value,
                "slots": [
                    {
                        "start": row.slot.start.isoformat(),
                        "local": local(row.slot.start, tz).strftime("%Y-%m-%d %H:%M"),
                        "child_id": row.child.id if row.child else None,
                        "child": row.child.name if row.child else None,
                        "group": row.group.name if row.group else None,
                    }
                    for row in view.rows
                ],
                "without_booking": [
                    {"child_id": ch.id, "child": ch.name} for ch in view.without_booking
                ],
            }
        )
        return
    click.echo(f"{view.planning.title} ({view.planning.state.value})")
    day = None
    for row in view.rows:
        if row.slot.day != day:
            day = row.slot.day
            click.echo(format_date(day))
        who = (
            f"{row.child.name} ({row.group.name if row.group else ''}, {row.child.id})"
            if row.child
            else "vrij"
        )
        click.echo(f"  {format_time(local(row.slot.start, tz))}  {who}")
    click.echo(f"Zonder afspraak ({len(view.without_booking)}):")
    for child in view.without_booking:
        click.echo(f"  {child.name} ({child.id})")
    _warn_capacity(context, school, planning_id)


def register(cli: click.Group) -> None:
    cli.add_command(plannings)
