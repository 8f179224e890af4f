"""In-memory paired devices."""

from __future__ import annotations

from collections.abc import Sequence

from deborg.adapters.memory.store import MemoryRepository
from deborg.domain.devices.model import PairedDevice


class MemoryDeviceRepository(MemoryRepository[PairedDevice]):
    table_name = "paired_devices"

    def add(self, device: PairedDevice) -> PairedDevice:
        return self._insert(device)

    def get(self, school_id: int, device_id: int) -> PairedDevice | None:
        return self._one(lambda d: d.id == device_id and d.school_id == school_id)

    def get_by_token_hash(self, token_hash: str) -> PairedDevice | None:
        return self._one(lambda d: d.token_hash == token_hash)

    def list_for_parent(self, school_id: int, parent_id: int) -> Sequence[PairedDevice]:
        found = self._select(lambda d: d.school_id == school_id and d.parent_id == parent_id)
        return sorted(found, key=lambda d: (d.paired_at, d.id), reverse=True)

    def update(self, device: PairedDevice) -> None:
        self._replace(device)

    def delete(self, school_id: int, device_id: int) -> None:
        if self.get(school_id, device_id) is not None:
            del self._rows[device_id]
