"""The repository of paired phones."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from deborg.domain.devices.model import PairedDevice


class DeviceRepository(Protocol):
    def add(self, device: PairedDevice) -> PairedDevice: ...
    def get(self, school_id: int, device_id: int) -> PairedDevice | None: ...
    def get_by_token_hash(self, token_hash: str) -> PairedDevice | None:
        """Not scoped to a school: an API call presents only its token."""
        ...

    def list_for_parent(self, school_id: int, parent_id: int) -> Sequence[PairedDevice]:
        """Most recently paired first."""
        ...

    def update(self, device: PairedDevice) -> None:
        """Writes back the last-used time."""
        ...

    def delete(self, school_id: int, device_id: int) -> None: ...
