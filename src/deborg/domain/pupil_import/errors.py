"""Errors that refuse an import file as a whole (a single bad line is only rejected)."""

from __future__ import annotations

from deborg.domain.errors import InvalidInput


class ImportFileInvalid(InvalidInput):
    code = "import_file_invalid"

    def __init__(self, message: str) -> None:
        super().__init__(message, field="file")
