"""The school agenda: add, change, remove and list items."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

import click

from deborg.entrypoints.cli.content.options import audience_options, chosen_groups, report
from deborg.entrypoints.cli.context import CliContext, emit_json, pass_context
from deborg.entrypoints.cli.params import DATE, TIME
from deborg.services.content import publishing
from deborg.services.content.publishing import AgendaInput


@click.group()
def agenda() -> None:
    """The school agenda."""


def agenda_item_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """TITLE, the item's details, its audience and --json, as ``add`` and ``change`` take
    them; the command gets the details as one ``data``."""

    @functools.wraps(command)
    def with_data(
        *args: Any,
        title: str,
        day: dt.date,
        start: dt.time | None,
        end: dt.time | None,
        end_date: dt.date | None,
        location: str,
        description: str,
        **kwargs: Any,
    ) -> Any:
        data = AgendaInput(
            title=title,
            day=day,
            start_time=start,
            end_time=end,
            end_day=end_date,
            location=location,
            description=description,
        )
        return command(*args, data=data, **kwargs)

    decorated: Callable[..., Any] = with_data
    for decorator in reversed(
        (
            click.argument("title"),
            click.option("--date", "day", type=DATE, required=True, help="Date, e.g. 11-10-2026."),
            click.option("--start", type=TIME, help="Start time, e.g. 14:30 (none: all day)."),
            click.option("--end", type=TIME, help="End time, e.g. 15:15."),
            click.option("--end-date", type=DATE, help="Last day of a multi-day item."),
            click.option("--location", default="", help="Where."),
            click.option("--description", default="", help="Details (Markdown)."),
            audience_options,
            click.option("--json", "as_json", is_flag=True, help="Output as JSON."),
        )
    ):
        decorated = decorator(decorated)
    return decorated


@agenda.command("add")
@agenda_item_options
@pass_context
def agenda_add(
    context: CliContext,
    data: AgendaInput,
    school_wide: bool,
    groups: tuple[str, ...],
    as_json: bool,
) -> None:
    """Add an agenda item (times in the school's time zone)."""
    school = context.school()
    s = context.services
    published = publishing.add_agenda_item(
        s.uow(),
        s.clock,
        s.links,
        s.richtext,
        school_id=school.id,
        data=data,
        group_names=chosen_groups(school_wide, groups),
    )
    report("Agenda-item", published, as_json)


@agenda.command("change")
@click.argument("item_id", type=int)
@agenda_item_options
@pass_context
def agenda_change(
    context: CliContext,
    item_id: int,
    data: AgendaInput,
    school_wide: bool,
    groups: tuple[str, ...],
    as_json: bool,
) -> None:
    """Change an agenda item (all its details); parents hear of the change."""
    school = context.school()
    s = context.services
    group_names: tuple[str, ...] | None = chosen_groups(school_wide, groups)
    if not school_wide and not groups:
        group_names = None  # keep the audience
    published = publishing.change_agenda_item(
        s.uow(),
        s.clock,
        s.links,
        s.richtext,
        school_id=school.id,
        item_id=item_id,
        data=data,
        group_names=group_names,
    )
    report("Agenda-item gewijzigd:", published, as_json)


@agenda.command("remove")
@click.argument("item_id", type=int)
@pass_context
def agenda_remove(context: CliContext, item_id: int) -> None:
    """Remove an agenda item; parents hear it was cancelled."""
    school = context.school()
    s = context.services
    published = publishing.remove_agenda_item(
        s.uow(), s.clock, s.links, school_id=school.id, item_id=item_id
    )
    click.echo(f"Agenda-item {item_id} verwijderd: {published.item.title}")


@agenda.command("list")
@click.option("--json", "as_json", is_flag=True, help="Output as JSON.")
@pass_context
def agenda_list(context: CliContext, as_json: bool) -> None:
    """Coming agenda items."""
    school = context.school()
    s = context.services
    with s.uow() as uow:
        items = uow.agenda.list(school.id, ending_after=s.clock.now())
    if as_json:
        emit_json(
            [
                {
                    "id": i.id,
                    "title": i.title,
                    "starts_at": i.starts_at.isoformat(),
                    "ends_at": i.ends_at.isoformat() if i.ends_at else None,
                    "all_day": i.all_day,
                    "groups": sorted(i.audience.group_ids),
                }
                for i in items
            ]
        )
        return
    for i in items:
        click.echo(f"{i.id:>5}  {publishing.describe_when(i, school.timezone)}  {i.title}")


def register(cli: click.Group) -> None:
    cli.add_command(agenda)
