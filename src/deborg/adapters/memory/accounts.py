"""In-memory repositories of the core: schools, groups, children, parents and their
guardianships, staff, account tokens, web sessions and throttled attempts."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Iterable, Sequence

from deborg.adapters.memory.store import MemoryRepository
from deborg.domain.model import (
    Child,
    Group,
    Guardianship,
    Parent,
    PupilContact,
    School,
    StaffMember,
)
from deborg.domain.sessions import SignedIn, WebSession
from deborg.domain.throttle import Attempt, ThrottledAction
from deborg.domain.tokens import AccountToken


class MemorySchoolRepository(MemoryRepository[School]):
    table_name = "schools"

    def lock(self, school_id: int) -> None:
        """Nothing to hold: the memory database lives in one process, where a unit of work is
        not shared between threads."""

    def add(self, school: School) -> School:
        if self.get_by_code(school.code) is not None:
            raise ValueError(f"school code {school.code} exists")
        return self._insert(school)

    def get(self, school_id: int) -> School | None:
        return self._one(lambda s: s.id == school_id)

    def get_by_code(self, code: str) -> School | None:
        return self._one(lambda s: s.code.upper() == code.strip().upper())

    def list(self) -> Sequence[School]:
        return sorted(self._select(lambda s: True), key=lambda s: s.id)

    def update(self, school: School) -> None:
        self._replace(school)


class MemoryGroupRepository(MemoryRepository[Group]):
    table_name = "groups"

    def add(self, group: Group) -> Group:
        return self._insert(group)

    def get(self, school_id: int, group_id: int) -> Group | None:
        return self._one(lambda g: g.id == group_id and g.school_id == school_id)

    def get_by_name(self, school_id: int, name: str) -> Group | None:
        key = name.strip().casefold()
        return self._one(lambda g: g.school_id == school_id and g.name.casefold() == key)

    def list(self, school_id: int) -> Sequence[Group]:
        groups = self._select(lambda g: g.school_id == school_id)
        return sorted(groups, key=lambda g: (g.year or 0, g.name.casefold(), g.id))

    def update(self, group: Group) -> None:
        self._replace(group)


class MemoryChildRepository(MemoryRepository[Child]):
    table_name = "children"

    def add(self, child: Child) -> Child:
        return self._insert(child)

    def add_many(self, children: Sequence[Child]) -> list[Child]:
        return [self.add(child) for child in children]

    def get(self, school_id: int, child_id: int) -> Child | None:
        return self._one(lambda c: c.id == child_id and c.school_id == school_id)

    def get_many(self, school_id: int, child_ids: Iterable[int]) -> Sequence[Child]:
        wanted = set(child_ids)
        found = self._select(lambda c: c.id in wanted and c.school_id == school_id)
        return sorted(found, key=lambda c: (c.sort_key, c.id))

    def get_by_pupil_number(self, school_id: int, pupil_number: str) -> Child | None:
        return self._one(lambda c: c.school_id == school_id and c.pupil_number == pupil_number)

    def list(self, school_id: int, *, include_archived: bool = False) -> Sequence[Child]:
        found = self._select(
            lambda c: c.school_id == school_id and (include_archived or not c.archived)
        )
        return sorted(found, key=lambda c: (c.sort_key, c.id))

    def list_for_group(self, school_id: int, group_id: int) -> Sequence[Child]:
        found = self._select(
            lambda c: c.school_id == school_id and c.group_id == group_id and not c.archived
        )
        return sorted(found, key=lambda c: (c.sort_key, c.id))

    def of_parent(self, school_id: int, parent_id: int) -> Sequence[tuple[Child, Group]]:
        tx = self._tx()
        own = {
            g.child_id
            for g in tx.table("guardianships").values()
            if g.parent_id == parent_id and g.school_id == school_id
        }
        groups = tx.table("groups")
        return [
            (child, copy.deepcopy(groups[child.group_id]))
            for child in self.get_many(school_id, own)
            if not child.archived
        ]

    def update(self, child: Child) -> None:
        self._replace(child)


class MemoryParentRepository(MemoryRepository[Parent]):
    table_name = "parents"

    def add(self, parent: Parent) -> Parent:
        if self.get_by_login(parent.login_name) is not None:
            raise ValueError(f"login {parent.login_name} exists")
        return self._insert(parent)

    def add_many(self, parents: Sequence[Parent]) -> list[Parent]:
        return [self.add(parent) for parent in parents]

    def get(self, school_id: int, parent_id: int) -> Parent | None:
        return self._one(lambda p: p.id == parent_id and p.school_id == school_id)

    def get_many(self, school_id: int, parent_ids: Iterable[int]) -> Sequence[Parent]:
        wanted = set(parent_ids)
        found = self._select(lambda p: p.id in wanted and p.school_id == school_id)
        return sorted(found, key=lambda p: p.id)

    def get_by_login(self, login_name: str) -> Parent | None:
        return self._one(lambda p: p.login_name == login_name)

    def logins_in_use(self, login_names: Iterable[str]) -> set[str]:
        wanted = set(login_names)
        return {p.login_name for p in self._rows.values() if p.login_name in wanted}

    def list(self, school_id: int) -> Sequence[Parent]:
        return sorted(self._select(lambda p: p.school_id == school_id), key=lambda p: p.id)

    def update(self, parent: Parent) -> None:
        clash = self.get_by_login(parent.login_name)
        if clash is not None and clash.id != parent.id:
            raise ValueError(f"login {parent.login_name} exists")
        self._replace(parent)


class MemoryPupilContactRepository(MemoryRepository[PupilContact]):
    table_name = "pupil_contacts"

    def add(self, contact: PupilContact) -> None:
        self._rows[(contact.parent_id, contact.child_id)] = contact

    def add_many(self, contacts: Sequence[PupilContact]) -> None:
        for contact in contacts:
            self.add(contact)

    def remove(self, contact: PupilContact) -> None:
        if self._rows.get((contact.parent_id, contact.child_id)) == contact:
            del self._rows[(contact.parent_id, contact.child_id)]

    def list(self, school_id: int) -> Sequence[PupilContact]:
        return sorted(
            self._select(lambda c: c.school_id == school_id),
            key=lambda c: (c.child_id, c.parent_id),
        )


class MemoryGuardianshipRepository(MemoryRepository[Guardianship]):
    table_name = "guardianships"

    def add(self, guardianship: Guardianship) -> None:
        self._rows[(guardianship.parent_id, guardianship.child_id)] = guardianship

    def add_many(self, guardianships: Sequence[Guardianship]) -> None:
        for guardianship in guardianships:
            self.add(guardianship)

    def remove(self, guardianship: Guardianship) -> None:
        self._rows.pop((guardianship.parent_id, guardianship.child_id), None)

    def exists(self, guardianship: Guardianship) -> bool:
        return self._rows.get((guardianship.parent_id, guardianship.child_id)) == guardianship

    def children_of(self, school_id: int, parent_id: int) -> Sequence[int]:
        return sorted(
            g.child_id
            for g in self._rows.values()
            if g.parent_id == parent_id and g.school_id == school_id
        )

    def parents_of(self, school_id: int, child_ids: Iterable[int]) -> dict[int, list[int]]:
        wanted = set(child_ids)
        result: dict[int, list[int]] = {child_id: [] for child_id in wanted}
        for g in sorted(self._rows.values(), key=lambda g: g.parent_id):
            if g.child_id in wanted and g.school_id == school_id:
                result[g.child_id].append(g.parent_id)
        return result

    def children_of_many(self, school_id: int, parent_ids: Iterable[int]) -> dict[int, list[int]]:
        wanted = set(parent_ids)
        result: dict[int, list[int]] = {parent_id: [] for parent_id in wanted}
        for g in sorted(self._rows.values(), key=lambda g: g.child_id):
            if g.parent_id in wanted and g.school_id == school_id:
                result[g.parent_id].append(g.child_id)
        return result


class MemoryStaffRepository(MemoryRepository[StaffMember]):
    table_name = "staff"

    def add(self, staff: StaffMember) -> StaffMember:
        return self._insert(staff)

    def get(self, school_id: int, staff_id: int) -> StaffMember | None:
        return self._one(lambda s: s.id == staff_id and s.school_id == school_id)

    def get_by_email(self, school_id: int, email: str) -> StaffMember | None:
        key = email.strip().lower()
        return self._one(lambda s: s.school_id == school_id and s.email == key)

    def get_by_login(self, email: str) -> StaffMember | None:
        key = email.strip().lower()
        return self._one(lambda s: s.email == key)

    def logins_in_use(self, login_names: Iterable[str]) -> set[str]:
        wanted = {n.lower() for n in login_names}
        return {s.email for s in self._rows.values() if s.email in wanted}

    def list(self, school_id: int) -> Sequence[StaffMember]:
        return sorted(
            self._select(lambda s: s.school_id == school_id), key=lambda s: s.name.casefold()
        )

    def list_for_group(self, school_id: int, group_id: int) -> Sequence[StaffMember]:
        return [s for s in self.list(school_id) if group_id in s.group_ids]

    def update(self, staff: StaffMember) -> None:
        self._replace(staff)


class MemoryTokenRepository(MemoryRepository[AccountToken]):
    table_name = "tokens"

    def add(self, token: AccountToken) -> AccountToken:
        return self._insert(token)

    def get_by_hash(self, token_hash: str) -> AccountToken | None:
        return self._one(lambda t: t.token_hash == token_hash)

    def update(self, token: AccountToken) -> None:
        self._replace(token)

    def delete_expired_before(self, moment: dt.datetime) -> int:
        return self._delete_where(lambda t: t.expires_at < moment)


class MemorySessionRepository(MemoryRepository[WebSession]):
    table_name = "sessions"

    def add(self, session: WebSession) -> None:
        self._rows[session.session_hash] = copy.deepcopy(session)

    def get(self, session_hash: str) -> WebSession | None:
        found = self._rows.get(session_hash)
        return copy.deepcopy(found)

    def get_signed_in(self, session_hash: str) -> SignedIn | None:
        session = self.get(session_hash)
        if session is None:
            return None
        tx = self._tx()
        parent = tx.table("parents").get(session.parent_id)
        school = tx.table("schools").get(session.school_id)
        if parent is None or school is None or parent.school_id != session.school_id:
            return None
        return SignedIn(session, copy.deepcopy(parent), copy.deepcopy(school))

    def list_for_parent(self, parent_id: int) -> Sequence[WebSession]:
        found = [copy.deepcopy(s) for s in self._rows.values() if s.parent_id == parent_id]
        return sorted(found, key=lambda s: (s.last_seen_at, s.created_at), reverse=True)

    def update(self, session: WebSession) -> None:
        self._rows[session.session_hash] = copy.deepcopy(session)

    def delete(self, session_hash: str) -> None:
        self._rows.pop(session_hash, None)

    def delete_for_parent(self, parent_id: int, *, except_hash: str | None = None) -> int:
        doomed = [
            key
            for key, session in self._rows.items()
            if session.parent_id == parent_id and key != except_hash
        ]
        for key in doomed:
            del self._rows[key]
        return len(doomed)

    def delete_dead(self, *, seen_before: dt.datetime, created_before: dt.datetime) -> int:
        return self._delete_where(
            lambda s: s.last_seen_at < seen_before or s.created_at < created_before
        )


class MemoryAttemptRepository(MemoryRepository[Attempt]):
    table_name = "attempts"

    def add(self, attempt: Attempt) -> None:
        self._rows[self._tx().next_id(self.table_name)] = attempt

    def _count(self, predicate: Callable[[Attempt], bool]) -> int:
        return sum(1 for attempt in self._rows.values() if predicate(attempt))

    def count_for_account(
        self, action: ThrottledAction, account_key: str, since: dt.datetime
    ) -> int:
        return self._count(
            lambda a: a.action == action and a.account_key == account_key and a.at >= since
        )

    def count_for_client(self, action: ThrottledAction, client_key: str, since: dt.datetime) -> int:
        return self._count(
            lambda a: a.action == action and a.client_key == client_key and a.at >= since
        )

    def clear_account(self, action: ThrottledAction, account_key: str) -> None:
        for key in [
            key
            for key, a in self._rows.items()
            if a.action == action and a.account_key == account_key
        ]:
            del self._rows[key]

    def delete_before(self, moment: dt.datetime) -> int:
        return self._delete_where(lambda a: a.at < moment)
