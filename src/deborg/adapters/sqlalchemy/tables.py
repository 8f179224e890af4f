"""Rows of the core tables. Translation to and from the domain lives in schools.py (school,
groups, children, staff), accounts.py (parents, tokens, sessions, attempts) and outbox.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, ClassVar, Protocol, TypeVar

from sqlalchemy import JSON, ForeignKey, Index, MetaData, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from deborg.adapters.sqlalchemy.types import UtcDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class _SchoolOwned(Protocol):
    school_id: Any


_Row = TypeVar("_Row", bound=_SchoolOwned)
_Out = TypeVar("_Out")


def get_in_school(
    session: Session,
    row_type: type[_Row],
    row_id: Any,
    school_id: int,
    convert: Callable[[_Row], _Out],
) -> _Out | None:
    """The row with this key, converted, if it belongs to ``school_id``: an id (or parent id)
    from another school reads as missing, so nothing crosses schools by a guessed key."""
    row = session.get(row_type, row_id)
    return convert(row) if row is not None and row.school_id == school_id else None


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dt.datetime: UtcDateTime,
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }


class SchoolRow(Base):
    __tablename__ = "schools"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(String(16), unique=True)
    timezone: Mapped[str] = mapped_column(String(64))
    city: Mapped[str] = mapped_column(String(100), default="")
    digest_weekday: Mapped[int]
    digest_time: Mapped[dt.time]
    uses_results: Mapped[bool]
    website_url: Mapped[str] = mapped_column(String(300), default="")
    teachers_post_school_wide: Mapped[bool] = mapped_column(default=False)


class GroupRow(Base):
    __tablename__ = "groups"
    __table_args__ = (UniqueConstraint("school_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    name: Mapped[str] = mapped_column(String(100))
    year: Mapped[int | None]
    description: Mapped[str] = mapped_column(Text, default="")
    #: The higher year of a combination group ("Groep 1/2").
    last_year: Mapped[int | None]


class ChildRow(Base):
    __tablename__ = "children"
    __table_args__ = (
        UniqueConstraint("school_id", "pupil_number"),
        Index(None, "school_id", "group_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"))
    pupil_number: Mapped[str | None] = mapped_column(String(40))
    roepnaam: Mapped[str] = mapped_column(String(100))
    voorletters: Mapped[str] = mapped_column(String(40), default="")
    tussenvoegsel: Mapped[str] = mapped_column(String(40), default="")
    achternaam: Mapped[str] = mapped_column(String(100))
    date_of_birth: Mapped[dt.date | None]
    street: Mapped[str] = mapped_column(String(200), default="")
    house_number: Mapped[str] = mapped_column(String(10), default="")
    house_number_suffix: Mapped[str] = mapped_column(String(10), default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    archived: Mapped[bool] = mapped_column(default=False)


class ParentRow(Base):
    __tablename__ = "parents"
    __table_args__ = (Index(None, "school_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    login_name: Mapped[str] = mapped_column(String(254), unique=True)
    roepnaam: Mapped[str] = mapped_column(String(100), default="")
    voorletters: Mapped[str] = mapped_column(String(40), default="")
    tussenvoegsel: Mapped[str] = mapped_column(String(40), default="")
    achternaam: Mapped[str] = mapped_column(String(100), default="")
    street: Mapped[str] = mapped_column(String(200), default="")
    house_number: Mapped[str] = mapped_column(String(10), default="")
    house_number_suffix: Mapped[str] = mapped_column(String(10), default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    pending_contact_email: Mapped[str] = mapped_column(String(254), default="")
    password_hash: Mapped[str | None] = mapped_column(String(300))
    mailed_password_expires_at: Mapped[dt.datetime | None]
    password_changed_at: Mapped[dt.datetime | None]
    state: Mapped[str] = mapped_column(String(16))
    read_only: Mapped[bool] = mapped_column(default=False)
    security_stamp: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[dt.datetime | None]
    activated_at: Mapped[dt.datetime | None]


class GuardianshipRow(Base):
    __tablename__ = "guardianships"
    __table_args__ = (Index(None, "child_id"),)

    parent_id: Mapped[int] = mapped_column(ForeignKey("parents.id"), primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))


class PupilContactRow(Base):
    """A parent who is a pupil's contact without custody: no access to that pupil."""

    __tablename__ = "pupil_contacts"
    __table_args__ = (Index(None, "child_id"), Index(None, "school_id"))

    parent_id: Mapped[int] = mapped_column(ForeignKey("parents.id"), primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))


class StaffRow(Base):
    __tablename__ = "staff"
    __table_args__ = (UniqueConstraint("school_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), index=True)
    role: Mapped[str] = mapped_column(String(16), default="leerkracht")
    state: Mapped[str] = mapped_column(String(16), default="invited")
    password_hash: Mapped[str | None] = mapped_column(String(300))
    security_stamp: Mapped[int] = mapped_column(default=0)
    activated_at: Mapped[dt.datetime | None]


class StaffSessionRow(Base):
    __tablename__ = "staff_sessions"

    session_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    created_at: Mapped[dt.datetime]
    last_seen_at: Mapped[dt.datetime]


class StaffTokenRow(Base):
    __tablename__ = "staff_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]
    used_at: Mapped[dt.datetime | None]
    security_stamp: Mapped[int]
    purpose: Mapped[str] = mapped_column(String(24), server_default="activation")


class StaffGroupRow(Base):
    __tablename__ = "staff_groups"

    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), primary_key=True)


class TokenRow(Base):
    __tablename__ = "account_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    parent_id: Mapped[int] = mapped_column(ForeignKey("parents.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(32))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]
    used_at: Mapped[dt.datetime | None]
    security_stamp: Mapped[int]
    target: Mapped[str] = mapped_column(String(254), default="")


class SessionRow(Base):
    __tablename__ = "web_sessions"

    session_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    parent_id: Mapped[int] = mapped_column(ForeignKey("parents.id"), index=True)
    created_at: Mapped[dt.datetime]
    last_seen_at: Mapped[dt.datetime]
    user_agent: Mapped[str] = mapped_column(String(300), default="")


class AttemptRow(Base):
    __tablename__ = "throttle_attempts"
    __table_args__ = (
        Index(None, "action", "account_key", "at"),
        Index(None, "action", "client_key", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    action: Mapped[str] = mapped_column(String(32))
    account_key: Mapped[str] = mapped_column(String(254))
    client_key: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime]


class OutboxRow(Base):
    __tablename__ = "outbox"
    __table_args__ = (Index(None, "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(32))
    headers: Mapped[list[Any]]
    attachments: Mapped[list[Any]]
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime]
    next_attempt_at: Mapped[dt.datetime]
    sent_at: Mapped[dt.datetime | None]
    expires_at: Mapped[dt.datetime | None]


class AuditRow(Base):
    __tablename__ = "audit_trail"
    __table_args__ = (Index(None, "school_id", "subject_type", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    actor: Mapped[str] = mapped_column(String(64))
    subject_type: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[int]
    field: Mapped[str] = mapped_column(String(64))
    old_value: Mapped[str] = mapped_column(Text)
    new_value: Mapped[str] = mapped_column(Text)
    at: Mapped[dt.datetime]
