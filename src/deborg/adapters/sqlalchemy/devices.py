"""Paired devices: rows and repository."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import ForeignKey, Index, String, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from deborg.adapters.sqlalchemy.base import SqlRepository
from deborg.adapters.sqlalchemy.tables import Base
from deborg.domain.devices.model import PairedDevice


class PairedDeviceRow(Base):
    __tablename__ = "paired_devices"
    __table_args__ = (Index(None, "school_id", "parent_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    parent_id: Mapped[int] = mapped_column(ForeignKey("parents.id"))
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    paired_at: Mapped[dt.datetime]
    last_used_at: Mapped[dt.datetime]


def _device(row: PairedDeviceRow) -> PairedDevice:
    return PairedDevice(
        school_id=row.school_id,
        parent_id=row.parent_id,
        name=row.name,
        token_hash=row.token_hash,
        paired_at=row.paired_at,
        last_used_at=row.last_used_at,
        id=row.id,
    )


class SqlDeviceRepository(SqlRepository):
    def add(self, device: PairedDevice) -> PairedDevice:
        row = PairedDeviceRow(
            school_id=device.school_id,
            parent_id=device.parent_id,
            name=device.name,
            token_hash=device.token_hash,
            paired_at=device.paired_at,
            last_used_at=device.last_used_at,
        )
        self.session.add(row)
        self.session.flush()
        return _device(row)

    def get(self, school_id: int, device_id: int) -> PairedDevice | None:
        row = self.session.scalar(
            select(PairedDeviceRow).where(
                PairedDeviceRow.id == device_id, PairedDeviceRow.school_id == school_id
            )
        )
        return _device(row) if row else None

    def get_by_token_hash(self, token_hash: str) -> PairedDevice | None:
        row = self.session.scalar(
            select(PairedDeviceRow).where(PairedDeviceRow.token_hash == token_hash)
        )
        return _device(row) if row else None

    def list_for_parent(self, school_id: int, parent_id: int) -> Sequence[PairedDevice]:
        rows = self.session.scalars(
            select(PairedDeviceRow)
            .where(PairedDeviceRow.school_id == school_id, PairedDeviceRow.parent_id == parent_id)
            .order_by(PairedDeviceRow.paired_at.desc(), PairedDeviceRow.id.desc())
        )
        return [_device(row) for row in rows]

    def update(self, device: PairedDevice) -> None:
        row = self.session.get_one(PairedDeviceRow, device.id)
        row.last_used_at = device.last_used_at
        row.name = device.name

    def delete(self, school_id: int, device_id: int) -> None:
        self.session.execute(
            delete(PairedDeviceRow).where(
                PairedDeviceRow.id == device_id, PairedDeviceRow.school_id == school_id
            )
        )
