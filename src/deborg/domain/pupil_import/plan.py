"""The pure heart of the import: the school as it is plus the lines of the file give a plan
of changes and the report. No storage here; :mod:`.usecase` loads and applies.

Rules (the README's "Importing from the pupil administration" explains them to staff):

- A pupil is matched on the pupil number as the administration means it ("00123" is 123), a
  parent on the e-mail address (the login name, or else the contact address). Two parents
  with one e-mail address share one account. A line may name several parents.
- A pupil on several lines (one per parent) must have the same pupil data on each; a later
  line that differs is rejected. A parent's data comes from the first line naming the address.
- The administration is the source of truth: names, date of birth, group, the parent's address
  and read-only flag follow the file. A column that is not in the file changes nothing.
- Group names are read the way administrations write them ("gr 5" is the school's "Groep
  5"); unknown groups reject the line, unless groups may be created (``create_groups``).
- A parent without custody is the pupil's contact, without access to the pupil; a parent
  who had access and is now listed without custody loses it (reported).
- Pupils not in the file are reported as leavers; archived only with ``archive_missing``. A
  leaver who comes back is restored.
- A guardianship the portal has but the file no longer lists (for a pupil the file does list)
  is reported, and removed only with ``archive_missing``; never for a pupil with a rejected
  line, because then the file cannot be trusted to list all of that pupil's parents.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import attrs

from deborg.domain.model import (
    NEW,
    Child,
    Group,
    Guardianship,
    Parent,
    PupilContact,
    normalise_login,
)
from deborg.domain.profiles.model import ParentContact
from deborg.domain.pupil_import.columns import Columns, Field
from deborg.domain.pupil_import.lines import (
    EmailCheck,
    ImportLine,
    LineRejected,
    ParentData,
    PupilData,
    RawLine,
    parse_line,
    pupil_key,
)
from deborg.domain.pupil_import.model import (
    ImportOptions,
    ImportPlan,
    PlannedChild,
    SchoolSnapshot,
    group_key,
    group_name,
    group_years,
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
    PupilWithoutParent,
)


class _Planner:
    def __init__(
        self,
        snapshot: SchoolSnapshot,
        columns: Columns,
        options: ImportOptions,
        now: dt.datetime,
        normalise_phone: Callable[[str], str | None],
        normalise_email: EmailCheck | None,
    ) -> None:
        self.snapshot = snapshot
        self.columns = columns
        self.options = options
        self.now = now
        self.today = now.date()
        self.normalise_phone = normalise_phone
        self.normalise_email = normalise_email
        self.groups = {group_key(g.name): g for g in snapshot.groups}
        self.groups_by_id = {g.id: g for g in snapshot.groups}
        #: By pupil key ("00123" and "123" are one pupil).
        self.children: dict[str, Child] = {}
        for c in snapshot.children:
            if c.pupil_number:
                self.children.setdefault(pupil_key(c.pupil_number), c)
        self.parents_by_login = {p.login_name: p for p in snapshot.parents}
        self.parents_by_contact: dict[str, Parent] = {}
        for p in snapshot.parents:
            contact = normalise_login(p.contact_email)
            if contact and contact not in self.parents_by_login:
                self.parents_by_contact.setdefault(contact, p)
        self.email_headers = [b[Field.PARENT_EMAIL] for b in columns.parents]
        # What the file says, in file order.
        self.new_groups: dict[str, Group] = {}
        self.group_lines: dict[str, int] = {}
        self.pupils: dict[str, tuple[int, PupilData]] = {}  # by pupil key
        self.parents: dict[str, tuple[int, ParentData]] = {}  # by login name
        #: (pupil key, login name) -> (line, custody)
        self.pairs: dict[tuple[str, str], tuple[int, bool]] = {}
        # Everything the file mentions, rejected lines included (nobody left who is listed).
        self.numbers_mentioned: set[str] = set()
        self.logins_mentioned: dict[str, set[str]] = {}  # pupil key -> login names
        #: Pupils with a rejected line or a parent left out: the file cannot be trusted to
        #: list all of their parents.
        self.numbers_with_rejections: set[str] = set()
        self.rejected: list[LineNote] = []
        self.warnings: list[LineNote] = []

    def existing_parent(self, email: str) -> Parent | None:
        return self.parents_by_login.get(email) or self.parents_by_contact.get(email)

    def login_taken(self, email: str) -> str | None:
        """Whose login name ``email`` already is, when not a parent of this school: a login
        name is one person's, a parent's or a staff member's."""
        if email in self.snapshot.staff_logins:
            return "een medewerker"
        if email in self.snapshot.logins_elsewhere:
            return "een ouder op een andere school"
        return None

    def login_for(self, email: str) -> str:
        existing = self.existing_parent(email)
        return existing.login_name if existing else email

    # --- reading the lines ------------------------------------------------------------------

    def read(self, raw: RawLine) -> None:
        number = (raw.values.get(self.columns[Field.PUPIL_NUMBER]) or "").strip()
        key = pupil_key(number) if number else ""
        if key:
            self.numbers_mentioned.add(key)
            for header in self.email_headers:
                if email := normalise_login(raw.values.get(header) or ""):
                    self.logins_mentioned.setdefault(key, set()).add(self.login_for(email))
        try:
            line = parse_line(raw, self.columns, self.today, normalise_email=self.normalise_email)
            self.accept(line, pupil_key(line.pupil.pupil_number))
        except LineRejected as error:
            self.rejected.append(LineNote(raw.number, error.message))
            if key:
                self.numbers_with_rejections.add(key)

    def accept(self, line: ImportLine, key: str) -> None:
        pupil = line.pupil
        gkey = group_key(pupil.group_name)
        unknown = gkey not in self.groups and gkey not in self.new_groups
        if unknown and not self.options.create_groups:
            raise LineRejected(
                f"Onbekende groep '{pupil.group_name}'. Maak de groep eerst aan "
                "(deborg group add) of importeer met --create-groups."
            )
        notes = list(line.warnings)
        known = self.children.get(key)
        first = self.pupils.get(key)
        usual = first[1].pupil_number if first else (known.pupil_number if known else None)
        if usual is not None and usual != pupil.pupil_number:
            notes.append(
                f"Leerlingnummer '{pupil.pupil_number}' gelezen als leerling {usual} "
                "(voorloopnullen tellen niet mee)."
            )
        group = self.groups.get(gkey)
        pupil = attrs.evolve(
            pupil,
            pupil_number=usual or pupil.pupil_number,
            group_name=group.name if group else group_name(pupil.group_name),
        )
        if first is not None and first[1] != pupil:
            raise LineRejected(
                f"Leerling {pupil.pupil_number} staat al op regel {first[0]} met andere "
                f"gegevens ({', '.join(pupil_differences(first[1], pupil))})."
            )
        accepted: list[tuple[str, ParentData]] = []
        for parent in line.parents:
            email = parent.email
            if self.existing_parent(email) is None and (taken := self.login_taken(email)):
                notes.append(
                    f"Het e-mailadres {email} is al de gebruikersnaam van {taken}: deze ouder "
                    "is niet ingelezen, de leerling wel."
                )
                self.numbers_with_rejections.add(key)
                continue
            login = self.login_for(email)
            earlier = self.pairs.get((key, login)) or next(
                ((line.number, True) for done, _ in accepted if done == login), None
            )
            if earlier is not None:
                same = self.parents.get(login, (0, parent))[1]
                if attrs.evolve(same, custody=parent.custody) == parent:
                    message = (
                        f"Dubbele regel: leerling {pupil.pupil_number} en {email} staan al op "
                        f"regel {earlier[0]}."
                    )
                else:
                    message = (
                        f"Deze ouder deelt het e-mailadres {email} met de ouder op regel "
                        f"{earlier[0]}: samen hebben zij één account."
                    )
                notes.append(message)
                if (key, login) in self.pairs and parent.custody:
                    self.pairs[(key, login)] = (self.pairs[(key, login)][0], True)
                continue
            accepted.append((login, parent))
        # Accepted.
        self.warnings.extend(LineNote(line.number, note) for note in notes)
        if gkey not in self.groups and gkey not in self.new_groups:
            year, last_year = group_years(pupil.group_name)
            self.new_groups[gkey] = Group(
                school_id=self.snapshot.school_id,
                name=group_name(pupil.group_name),
                year=year,
                last_year=last_year,
            )
        self.group_lines.setdefault(gkey, line.number)
        self.pupils.setdefault(key, (line.number, pupil))
        if line.parent_left_out:
            self.numbers_with_rejections.add(key)
        for login, parent in accepted:
            self.parents.setdefault(login, (line.number, parent))
            self.pairs[(key, login)] = (line.number, parent.custody)

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

        def name_of_group(key: str) -> str:
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
                        pupil_number=data.pupil_number,
                    ),
                    data,
                    group_id,
                )
                new_children.append(PlannedChild(child, key))
                outcomes.append(
                    Outcome(Kind.PUPIL, Action.CREATED, data.pupil_number, child.name, line)
                )
                continue
            wanted = pupil_into(existing, data, group_id)
            old_group = self.groups_by_id.get(existing.group_id)
            changes = diff(
                child_fields(existing, old_group.name if old_group else ""),
                child_fields(wanted, name_of_group(key)),
            )
            if changes:
                changed_children.append(PlannedChild(wanted, key))
                outcomes.append(
                    Outcome(
                        Kind.PUPIL, Action.CHANGED, data.pupil_number, wanted.name, line, changes
                    )
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

        links = self._links(outcomes, unchanged)
        leavers = self._leavers()
        loose, doomed, doomed_contacts = self._loose_links()
        if self.options.archive_missing:
            for child in leavers:
                changed_children.append(
                    PlannedChild(attrs.evolve(child, archived=True), _group_key_of(self, child))
                )
        removed = list(links.removed_guardianships)
        removed_contacts = list(links.removed_contacts)
        if self.options.archive_missing:
            removed += doomed
            removed_contacts += doomed_contacts
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
            without_parents=self._without_parents(set(removed)),
            access_removed=tuple(links.access_removed),
        )
        return ImportPlan(
            school_id=school_id,
            new_groups=self.new_groups,
            new_children=new_children,
            changed_children=changed_children,
            new_parents=new_parents,
            changed_parents=changed_parents,
            new_guardianships=links.new_guardianships,
            removed_guardianships=removed,
            new_pupil_contacts=links.new_contacts,
            removed_pupil_contacts=removed_contacts,
            report=report,
            known_child_ids={number: c.id for number, c in self.children.items()},
            known_parent_ids={p.login_name: p.id for p in self.snapshot.parents},
            contacts=contacts,
        )

    def _ids(self, key: str, login: str) -> tuple[int, int] | None:
        child = self.children.get(key)
        parent = self.existing_parent(login)
        return (child.id, parent.id) if child and parent else None

    def _links(self, outcomes: list[Outcome], unchanged: dict[Kind, int]) -> _Links:
        """Guardianships for the parents with custody, contacts for the others; a parent who
        had access and now has no custody loses it."""
        access = {(g.child_id, g.parent_id): g for g in self.snapshot.guardianships}
        contact = {(c.child_id, c.parent_id): c for c in self.snapshot.pupil_contacts}
        links = _Links()
        for (key, login), (line, custody) in self.pairs.items():
            ids = self._ids(key, login)
            data = self.pupils[key][1]
            label = f"{data.roepnaam} {data.achternaam} – {login}"
            kind = Kind.GUARDIANSHIP if custody else Kind.CONTACT
            if ids is not None and ids in (access if custody else contact):
                unchanged[kind] += 1
            else:
                (links.new_guardianships if custody else links.new_contacts).append((key, login))
                if not custody:
                    label += " (geen gezag: geen toegang tot de leerling)"
                outcomes.append(
                    Outcome(kind, Action.CREATED, f"{data.pupil_number}/{login}", label, line)
                )
            if ids is None:
                continue
            if custody and ids in contact:
                links.removed_contacts.append(contact[ids])
            if not custody and ids in access:
                links.removed_guardianships.append(access[ids])
                links.access_removed.append(
                    LooseGuardianship(data.pupil_number, self.children[key].name, login)
                )
        return links

    def _leavers(self) -> list[Child]:
        return sorted(
            (
                c
                for number, c in self.children.items()
                if not c.archived and number not in self.numbers_mentioned
            ),
            key=lambda c: (c.pupil_number or "", c.id),
        )

    def _loose_links(
        self,
    ) -> tuple[list[LooseGuardianship], list[Guardianship], list[PupilContact]]:
        """Guardianships and contacts the portal has for a pupil in the file that the file no
        longer lists."""
        children_by_id = {c.id: c for c in self.snapshot.children}
        parents_by_id = {p.id: p for p in self.snapshot.parents}
        found: list[tuple[LooseGuardianship, Guardianship | PupilContact]] = []
        links: list[Guardianship | PupilContact] = [
            *self.snapshot.guardianships,
            *self.snapshot.pupil_contacts,
        ]
        for link in links:
            child = children_by_id.get(link.child_id)
            parent = parents_by_id.get(link.parent_id)
            if child is None or parent is None or not child.pupil_number:
                continue
            key = pupil_key(child.pupil_number)
            if key not in self.pupils or key in self.numbers_with_rejections:
                continue
            if parent.login_name in self.logins_mentioned.get(key, set()):
                continue
            found.append(
                (LooseGuardianship(child.pupil_number, child.name, parent.login_name), link)
            )
        found.sort(key=lambda pair: (pair[0].pupil_number, pair[0].parent_login))
        return (
            [loose for loose, _ in found],
            [link for _, link in found if isinstance(link, Guardianship)],
            [link for _, link in found if isinstance(link, PupilContact)],
        )

    def _without_parents(self, removed: set[Guardianship]) -> tuple[PupilWithoutParent, ...]:
        """The pupils of the file who have no parent with access after the import."""
        with_access = {key for (key, _), (_, custody) in self.pairs.items() if custody}
        kept = {g.child_id for g in self.snapshot.guardianships if g not in removed}
        return tuple(
            PupilWithoutParent(
                data.pupil_number, f"{data.roepnaam} {data.achternaam}", data.group_name
            )
            for key, (_, data) in self.pupils.items()
            if key not in with_access
            and not ((child := self.children.get(key)) and child.id in kept)
        )


@attrs.define
class _Links:
    new_guardianships: list[tuple[str, str]] = attrs.field(factory=list)
    removed_guardianships: list[Guardianship] = attrs.field(factory=list)
    new_contacts: list[tuple[str, str]] = attrs.field(factory=list)
    removed_contacts: list[PupilContact] = attrs.field(factory=list)
    access_removed: list[LooseGuardianship] = attrs.field(factory=list)


def _group_key_of(planner: _Planner, child: Child) -> str:
    group = planner.groups_by_id.get(child.group_id)
    return group_key(group.name) if group else ""


def plan_import(
    snapshot: SchoolSnapshot,
    columns: Columns,
    lines: Sequence[RawLine],
    options: ImportOptions,
    *,
    now: dt.datetime,
    normalise_phone: Callable[[str], str | None],
    normalise_email: EmailCheck | None = None,
    line_count: int | None = None,
) -> ImportPlan:
    """Compare the file with the school: the writes to make and the report. Pure but for
    ``normalise_phone`` and ``normalise_email``, which only parse numbers and addresses.
    ``line_count`` is the number of physical lines of the file (by default: the last line's
    number)."""
    planner = _Planner(snapshot, columns, options, now, normalise_phone, normalise_email)
    for raw in lines:
        planner.read(raw)
    if line_count is None:
        line_count = max((raw.number for raw in lines), default=1)
    return planner.plan(line_count)
