"""The device repository keeps the same contract on memory, SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from deborg.domain.devices.model import PairedDevice
from deborg.domain.model import Parent, School
from deborg.ports.uow import UnitOfWork

T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


def _device(school_id: int, parent_id: int, name: str, token_hash: str, at: dt.datetime):  # type: ignore[no-untyped-def]
    return PairedDevice(
        school_id=school_id,
        parent_id=parent_id,
        name=name,
        token_hash=token_hash,
        paired_at=at,
        last_used_at=at,
    )


def test_devices_are_stored_listed_touched_and_deleted_per_school(
    any_uow_factory: Callable[[], UnitOfWork],
) -> None:
    with any_uow_factory() as uow:
        school = uow.schools.add(School(name="A", code="11AA11"))
        other = uow.schools.add(School(name="B", code="22BB22"))
        parent = uow.parents.add(Parent(school_id=school.id, login_name="p@example.nl"))
        first = uow.devices.add(_device(school.id, parent.id, "Oud", "a" * 64, T0))
        second = uow.devices.add(
            _device(school.id, parent.id, "Nieuw", "b" * 64, T0 + dt.timedelta(days=1))
        )
        uow.commit()
    with any_uow_factory() as uow:
        assert [d.name for d in uow.devices.list_for_parent(school.id, parent.id)] == [
            "Nieuw",
            "Oud",
        ]
        assert uow.devices.list_for_parent(other.id, parent.id) == []
        assert uow.devices.get(other.id, first.id) is None
        found = uow.devices.get_by_token_hash("a" * 64)
        assert found == first
        assert found is not None
        found.last_used_at = T0 + dt.timedelta(hours=2)
        uow.devices.update(found)
        uow.devices.delete(other.id, second.id)  # another school's id: nothing happens
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.devices.get(school.id, first.id).last_used_at == T0 + dt.timedelta(hours=2)  # type: ignore[union-attr]
        assert uow.devices.get(school.id, second.id) is not None
        uow.devices.delete(school.id, second.id)
        # Not committed: rolled back.
    with any_uow_factory() as uow:
        assert uow.devices.get(school.id, second.id) is not None
        uow.devices.delete(school.id, second.id)
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.devices.get_by_token_hash("b" * 64) is None
