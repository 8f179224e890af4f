from __future__ import annotations

from deborg.domain.errors import NotFound


class ChildNotFound(NotFound):
    code = "child_not_found"
    message = "Deze leerling bestaat niet of u heeft er geen toegang toe."


class PhotoNotFound(NotFound):
    code = "photo_not_found"
    message = "Er is geen foto."


class EmergencyNumberNotFound(NotFound):
    code = "emergency_number_not_found"
    message = "Dit noodnummer bestaat niet (meer)."


class ChangeReportNotFound(NotFound):
    code = "change_report_not_found"
    message = "Er is geen gemelde wijziging met dit nummer."
