"""Parent accounts: add, invite, read-only, rename the login."""

from __future__ import annotations

import click

from deborg.domain.errors import AlreadyInvited, DeborgError, NotFound
from deborg.entrypoints.cli.context import CliContext, emit_json, pass_context
from deborg.entrypoints.cli.params import EMAIL
from deborg.services import accounts, directory


@click.group()
def parent() -> None:
    """Parent accounts."""


def _child_ids(context: CliContext, school_id: int, children: tuple[str, ...]) -> list[int]:
    """Children are named by pupil number or by id."""
    ids = []
    with context.services.uow() as uow:
        for reference in children:
            found = uow.children.get_by_pupil_number(school_id, reference)
            if found is None and reference.isdigit():
                found = uow.children.get(school_id, int(reference))
            if found is None:
                raise NotFound(f"Onbekende leerling: {reference} (leerlingnummer of id).")
            ids.append(found.id)
    return ids


@parent.command("add")
@click.argument("email", type=EMAIL)
@click.option("--roepnaam", default="")
@click.option("--achternaam", default="")
@click.option("--tussenvoegsel", default="")
@click.option("--voorletters", default="")
@click.option(
    "--child", "children", multiple=True, help="Pupil number (or id) of a child (repeat)."
)
@pass_context
def parent_add(
    context: CliContext,
    email: str,
    roepnaam: str,
    achternaam: str,
    tussenvoegsel: str,
    voorletters: str,
    children: tuple[str, ...],
) -> None:
    """Add a parent linked to children. A known e-mail address means the same account."""
    school = context.school()
    s = context.services
    added = directory.add_parent(
        s.uow(),
        s.clock,
        emails=s.emails,
        school_id=school.id,
        data=directory.ParentInput(
            email=email,
            roepnaam=roepnaam,
            achternaam=achternaam,
            tussenvoegsel=tussenvoegsel,
            voorletters=voorletters,
        ),
        child_ids=_child_ids(context, school.id, children),
    )
    verb = "aangemaakt" if added.created else "bestond al; kinderen gekoppeld"
    click.echo(f"Ouderaccount {added.parent.login_name} {verb}.")


@parent.command("invite")
@click.argument("emails", nargs=-1, type=EMAIL)
@click.option(
    "--all-new",
    is_flag=True,
    help="Invite every parent whose account is not active and who was never sent an invitation.",
)
@click.option(
    "--resend",
    is_flag=True,
    help="Also parents who were invited but did not activate (a new password and link; the "
    "earlier ones stop working). Without it they are left alone.",
)
@pass_context
def parent_invite(
    context: CliContext, emails: tuple[str, ...], all_new: bool, resend: bool
) -> None:
    """Queue the activation mail (login name, initial password, activation link). A parent
    invited before is refused unless --resend: that gives a new password and link, and the
    earlier ones stop working."""
    if not emails and not all_new:
        raise click.UsageError("Geef een of meer e-mailadressen, of --all-new.")
    school = context.school()
    s = context.services
    waiting = contacts_only = 0
    if all_new:
        found = accounts.parents_to_invite(s.uow(), school.id, resend=resend)
        targets, waiting, contacts_only = list(found.parents), found.waiting, found.contacts_only
    else:
        with s.uow() as uow:
            targets = [accounts.parent_by_login(uow, school.id, e) for e in emails]
    invited = failed = 0
    with click.progressbar(targets, label="Uitnodigen", show_pos=True) as bar:
        for target in bar:
            try:
                accounts.invite_parent(
                    s.uow(),
                    s.clock,
                    s.tokens,
                    s.hasher,
                    s.links,
                    school_id=school.id,
                    parent_id=target.id,
                    again=resend,
                )
                invited += 1
            except AlreadyInvited as error:
                raise click.ClickException(
                    f"{target.login_name}: {error.message} Stuur opnieuw met --resend."
                ) from None
            except DeborgError as error:
                if not all_new:
                    raise
                failed += 1
                click.echo(f"\n{target.login_name}: {error.message}", err=True)
    click.echo(f"{invited} uitnodiging(en) in de wachtrij. Verstuur met: deborg mail send")
    if waiting:
        click.echo(
            f"{waiting} ouder(s) kregen eerder een uitnodiging en hebben hun account nog niet "
            "geactiveerd; stuur die opnieuw met --all-new --resend."
        )
    if contacts_only:
        click.echo(
            f"{contacts_only} contactperso(o)n(en) zonder gezag kregen geen uitnodiging: alleen "
            "gezag geeft toegang tot het portaal."
        )
    if failed:
        raise SystemExit(1)


@parent.command("read-only")
@click.argument("email", type=EMAIL)
@click.option("--on/--off", "read_only", required=True, help="Set or lift read-only.")
@pass_context
def parent_read_only(context: CliContext, email: str, read_only: bool) -> None:
    """Set one parent's account to read-only (or back)."""
    school = context.school()
    changed = accounts.set_read_only(
        context.services.uow(), school_id=school.id, login_name=email, read_only=read_only
    )
    state = "alleen lezen" if changed.read_only else "lezen en wijzigen"
    click.echo(f"Account {changed.login_name} staat nu op {state}.")


@parent.command("rename-login")
@click.argument("old", type=EMAIL)
@click.argument("new", type=EMAIL)
@pass_context
def parent_rename_login(context: CliContext, old: str, new: str) -> None:
    """Change a parent's login name to their new e-mail address; they are mailed."""
    school = context.school()
    s = context.services
    renamed = accounts.rename_login(
        s.uow(),
        s.clock,
        s.links,
        emails=s.emails,
        school_id=school.id,
        old_login=old,
        new_login=new,
    )
    click.echo(f"Inlognaam gewijzigd in {renamed.login_name}; de ouder krijgt bericht.")


@parent.command("list")
@click.option("--json", "as_json", is_flag=True, help="Output as JSON.")
@pass_context
def parent_list(context: CliContext, as_json: bool) -> None:
    """List parent accounts with their state."""
    school = context.school()
    with context.services.uow() as uow:
        parents = uow.parents.list(school.id)
    if as_json:
        emit_json(
            [
                {
                    "id": p.id,
                    "login_name": p.login_name,
                    "name": p.name,
                    "state": p.state.value,
                    "read_only": p.read_only,
                }
                for p in parents
            ]
        )
        return
    for p in parents:
        flags = " (alleen lezen)" if p.read_only else ""
        click.echo(f"{p.login_name}  {p.name}  [{p.state.value}]{flags}")


def register(cli: click.Group) -> None:
    cli.add_command(parent)
