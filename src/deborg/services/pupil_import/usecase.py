"""``import_pupils``: load the school once, plan, apply everything in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar

import attrs

from deborg.domain.model import NEW, Child, Guardianship, PupilContact
from deborg.domain.pupil_import.columns import ColumnMapping
from deborg.domain.pupil_import.lines import RawLine, pupil_key
from deborg.domain.pupil_import.model import (
    ImportOptions,
    ImportPlan,
    PlannedChild,
    SchoolSnapshot,
    file_emails,
)
from deborg.domain.pupil_import.plan import plan_import
from deborg.domain.pupil_import.report import ImportReport
from deborg.ports.clock import Clock
from deborg.ports.emails import EmailAddresses
from deborg.ports.phones import PhoneNumbers
from deborg.ports.uow import UnitOfWork
from deborg.services.lookups import school_or_not_found

#: Called as the writes progress: (done, total).
Progress = Callable[[int, int], None]
T = TypeVar("T")


def load_snapshot(uow: UnitOfWork, school_id: int, emails: Iterable[str] = ()) -> SchoolSnapshot:
    """The school's groups, pupils, parents and guardianships in a handful of queries (not
    one per line), plus which of ``emails`` are login names at other schools or of staff."""
    groups = uow.groups.list(school_id)
    children = uow.children.list(school_id, include_archived=True)
    parents = uow.parents.list(school_id)
    links = uow.guardianships.parents_of(school_id, [c.id for c in children])
    guardianships = [
        Guardianship(school_id, parent_id, child_id)
        for child_id, parent_ids in sorted(links.items())
        for parent_id in parent_ids
    ]
    contacts = uow.parent_contacts.get_many(school_id, [p.id for p in parents])
    known = {p.login_name for p in parents} | {p.contact_email.lower() for p in parents}
    unknown = set(emails) - known
    elsewhere = frozenset(uow.parents.logins_in_use(unknown)) if unknown else frozenset()
    staff = frozenset(uow.staff.logins_in_use(unknown)) if unknown else frozenset()
    return SchoolSnapshot(
        school_id=school_id,
        groups=groups,
        children=children,
        parents=parents,
        guardianships=guardianships,
        logins_elsewhere=elsewhere,
        staff_logins=staff,
        contacts={i: c for i, c in contacts.items() if c.phones or c.extra_emails},
        pupil_contacts=uow.pupil_contacts.list(school_id),
    )


#: Records written per statement batch (and per step of the progress bar).
BATCH = 500


def _batches(items: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


def apply_plan(uow: UnitOfWork, plan: ImportPlan, progress: Progress | None = None) -> None:
    """Write the plan inside the caller's unit of work (which commits or not). New records
    go in batches (a few statements per 500, not one per record)."""
    total, done = plan.steps, 0

    def step(count: int = 1) -> None:
        nonlocal done
        done += count
        if progress is not None:
            progress(done, total)

    def group_of(planned: PlannedChild) -> Child:
        child = planned.child
        if child.group_id == NEW:
            child = attrs.evolve(child, group_id=group_ids[planned.group_key])
        return child

    group_ids: dict[str, int] = {}
    child_ids = dict(plan.known_child_ids)
    parent_ids = dict(plan.known_parent_ids)
    for key, group in plan.new_groups.items():
        group_ids[key] = uow.groups.add(group).id
        step()
    for batch in _batches(plan.new_children):
        for added in uow.children.add_many([group_of(planned) for planned in batch]):
            child_ids[pupil_key(added.pupil_number or "")] = added.id
        step(len(batch))
    for planned in plan.changed_children:
        uow.children.update(group_of(planned))
        step()
    for parents in _batches(plan.new_parents):
        for parent in uow.parents.add_many(parents):
            parent_ids[parent.login_name] = parent.id
        step(len(parents))
    for parent in plan.changed_parents:
        uow.parents.update(parent)
        step()
    for pairs in _batches(plan.new_guardianships):
        uow.guardianships.add_many(
            [Guardianship(plan.school_id, parent_ids[login], child_ids[n]) for n, login in pairs]
        )
        step(len(pairs))
    for guardianship in plan.removed_guardianships:
        uow.guardianships.remove(guardianship)
        step()
    for pairs in _batches(plan.new_pupil_contacts):
        uow.pupil_contacts.add_many(
            [PupilContact(plan.school_id, parent_ids[login], child_ids[n]) for n, login in pairs]
        )
        step(len(pairs))
    for link in plan.removed_pupil_contacts:
        uow.pupil_contacts.remove(link)
        step()
    for contacts in _batches(plan.contacts):
        uow.parent_contacts.save_many(
            [attrs.evolve(contact, parent_id=parent_ids[login]) for login, contact in contacts]
        )
        step(len(contacts))


def import_pupils(
    uow: UnitOfWork,
    clock: Clock,
    *,
    school_id: int,
    phones: PhoneNumbers,
    emails: EmailAddresses,
    header: Sequence[str],
    lines: Sequence[RawLine],
    mapping: ColumnMapping | None = None,
    options: ImportOptions | None = None,
    progress: Progress | None = None,
    line_count: int | None = None,
    header_line: int = 1,
    notes: Sequence[str] = (),
) -> ImportReport:
    """Import an export of the pupil administration (one line per pupil–parent pair).

    Rejected lines are reported and skipped; everything else is written in one transaction,
    so a failure half-way leaves the school as it was. A dry run does every step but the
    commit. Running it twice changes nothing the second time. ``line_count`` (the file's
    physical lines), ``header_line`` and ``notes`` (remarks of the reader) go into the
    report.
    """
    options = options or ImportOptions()
    columns = (mapping or ColumnMapping()).locate(header, pupils_only=options.pupils_only)
    with uow:
        school_or_not_found(uow, school_id)
        snapshot = load_snapshot(uow, school_id, file_emails(lines, columns))
        plan = plan_import(
            snapshot,
            columns,
            lines,
            options,
            now=clock.now(),
            normalise_phone=phones.normalise,
            normalise_email=emails.normalise,
            line_count=line_count,
        )
        apply_plan(uow, plan, progress)
        if not options.dry_run:
            uow.commit()
    return attrs.evolve(plan.report, header_line=header_line, notes=tuple(notes))
