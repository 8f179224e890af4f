"""``deborg import``: groups, pupils, parents and guardianships from the CSV export of the
pupil administration."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from deborg.adapters.csv_export import read_export
from deborg.adapters.import_presets import PRESETS, load_mapping_text, load_preset
from deborg.domain.pupil_import import (
    Action,
    ColumnMapping,
    ImportFileInvalid,
    ImportOptions,
    ImportReport,
    Kind,
)
from deborg.entrypoints.cli.context import CliContext, emit_json, pass_context
from deborg.services.pupil_import import import_pupils

KIND_LABELS = {
    Kind.GROUP: "Groepen",
    Kind.PUPIL: "Leerlingen",
    Kind.PARENT: "Ouders",
    Kind.GUARDIANSHIP: "Koppelingen ouder–leerling",
    Kind.CONTACT: "Contactpersonen zonder gezag",
}
KIND_SINGULAR = {
    Kind.GROUP: "groep",
    Kind.PUPIL: "leerling",
    Kind.PARENT: "ouder",
    Kind.GUARDIANSHIP: "koppeling",
    Kind.CONTACT: "contactpersoon",
}
FIELD_LABELS = {
    "roepnaam": "roepnaam",
    "voorletters": "voorletters",
    "tussenvoegsel": "tussenvoegsel",
    "achternaam": "achternaam",
    "date_of_birth": "geboortedatum",
    "group": "groep",
    "archived": "gearchiveerd",
    "street": "straat",
    "house_number": "huisnummer",
    "house_number_suffix": "toevoeging",
    "postcode": "postcode",
    "city": "plaats",
    "read_only": "alleen lezen",
    "phones": "telefoon",
}
#: Longer lists of created records are only counted in the text report (--json has them all).
LIST_AT_MOST = 20


def load_mapping(path: Path | None, preset: str | None = None) -> ColumnMapping:
    if path is not None and preset is not None:
        raise ImportFileInvalid(
            "Kies een voorinstelling (--preset) of een koppelingsbestand (--mapping), niet allebei."
        )
    if preset is not None:
        return load_preset(preset)
    if path is None:
        return ColumnMapping()
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise ImportFileInvalid(
            f"Het koppelingsbestand {path.name} is geen UTF-8-tekst."
        ) from error
    return load_mapping_text(text, path.name)


def describe_presets() -> str:
    """What ``deborg import --presets`` prints: each preset with the exact columns it reads."""
    out: list[str] = []
    for name in PRESETS:
        mapping = load_preset(name)
        out.append(f"{name}: {mapping.description}")
        out.extend(f"  {field:32} {header}" for field, header in mapping.expected())
        out.append("")
    out.append(
        "Ook zonder voorinstelling worden gangbare varianten van deze kolomnamen herkend "
        "(hoofdletters, leestekens, 'Tussenvoegsel(s)', 'Voorvoegsel', 'Stamnr', 'Klas', "
        "'Verzorger 1 e-mail' …)."
    )
    return "\n".join(out)


def _show_presets(context: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not context.resilient_parsing:
        click.echo(describe_presets())
        context.exit(0)


class _ProgressBar:
    """A click progress bar on stderr, started once the number of writes is known."""

    def __init__(self) -> None:
        self.bar: Any = None
        self.shown = 0

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(
                length=total,
                label="Importeren",
                show_pos=True,
                file=sys.stderr,
            )
            self.bar.__enter__()
        self.bar.update(done - self.shown)
        self.shown = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


def render(report: ImportReport, *, source: str) -> str:
    out: list[str] = [source, *report.notes, ""]
    out.append(f"{'':28}{'nieuw':>8}{'gewijzigd':>11}{'ongewijzigd':>13}")
    for kind in Kind:
        out.append(
            f"{KIND_LABELS[kind]:28}{report.count(kind, Action.CREATED):>8}"
            f"{report.count(kind, Action.CHANGED):>11}{report.unchanged.get(kind, 0):>13}"
        )
    out.append(f"{'Afgewezen regels':28}{len(report.rejected):>8}")
    for kind in Kind:
        created = report.of(kind, Action.CREATED)
        if created and len(created) <= LIST_AT_MOST:
            out.append("")
            out.append(f"Nieuw ({KIND_LABELS[kind].lower()}):")
            out.extend(f"  regel {o.line}: {o.key}  {o.name}" for o in created)
    changed = [o for o in report.outcomes if o.action is Action.CHANGED]
    if changed:
        out.append("")
        out.append("Gewijzigd:")
        for o in changed:
            what = "; ".join(
                f"{FIELD_LABELS.get(c.field, c.field)}: {c.old or '(leeg)'} → {c.new or '(leeg)'}"
                for c in o.changes
            )
            out.append(f"  {KIND_SINGULAR[o.kind]} {o.key} ({o.name}): {what}")
    if report.rejected:
        out.append("")
        out.append("Afgewezen regels (niet ingelezen):")
        out.extend(f"  regel {r.line}: {r.message}" for r in report.rejected)
    if report.warnings:
        out.append("")
        out.append("Waarschuwingen:")
        out.extend(f"  regel {w.line}: {w.message}" for w in report.warnings)
    if report.left:
        out.append("")
        if report.archive_missing:
            out.append("Vertrokken leerlingen (niet meer in het bestand), gearchiveerd:")
        else:
            out.append(
                "Vertrokken leerlingen (niet meer in het bestand); archiveer ze met "
                "--archive-missing:"
            )
        out.extend(f"  {p.pupil_number}  {p.name} ({p.group})" for p in report.left)
    if report.loose_guardianships:
        out.append("")
        if report.archive_missing:
            out.append("Koppelingen ouder–leerling die niet meer in het bestand staan, verwijderd:")
        else:
            out.append(
                "Koppelingen ouder–leerling die niet meer in het bestand staan (blijven staan; "
                "verwijder ze met --archive-missing):"
            )
        out.extend(
            f"  {g.pupil_number} {g.pupil_name} – {g.parent_login}"
            for g in report.loose_guardianships
        )
    if report.access_removed:
        out.append("")
        out.append(
            "Geen gezag volgens het bestand: toegang tot de leerling ingetrokken (nu "
            "contactpersoon):"
        )
        out.extend(
            f"  {g.pupil_number} {g.pupil_name} – {g.parent_login}" for g in report.access_removed
        )
    if report.without_parents:
        out.append("")
        out.append("Leerlingen zonder ouder met toegang tot het portaal:")
        out.extend(f"  {p.pupil_number}  {p.name} ({p.group})" for p in report.without_parents)
    out.append("")
    if report.dry_run:
        out.append("Proefdraai (--dry-run): er is niets opgeslagen.")
    elif report.writes_anything:
        out.append("Opgeslagen.")
    else:
        out.append("Niets gewijzigd: het portaal was al gelijk aan het bestand.")
    return "\n".join(out)


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--presets",
    is_flag=True,
    is_eager=True,
    expose_value=False,
    callback=_show_presets,
    help="List the presets and the exact columns each expects, then stop.",
)
@click.option("--dry-run", is_flag=True, help="Show what would change; save nothing.")
@click.option(
    "--preset",
    type=click.Choice(PRESETS),
    help="The columns of a known administration's export (see --presets).",
)
@click.option(
    "--mapping",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="TOML file naming the columns of the export (default: deborg's headers and their "
    "common variants).",
)
@click.option(
    "--archive-missing",
    is_flag=True,
    help="Archive pupils no longer in the file and remove parent links no longer in it.",
)
@click.option("--create-groups", is_flag=True, help="Create groups the school does not have yet.")
@click.option(
    "--pupils-only",
    is_flag=True,
    help="Import a file without parent e-mail addresses: only the pupils and groups.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@pass_context
def import_command(
    context: CliContext,
    file: Path,
    dry_run: bool,
    preset: str | None,
    mapping: Path | None,
    archive_missing: bool,
    create_groups: bool,
    pupils_only: bool,
    as_json: bool,
) -> None:
    """Import groups, pupils, parents and guardianships from a CSV export (one line per
    pupil with one or more parents). Running it again with the same file changes nothing."""
    columns = load_mapping(mapping, preset)
    export = read_export(file.read_bytes(), columns)
    school = context.school()
    s = context.services
    bar = _ProgressBar()
    try:
        report = import_pupils(
            s.uow(),
            s.clock,
            school_id=school.id,
            phones=s.phones,
            emails=s.emails,
            header=export.header,
            lines=export.lines,
            mapping=columns,
            options=ImportOptions(
                create_groups=create_groups,
                archive_missing=archive_missing,
                dry_run=dry_run,
                pupils_only=pupils_only,
            ),
            progress=bar,
            line_count=export.line_count,
            header_line=export.header_line,
            notes=export.notes,
        )
    finally:
        bar.close()
    if as_json:
        emit_json(
            {
                "file": file.name,
                "encoding": export.encoding,
                "separator": export.separator,
                **report.as_dict(),
            }
        )
        return
    separator = {";": "puntkomma", ",": "komma", "\t": "tab"}[export.separator]
    click.echo(
        render(
            report,
            source=f"{file.name}: {report.lines} regels, {export.encoding}, "
            f"gescheiden door {separator}.",
        )
    )


def register(cli: click.Group) -> None:
    cli.add_command(import_command)
