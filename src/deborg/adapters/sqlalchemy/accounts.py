"""SQL repositories of parents' accounts: parents and their guardianships, account tokens,
web sessions and throttled attempts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from types import SimpleNamespace
from typing import Any

from sqlalchemy import FromClause, bindparam, delete, func, insert, select
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from deborg.adapters.sqlalchemy.base import SqlRepository, rowcount, values_present
from deborg.adapters.sqlalchemy.schools import address_values, to_address, to_school
from deborg.adapters.sqlalchemy.tables import (
    AttemptRow,
    GuardianshipRow,
    ParentRow,
    PupilContactRow,
    SchoolRow,
    SessionRow,
    TokenRow,
    get_in_school,
)
from deborg.domain.model import (
    Guardianship,
    Parent,
    ParentState,
    PupilContact,
)
from deborg.domain.sessions import SignedIn, WebSession
from deborg.domain.throttle import Attempt, ThrottledAction
from deborg.domain.tokens import AccountToken, TokenPurpose

# --- parents --------------------------------------------------------------------------------


def _parent(row: ParentRow | Row[Any]) -> Parent:
    return Parent(
        id=row.id,
        school_id=row.school_id,
        login_name=row.login_name,
        roepnaam=row.roepnaam,
        achternaam=row.achternaam,
        tussenvoegsel=row.tussenvoegsel,
        voorletters=row.voorletters,
        address=to_address(row),
        contact_email=row.contact_email,
        pending_contact_email=row.pending_contact_email,
        password_hash=row.password_hash,
        mailed_password_expires_at=row.mailed_password_expires_at,
        password_changed_at=row.password_changed_at,
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
        "pending_contact_email": parent.pending_contact_email,
        "password_hash": parent.password_hash,
        "mailed_password_expires_at": parent.mailed_password_expires_at,
        "password_changed_at": parent.password_changed_at,
        "state": parent.state.value,
        "read_only": parent.read_only,
        "security_stamp": parent.security_stamp,
        "created_at": parent.created_at,
        "activated_at": parent.activated_at,
        **address_values(parent.address),
    }


class SqlParentRepository(SqlRepository):
    def add(self, parent: Parent) -> Parent:
        row = ParentRow(**_parent_values(parent))
        self.session.add(row)
        self.session.flush()
        return _parent(row)

    def add_many(self, parents: Sequence[Parent]) -> list[Parent]:
        rows = [ParentRow(**_parent_values(parent)) for parent in parents]
        self.session.add_all(rows)
        self.session.flush()  # one INSERT … RETURNING per batch ("insertmanyvalues")
        return [_parent(row) for row in rows]

    def get(self, school_id: int, parent_id: int) -> Parent | None:
        return get_in_school(self.session, ParentRow, parent_id, school_id, _parent)

    def get_many(self, school_id: int, parent_ids: Iterable[int]) -> Sequence[Parent]:
        ids = list(set(parent_ids))
        if not ids:
            return []
        # Plain rows, not ORM objects: the digest reads a batch of 500 parents at a time.
        rows = self.session.execute(
            select(ParentRow.__table__)
            .where(ParentRow.school_id == school_id, ParentRow.id.in_(ids))
            .order_by(ParentRow.id)
        )
        return [_parent(r) for r in rows]

    def get_by_login(self, login_name: str) -> Parent | None:
        row = self.session.scalar(select(ParentRow).where(ParentRow.login_name == login_name))
        return _parent(row) if row else None

    def logins_in_use(self, login_names: Iterable[str]) -> set[str]:
        return values_present(self.session, ParentRow.login_name, login_names)

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


def _add_links(
    session: Session,
    row_type: type[GuardianshipRow] | type[PupilContactRow],
    links: Sequence[Guardianship] | Sequence[PupilContact],
) -> None:
    """Insert the (parent, child) links that are not there yet, in one batch."""
    child_ids = {link.child_id for link in links}
    existing: set[tuple[int, int]] = set()
    for chunk in _chunks(sorted(child_ids), 1000):
        rows = session.execute(
            select(row_type.parent_id, row_type.child_id).where(row_type.child_id.in_(chunk))
        )
        existing.update((parent_id, child_id) for parent_id, child_id in rows)
    new = {
        (link.parent_id, link.child_id): link
        for link in links
        if (link.parent_id, link.child_id) not in existing
    }
    if new:
        session.execute(
            insert(row_type),
            [
                {"parent_id": p, "child_id": c, "school_id": link.school_id}
                for (p, c), link in new.items()
            ],
        )


def _chunks(values: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


class SqlGuardianshipRepository(SqlRepository):
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

    def add_many(self, guardianships: Sequence[Guardianship]) -> None:
        _add_links(self.session, GuardianshipRow, guardianships)

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


class SqlPupilContactRepository(SqlRepository):
    def add(self, contact: PupilContact) -> None:
        if self.session.get(PupilContactRow, (contact.parent_id, contact.child_id)) is None:
            self.session.add(
                PupilContactRow(
                    parent_id=contact.parent_id,
                    child_id=contact.child_id,
                    school_id=contact.school_id,
                )
            )
            self.session.flush()

    def add_many(self, contacts: Sequence[PupilContact]) -> None:
        _add_links(self.session, PupilContactRow, contacts)

    def remove(self, contact: PupilContact) -> None:
        self.session.execute(
            delete(PupilContactRow).where(
                PupilContactRow.parent_id == contact.parent_id,
                PupilContactRow.child_id == contact.child_id,
                PupilContactRow.school_id == contact.school_id,
            )
        )

    def list(self, school_id: int) -> Sequence[PupilContact]:
        rows = self.session.execute(
            select(PupilContactRow.parent_id, PupilContactRow.child_id)
            .where(PupilContactRow.school_id == school_id)
            .order_by(PupilContactRow.child_id, PupilContactRow.parent_id)
        )
        return [PupilContact(school_id, parent_id, child_id) for parent_id, child_id in rows]


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
        target=row.target,
    )


class SqlTokenRepository(SqlRepository):
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
            target=token.target,
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
        return rowcount(self.session.execute(delete(TokenRow).where(TokenRow.expires_at < moment)))


def _web_session(row: SessionRow) -> WebSession:
    return WebSession(
        session_hash=row.session_hash,
        school_id=row.school_id,
        parent_id=row.parent_id,
        created_at=row.created_at,
        last_seen_at=row.last_seen_at,
        user_agent=row.user_agent,
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


def _parts(tables: dict[str, FromClause]) -> list[tuple[str, tuple[str, ...], int, int]]:
    """Each table's part of a row of their columns in turn: (prefix, column names, first,
    after the last)."""
    parts = []
    first = 0
    for prefix, table in tables.items():
        names = tuple(c.name for c in table.c)
        parts.append((prefix, names, first, first + len(names)))
        first += len(names)
    return parts


_SIGNED_IN_PARTS = _parts(_SIGNED_IN_TABLES)


class SqlSessionRepository(SqlRepository):
    def add(self, session: WebSession) -> None:
        self.session.add(
            SessionRow(
                session_hash=session.session_hash,
                school_id=session.school_id,
                parent_id=session.parent_id,
                created_at=session.created_at,
                last_seen_at=session.last_seen_at,
                user_agent=session.user_agent,
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
        # Any: each namespace stands in for its table's row, with the same attribute names.
        part: dict[str, Any] = {
            prefix: SimpleNamespace(**dict(zip(names, row[first:after], strict=True)))
            for prefix, names, first, after in _SIGNED_IN_PARTS
        }
        return SignedIn(_web_session(part["s"]), _parent(part["p"]), to_school(part["k"]))

    def list_for_parent(self, parent_id: int) -> Sequence[WebSession]:
        rows = self.session.scalars(
            select(SessionRow)
            .where(SessionRow.parent_id == parent_id)
            .order_by(SessionRow.last_seen_at.desc(), SessionRow.created_at.desc())
        )
        return [_web_session(row) for row in rows]

    def update(self, session: WebSession) -> None:
        row = self.session.get_one(SessionRow, session.session_hash)
        row.last_seen_at = session.last_seen_at

    def delete(self, session_hash: str) -> None:
        self.session.execute(delete(SessionRow).where(SessionRow.session_hash == session_hash))

    def delete_for_parent(self, parent_id: int, *, except_hash: str | None = None) -> int:
        query = delete(SessionRow).where(SessionRow.parent_id == parent_id)
        if except_hash is not None:
            query = query.where(SessionRow.session_hash != except_hash)
        return rowcount(self.session.execute(query))

    def delete_dead(self, *, seen_before: dt.datetime, created_before: dt.datetime) -> int:
        return rowcount(
            self.session.execute(
                delete(SessionRow).where(
                    (SessionRow.last_seen_at < seen_before)
                    | (SessionRow.created_at < created_before)
                )
            )
        )


class SqlAttemptRepository(SqlRepository):
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
        return rowcount(self.session.execute(delete(AttemptRow).where(AttemptRow.at < moment)))
