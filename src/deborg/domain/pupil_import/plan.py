"""The pure heart of the import: the school as it is plus the lines of the file give a plan
of changes and the report. No storage here; :mod:`.usecase` loads and applies.

Rules (the README's "Importing from the pupil administration" explains them to staff):

- A pupil is matched on the pupil number, a parent on the e-mail address (the login name, or
  else the contact address). Two parents with one e-mail address share one account.
- A pupil on several lines (one per parent) must have the same pupil data on each; a later
  line that differs is rejected. A parent's data comes from the first line naming the address.
- The administration is the source of truth: names, date of birth, group, the parent's address
  and read-only flag follow the file. A column that is not in the file changes nothing.
- Unknown groups reject the line, unless groups may be created (``create_groups``).
- Pupils not in the file are reported as leavers; archived only with ``archive_missing``. A
  leaver who comes back is restored.
- A guardianship the portal has but the file no longer lists (for a pupil the file does list)
  is reported, and removed only with ``archive_missing``; never for a pupil with a rejected
  line, because then the file cannot be trusted to list all of that pupil's parents.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence

import attrs

from deborg.domain.model import NEW, Child, Group, Guardianship, Parent, normalise_login
from deborg.domain.profiles.model import ParentContact
from deborg.domain.pupil_import.columns import Field
from deborg.domain.pupil_import.lines import (
    ImportLine,
    LineRejected,
    ParentData,
    PupilData,
    RawLine,
    parse_line,
)
from deborg.domain.pupil_import.model import (
    ImportOptions,
    ImportPlan,
    PlannedChild,
    SchoolSnapshot,
    group_key,
    group_year,
)
from deborg.domain.pupil_import.records import (
    child_fields,
    diff,
    numbers,
    parent_fields,
    parent_into,
    pupil_differences,
    pupil_into,
    with_phone,
)
from deborg.domain.pupil_import.report import (
    Action,
    FieldChange,
    ImportReport,
    Kind,
    Leaver,
    LineNote,
    LooseGuardianship,
    Outcome,
)


class _Planner:
    def __init__(
        self,
        snapshot: SchoolSnapshot,
        columns: Mapping[Field, str],
        options: ImportOptions,
        now: dt.datetime,
        normalise_phone: Callable[[str], str | None],
    ) -> None:
        self.snapshot = snapshot
        self.columns = columns
        self.options = options
        self.now = now
        self.normalise_phone = normalise_phone
        self.groups = {group_key(g.name): g for g in snapshot.groups}
        self.groups_by_id = {g.id: g for g in snapshot.groups}
        self.children = {c.pupil_number: c for c in snapshot.children if c.pupil_number}
        self.parents_by_login = {p.login_name: p for p in snapshot.parents}
        self.parents_by_contact: dict[str, Parent] = {}
        for p in snapshot.parents:
            contact = normalise_login(p.contact_email)
            if contact and contact not in self.parents_by_login:
                self.parents_by_contact.setdefault(contact, p)
        # What the file says, in file order.
        self.new_groups: dict[str, Group] = {}
        self.group_lines: dict[str, int] = {}
        self.pupils: dict[str, tuple[int, PupilData]] = {}
        self.parents: dict[str, tuple[int, ParentData]] = {}  # by login name
        self.pairs: dict[tuple[str, str], int] = {}  # (pupil number, login name) -> line
        # Everything the file mentions, rejected lines included (nobody left who is listed).
        self.numbers_mentioned: set[str] = set()
        self.logins_mentioned: dict[str, set[str]] = {}  # pupil number -> login names
        self.numbers_with_rejections: set[str] = set()
        self.rejected: list[LineNote] = []
        self.warnings: list[LineNote] = []

    def existing_parent(self, email: str) -> Parent | None:
        return self.parents_by_login.get(email) or self.parents_by_contact.get(email)

    def login_for(self, email: str) -> str:
        existing = self.existing_parent(email)
        return existing.login_name if existing else email

    # --- reading the lines ------------------------------------------------------------------

    def read(self, raw: RawLine) -> None:
        number = (raw.values.get(self.columns[Field.PUPIL_NUMBER]) or "").strip()
        email_header = self.columns.get(Field.PARENT_EMAIL)
        email = normalise_login(raw.values.get(email_header) or "") if email_header else ""
        if number:
            self.numbers_mentioned.add(number)
            if email:
                self.logins_mentioned.setdefault(number, set()).add(self.login_for(email))
        try:
            self.accept(parse_line(raw, self.columns))
        except LineRejected as error:
            self.rejected.append(LineNote(raw.number, error.message))
            if number:
                self.numbers_with_rejections.add(number)

    def accept(self, line: ImportLine) -> None:
        pupil = line.pupil
        key = group_key(pupil.group_name)
        if key not in self.groups and key not in self.new_groups and not self.options.create_groups:
            raise LineRejected(
                f"Onbekende groep '{pupil.group_name}'. Maak de groep eerst aan "
                "(deborg group add) of importeer met --create-groups."
            )
        first = self.pupils.get(pupil.pupil_number)
        if first is not None and first[1] != pupil:
            raise LineRejected(
                f"Leerling {pupil.pupil_number} staat al op regel {first[0]} met andere "
                f"gegevens ({', '.join(pupil_differences(first[1], pupil))})."
            )
        login = None
        if line.parent is not None:
            email = line.parent.email
            if self.existing_parent(email) is None and email in self.snapshot.logins_elsewhere:
                raise LineRejected(
                    f"Het e-mailadres {email} is al de gebruikersnaam van een ouder op een "
                    "andere school."
                )
            login = self.login_for(email)
            earlier = self.pairs.get((pupil.pupil_number, login))
            if earlier is not None:
                if self.parents[login][1] == line.parent:
                    message = (
                        f"Dubbele regel: leerling {pupil.pupil_number} en {email} staan al op "
                        f"regel {earlier}."
                    )
                else:
                    message = (
                        f"Deze ouder deelt het e-mailadres {email} met de ouder op regel "
                        f"{earlier}: samen hebben zij één account."
                    )
                self.warnings.append(LineNote(line.number, message))
                return
        # Accepted.
        if key not in self.groups and key not in self.new_groups:
            self.new_groups[key] = Group(
                school_id=self.snapshot.school_id,
                name=" ".join(pupil.group_name.split()),
                year=group_year(pupil.group_name),
            )
            self.group_lines[key] = line.number
        self.group_lines.setdefault(key, line.number)
        self.pupils.setdefault(pupil.pupil_number, (line.number, pupil))
        if line.parent is not None and login is not None:
            self.parents.setdefault(login, (line.number, line.parent))
            self.pairs[(pupil.pupil_number, login)] = line.number
        elif line.parent_without_email:
            self.warnings.append(
                LineNote(
                    line.number,
                    f"Ouder zonder e-mailadres bij leerling {pupil.pupil_number}: alleen de "
                    "leerling is ingelezen (een account heeft een e-mailadres nodig).",
                )
            )

    # --- comparing with the school -------------------------------------------------------------

    def plan(self, line_count: int) -> ImportPlan:
        outcomes: list[Outcome] = []
        unchanged = dict.fromkeys(Kind, 0)
        school_id = self.snapshot.school_id

        for key, group in self.new_groups.items():
            outcomes.append(
                Outcome(Kind.GROUP, Action.CREATED, group.name, group.name, self.group_lines[key])
            )
        unchanged[Kind.GROUP] = sum(1 for key in self.group_lines if key in self.groups)

        def group_name(key: str) -> str:
            group = self.groups.get(key) or self.new_groups[key]
            return group.name

        new_children: list[PlannedChild] = []
        changed_children: list[PlannedChild] = []
        for number, (line, data) in self.pupils.items():
            key = group_key(data.group_name)
            group_id = self.groups[key].id if key in self.groups else NEW
            existing = self.children.get(number)
            if existing is None:
                child = pupil_into(
                    Child(
                        school_id=school_id,
                        group_id=group_id,
                        roepnaam="",
                        achternaam="",
                        pupil_number=number,
                    ),
                    data,
                    group_id,
                )
                new_children.append(PlannedChild(child, key))
                outcomes.append(Outcome(Kind.PUPIL, Action.CREATED, number, child.name, line))
                continue
            wanted = pupil_into(existing, data, group_id)
            old_group = self.groups_by_id.get(existing.group_id)
            changes = diff(
                child_fields(existing, old_group.name if old_group else ""),
                child_fields(wanted, group_name(key)),
            )
            if changes:
                changed_children.append(PlannedChild(wanted, key))
                outcomes.append(
                    Outcome(Kind.PUPIL, Action.CHANGED, number, wanted.name, line, changes)
                )
            else:
                unchanged[Kind.PUPIL] += 1

        new_parents: list[Parent] = []
        changed_parents: list[Parent] = []
        contacts: list[tuple[str, ParentContact]] = []
        for login, (line, parent_data) in self.parents.items():
            found = self.existing_parent(login)
            if found is None:
                parent = parent_into(
                    Parent(
                        school_id=school_id,
                        login_name=login,
                        contact_email=login,
                        created_at=self.now,
                    ),
                    parent_data,
                )
                new_parents.append(parent)
                contact = with_phone(
                    ParentContact(school_id, NEW),
                    parent_data,
                    line,
                    self.normalise_phone,
                    self.warnings,
                )
                if contact is not None:
                    contacts.append((login, contact))
                outcomes.append(Outcome(Kind.PARENT, Action.CREATED, login, parent.name, line))
                continue
            wanted_parent = parent_into(found, parent_data)
            changes = diff(parent_fields(found), parent_fields(wanted_parent))
            if changes:
                changed_parents.append(wanted_parent)
            current = self.snapshot.contacts.get(found.id) or ParentContact(school_id, found.id)
            contact = with_phone(current, parent_data, line, self.normalise_phone, self.warnings)
            if contact is not None:
                contacts.append((login, contact))
                changes += (FieldChange("phones", numbers(current), numbers(contact)),)
            if changes:
                outcomes.append(
                    Outcome(Kind.PARENT, Action.CHANGED, login, wanted_parent.name, line, changes)
                )
            else:
                unchanged[Kind.PARENT] += 1

        existing_pairs = {(g.child_id, g.parent_id) for g in self.snapshot.guardianships}
        new_guardianships: list[tuple[str, str]] = []
        for (number, login), line in self.pairs.items():
            child_found = self.children.get(number)
            parent_found = self.existing_parent(login)
            if child_found and parent_found and (child_found.id, parent_found.id) in existing_pairs:
                unchanged[Kind.GUARDIANSHIP] += 1
                continue
            new_guardianships.append((number, login))
            pupil_name = self.pupils[number][1]
            outcomes.append(
                Outcome(
                    Kind.GUARDIANSHIP,
                    Action.CREATED,
                    f"{number}/{login}",
                    f"{pupil_name.roepnaam} {pupil_name.achternaam} – {login}",
                    line,
                )
            )

        leavers = self._leavers()
        loose, doomed = self._loose_guardianships()
        if self.options.archive_missing:
            for child in leavers:
                changed_children.append(
                    PlannedChild(attrs.evolve(child, archived=True), _group_key_of(self, child))
                )
        report = ImportReport(
            lines=line_count,
            outcomes=tuple(outcomes),
            unchanged=unchanged,
            rejected=tuple(self.rejected),
            warnings=tuple(sorted(self.warnings, key=lambda note: note.line)),
            left=tuple(
                Leaver(
                    c.pupil_number or "",
                    c.name,
                    g.name if (g := self.groups_by_id.get(c.group_id)) else "",
                )
                for c in leavers
            ),
            loose_guardianships=tuple(loose),
            archive_missing=self.options.archive_missing,
            dry_run=self.options.dry_run,
        )
        return ImportPlan(
            school_id=school_id,
            new_groups=self.new_groups,
            new_children=new_children,
            changed_children=changed_children,
            new_parents=new_parents,
            changed_parents=changed_parents,
            new_guardianships=new_guardianships,
            removed_guardianships=doomed if self.options.archive_missing else [],
            report=report,
            known_child_ids={number: c.id for number, c in self.children.items()},
            known_parent_ids={p.login_name: p.id for p in self.snapshot.parents},
            contacts=contacts,
        )

    def _leavers(self) -> list[Child]:
        return sorted(
            (
                c
                for number, c in self.children.items()
                if not c.archived and number not in self.numbers_mentioned
            ),
            key=lambda c: (c.pupil_number or "", c.id),
        )

    def _loose_guardianships(self) -> tuple[list[LooseGuardianship], list[Guardianship]]:
        children_by_id = {c.id: c for c in self.snapshot.children}
        parents_by_id = {p.id: p for p in self.snapshot.parents}
        loose: list[LooseGuardianship] = []
        doomed: list[Guardianship] = []
        for guardianship in self.snapshot.guardianships:
            child = children_by_id.get(guardianship.child_id)
            parent = parents_by_id.get(guardianship.parent_id)
            if child is None or parent is None or not child.pupil_number:
                continue
            number = child.pupil_number
            if number not in self.pupils or number in self.numbers_with_rejections:
                continue
            if parent.login_name in self.logins_mentioned.get(number, set()):
                continue
            loose.append(LooseGuardianship(number, child.name, parent.login_name))
            doomed.append(guardianship)
        order = sorted(
            range(len(loose)), key=lambda i: (loose[i].pupil_number, loose[i].parent_login)
        )
        return [loose[i] for i in order], [doomed[i] for i in order]


def _group_key_of(planner: _Planner, child: Child) -> str:
    group = planner.groups_by_id.get(child.group_id)
    return group_key(group.name) if group else ""


def plan_import(
    snapshot: SchoolSnapshot,
    columns: Mapping[Field, str],
    lines: Sequence[RawLine],
    options: ImportOptions,
    *,
    now: dt.datetime,
    normalise_phone: Callable[[str], str | None],
) -> ImportPlan:
    """Compare the file with the school: the writes to make and the report. Pure but for
    ``normalise_phone``, which only parses numbers."""
    planner = _Planner(snapshot, columns, options, now, normalise_phone)
    for raw in lines:
        planner.read(raw)
    return planner.plan(len(lines))
