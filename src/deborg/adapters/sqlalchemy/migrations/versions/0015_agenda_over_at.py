"""agenda over_at: an all-day item is over at midnight after its last day in the school's time

Until now ``over_at`` of an all-day item was its last day's local midnight plus 24 hours,
which is an hour late on the day winter time starts (25 hours) and an hour early on the day
summer time starts (23 hours). This recomputes it for every all-day item in its school's
time zone; the application writes it that way from now on.

Revision ID: 0015_agenda_over_at
Revises: 0014_content_reads
Create Date: 2026-12-03 17:00:00
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision: str = "0015_agenda_over_at"
down_revision: str | Sequence[str] | None = "0014_content_reads"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_agenda = sa.table(
    "agenda_items",
    sa.column("id", sa.Integer()),
    sa.column("school_id", sa.Integer()),
    sa.column("starts_at", sa.DateTime(timezone=True)),
    sa.column("ends_at", sa.DateTime(timezone=True)),
    sa.column("over_at", sa.DateTime(timezone=True)),
    sa.column("all_day", sa.Boolean()),
)
_schools = sa.table("schools", sa.column("id", sa.Integer()), sa.column("timezone", sa.String()))


def _midnight_after(moment: dt.datetime, zone: ZoneInfo, days: int) -> dt.datetime:
    day = moment.astimezone(zone).date() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(0, 0), zone).astimezone(dt.UTC)


def _recompute(days: int | None) -> None:
    """``days`` = 1: midnight after the last day in the school's zone; None: the old rule.
    SQLite keeps naive UTC (as the application's column type does)."""
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    rows = bind.execute(
        sa.select(_agenda.c.id, _agenda.c.starts_at, _agenda.c.ends_at, _schools.c.timezone)
        .join(_schools, _schools.c.id == _agenda.c.school_id)
        .where(_agenda.c.all_day.is_(True))
    ).all()
    for row in rows:
        end = row.ends_at or row.starts_at
        if end.tzinfo is None:
            end = end.replace(tzinfo=dt.UTC)
        over = (
            end + dt.timedelta(days=1)
            if days is None
            else _midnight_after(end, ZoneInfo(row.timezone), days)
        )
        stored = over.astimezone(dt.UTC).replace(tzinfo=None) if sqlite else over
        bind.execute(sa.update(_agenda).where(_agenda.c.id == row.id).values(over_at=stored))


def upgrade() -> None:
    _recompute(1)


def downgrade() -> None:
    _recompute(None)
