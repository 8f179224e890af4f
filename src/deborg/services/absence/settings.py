"""The school's absence settings: read them, change them (CLI and staff portal)."""

from __future__ import annotations

import datetime as dt

from deborg.domain.absence.settings import AbsenceSettings, ReachableHours
from deborg.ports.uow import UnitOfWork
from deborg.services.lookups import school_or_not_found


def get_settings(uow: UnitOfWork, *, school_id: int) -> AbsenceSettings:
    with uow:
        school_or_not_found(uow, school_id)
        return uow.absence_settings.get(school_id)


def change_settings(
    uow: UnitOfWork,
    *,
    school_id: int,
    cutoff: dt.time | None = None,
    phone: str | None = None,
    reachable: tuple[ReachableHours, ...] | None = None,
    retention_years: int | None = None,
) -> AbsenceSettings:
    """Change what is given, keep the rest."""
    with uow:
        school_or_not_found(uow, school_id)
        current = uow.absence_settings.get(school_id)
        changed = AbsenceSettings(
            school_id=school_id,
            cutoff=current.cutoff if cutoff is None else cutoff,
            phone=current.phone if phone is None else phone.strip(),
            reachable=current.reachable if reachable is None else reachable,
            retention_years=current.retention_years if retention_years is None else retention_years,
        )
        uow.absence_settings.save(changed)
        uow.commit()
    return changed
