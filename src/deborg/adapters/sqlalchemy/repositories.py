"""SQL repositories: explicit translation between rows and the domain's attrs objects."""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Iterable, Sequence
from types import SimpleNamespace
from typing import Any

import attrs
from sqlalchemy import bindparam, delete, func, insert, select
from sqlalchemy.engine import Result, Row
from sqlalchemy.orm import Session

from deborg.adapters.sqlalchemy.tables import (
    AttemptRow,
    AuditRow,
    ChildRow,
    GroupRow,
    GuardianshipRow,
    OutboxRow,
    ParentRow,
    SchoolRow,
    SessionRow,
    StaffGroupRow,
    StaffRow,
    TokenRow,
    get_in_school,
)
from deborg.domain.audit import AuditEntry
from deborg.domain.mail import (
    Attachment,
    MailCategory,
    OutboxEntry,
    OutboxStatus,
    OutgoingMail,
)
from deborg.domain.model import (
    Address,
    Child,
    Group,
    Guardianship,
    Parent,
    ParentState,
    School,
    SchoolSettings,
    StaffMember,
    Weekday,
)
from deborg.domain.sessions import SignedIn, WebSession
from deborg.domain.throttle import Attempt, ThrottledAction
from deborg.domain.tokens import AccountToken, TokenPurpose


class _SqlRepository:
    def __init__(self, session: Session) -> None:
        self.session = session


# --- schools --------------------------------------------------------------------------------


def _school(row: SchoolRow) -> School:
    return School(
        id=row.id,
        name=row.name,
        code=row.code,
        timezone=row.timezone,
        city=row.city,
        settings=SchoolSettings(
            digest_weekday=Weekday(row.digest_weekday),
            digest_time=row.digest_time,
            uses_results=row.uses_results,
            website_url=row.website_url,
        ),
    )


def _school_values(school: School) -> dict[str, object]:
    return {
        "name": school.name,
        "code": school.code,
        "timezone": school.timezone,
        "city": school.city,
        "digest_weekday": int(school.settings.digest_weekday),
        "digest_time": school.settings.digest_time,
        "uses_results": school.settings.uses_results,
        "website_url": school.settings.website_url,
    }


class SqlSchoolRepository(_SqlRepository):
    def add(self, school: School) -> School:
        row = SchoolRow(**_school_values(school))
        self.session.add(row)
        self.session.flush()
        return _school(row)

    def get(self, school_id: int) -> School | None:
        row = self.session.get(SchoolRow, school_id)
        return _school(row) if row else None

    def get_by_code(self, code: str) -> School | None:
        row = self.session.scalar(select(SchoolRow).where(SchoolRow.code == code.strip().upper()))
        return _school(row) if row else None

    def list(self) -> Sequence[School]:
        return [_school(r) for r in self.session.scalars(select(SchoolRow).order_by(SchoolRow.id))]

    def update(self, school: School) -> None:
        row = self.session.get_one(SchoolRow, school.id)
        for key, value in _school_values(school).items():
            setattr(row, key, value)


# --- groups ---------------------------------------------------------------------------------


def _group(row: GroupRow | Row[Any]) -> Group:
    return Group(
        id=row.id,
        school_id=row.school_id,
        name=row.name,
        year=row.year,
        description=row.description,
    )


class SqlGroupRepository(_SqlRepository):
    def add(self, group: Group) -> Group:
        row = GroupRow(
            school_id=group.school_id,
            name=group.name,
            year=group.year,
            description=group.description,
        )
        self.session.add(row)
        self.session.flush()
        return _group(row)

    def get(self, school_id: int, group_id: int) -> Group | None:
        return get_in_school(self.session, GroupRow, group_id, school_id, _group)

    def get_by_name(self, school_id: int, name: str) -> Group | None:
        row = self.session.scalar(
            select(GroupRow).where(
                GroupRow.school_id == school_id,
                func.lower(GroupRow.name) == name.strip().lower(),
            )
        )
        return _group(row) if row else None

    def list(self, school_id: int) -> Sequence[Group]:
        rows = self.session.execute(
            select(GroupRow.__table__).where(GroupRow.school_id == school_id)
        )
        return sorted(
            (_group(r) for r in rows), key=lambda g: (g.year or 0, g.name.casefold(), g.id)
        )

    def update(self, group: Group) -> None:
        row = self.session.get_one(GroupRow, group.id)
        row.name, row.year, row.description = group.name, group.year, group.description


# --- children -------------------------------------------------------------------------------


def _address(row: ChildRow | ParentRow | Row[Any]) -> Address:
    return Address(
        street=row.street,
        house_number=row.house_number,
        house_number_suffix=row.house_number_suffix,
        postcode=row.postcode,
        city=row.city,
    )


def _address_values(address: Address) -> dict[str, str]:
    return {
        "street": address.street,
        "house_number": address.house_number,
        "house_number_suffix": address.house_number_suffix,
        "postcode": address.postcode,
        "city": address.city,
    }


def _child(row: ChildRow | Row[Any]) -> Child:
    return Child(
        id=row.id,
        school_id=row.school_id,
        group_id=row.group_id,
        roepnaam=row.roepnaam,
        achternaam=row.achternaam,
        tussenvoegsel=row.tussenvoegsel,
        voorletters=row.voorletters,
        date_of_birth=row.date_of_birth,
        address=_address(row),
        pupil_number=row.pupil_number,
        archived=row.archived,
    )


def _child_values(child: Child) -> dict[str, object]:
    return {
        "school_id": child.school_id,
        "group_id": child.group_id,
        "roepnaam": child.roepnaam,
        "achternaam": child.achternaam,
        "tussenvoegsel": child.tussenvoegsel,
        "voorletters": child.voorletters,
        "date_of_birth": child.date_of_birth,
        "pupil_number": child.pupil_number,
        "archived": child.archived,
        **_address_values(child.address),
    }


def _sorted_children(rows: Iterable[ChildRow | Row[Any]]) -> list[Child]:
    return sorted((_child(r) for r in rows), key=lambda c: (c.sort_key, c.id))


class SqlChildRepository(_SqlRepository):
    def add(self, child: Child) -> Child:
        row = ChildRow(**_child_values(child))
        self.session.add(row)
        self.session.flush()
        return _child(row)

    def get(self, school_id: int, child_id: int) -> Child | None:
        return get_in_school(self.session, ChildRow, child_id, school_id, _child)

    def get_many(self, school_id: int, child_ids: Iterable[int]) -> Sequence[Child]:
        ids = list(set(child_ids))
        if not ids:
            return []
        rows = self.session.execute(
            select(ChildRow.__table__).where(ChildRow.school_id == school_id, ChildRow.id.in_(ids))
        )
        return _sorted_children(rows)

    def get_by_pupil_number(self, school_id: int, pupil_number: str) -> Child | None:
        row = self.session.scalar(
            select(ChildRow).where(
                ChildRow.school_id == school_id, ChildRow.pupil_number == pupil_number
            )
        )
        return _child(row) if row else None

    def list(self, school_id: int, *, include_archived: bool = False) -> Sequence[Child]:
        query = select(ChildRow).where(ChildRow.school_id == school_id)
        if not include_archived:
            query = query.where(ChildRow.archived.is_(False))
        return _sorted_children(self.session.scalars(query))

    def list_for_group(self, school_id: int, group_id: int) -> Sequence[Child]:
        rows = self.session.scalars(
            select(ChildRow).where(
                ChildRow.school_id == school_id,
                ChildRow.group_id == group_id,
                ChildRow.archived.is_(False),
            )
        )
        return _sorted_children(rows)

    def update(self, child: Child) -> None:
        row = self.session.get_one(ChildRow, child.id)
        for key, value in _child_values(child).items():
            setattr(row, key, value)


# --- parents --------------------------------------------------------------------------------


def _parent(row: ParentRow) -> Parent:
    return Parent(
        id=row.id,
        school_id=row.school_id,
        login_name=row.login_name,
        roepnaam=row.roepnaam,
        achternaam=row.achternaam,
        tussenvoegsel=row.tussenvoegsel,
        voorletters=row.voorletters,
        address=_address(row),
        contact_email=row.contact_email,
        password_hash=row.password_hash,
        state=ParentState(row.state),
        read_only=row.read_only,
        security_stamp=row.security_stamp,
        created_at=row.created_at,
        activated_at=row.activated_at,
    )


def _parent_values(parent: Parent) -> dict[str, object]:
    return {
        "school_id": parent.school_id,
        "login_name": parent.login_name,
        "roepnaam": parent.roepnaam,
        "achternaam": parent.achternaam,
        "tussenvoegsel": parent.tussenvoegsel,
        "voorletters": parent.voorletters,
        "contact_email": parent.contact_email,
        "password_hash": parent.password_hash,
        "state": parent.state.value,
        "read_only": parent.read_only,
        "security_stamp": parent.security_stamp,
        "created_at": parent.created_at,
        "activated_at": parent.activated_at,
        **_address_values(parent.address),
    }


class SqlParentRepository(_SqlRepository):
    def add(self, parent: Parent) -> Parent:
        row = ParentRow(**_parent_values(parent))
        self.session.add(row)
        self.session.flush()
        return _parent(row)

    def get(self, school_id: int, parent_id: int) -> Parent | None:
        return get_in_school(self.session, ParentRow, parent_id, school_id, _parent)

    def get_many(self, school_id: int, parent_ids: Iterable[int]) -> Sequence[Parent]:
        ids = list(set(parent_ids))
        if not ids:
            return []
        rows = self.session.scalars(
            select(ParentRow)
            .where(ParentRow.school_id == school_id, ParentRow.id.in_(ids))
            .order_by(ParentRow.id)
        )
        return [_parent(r) for r in rows]

    def get_by_login(self, login_name: str) -> Parent | None:
        row = self.session.scalar(select(ParentRow).where(ParentRow.login_name == login_name))
        return _parent(row) if row else None

    def logins_in_use(self, login_names: Iterable[str]) -> set[str]:
        names = sorted(set(login_names))
        found: set[str] = set()
        for start in range(0, len(names), 500):  # stay far below any bind-parameter limit
            chunk = names[start : start + 500]
            found.update(
                self.session.scalars(
                    select(ParentRow.login_name).where(ParentRow.login_name.in_(chunk))
                )
            )
        return found

    def list(self, school_id: int) -> Sequence[Parent]:
        rows = self.session.scalars(
            select(ParentRow).where(ParentRow.school_id == school_id).order_by(ParentRow.id)
        )
        return [_parent(r) for r in rows]

    def update(self, parent: Parent) -> None:
        row = self.session.get_one(ParentRow, parent.id)
        for key, value in _parent_values(parent).items():
            setattr(row, key, value)
        self.session.flush()


class SqlGuardianshipRepository(_SqlRepository):
    def add(self, guardianship: Guardianship) -> None:
        if not self.exists(guardianship):
            self.session.add(
                GuardianshipRow(
                    parent_id=guardianship.parent_id,
                    child_id=guardianship.child_id,
                    school_id=guardianship.school_id,
                )
            )
            self.session.flush()

    def remove(self, guardianship: Guardianship) -> None:
        self.session.execute(
            delete(GuardianshipRow).where(
                GuardianshipRow.parent_id == guardianship.parent_id,
                GuardianshipRow.child_id == guardianship.child_id,
            )
        )

    def exists(self, guardianship: Guardianship) -> bool:
        row = self.session.get(GuardianshipRow, (guardianship.parent_id, guardianship.child_id))
        return row is not None and row.school_id == guardianship.school_id

    def children_of(self, school_id: int, parent_id: int) -> Sequence[int]:
        table = GuardianshipRow.__table__.c
        return list(
            self.session.scalars(
                select(table.child_id)
                .where(table.school_id == school_id, table.parent_id == parent_id)
                .order_by(table.child_id)
            )
        )

    def parents_of(self, school_id: int, child_ids: Iterable[int]) -> dict[int, list[int]]:
        ids = list(set(child_ids))
        result: dict[int, list[int]] = {child_id: [] for child_id in ids}
        if not ids:
            return result
        rows = self.session.execute(
            select(GuardianshipRow.child_id, GuardianshipRow.parent_id)
            .where(GuardianshipRow.school_id == school_id, GuardianshipRow.child_id.in_(ids))
            .order_by(GuardianshipRow.parent_id)
        )
        for child_id, parent_id in rows:
            result[child_id].append(parent_id)
        return result

    def children_of_many(self, school_id: int, parent_ids: Iterable[int]) -> dict[int, list[int]]:
        ids = list(set(parent_ids))
        result: dict[int, list[int]] = {parent_id: [] for parent_id in ids}
        if not ids:
            return result
        rows = self.session.execute(
            select(GuardianshipRow.parent_id, GuardianshipRow.child_id)
            .where(GuardianshipRow.school_id == school_id, GuardianshipRow.parent_id.in_(ids))
            .order_by(GuardianshipRow.child_id)
        )
        for parent_id, child_id in rows:
            result[parent_id].append(child_id)
        return result


# --- staff ----------------------------------------------------------------------------------


class SqlStaffRepository(_SqlRepository):
    def _staff(self, row: StaffRow) -> StaffMember:
        group_ids = self.session.scalars(
            select(StaffGroupRow.group_id)
            .where(StaffGroupRow.staff_id == row.id)
            .order_by(StaffGroupRow.group_id)
        )
        return StaffMember(
            id=row.id,
            school_id=row.school_id,
            name=row.name,
            email=row.email,
            group_ids=tuple(group_ids),
        )

    def _set_groups(self, staff_id: int, group_ids: Iterable[int]) -> None:
        self.session.execute(delete(StaffGroupRow).where(StaffGroupRow.staff_id == staff_id))
        self.session.add_all(StaffGroupRow(staff_id=staff_id, group_id=g) for g in set(group_ids))
        self.session.flush()

    def add(self, staff: StaffMember) -> StaffMember:
        row = StaffRow(school_id=staff.school_id, name=staff.name, email=staff.email)
        self.session.add(row)
        self.session.flush()
        self._set_groups(row.id, staff.group_ids)
        return self._staff(row)

    def get(self, school_id: int, staff_id: int) -> StaffMember | None:
        return get_in_school(self.session, StaffRow, staff_id, school_id, self._staff)

    def get_by_email(self, school_id: int, email: str) -> StaffMember | None:
        row = self.session.scalar(
            select(StaffRow).where(
                StaffRow.school_id == school_id, StaffRow.email == email.strip().lower()
            )
        )
        return self._staff(row) if row else None

    def list(self, school_id: int) -> Sequence[StaffMember]:
        rows = self.session.scalars(select(StaffRow).where(StaffRow.school_id == school_id))
        return self._many(list(rows))

    def list_for_group(self, school_id: int, group_id: int) -> Sequence[StaffMember]:
        rows = self.session.scalars(
            select(StaffRow)
            .join(StaffGroupRow, StaffGroupRow.staff_id == StaffRow.id)
            .where(StaffRow.school_id == school_id, StaffGroupRow.group_id == group_id)
        )
        return self._many(list(rows))

    def _many(self, rows: list[StaffRow]) -> list[StaffMember]:
        """Many staff members with their groups in two queries, sorted by name."""
        group_ids: dict[int, list[int]] = {row.id: [] for row in rows}
        if rows:
            pairs = self.session.execute(
                select(StaffGroupRow.staff_id, StaffGroupRow.group_id)
                .where(StaffGroupRow.staff_id.in_(list(group_ids)))
                .order_by(StaffGroupRow.group_id)
            )
            for staff_id, group_id in pairs:
                group_ids[staff_id].append(group_id)
        staff = (
            StaffMember(
                id=r.id,
                school_id=r.school_id,
                name=r.name,
                email=r.email,
                group_ids=tuple(group_ids[r.id]),
            )
            for r in rows
        )
        return sorted(staff, key=lambda s: s.name.casefold())

    def update(self, staff: StaffMember) -> None:
        row = self.session.get_one(StaffRow, staff.id)
        row.name, row.email = staff.name, staff.email
        self._set_groups(staff.id, staff.group_ids)


# --- tokens, sessions, throttle -------------------------------------------------------------


def _token(row: TokenRow) -> AccountToken:
    return AccountToken(
        id=row.id,
        school_id=row.school_id,
        parent_id=row.parent_id,
        purpose=TokenPurpose(row.purpose),
        token_hash=row.token_hash,
        created_at=row.created_at,
        expires_at=row.expires_at,
        used_at=row.used_at,
        security_stamp=row.security_stamp,
    )


def _deleted(result: Result[Any]) -> int:
    """The number of rows a DELETE removed."""
    return result.rowcount or 0  # type: ignore[attr-defined]


class SqlTokenRepository(_SqlRepository):
    def add(self, token: AccountToken) -> AccountToken:
        row = TokenRow(
            school_id=token.school_id,
            parent_id=token.parent_id,
            purpose=token.purpose.value,
            token_hash=token.token_hash,
            created_at=token.created_at,
            expires_at=token.expires_at,
            used_at=token.used_at,
            security_stamp=token.security_stamp,
        )
        self.session.add(row)
        self.session.flush()
        return _token(row)

    def get_by_hash(self, token_hash: str) -> AccountToken | None:
        row = self.session.scalar(select(TokenRow).where(TokenRow.token_hash == token_hash))
        return _token(row) if row else None

    def update(self, token: AccountToken) -> None:
        row = self.session.get_one(TokenRow, token.id)
        row.used_at = token.used_at
        row.expires_at = token.expires_at

    def delete_expired_before(self, moment: dt.datetime) -> int:
        return _deleted(self.session.execute(delete(TokenRow).where(TokenRow.expires_at < moment)))


def _web_session(row: SessionRow) -> WebSession:
    return WebSession(
        session_hash=row.session_hash,
        school_id=row.school_id,
        parent_id=row.parent_id,
        created_at=row.created_at,
        last_seen_at=row.last_seen_at,
    )


#: Every request of a logged-in parent: the session, its parent and the school in one
#: statement of plain columns (labelled per table), prepared once.
_SIGNED_IN_TABLES = {
    "s": SessionRow.__table__,
    "p": ParentRow.__table__,
    "k": SchoolRow.__table__,
}
_SIGNED_IN = (
    select(*(c.label(f"{prefix}_{c.name}") for prefix, t in _SIGNED_IN_TABLES.items() for c in t.c))
    .select_from(SessionRow.__table__)
    .join(
        ParentRow.__table__,
        (ParentRow.__table__.c.id == SessionRow.__table__.c.parent_id)
        & (ParentRow.__table__.c.school_id == SessionRow.__table__.c.school_id),
    )
    .join(SchoolRow.__table__, SchoolRow.__table__.c.id == SessionRow.__table__.c.school_id)
    .where(SessionRow.__table__.c.session_hash == bindparam("session_hash"))
)


class SqlSessionRepository(_SqlRepository):
    def add(self, session: WebSession) -> None:
        self.session.add(
            SessionRow(
                session_hash=session.session_hash,
                school_id=session.school_id,
                parent_id=session.parent_id,
                created_at=session.created_at,
                last_seen_at=session.last_seen_at,
            )
        )
        self.session.flush()

    def get(self, session_hash: str) -> WebSession | None:
        row = self.session.get(SessionRow, session_hash)
        return _web_session(row) if row else None

    def get_signed_in(self, session_hash: str) -> SignedIn | None:
        row = self.session.execute(_SIGNED_IN, {"session_hash": session_hash}).one_or_none()
        if row is None:
            return None
        part = {
            prefix: SimpleNamespace(**{c.name: row._mapping[f"{prefix}_{c.name}"] for c in t.c})
            for prefix, t in _SIGNED_IN_TABLES.items()
        }
        return SignedIn(_web_session(part["s"]), _parent(part["p"]), _school(part["k"]))  # type: ignore[arg-type]

    def update(self, session: WebSession) -> None:
        row = self.session.get_one(SessionRow, session.session_hash)
        row.last_seen_at = session.last_seen_at

    def delete(self, session_hash: str) -> None:
        self.session.execute(delete(SessionRow).where(SessionRow.session_hash == session_hash))

    def delete_for_parent(self, parent_id: int, *, except_hash: str | None = None) -> int:
        query = delete(SessionRow).where(SessionRow.parent_id == parent_id)
        if except_hash is not None:
            query = query.where(SessionRow.session_hash != except_hash)
        return _deleted(self.session.execute(query))

    def delete_dead(self, *, seen_before: dt.datetime, created_before: dt.datetime) -> int:
        return _deleted(
            self.session.execute(
                delete(SessionRow).where(
                    (SessionRow.last_seen_at < seen_before)
                    | (SessionRow.created_at < created_before)
                )
            )
        )


class SqlAttemptRepository(_SqlRepository):
    def add(self, attempt: Attempt) -> None:
        self.session.add(
            AttemptRow(
                action=attempt.action.value,
                account_key=attempt.account_key,
                client_key=attempt.client_key,
                at=attempt.at,
            )
        )
        self.session.flush()

    def count_for_account(
        self, action: ThrottledAction, account_key: str, since: dt.datetime
    ) -> int:
        return (
            self.session.scalar(
                select(func.count()).where(
                    AttemptRow.action == action.value,
                    AttemptRow.account_key == account_key,
                    AttemptRow.at >= since,
                )
            )
            or 0
        )

    def count_for_client(self, action: ThrottledAction, client_key: str, since: dt.datetime) -> int:
        return (
            self.session.scalar(
                select(func.count()).where(
                    AttemptRow.action == action.value,
                    AttemptRow.client_key == client_key,
                    AttemptRow.at >= since,
                )
            )
            or 0
        )

    def clear_account(self, action: ThrottledAction, account_key: str) -> None:
        self.session.execute(
            delete(AttemptRow).where(
                AttemptRow.action == action.value, AttemptRow.account_key == account_key
            )
        )

    def delete_before(self, moment: dt.datetime) -> int:
        return _deleted(self.session.execute(delete(AttemptRow).where(AttemptRow.at < moment)))


# --- outbox and audit -----------------------------------------------------------------------


def _outbox_entry(row: OutboxRow) -> OutboxEntry:
    return OutboxEntry(
        id=row.id,
        school_id=row.school_id,
        mail=OutgoingMail(
            to=row.to_address,
            subject=row.subject,
            text=row.text_body,
            html=row.html_body,
            category=MailCategory(row.category),
            headers=tuple((name, value) for name, value in row.headers),
            attachments=tuple(
                Attachment(a["filename"], a["content_type"], base64.b64decode(a["content"]))
                for a in row.attachments
            ),
        ),
        created_at=row.created_at,
        next_attempt_at=row.next_attempt_at,
        status=OutboxStatus(row.status),
        attempts=row.attempts,
        last_error=row.last_error,
        sent_at=row.sent_at,
    )


_INSERT_OUTBOX = insert(OutboxRow.__table__).returning(OutboxRow.__table__.c.id)


class SqlOutboxRepository(_SqlRepository):
    def add(self, entry: OutboxEntry) -> OutboxEntry:
        mail = entry.mail
        # A plain INSERT … RETURNING: no ORM object to flush or to keep in the session, which
        # matters when one transaction queues a mail for every parent of a school (the digest).
        values = {
            "school_id": entry.school_id,
            "to_address": mail.to,
            "subject": mail.subject,
            "text_body": mail.text,
            "html_body": mail.html,
            "category": mail.category.value,
            "headers": [list(h) for h in mail.headers],
            "attachments": [
                {
                    "filename": a.filename,
                    "content_type": a.content_type,
                    "content": base64.b64encode(a.content).decode(),
                }
                for a in mail.attachments
            ],
            "status": entry.status.value,
            "attempts": entry.attempts,
            "last_error": entry.last_error,
            "created_at": entry.created_at,
            "next_attempt_at": entry.next_attempt_at,
            "sent_at": entry.sent_at,
        }
        new_id = self.session.execute(_INSERT_OUTBOX, values).scalar_one()
        return attrs.evolve(entry, id=new_id)

    def get(self, entry_id: int) -> OutboxEntry | None:
        row = self.session.get(OutboxRow, entry_id)
        return _outbox_entry(row) if row else None

    def due(self, now: dt.datetime, limit: int) -> Sequence[OutboxEntry]:
        rows = self.session.scalars(
            select(OutboxRow)
            .where(OutboxRow.status == OutboxStatus.QUEUED.value, OutboxRow.next_attempt_at <= now)
            .order_by(OutboxRow.next_attempt_at, OutboxRow.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return [_outbox_entry(r) for r in rows]

    def update(self, entry: OutboxEntry) -> None:
        row = self.session.get_one(OutboxRow, entry.id)
        row.status = entry.status.value
        row.attempts = entry.attempts
        row.last_error = entry.last_error
        row.next_attempt_at = entry.next_attempt_at
        row.sent_at = entry.sent_at

    def delete_sent_before(self, moment: dt.datetime) -> int:
        return _deleted(
            self.session.execute(
                delete(OutboxRow).where(
                    OutboxRow.status == OutboxStatus.SENT.value, OutboxRow.sent_at < moment
                )
            )
        )

    def list(
        self, *, status: OutboxStatus | None = None, limit: int = 100
    ) -> Sequence[OutboxEntry]:
        query = select(OutboxRow).order_by(OutboxRow.id.desc()).limit(limit)
        if status is not None:
            query = query.where(OutboxRow.status == status.value)
        return [_outbox_entry(r) for r in self.session.scalars(query)]


class SqlAuditRepository(_SqlRepository):
    def add(self, entry: AuditEntry) -> None:
        self.session.add(
            AuditRow(
                school_id=entry.school_id,
                actor=entry.actor,
                subject_type=entry.subject_type,
                subject_id=entry.subject_id,
                field=entry.field,
                old_value=entry.old_value,
                new_value=entry.new_value,
                at=entry.at,
            )
        )

    def list_for_subject(
        self, school_id: int, subject_type: str, subject_id: int
    ) -> Sequence[AuditEntry]:
        rows = self.session.scalars(
            select(AuditRow)
            .where(
                AuditRow.school_id == school_id,
                AuditRow.subject_type == subject_type,
                AuditRow.subject_id == subject_id,
            )
            .order_by(AuditRow.id)
        )
        return [
            AuditEntry(
                id=r.id,
                school_id=r.school_id,
                actor=r.actor,
                subject_type=r.subject_type,
                subject_id=r.subject_id,
                field=r.field,
                old_value=r.old_value,
                new_value=r.new_value,
                at=r.at,
            )
            for r in rows
        ]
