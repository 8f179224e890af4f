"""The pupil import use case: reads the school, plans with :mod:`deborg.domain.pupil_import`
and applies the plan in one transaction."""

from deborg.services.pupil_import.usecase import import_pupils

__all__ = ["import_pupils"]
