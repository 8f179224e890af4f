"""In-memory adapters for every port. Real code, held to the same contract tests as the SQL
adapter: unit tests run the use cases on them and embedding developers can use them as is.

A :class:`MemoryDatabase` is the shared committed state; each :class:`MemoryUnitOfWork`
works on a private copy and publishes it on ``commit()``, so rollback really discards.
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import secrets
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from types import TracebackType
from typing import Any, Self

import attrs

from deborg.domain.audit import AuditEntry
from deborg.domain.mail import OutboxEntry, OutboxStatus, OutgoingMail
from deborg.domain.model import Child, Group, Guardianship, Parent, School, StaffMember
from deborg.domain.sessions import SignedIn, WebSession
from deborg.domain.throttle import Attempt, ThrottledAction
from deborg.domain.tokens import AccountToken

# ---------------------------------------------------------------------------------------------
# The store


@attrs.define
class MemoryDatabase:
    """Committed state: table name -> primary key -> entity; plus id sequences."""

    tables: dict[str, dict[Any, Any]] = attrs.field(factory=dict)
    sequences: dict[str, int] = attrs.field(factory=dict)
    lock: threading.Lock = attrs.field(factory=threading.Lock)

    def snapshot(self) -> tuple[dict[str, dict[Any, Any]], dict[str, int]]:
        with self.lock:
            return copy.deepcopy(self.tables), dict(self.sequences)

    def publish(self, tables: dict[str, dict[Any, Any]], sequences: dict[str, int]) -> None:
        with self.lock:
            self.tables = tables
            self.sequences = sequences


class _Tx:
    """The working copy of one unit of work."""

    def __init__(self, database: MemoryDatabase) -> None:
        self.tables, self.sequences = database.snapshot()

    def table(self, name: str) -> dict[Any, Any]:
        return self.tables.setdefault(name, {})

    def next_id(self, name: str) -> int:
        self.sequences[name] = self.sequences.get(name, 0) + 1
        return self.sequences[name]


class _Repository:
    table_name = ""

    def __init__(self, tx: Callable[[], _Tx]) -> None:
        self._tx = tx

    @property
    def _rows(self) -> dict[Any, Any]:
        return self._tx().table(self.table_name)

    def _insert(self, entity: Any) -> Any:
        stored = attrs.evolve(entity, id=self._tx().next_id(self.table_name))
        self._rows[stored.id] = stored
        return copy.deepcopy(stored)

    def _replace(self, entity: Any) -> None:
        if entity.id not in self._rows:
            raise KeyError(f"{self.table_name} {entity.id} does not exist")
        self._rows[entity.id] = copy.deepcopy(entity)

    def _select(self, predicate: Callable[[Any], bool]) -> list[Any]:
        return [copy.deepcopy(row) for row in self._rows.values() if predicate(row)]

    def _one(self, predicate: Callable[[Any], bool]) -> Any | None:
        found = self._select(predicate)
        return found[0] if found else None

    def _delete_where(self, predicate: Callable[[Any], bool]) -> int:
        doomed = [key for key, row in self._rows.items() if predicate(row)]
        for key in doomed:
            del self._rows[key]
        return len(doomed)


# ---------------------------------------------------------------------------------------------
# Repositories of the core


class MemorySchoolRepository(_Repository):
    table_name = "schools"

    def add(self, school: School) -> School:
        if self.get_by_code(school.code) is not None:
            raise ValueError(f"school code {school.code} exists")
        return self._insert(school)  # type: ignore[no-any-return]

    def get(self, school_id: int) -> School | None:
        return self._one(lambda s: s.id == school_id)

    def get_by_code(self, code: str) -> School | None:
        return self._one(lambda s: s.code.upper() == code.strip().upper())

    def list(self) -> Sequence[School]:
        return sorted(self._select(lambda s: True), key=lambda s: s.id)

    def update(self, school: School) -> None:
        self._replace(school)


class MemoryGroupRepository(_Repository):
    table_name = "groups"

    def add(self, group: Group) -> Group:
        return self._insert(group)  # type: ignore[no-any-return]

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


class MemoryChildRepository(_Repository):
    table_name = "children"

    def add(self, child: Child) -> Child:
        return self._insert(child)  # type: ignore[no-any-return]

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

    def update(self, child: Child) -> None:
        self._replace(child)


class MemoryParentRepository(_Repository):
    table_name = "parents"

    def add(self, parent: Parent) -> Parent:
        if self.get_by_login(parent.login_name) is not None:
            raise ValueError(f"login {parent.login_name} exists")
        return self._insert(parent)  # type: ignore[no-any-return]

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


class MemoryGuardianshipRepository(_Repository):
    table_name = "guardianships"

    def add(self, guardianship: Guardianship) -> None:
        self._rows[(guardianship.parent_id, guardianship.child_id)] = guardianship

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


class MemoryStaffRepository(_Repository):
    table_name = "staff"

    def add(self, staff: StaffMember) -> StaffMember:
        return self._insert(staff)  # type: ignore[no-any-return]

    def get(self, school_id: int, staff_id: int) -> StaffMember | None:
        return self._one(lambda s: s.id == staff_id and s.school_id == school_id)

    def get_by_email(self, school_id: int, email: str) -> StaffMember | None:
        key = email.strip().lower()
        return self._one(lambda s: s.school_id == school_id and s.email == key)

    def list(self, school_id: int) -> Sequence[StaffMember]:
        return sorted(
            self._select(lambda s: s.school_id == school_id), key=lambda s: s.name.casefold()
        )

    def list_for_group(self, school_id: int, group_id: int) -> Sequence[StaffMember]:
        return [s for s in self.list(school_id) if group_id in s.group_ids]

    def update(self, staff: StaffMember) -> None:
        self._replace(staff)


class MemoryTokenRepository(_Repository):
    table_name = "tokens"

    def add(self, token: AccountToken) -> AccountToken:
        return self._insert(token)  # type: ignore[no-any-return]

    def get_by_hash(self, token_hash: str) -> AccountToken | None:
        return self._one(lambda t: t.token_hash == token_hash)

    def update(self, token: AccountToken) -> None:
        self._replace(token)

    def delete_expired_before(self, moment: dt.datetime) -> int:
        return self._delete_where(lambda t: t.expires_at < moment)


class MemorySessionRepository(_Repository):
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


class MemoryAttemptRepository(_Repository):
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


class MemoryOutboxRepository(_Repository):
    table_name = "outbox"

    def add(self, entry: OutboxEntry) -> OutboxEntry:
        return self._insert(entry)  # type: ignore[no-any-return]

    def get(self, entry_id: int) -> OutboxEntry | None:
        return self._one(lambda e: e.id == entry_id)

    def due(self, now: dt.datetime, limit: int) -> Sequence[OutboxEntry]:
        found = self._select(lambda e: e.status is OutboxStatus.QUEUED and e.next_attempt_at <= now)
        return sorted(found, key=lambda e: (e.next_attempt_at, e.id))[:limit]

    def update(self, entry: OutboxEntry) -> None:
        self._replace(entry)

    def delete_sent_before(self, moment: dt.datetime) -> int:
        return self._delete_where(
            lambda e: e.status is OutboxStatus.SENT and e.sent_at is not None and e.sent_at < moment
        )

    def list(
        self, *, status: OutboxStatus | None = None, limit: int = 100
    ) -> Sequence[OutboxEntry]:
        found = self._select(lambda e: status is None or e.status is status)
        return sorted(found, key=lambda e: e.id, reverse=True)[:limit]


class MemoryAuditRepository(_Repository):
    table_name = "audit"

    def add(self, entry: AuditEntry) -> None:
        self._insert(entry)

    def list_for_subject(
        self, school_id: int, subject_type: str, subject_id: int
    ) -> Sequence[AuditEntry]:
        found = self._select(
            lambda e: (
                e.school_id == school_id
                and e.subject_type == subject_type
                and e.subject_id == subject_id
            )
        )
        return sorted(found, key=lambda e: e.id)


# ---------------------------------------------------------------------------------------------
# The unit of work


class MemoryUnitOfWork:
    def __init__(self, database: MemoryDatabase | None = None) -> None:
        self.database = database if database is not None else MemoryDatabase()
        self._current: _Tx | None = None
        self.committed = False
        tx = self._transaction
        self.schools = MemorySchoolRepository(tx)
        self.groups = MemoryGroupRepository(tx)
        self.children = MemoryChildRepository(tx)
        self.parents = MemoryParentRepository(tx)
        self.guardianships = MemoryGuardianshipRepository(tx)
        self.staff = MemoryStaffRepository(tx)
        self.tokens = MemoryTokenRepository(tx)
        self.sessions = MemorySessionRepository(tx)
        self.attempts = MemoryAttemptRepository(tx)
        self.outbox = MemoryOutboxRepository(tx)
        self.audit = MemoryAuditRepository(tx)
        from deborg.adapters.memory import conferences, devices, privacy, profiles

        self.plannings = conferences.MemoryPlanningRepository(tx)
        self.requirements = conferences.MemoryRequirementRepository(tx)
        self.bookings = conferences.MemoryBookingRepository(tx)
        self.privacy = privacy.MemoryPrivacySettingsRepository(tx)
        self.devices = devices.MemoryDeviceRepository(tx)
        self.parent_contacts = profiles.MemoryParentContactRepository(tx)
        self.emergency_numbers = profiles.MemoryEmergencyNumberRepository(tx)
        self.teacher_notes = profiles.MemoryTeacherNoteRepository(tx)
        self.change_reports = profiles.MemoryChangeReportRepository(tx)
        self.photos = profiles.MemoryProfilePhotoRepository(tx)
        _wire_content(self, tx)

    def _transaction(self) -> _Tx:
        if self._current is None:
            raise RuntimeError("repositories work only inside 'with uow:'")
        return self._current

    def __enter__(self) -> Self:
        self._current = _Tx(self.database)
        self.committed = False
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.rollback()

    def commit(self) -> None:
        tx = self._transaction()
        self.database.publish(copy.deepcopy(tx.tables), dict(tx.sequences))
        self.committed = True

    def rollback(self) -> None:
        self._current = None


def _wire_content(uow: MemoryUnitOfWork, tx: Callable[[], _Tx]) -> None:
    from deborg.adapters.memory import content as c

    uow.news = c.MemoryNewsRepository(tx)
    uow.messages = c.MemoryMessageRepository(tx)
    uow.replies = c.MemoryReplyRepository(tx)
    uow.agenda = c.MemoryAgendaRepository(tx)
    uow.albums = c.MemoryAlbumRepository(tx)
    uow.album_photos = c.MemoryPhotoRepository(tx)
    uow.documents = c.MemoryDocumentRepository(tx)
    uow.notification_preferences = c.MemoryNotificationPreferenceRepository(tx)
    uow.digest_entries = c.MemoryDigestEntryRepository(tx)
    uow.digest_state = c.MemoryDigestStateRepository(tx)
    uow.calendar_feeds = c.MemoryCalendarFeedRepository(tx)


# ---------------------------------------------------------------------------------------------
# The other ports


@attrs.define
class FixedClock:
    """A clock that stands still until a test moves it."""

    current: dt.datetime = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)

    def now(self) -> dt.datetime:
        return self.current

    def advance(self, delta: dt.timedelta) -> None:
        self.current += delta

    def set(self, moment: dt.datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self.current = moment


class CountingTokenSource:
    """Predictable, unique tokens for tests ("token-1", "token-2" …) and seeded choices."""

    def __init__(self, seed: int = 0) -> None:
        self._counter = itertools.count(1)
        self._state = seed

    def token(self, nbytes: int = 32) -> str:
        return f"token-{next(self._counter)}-{'x' * max(0, nbytes - 8)}"

    def randbelow(self, n: int) -> int:
        # A linear congruential generator: deterministic, good enough to spread choices.
        self._state = (self._state * 6364136223846793005 + 1442695040888963407) % 2**64
        return (self._state >> 33) % n


class PlainPasswordHasher:
    """A reversible-looking but honest fake for unit tests: fast, and it checks exactly."""

    def __init__(self, version: int = 1) -> None:
        self.version = version

    def hash(self, password: str) -> str:
        salt = secrets.token_hex(4)
        return f"plain${self.version}${salt}${password}"

    def verify(self, password_hash: str, password: str) -> bool:
        parts = password_hash.split("$", 3)
        return (
            len(parts) == 4 and parts[0] == "plain" and secrets.compare_digest(parts[3], password)
        )

    def needs_rehash(self, password_hash: str) -> bool:
        return not password_hash.startswith(f"plain${self.version}$")


@attrs.define
class MemoryMailer:
    """Collects mails; ``down`` makes it refuse like an SMTP server that is not there."""

    sent: list[OutgoingMail] = attrs.field(factory=list)
    down: bool = False

    def send(self, mail: OutgoingMail) -> None:
        from deborg.ports.mail import MailDeliveryFailed

        if self.down:
            raise MailDeliveryFailed("mail server unreachable")
        self.sent.append(mail)

    def to(self, address: str) -> list[OutgoingMail]:
        return [mail for mail in self.sent if mail.to == address]


@attrs.define
class MemoryFileStore:
    files: dict[str, bytes] = attrs.field(factory=dict)

    def put(self, key: str, content: bytes) -> None:
        self.files[key] = bytes(content)

    def get(self, key: str) -> bytes:
        return self.files[key]

    def delete(self, key: str) -> None:
        self.files.pop(key, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self.files)
