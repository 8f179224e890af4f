"""Schools, groups, staff and pupils."""

from __future__ import annotations

import datetime as dt

import click

from deborg.domain.model import Address, StaffRole
from deborg.entrypoints.cli.context import CliContext, emit_json, pass_context
from deborg.entrypoints.cli.params import DATE, EMAIL, POSTCODE
from deborg.services import directory
from deborg.services.staff import accounts as staff_accounts


@click.group()
def school() -> None:
    """Schools of this deployment."""


@school.command("create")
@click.argument("name")
@click.option("--code", required=True, help="Schoolcode, e.g. 99XX00 (used to pair the app).")
@click.option("--city", default="", help="Plaats.")
@click.option("--timezone", default="Europe/Amsterdam", show_default=True)
@pass_context
def school_create(context: CliContext, name: str, code: str, city: str, timezone: str) -> None:
    """Create a school."""
    created = directory.create_school(
        context.services.uow(), name=name, code=code, city=city, timezone=timezone
    )
    click.echo(f"School {created.name} aangemaakt (schoolcode {created.code}).")


@school.command("list")
@click.option("--json", "as_json", is_flag=True, help="Output as JSON.")
@pass_context
def school_list(context: CliContext, as_json: bool) -> None:
    """List the schools."""
    with context.services.uow() as uow:
        schools = uow.schools.list()
    if as_json:
        emit_json([{"id": s.id, "name": s.name, "code": s.code, "city": s.city} for s in schools])
        return
    for s in schools:
        click.echo(f"{s.code}  {s.name}  {s.city}")


@school.command("set")
@click.option("--name", default=None, help="Nieuwe naam.")
@click.option("--city", default=None, help="Plaats.")
@click.option("--results/--no-results", default=None, help="Gebruikt de school Resultaten?")
@click.option("--website", default=None, help="Website van de school.")
@click.option(
    "--teachers-school-wide/--no-teachers-school-wide",
    default=None,
    help="May a leerkracht post to the whole school (not only to their own groups)?",
)
@pass_context
def school_set(
    context: CliContext,
    name: str | None,
    city: str | None,
    results: bool | None,
    website: str | None,
    teachers_school_wide: bool | None,
) -> None:
    """Change the school's name, city or settings (the portal shows it on the next page)."""
    changed = directory.change_school(
        context.services.uow(),
        school_id=context.school().id,
        name=name,
        city=city,
        uses_results=results,
        website_url=website,
        teachers_post_school_wide=teachers_school_wide,
    )
    click.echo(f"School {changed.name} bijgewerkt.")


@click.group()
def group() -> None:
    """Groups (groepen) of the school."""


@group.command("add")
@click.argument("name")
@click.option("--year", type=click.IntRange(1, 8), help="Leerjaar 1 to 8.")
@click.option("--description", default="", help="Text shown on the group page.")
@pass_context
def group_add(context: CliContext, name: str, year: int | None, description: str) -> None:
    """Add a group, e.g. deborg group add "Groep 5a" --year 5."""
    school = context.school()
    created = directory.add_group(
        context.services.uow(), school_id=school.id, name=name, year=year, description=description
    )
    click.echo(f"Groep {created.name} toegevoegd.")


@group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Output as JSON.")
@pass_context
def group_list(context: CliContext, as_json: bool) -> None:
    """List the groups with their number of pupils."""
    school = context.school()
    with context.services.uow() as uow:
        rows = [
            (g, len(uow.children.list_for_group(school.id, g.id)))
            for g in uow.groups.list(school.id)
        ]
    if as_json:
        emit_json(
            [
                {"id": g.id, "name": g.name, "year": g.year, "last_year": g.last_year, "pupils": n}
                for g, n in rows
            ]
        )
        return
    for g, n in rows:
        click.echo(f"{g.name}: {n} leerlingen")


@click.group()
def staff() -> None:
    """Staff members (teachers, administration)."""


@staff.command("add")
@click.argument("name")
@click.argument("email", type=EMAIL)
@click.option("--group", "groups", multiple=True, help="A group this person teaches (repeat).")
@click.option(
    "--role",
    type=click.Choice([r.value for r in StaffRole]),
    default=StaffRole.LEERKRACHT.value,
    show_default=True,
    help="leerkracht: works on their own groups; beheerder: the whole school and accounts.",
)
@pass_context
def staff_add(
    context: CliContext, name: str, email: str, groups: tuple[str, ...], role: str
) -> None:
    """Add a staff member (their e-mail address is their login name)."""
    school = context.school()
    s = context.services
    created = directory.add_staff(
        s.uow(),
        emails=s.emails,
        school_id=school.id,
        name=name,
        email=email,
        group_names=groups,
        role=StaffRole(role),
    )
    role = " als beheerder" if created.is_beheerder else ""
    click.echo(f"Medewerker {created.name} <{created.email}> toegevoegd{role}.")


@staff.command("invite")
@click.argument("emails", nargs=-1, required=True, type=EMAIL)
@click.option(
    "--again",
    is_flag=True,
    help="Also an active account (a forgotten password): it is inactive until the new link "
    "is opened.",
)
@pass_context
def staff_invite(context: CliContext, emails: tuple[str, ...], again: bool) -> None:
    """Queue the activation mail (login name, initial password, activation link). Inviting
    again gives a new password and link; the earlier ones stop working."""
    s = context.services
    school = context.school()
    for email in emails:
        invited = staff_accounts.invite_staff(
            s.uow(),
            s.clock,
            s.tokens,
            s.hasher,
            s.links,
            school_id=school.id,
            email=email,
            again=again,
        )
        click.echo(f"Uitnodiging voor {invited.email} klaargezet.")


@staff.command("list")
@click.option("--json", "as_json", is_flag=True, help="Output as JSON.")
@pass_context
def staff_list(context: CliContext, as_json: bool) -> None:
    """List the staff with their role, groups and whether their account is active."""
    listing = staff_accounts.list_staff(context.services.uow(), school_id=context.school().id)
    if as_json:
        emit_json(
            [
                {
                    "id": row.staff.id,
                    "name": row.staff.name,
                    "email": row.staff.email,
                    "role": row.staff.role.value,
                    "state": row.staff.state.value,
                    "groups": list(row.group_names),
                }
                for row in listing
            ]
        )
        return
    for row in listing:
        state = "actief" if row.staff.is_active else "niet geactiveerd"
        groups = ", ".join(row.group_names) or "-"
        click.echo(
            f"{row.staff.name} <{row.staff.email}>  {row.staff.role.value}  {groups}  ({state})"
        )


@staff.command("groups")
@click.argument("email", type=EMAIL)
@click.option("--set", "new_groups", multiple=True, help="Replace the groups (repeat).")
@click.option("--json", "as_json", is_flag=True, help="Output as JSON.")
@pass_context
def staff_groups(
    context: CliContext, email: str, new_groups: tuple[str, ...], as_json: bool
) -> None:
    """Which groups a teacher has; with --set, give them these groups instead."""
    school = context.school()
    if new_groups:
        staff_accounts.set_staff_groups(
            context.services.uow(), school_id=school.id, email=email, group_names=new_groups
        )
    groups = staff_accounts.staff_groups(context.services.uow(), school_id=school.id, email=email)
    if as_json:
        emit_json([{"id": g.id, "name": g.name} for g in groups])
        return
    click.echo(f"{email}: " + (", ".join(g.name for g in groups) or "geen groepen"))


@staff.command("remove")
@click.argument("email", type=EMAIL)
@pass_context
def staff_remove(context: CliContext, email: str) -> None:
    """The staff member can no longer log in; what they posted stays under their name."""
    removed = staff_accounts.remove_staff(
        context.services.uow(), school_id=context.school().id, email=email
    )
    click.echo(f"Medewerker {removed.name} <{removed.email}> verwijderd.")


@click.group()
def child() -> None:
    """Pupils (leerlingen)."""


@child.command("add")
@click.option("--roepnaam", required=True)
@click.option("--achternaam", required=True)
@click.option("--tussenvoegsel", default="")
@click.option("--voorletters", default="")
@click.option("--group", "group_name", required=True, help="Name of the group, e.g. 'Groep 5a'.")
@click.option("--birth", type=DATE, help="Date of birth, e.g. 11-10-2018.")
@click.option("--pupil-number", help="Leerlingnummer from the pupil administration.")
@click.option("--street", default="")
@click.option("--house-number", default="")
@click.option("--postcode", type=POSTCODE, default="")
@click.option("--city", default="")
@pass_context
def child_add(
    context: CliContext,
    roepnaam: str,
    achternaam: str,
    tussenvoegsel: str,
    voorletters: str,
    group_name: str,
    birth: dt.date | None,
    pupil_number: str | None,
    street: str,
    house_number: str,
    postcode: str,
    city: str,
) -> None:
    """Add a pupil to a group."""
    school = context.school()
    created = directory.add_child(
        context.services.uow(),
        school_id=school.id,
        data=directory.ChildInput(
            roepnaam=roepnaam,
            achternaam=achternaam,
            tussenvoegsel=tussenvoegsel,
            voorletters=voorletters,
            group_name=group_name,
            date_of_birth=birth,
            pupil_number=pupil_number,
            address=Address(street=street, house_number=house_number, postcode=postcode, city=city),
        ),
    )
    click.echo(f"Leerling {created.name} toegevoegd aan {group_name} (id {created.id}).")


@child.command("list")
@click.option("--group", "group_name", help="Only this group.")
@click.option("--json", "as_json", is_flag=True, help="Output as JSON.")
@pass_context
def child_list(context: CliContext, group_name: str | None, as_json: bool) -> None:
    """List pupils."""
    school = context.school()
    with context.services.uow() as uow:
        groups = {g.id: g for g in uow.groups.list(school.id)}
        if group_name:
            children = uow.children.list_for_group(
                school.id, directory.group_by_name(uow, school.id, group_name).id
            )
        else:
            children = uow.children.list(school.id)
    if as_json:
        emit_json(
            [
                {
                    "id": c.id,
                    "name": c.name,
                    "group": groups[c.group_id].name,
                    "pupil_number": c.pupil_number,
                    "date_of_birth": c.date_of_birth.isoformat() if c.date_of_birth else None,
                }
                for c in children
            ]
        )
        return
    for c in children:
        click.echo(f"{c.id:>5}  {c.name}  ({groups[c.group_id].name})")


def register(cli: click.Group) -> None:
    for command in (school, group, staff, child):
        cli.add_command(command)
