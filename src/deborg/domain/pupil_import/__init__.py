"""Importing pupils, parents, groups and guardianships from the CSV export of a pupil
administration (ParnasSys, ESIS …): the rules. The use case is
:func:`deborg.services.pupil_import.import_pupils`."""

from deborg.domain.pupil_import.columns import (
    DEFAULT_HEADERS,
    REQUIRED,
    ColumnMapping,
    Columns,
    Field,
)
from deborg.domain.pupil_import.errors import ImportFileInvalid
from deborg.domain.pupil_import.lines import MAX_LINE_CHARS, RawLine
from deborg.domain.pupil_import.model import ImportOptions, SchoolSnapshot
from deborg.domain.pupil_import.plan import plan_import
from deborg.domain.pupil_import.report import (
    Action,
    FieldChange,
    ImportReport,
    Kind,
    Leaver,
    LineNote,
    LooseGuardianship,
    Outcome,
    PupilWithoutParent,
)

__all__ = [
    "DEFAULT_HEADERS",
    "MAX_LINE_CHARS",
    "REQUIRED",
    "Action",
    "ColumnMapping",
    "Columns",
    "Field",
    "FieldChange",
    "ImportFileInvalid",
    "ImportOptions",
    "ImportReport",
    "Kind",
    "Leaver",
    "LineNote",
    "LooseGuardianship",
    "Outcome",
    "PupilWithoutParent",
    "RawLine",
    "SchoolSnapshot",
    "plan_import",
]
