"""The App section of "Mijn gegevens downloaden" (see :mod:`deborg.services.privacy.export`):
the phones paired with the account, without their tokens."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from deborg.ports.uow import UnitOfWork
from deborg.services.privacy.export import ExportScope, export_date


def devices_section(uow: UnitOfWork, scope: ExportScope) -> Mapping[str, Any]:
    return {
        "devices": [
            {
                "name": d.name,
                "paired_at": export_date(d.paired_at),
                "last_used_at": export_date(d.last_used_at),
            }
            for d in uow.devices.list_for_parent(scope.school_id, scope.parent_id)
        ]
    }
